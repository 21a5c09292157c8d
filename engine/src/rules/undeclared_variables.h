#pragma once
// Two dimensions with the same finest codes and names, or with numeric bands covering the same range
// (10-year age bands beside 0-39/40-64/65+), that declare no common `variable:` are modelled as
// different variables, so no subtraction across them is checked. Usually they are one variable
// (a municipality list written twice). hitoku audits the submission once more as if they were one:
// when that recovers a cell the plain audit did not, it is an error naming the cells (a reviewer
// cannot pass what the writer may have meant); otherwise a visible warning asks which they are.
#include "hitoku/audit/audit.h"
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

// Adds the finding to rule ④ (both dimensions in planned tables) or ⑤ (one only in earlier ones).
// `plain`: the audit of the submission as declared; `options`: how it was run.
void add_undeclared_variable_findings(const Submission& submission, DifferencingOutput& plain,
                                      const AuditOptions& options);

}  // namespace hitoku
