#pragma once
// Rule ② "alone or in combination": sums of suppressed cells that the published values determine
// exactly. Used by the check (findings) and by protect (failures to repair). See docs/audit.md.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"
#include "rules/basis_subsets.h"
#include "rules/hidden_cells.h"

namespace hitoku {

struct CellRef {
  int table = -1;  // index into Submission::tables
  std::size_t flat = 0;
};

// sum(cells) = sum(coefficient * published term) / divisor, proven by exact arithmetic.
struct DerivedSum {
  std::vector<CellRef> cells;  // suppressed cells of planned tables, each counted once
  std::vector<HiddenCell> hidden;  // counts no table shows (hidden_cells.h); alone, one is enough
  std::vector<std::int32_t> hidden_inner;  // the inner cells of `hidden`, each as often as it counts
  std::int64_t value = 0;      // the sum (a secret: never printed)
  std::vector<CellRef> terms;  // published cells the derivation uses
  std::vector<std::int64_t> coefficients;
  std::int64_t divisor = 1;
  bool uses_earlier = false;     // a term is an earlier publication (rule ⑤)
  bool from_elimination = false; // found by the exact elimination, not a relation's remainder
  bool value_unknown = false;    // a hidden count whose computation could not be rebuilt: maybe small
  bool earlier_only = false;     // only hidden counts, given by earlier publications alone: a warning
};

struct CombinationLimits {
  // The elimination runs over exact rationals when the inner cells number at most
  // `rational_max_inner_cells`, modulo a prime (each reported sum proven exactly) up to
  // `max_inner_cells`; above, only the relations' remainders are checked and the scan says so.
  std::int64_t rational_max_inner_cells = 1000;
  std::int64_t max_inner_cells = 250000;
  // false: only the relations' remainders (linear in the relations). protect checks those in every
  // round and runs the elimination only on a pattern that passes everything else.
  bool elimination = true;
  // Counts the tables leave out with `codes:` (hidden_cells.h) enter the elimination up to this many.
  std::size_t max_hidden_cells = 20000;
  // The cross-classification's cells no table has (hidden_cells.h joint_forms) join the counts no
  // table shows when the inner space has at most this many.
  std::size_t max_joint_cells = 2048;
  // The search for sums of several basis rows (basis_subsets.h); the scan says when it ran out.
  BasisSubsetLimits subsets;
};

struct CombinationScan {
  std::vector<DerivedSum> small;   // derived sums of two or more cells in the policy's small range
  bool elimination_run = false;
  bool hidden_over_limit = false;  // the left-out counts were too many to enter the elimination
  bool earlier_hidden_dropped = false;  // ... only the earlier publications' (the planned ones entered)
  bool subsets_complete = true;    // false: the search for sums of several basis rows ran out of steps
  std::int64_t inner_cells = 0;    // 0 when the inner space could not be built
};

// Every relation's remainder (published parent minus published children, two or more suppressed
// children) and every relation of the exact elimination whose coefficients over suppressed cells
// are all 1, across the planned tables and earlier publications; in the elimination, counts the
// tables leave out (`codes:`) count as suppressed cells that may stand alone.
CombinationScan scan_small_combinations(const Submission& submission, const CombinationLimits& limits = {});

// When the policy asks for it (small_cells.combinations), adds the scan's findings to rule ②'s output.
void add_small_combination_findings(const Submission& submission, RuleOutput& rule2,
                                    const CombinationLimits& limits = {});

}  // namespace hitoku
