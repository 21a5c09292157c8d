#include "hitoku/rules/check.h"
#include "hitoku/report/run_log.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/registry.h"
#include "hitoku/workflow/verify.h"

namespace hitoku::workflow {

VerifyRun verify_report(const ReportFile& claimed_file, const Submission& submission, const std::string& run_log, bool force,
                        const std::string& registry, const ProgressCallback& progress) {
  const Report& claimed = claimed_file.report;
  refuse_input_overwrite(run_log, input_files(submission), force);
  CheckOptions options;
  options.audit_differencing = claimed.audit_differencing;
  options.integer_bounds = claimed.integer_bounds;
  options.progress = progress;
  VerifyRun run;
  if (claimed.registry_publications.empty()) {
    run.fresh = check(submission, options);
  } else {
    Submission with_registry = submission;
    add_named_registry_publications(with_registry, claimed, registry);
    run.fresh = check(with_registry, options);
  }
  // Every field of the file as written is compared (unknown fields too); run-specific ones by form and seal.
  Verification verification = hitoku::verify_report(claimed_file.json, run.fresh);
  run.differences = std::move(verification.differences);
  run.run_specific = std::move(verification.run_specific);
  if (!run_log.empty()) append_run_log(run_log, run.matches() ? "verify:match" : "verify:mismatch", run.fresh);
  return run;
}

}  // namespace hitoku::workflow
