#pragma once
// Rule ②: a sum of suppressed cells that a printed derived value pins through its rounding. An
// age-standardised rate over two suppressed age bands of equal weight per population, with the other
// bands bounded, can leave their sum one value (rate 0.34 → 100·(c1 + c2) + c3 ∈ [704, 724], c3 ∈ [4, 24]
// → c1 + c2 = 7), although each cell alone stays safe. Rule ②'s elimination takes equalities only; this
// check reads the derived values' inequalities (derived_values.h, DerivedRange) with the audit's
// intervals of the other cells.
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

// Adds a rule ② error for every sum of two or more suppressed cells with equal coefficients in one
// derived value whose integer interval, bounded by the value and the intervals the report's audit
// gives the value's other cells, holds one value, the true sum in the policy's small range. Sets rule
// ②'s verdict when it adds any. Needs the audit entries of `report` (without them the other cells
// are only known to be >= 0: still sound, finds less).
void add_derived_sum_findings(const Submission& submission, Report& report);

}  // namespace hitoku
