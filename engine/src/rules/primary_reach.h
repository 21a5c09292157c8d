#pragma once
// Policy differencing.primary_upper_reach: the attacker must not learn that a suppressed cell is a
// small count, so the upper end of its interval must reach small_max + 1. See docs/policy.md.
#include "hitoku/audit/audit.h"
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

// Adds a finding for every audited suppressed cell with a small true value whose proven upper bound
// stays at or below small_max (recoverable and unproven cells fail already): rule ④ when this
// submission's tables alone keep it there, rule ⑤ when only the earlier publications do.
void add_primary_reach_findings(const Submission& submission, DifferencingOutput& differencing);

}  // namespace hitoku
