#pragma once
// The verify workflow (`hitoku verify`): a reviewer re-runs the check a report claims and compares.
#include <string>
#include <vector>

#include "hitoku/report/progress.h"
#include "hitoku/report/report.h"
#include "hitoku/report/report_format.h"
#include "hitoku/model/submission.h"
#include "hitoku/report/verify.h"

namespace hitoku::workflow {

struct VerifyRun {
  Report fresh;                             // the check re-run with the report's own options
  std::vector<ReportDifference> differences;  // empty: the report is reproduced
  std::vector<RunSpecificField> run_specific;  // fields no re-run reproduces, and how each was checked
  bool matches() const { return differences.empty(); }
};

// Re-checks `submission` as `claimed` was checked, compares, and appends the run log (when given;
// refused if it resolves to an input unless force). A report checked against the publication registry
// is re-checked with the same registered publications from `registry` (workflow/registry.h).
// `every_registered` (hitoku verify --registry): the report must also have met every publication of
// `registry` that shares a variable with the submission (a difference names each one it did not).
VerifyRun verify_report(const ReportFile& claimed, const Submission& submission, const std::string& run_log = "",
                        bool force = false, const std::string& registry = "", const ProgressCallback& progress = {},
                        bool every_registered = false);

}  // namespace hitoku::workflow
