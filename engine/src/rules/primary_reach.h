#pragma once
// Policy differencing.primary_upper_reach: the attacker must not learn that a suppressed cell is a
// small count, so the upper end of its interval must reach small_max + 1. See docs/policy.md.
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

// Adds a rule ④ finding for every audited suppressed cell with a small true value whose proven
// upper bound stays at or below small_max (recoverable and unproven cells fail already).
void add_primary_reach_findings(const Submission& submission, RuleOutput& rule4);

}  // namespace hitoku
