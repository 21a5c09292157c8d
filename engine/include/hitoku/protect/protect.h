#pragma once
// Remedy for rules ②④⑤: propose which cells to suppress (primary for small counts, secondary so
// that no suppressed value can be recovered), across all tables at once, at least cost.
// Every proposed pattern is audited by the differencing audit before it is handed back.
// See docs/protect.md.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hitoku/audit/audit.h"
#include "hitoku/model/submission.h"

namespace hitoku {

enum class ProtectMethod {
  Greedy,   // relations pass + audit-driven repair + cleanup; scales to all-Japan table sets
  Optimal,  // Cbc, minimum total cost by constraint generation, with a time limit and a gap
};

struct ProtectOptions {
  ProtectMethod method = ProtectMethod::Greedy;
  double time_limit_seconds = 60;  // --method optimal: Cbc time limit (the best pattern so far is kept)
  // Greedy cleanup: how many trial audits may be spent un-suppressing secondary cells (a count,
  // not a time, so that the same input always gives the same pattern). 0 = no cleanup.
  int cleanup_audits = 20;
  // Greedy: exact polish for moderate sets. When the submission has at most polish_max_groups
  // cells that may be suppressed, the greedy pattern is handed to the least-cost model (as for
  // --method optimal, the same audits) with limits that are counts -- Cbc nodes per MIP and MIP
  // rounds -- so the same input still gives the same pattern. polish_seconds > 0 adds a time
  // limit (then the pattern may depend on the machine); 0, the default, adds none. The cheaper
  // audited pattern is kept. polish_max_groups 0 = greedy alone.
  int polish_max_groups = 5000;
  int polish_max_nodes = 200;
  int polish_max_rounds = 30;
  double polish_seconds = 0;
  // Greedy: at most this many audit-repair rounds (-1: until the audit passes). 0 closes the
  // additive relations only and never returns a pattern (ok = false): for benchmarks.
  int audit_rounds = -1;
  // Forced cells in addition to Submission::protect ("table:dim=code,dim=code").
  std::vector<std::string> keep, suppress;
  AuditOptions audit;  // how the proposed pattern is audited
  // Greedy on cyclic table sets (e.g. area×site, area×age, site×age): the repair and cleanup
  // loops audit with the fast relaxation screen (AuditOptions::relaxation_only), and only the
  // final pattern gets the full audit (`audit`), with a bounded repair of what it still rejects.
  // false: every audit is a full one (slow at scale). Decomposable sets are unaffected.
  bool screen_cyclic = true;
  // The final full audit of a cyclic set: how many rounds of repair (each one more full audit)
  // may follow when it rejects the pattern, before protect stops and names the cells.
  int final_audit_rounds = 4;
  std::function<void(const std::string&, long long, long long)> progress;
};

// A cell whose status hitoku changed, and why (no value: this list is handed on).
struct ProtectChange {
  int table = -1;  // index into Submission::tables
  std::size_t flat = 0;
  CellStatus status = CellStatus::Published;  // the new status
  std::string rule;                           // "1", "2", "4" or "5"; "user" for --suppress / protect.suppress
  std::string reason_ja, reason_en;
};

// Why no pattern can satisfy the forced cells (or the earlier publications), naming the cells.
struct ProtectConflict {
  std::vector<std::string> cells;  // cell labels ("表1: 神戸市 × 男")
  std::string reason_ja, reason_en;
};

// Counts are of the proposed pattern; when no pattern passes (ok = false), of the last pattern
// tried (for the record only: that pattern is not handed back).
struct ProtectStats {
  long long primary = 0;        // cells suppressed for rule ② (including linked copies)
  long long secondary = 0;      // cells suppressed for rules ④⑤
  long long user = 0;           // cells the user suppressed (input markers, forced)
  long long suppressed_value = 0, total_value = 0;  // sum of true values over planned-table cells
  long long audits = 0;         // full audits run
  long long screen_audits = 0;  // relaxation screens run (greedy on cyclic sets)
  long long final_repairs = 0;  // cells added after the final full audit rejected the screened pattern
  bool unscreened_rerun = false;  // the screened loops ran out of cells to suppress; the pattern
                                  // comes from a second greedy whose loops audit in full
  long long rounds = 0;         // greedy: audit-repair rounds; optimal: MIP rounds
  long long cleanup_released = 0;  // secondary cells the cleanup published again
  double cost = 0;              // total cost of the pattern (ProtectSettings::cost)
  bool polished = false;        // greedy: the exact polish ran (its pattern is kept when cheaper)
  double lower_bound = 0;       // optimal (and polished greedy): proven lower bound on the cost
  double gap = 0;               // optimal: (cost - lower_bound) / cost; 0 when proven optimal
  bool proven_optimal = false;
  double seconds = 0;
};

struct ProtectResult {
  bool ok = false;          // a pattern was found and its audit passes; false: see conflicts
  Submission submission;    // the input with the proposed statuses (when ok)
  std::vector<ProtectChange> changes;
  std::vector<ProtectConflict> conflicts;
  ProtectStats stats;
};

// Proposes a suppression pattern. Throws InputError when a forced cell names no cell.
ProtectResult protect(const Submission& submission, const ProtectOptions& options = {});

// The cost of suppressing each cell of a table under the submission's cost settings (for tests and
// reports): count = 1 per cell, value = the cell's value, weights = the product of the per-level
// weights of its codes. A tie-break smaller than any difference of these makes totals and large
// cells the last choice among equals (see docs/protect.md).
std::vector<double> suppression_costs(const Submission& submission, std::size_t table);

}  // namespace hitoku
