#pragma once
// Rule ④ findings about the columns beside the counts (hitoku/derived_values.h): which published
// derived value gives a suppressed count away (with the computation), derived values the audit
// cannot model, statistics declared not_modelled (checked by hand: never a silent pass), and the
// columns ignored or values withheld (for the record).
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

void add_derived_value_findings(const Submission& submission, RuleOutput& rule4, RuleOutput& rule5);

}  // namespace hitoku
