#pragma once
// Rule modules (engine/src/rules/, one file per rule). Each reads a Submission and its Policy and
// hands back its verdict and findings; check() runs them in order (engine/src/rules/rule_set.cpp).
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

// Rule ②: a published count in the policy's small range (1..9 for Hyogo).
RuleOutput check_small_cells(const Submission& submission, const Policy& policy);
inline RuleOutput check_small_cells(const Submission& submission) { return check_small_cells(submission, submission.policy); }

// Rule ①: a published cell whose distinct contributors (patients) are few, although its count may not be
// (e.g. 12 tumours of 3 patients). Needs Table::contributors (tables built from registry records);
// otherwise rule ① is judged through rules ②④⑤ (rules/few_patients.cpp).
RuleOutput check_contributors(const Submission& submission, const Policy& policy);
inline RuleOutput check_contributors(const Submission& submission) { return check_contributors(submission, submission.policy); }

// Tables whose counts do not add up (distinct patients: Table::additive false) are outside the linear
// differencing audit: it runs on the additive tables, and the rest is reported under rule ④.
Submission additive_tables_only(const Submission& submission);
void add_non_additive_findings(const Submission& submission, RuleOutput& rule4);

}  // namespace hitoku
