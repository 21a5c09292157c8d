#pragma once
// One problem (or noteworthy fact) found by a rule, in words a reviewer reads.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hitoku {

enum class Severity { Error, Warning, Info };
const char* to_string(Severity s);

// A published cell used in a differencing certificate, with its coefficient.
struct CertificateTerm {
  std::string table;
  std::map<std::string, std::string> cell;  // dimension id -> code
  std::string label;                        // e.g. "表2 総数·男"
  long long coefficient = 1;                // usually +1 or -1
};

// A suppressed cell a finding is about when it concerns several at once (rule ②: a small sum of
// suppressed cells; rule ④: the cells a derived value ties together).
struct FindingCell {
  std::string table;
  std::map<std::string, std::string> cell;  // dimension id -> code
  std::string label;
};

struct Interval {
  long long lower = 0, upper = 0;  // integer attacker interval, outward-rounded
  bool exact = false;              // true when proven with exact arithmetic / integer solve
};

struct Finding {
  std::string rule;  // "1".."5"
  Severity severity = Severity::Error;
  std::string table;                        // table id; empty for submission-level findings
  std::map<std::string, std::string> cell;  // dimension id -> code; empty if not about a cell
  std::string cell_label;                   // the cell in Japanese labels
  std::string reason_ja, reason_en;
  std::optional<Interval> interval;              // rules ④⑤
  std::vector<CertificateTerm> certificate;      // rules ④⑤: how the value leaks
  long long certificate_divisor = 1;             // the value is sum(coefficient * cell) / divisor
  std::vector<FindingCell> cells;                // the suppressed cells, when several (rule ② sums)
  // Set when a declared exception covers this finding: it then does not fail the verdict, and the
  // report shows the basis and reference beside it.
  std::string exception_basis, exception_reference;
};

}  // namespace hitoku
