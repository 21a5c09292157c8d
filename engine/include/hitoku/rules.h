#pragma once
// Rule modules. Each reads a Submission and hands back its verdict and findings.
#include "hitoku/report.h"
#include "hitoku/submission.h"

namespace hitoku {

// Rule ②: a published count in the policy's small range (1..9 for Hyogo).
RuleOutput check_small_cells(const Submission& submission);

// Rule ①: a published cell whose distinct contributors (patients) are few, although its count may not be
// (e.g. 12 tumours of 3 patients). Needs Table::contributors (tables built from registry records);
// otherwise rule ① is judged through rules ②④⑤ (see check.cpp).
RuleOutput check_contributors(const Submission& submission);

// Tables whose counts do not add up (distinct patients: Table::additive false) are outside the linear
// differencing audit: it runs on the additive tables, and the rest is reported under rule ④.
Submission additive_tables_only(const Submission& submission);
void add_non_additive_findings(const Submission& submission, RuleOutput& rule4);

}  // namespace hitoku
