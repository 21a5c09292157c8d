#include "hitoku/rules/check.h"
#include "hitoku/report/run_log.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/registry.h"
#include "hitoku/workflow/verify.h"

namespace hitoku::workflow {

VerifyRun verify_report(const ReportFile& claimed_file, const Submission& submission, const std::string& run_log, bool force,
                        const std::string& registry, const ProgressCallback& progress, bool every_registered) {
  const Report& claimed = claimed_file.report;
  std::vector<std::string> inputs = input_files(submission);
  if (!registry.empty()) inputs.push_back(registry);
  refuse_input_overwrite(run_log, inputs, force);
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
  // A reviewer who names the registry asks whether the report met all of it, not only what it names.
  if (every_registered && !registry.empty())
    for (const auto& p : publications_not_met(submission, claimed, {registry, {}}))
      run.differences.push_back({"registry_publications", "", p.meta.approval_number,
                                 "レポートの規則⑤は、提出物と変数を共有する登録済み公表物「" + p.meta.approval_number +
                                     "」を含んでいません（--registry なしか、登録前か、絞り込みで除いた確認です）",
                                 "the report's rule ⑤ did not meet the registered publication '" + p.meta.approval_number +
                                     "', which shares a variable with the submission (checked without --registry, before "
                                     "its registration, or with a filter leaving it out)"});
  run.run_specific = std::move(verification.run_specific);
  if (!run_log.empty()) append_run_log(run_log, run.matches() ? "verify:match" : "verify:mismatch", run.fresh);
  return run;
}

}  // namespace hitoku::workflow
