// Building the planned tables from a registry extract: one streaming pass over the records,
// then per table the true counts, distinct patients and distinct hospitals of every cell.
#include <chrono>

#include "hitoku/ingest/load_policy.h"
#include "hitoku/registry/table_plan.h"
#include "plan_build.h"
#include "plan_derived.h"
#include "table_references.h"

namespace hitoku {

ExtractError::ExtractError(const std::string& path, std::vector<BadRow> rows, long long total)
    : InputError({path, rows.empty() ? 0 : rows.front().line, rows.empty() ? "" : rows.front().field},
                 "抽出データに使えない行が" + std::to_string(total) + "件あります（最初: " +
                     (rows.empty() ? std::string() : rows.front().reason_ja) + "）",
                 "the extract has " + std::to_string(total) + " bad row(s) (first: " +
                     (rows.empty() ? std::string() : rows.front().reason_en) + ")"),
      rows_(std::move(rows)),
      total_(total) {}

Submission build_submission(const TablePlan& plan, PlanBuildStats* stats, SubmissionLayout* layout) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  Submission sub;
  sub.info = plan.info;
  sub.manifest_path = plan.path;
  if (plan.policy.empty())
    throw InputError({plan.path, 0, "policy"}, "集計計画に policy（適用する利用規約）が必要です",
                     "the plan needs a policy (the terms of use to apply)");
  sub.policy = load_policy(plan.policy);

  registry::PlanBuild build(plan);
  const std::string extract_sha = build.read_extract(stats ? stats->progress : ProgressCallback{});
  const auto t1 = clock::now();
  build.add_dimensions(sub);
  SubmissionLayout formats;
  for (auto& w : build.work) {
    const std::size_t counted = w.inner.size();
    TableFormat format;
    sub.tables.push_back(build.make_table(w, sub, format));
    registry::attach_plan_derived(*w.plan, sub, sub.tables.back(), format);
    formats.tables[sub.tables.back().id] = std::move(format);
    if (stats) stats->records_per_table.push_back(static_cast<long long>(counted));
  }

  sub.inputs.push_back({plan.path, plan.sha256, "plan"});
  sub.inputs.push_back({plan.extract, extract_sha, "extract"});
  registry::add_references(plan, sub, build.sub_dim);
  if (stats) {
    stats->records_read = build.records;
    stats->patients = static_cast<long long>(build.patient_count());
    stats->seconds_reading = std::chrono::duration<double>(t1 - t0).count();
    stats->seconds_counting = std::chrono::duration<double>(clock::now() - t1).count();
  }
  if (layout) *layout = std::move(formats);
  return sub;
}

Submission build_submission_from_plan(const std::string& plan_path, PlanBuildStats* stats, SubmissionLayout* layout) {
  return build_submission(load_table_plan(plan_path), stats, layout);
}

}  // namespace hitoku
