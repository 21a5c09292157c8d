#include "hitoku/check.h"
#include "hitoku/run_log.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/verify.h"

namespace hitoku::workflow {

VerifyRun verify_report(const Report& claimed, const Submission& submission, const std::string& run_log, bool force) {
  refuse_input_overwrite(run_log, input_files(submission), force);
  CheckOptions options;
  options.audit_differencing = claimed.audit_differencing;
  options.integer_bounds = claimed.integer_bounds;
  VerifyRun run;
  run.fresh = check(submission, options);
  run.fresh.written_files = claimed.written_files;
  run.differences = compare_reports(claimed, run.fresh);
  if (!run_log.empty()) append_run_log(run_log, run.matches() ? "verify:match" : "verify:mismatch", run.fresh);
  return run;
}

}  // namespace hitoku::workflow
