#pragma once
// Rule ③ beyond the printed cells: the count of an area with too few hospitals that no table prints,
// but that the published values give away by subtraction (a merged area minus another grouping's
// area that holds the rest of it). See docs/audit.md "Rule ③".
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

void add_derived_hospital_findings(const Submission& submission, RuleOutput& rule3);

}  // namespace hitoku
