#pragma once
// The rules check() runs, in report order. A rule is a function from the submission and its policy
// (and the check's options, for the audit) to rule results with findings; the steps after them work
// on the assembled report (declared exceptions, rule ① through ②④⑤, §12(4) attribution).
#include <vector>

#include "hitoku/rules/check.h"
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

using Rule = std::vector<RuleOutput> (*)(const Submission&, const Policy&, const CheckOptions&);

std::vector<RuleOutput> few_patients_rule(const Submission&, const Policy&, const CheckOptions&);    // ①
std::vector<RuleOutput> small_cells_rule(const Submission&, const Policy&, const CheckOptions&);     // ②
std::vector<RuleOutput> hospital_areas_rule(const Submission&, const Policy&, const CheckOptions&);  // ③
std::vector<RuleOutput> differencing_rule(const Submission&, const Policy&, const CheckOptions&);    // ④⑤

// The rules above, in the order their results appear in the report (① first: derive_rule_one reads it).
const std::vector<Rule>& rule_set();

// Declared exceptions cover matching error findings (rules/exceptions.cpp).
void apply_exceptions(const Submission& submission, Report& report);
// Rule ① for tables without patient counts: follows from rules ②④⑤ (rules/few_patients.cpp).
void derive_rule_one(Report& report);
// §12(4): the attribution statement the terms require (rules/attribution.cpp).
std::vector<Finding> attribution_findings(const Submission& submission, const Policy& policy);

}  // namespace hitoku
