#pragma once
// Single-hospital cells: where the distinct hospitals behind each cell are known (tables built from
// the registry extract, Table::hospitals) and the policy asks for it (single_hospital.any_count),
// any positive published count from one hospital is a finding under rule ③ (one hospital must
// not be identifiable; ② names 病院等別).
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

void add_single_hospital_findings(const Submission& submission, RuleOutput& rule3);

}  // namespace hitoku
