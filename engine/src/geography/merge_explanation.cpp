// The merge explanation in the re-check's report (shared by the CLI's `hitoku merge` and Python's hitoku.merge).
#include "hitoku/geography/merge.h"

namespace hitoku {

void add_merge_explanation(Report& report, const MergeResult& merge) {
  for (const auto& f : merge.explanation.findings) report.findings.push_back(f);
  for (auto& r : report.rules)
    if (r.rule == "3") {
      r.summary_ja += "／" + merge.explanation.result.summary_ja;
      r.summary_en += "; " + merge.explanation.result.summary_en;
      if (merge.explanation.result.errors) {
        r.state = RuleState::Fail;
        r.errors += merge.explanation.result.errors;
      }
    }
  if (merge.explanation.result.errors) report.passed = false;
}

}  // namespace hitoku
