#pragma once
// Two dimensions with the same finest codes and names that declare no common `variable:` are modelled as
// different variables, so no subtraction across them is checked. Usually they are one variable
// (a municipality list written twice); a visible warning asks the writer to say which.
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

// Adds the warning to rule ④ (both dimensions in planned tables) or ⑤ (one only in earlier ones).
void add_undeclared_variable_findings(const Submission& submission, RuleOutput& rule4, RuleOutput& rule5);

}  // namespace hitoku
