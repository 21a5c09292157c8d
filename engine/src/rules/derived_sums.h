#pragma once
// Rule ②: a sum of suppressed cells that a printed derived value pins through its rounding. An
// age-standardised rate over two suppressed age bands weighed (almost) alike per population, with the other
// bands bounded, can leave their sum one value (rate 0.34 → 100·(c1 + c2) + c3 ∈ [704, 724], c3 ∈ [4, 24]
// → c1 + c2 = 7), although each cell alone stays safe. Rule ②'s elimination takes equalities only; this
// check bounds such sums over the attacker's whole system, derived values' inequalities included.
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

// Adds a rule ② error for every set of two or more disjoint suppressed cells of one derived value (every set
// of up to six cells, else those of equal coefficient) whose exact integer interval holds one value, the true
// sum in the policy's small range, and a rule ② warning where the system was too large to bound it. Sets rule
// ②'s verdict when it adds any. Cells the report's audit already recovers are left to rule ④.
void add_derived_sum_findings(const Submission& submission, Report& report);

}  // namespace hitoku
