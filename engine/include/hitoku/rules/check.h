#pragma once
// The engine's entry point: run every rule of the policy on a submission.
#include <functional>
#include <string>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

struct CheckOptions {
  bool audit_differencing = true;  // rules ④⑤ (exact determinability + LP intervals)
  bool integer_bounds = false;     // --integer: exact integer bounds with Cbc
  bool confidential = false;       // include true values of suppressed cells (researcher's copy)
  // Called now and then during long work: (stage, done, total). May be empty.
  std::function<void(const std::string&, long long, long long)> progress;
};

Report check(const Submission& submission, const CheckOptions& options = {});

}  // namespace hitoku
