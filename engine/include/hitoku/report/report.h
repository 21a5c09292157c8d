#pragma once
// The result of a check: what the reviewer reads (rendered as JSON, text or HTML).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hitoku/report/finding.h"
#include "hitoku/model/submission.h"

namespace hitoku {

inline constexpr const char* kReportSchemaVersion = "1.0";

enum class RuleState { Pass, Fail, Warn, NotChecked };
const char* to_string(RuleState s);  // "pass" | "fail" | "warn" | "not_checked"

struct RuleResult {
  std::string rule;  // "1".."5"
  RuleState state = RuleState::NotChecked;
  std::string summary_ja, summary_en;  // one line: what was checked, how many problems
  long long cells_checked = 0;
  long long errors = 0, warnings = 0;
};

// Rules ④⑤: the audit of one suppressed cell.
struct SuppressedCellAudit {
  std::string table;
  std::map<std::string, std::string> cell;
  std::string cell_label;
  std::string status;  // to_string(CellStatus)
  Interval interval;
  bool recoverable = false;  // the interval holds one value
  bool needs_earlier_publication = false;  // the leak uses a rule ⑤ table
  // A recoverable cell's interval is its true value: it is withheld (lower = upper = 0 here);
  // an unproven cell has no interval either.
  bool interval_withheld = false;
  bool unproven = false;  // neither recoverable nor proven safe (too large, solver trouble): not safe
  // Cyclic table sets: `interval` is an OUTER bound (the attacker interval lies inside it; its
  // ends are not proven), and `inner_interval` lies inside the attacker interval (what the
  // verdict rests on). Both absent when the interval's ends are exact.
  bool outer_bound = false;
  std::optional<Interval> inner_interval;
  // interval.upper == std::numeric_limits<long long>::max(): nothing published bounds it above.
};

// What one rule module hands back to the engine.
struct RuleOutput {
  RuleResult result;
  std::vector<Finding> findings;
  std::vector<SuppressedCellAudit> audit;
};

// A column printed beside a table's counts, as the report shows it: a derived value the audit read
// (kind rate | percent | standardised_rate, with its decimals) or a column it did not (ignored, or
// not_modelled: checked by hand; with the manifest's reason).
struct ReportColumn {
  std::string header, kind, reason;
  int decimals = -1;                                // derived values only
  std::vector<std::optional<std::string>> values;  // per cell: as printed; empty where nothing is printed
};

// A table as it will be printed: published values only (suppressed cells have none), so the
// report can draw it. True values appear only in a confidential report (the researcher's own copy).
struct ReportTable {
  std::string id, title;
  bool earlier_publication = false;
  std::vector<std::string> dimension_ids, dimension_labels;
  std::vector<std::vector<std::string>> codes, labels;  // per dimension, in table order
  std::vector<std::vector<int>> depths;                 // hierarchy depth of each code (0 = total)
  std::vector<std::string> status;                      // per cell: to_string(CellStatus) or "merged"
  std::vector<std::optional<long long>> published;      // per cell; empty for a suppressed cell
  std::vector<long long> true_values;                   // only when Report::confidential
  std::vector<ReportColumn> columns;                    // printed beside the counts
};

// Reference data a rule relied on (geography for rule ③), with its version.
struct ReferenceUsed {
  std::string dimension, reference, version;
};

// A declared exception and how many findings it covered.
struct ExceptionApplied {
  RuleException exception;
  long long findings_covered = 0;
};

struct Report {
  std::string tool_name = "hitoku", tool_version;
  std::string generated_at;  // ISO 8601 UTC
  SubmissionInfo info;
  std::string policy_id, policy_version, policy_sha256, policy_title;
  std::vector<InputFile> inputs;
  std::vector<ReferenceUsed> references;
  bool passed = false;
  std::vector<RuleResult> rules;  // one per rule "1".."5", in order
  std::vector<Finding> findings;
  std::vector<SuppressedCellAudit> audit;
  std::vector<ReportTable> tables;
  std::vector<ExceptionApplied> exceptions;
  std::vector<RegistryPublicationUsed> registry_publications;  // rule ⑤ knowledge from the registry
  bool confidential = false;  // true values included: for the researcher only, never to hand on
  // How the check was run, so `hitoku verify` can run it the same way.
  bool audit_differencing = true, integer_bounds = false;
  std::vector<std::string> written_files;  // filled by the front end after writing
};

}  // namespace hitoku
