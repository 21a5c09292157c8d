#include "rules/withheld_cells.h"
#include "hitoku/workflow/protect.h"

#include <cmath>
#include <filesystem>

#include "hitoku/io/atomic_write.h"
#include "hitoku/rules/check.h"
#include "hitoku/ingest/csv.h"
#include "hitoku/derived/derived_values.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/report/run_log.h"
#include "hitoku/ingest/table_writer.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"

namespace hitoku::workflow {
namespace fs = std::filesystem;

namespace {

InputError bad_option(const std::string& option, const std::string& ja, const std::string& en) {
  return InputError({option, 0, ""}, ja, en);
}

// Rules ② ④ ⑤ of the check on the protected tables: the last gate before anything is handed back.
std::optional<GateFailure> gate_failure(const Report& report) {
  for (const auto& r : report.rules) {
    if (r.rule != "2" && r.rule != "4" && r.rule != "5") continue;
    if (r.state == RuleState::Fail || (r.rule != "5" && r.state == RuleState::NotChecked))
      return GateFailure{r.rule, r.summary_ja, r.summary_en};
  }
  return std::nullopt;
}

}  // namespace

ProtectMethod parse_protect_method(const std::string& name) {
  if (name == "greedy") return ProtectMethod::Greedy;
  if (name == "optimal") return ProtectMethod::Optimal;
  throw bad_option("--method", "方法「" + name + "」は使えません（greedy または optimal）",
                   "method must be 'greedy' or 'optimal', not '" + name + "'");
}

const char* to_string(ProtectMethod method) { return method == ProtectMethod::Optimal ? "optimal" : "greedy"; }

void ProtectRequest::validate() const {
  if (!cost.empty() && cost != "count" && cost != "value")
    throw bad_option("--cost", "費用「" + cost + "」は使えません（count または value）",
                     "cost must be 'count' or 'value', not '" + cost + "'");
  if (!(protect.time_limit_seconds > 0))
    throw bad_option("--time-limit", "制限時間は正の秒数です", "time_limit must be positive");
  if (protect.cleanup_audits < 0)
    throw bad_option("--cleanup-audits", "cleanup_audits は 0 以上です", "cleanup_audits must not be negative");
  if (protect.polish_max_groups < 0)
    throw bad_option("--polish-groups", "polish_groups は 0 以上です", "polish_groups must not be negative");
}

GatedProtection protect_and_gate(const Submission& input, const ProtectRequest& request) {
  request.validate();
  ProtectOptions options = request.protect;
  options.audit.integer_bounds = request.integer_bounds;
  GatedProtection run;
  // Derived values (rates, percentages) go with their counts: while protect searches a pattern, a
  // derived value that depends on a suppressed cell counts as withheld, and once the pattern is
  // found those values are marked withheld (hitoku/derived_values.h).
  Submission copy = input;
  copy.withhold_derived_values = true;
  if (!request.cost.empty()) {
    // Overrides the manifest's protect.cost (and its weights).
    copy.protect.cost = request.cost;
    copy.protect.weights.clear();
  }
  run.result = protect(copy, options);
  if (!run.result.ok) return run;
  withhold_dependent_derived_values(run.result.submission);
  run.result.submission.withhold_derived_values = false;
  CheckOptions check_options;
  check_options.integer_bounds = request.integer_bounds;
  check_options.progress = request.protect.progress;
  run.report = check(run.result.submission, check_options);
  run.gate = gate_failure(run.report);
  return run;
}

std::vector<ChangeRow> change_rows(const ProtectResult& result) {
  const Submission& s = result.submission;
  std::vector<ChangeRow> rows;
  rows.reserve(result.changes.size());
  for (const auto& c : result.changes) {
    const Table& t = s.tables[static_cast<std::size_t>(c.table)];
    rows.push_back({t.id, s.cell_key(t, c.flat), s.cell_label(t, c.flat), to_string(c.status), c.rule, c.reason_ja,
                    c.reason_en});
  }
  return rows;
}

std::string changes_csv(const ProtectResult& result) {
  std::string out = "\xEF\xBB\xBF" + csv_record({"table", "cell", "label", "status", "rule", "reason_ja", "reason_en"}) + "\r\n";
  for (const ChangeRow& row : change_rows(result)) {
    std::string cell;
    for (const auto& [dim, code] : row.cell) cell += (cell.empty() ? "" : ";") + dim + "=" + code;
    out += csv_record({row.table, cell, row.label, row.status, row.rule, row.reason_ja, row.reason_en}) + "\r\n";
  }
  return out;
}

nlohmann::json protect_summary(const ProtectRequest& request, const ProtectResult& r) {
  const auto& st = r.stats;
  const bool optimal = request.protect.method == ProtectMethod::Optimal;
  nlohmann::json j;
  j["method"] = to_string(request.protect.method);
  const std::string cost = request.cost.empty() ? r.submission.protect.cost : request.cost;
  j["cost"] = cost;
  j["suppressed"] = {{"primary", st.primary}, {"secondary", st.secondary}, {"user", st.user}};
  // No figure computed from true counts: the share of suppressed value, or a pattern's cost (its tie-breaks
  // weigh cells by their counts, 1 + 胃/408 under cost: count), beside the published cells gives hidden
  // counts away. The gap is rounded to a per cent.
  if (!optimal) j["polished"] = st.polished;
  if (optimal || st.polished) {
    j["gap"] = std::round(st.gap * 100.0) / 100.0;
    j["proven_optimal"] = st.proven_optimal;
  }
  j["audits"] = st.audits;
  if (st.screen_audits > 0) j["screen_audits"] = st.screen_audits;  // relaxation screens (cyclic sets)
  if (st.unscreened_rerun) j["unscreened_rerun"] = true;  // the screened greedy ran out; see docs/protect.md
  j["changes_file"] = "changes.csv";
  return j;
}

void refuse_protect_outputs(const Submission& input, const ProtectOutputs& outputs) {
  const std::vector<std::string> inputs = input_files(input);
  refuse_input_overwrite(outputs.outdir, inputs, outputs.force);
  refuse_input_overwrite(outputs.run_log, inputs, outputs.force);
}

std::vector<std::string> write_protected(GatedProtection& run, const Submission& input, const SubmissionLayout& layout,
                                         const ProtectRequest& request, const ProtectOutputs& outputs) {
  refuse_protect_outputs(input, outputs);
  if (!outputs.run_log.empty()) check_run_log_writable(outputs.run_log);  // appended last: checked first
  make_output_folder(outputs.outdir);
  const fs::path out(outputs.outdir);
  const std::string manifest_name = built_from_plan(input) ? "manifest.yaml" : fs::path(input.manifest_path).filename().string();
  SubmissionLayout out_layout = layout;
  if (outputs.xlsx) move_tables_to_workbook(run.result.submission, out_layout, "tables.xlsx");
  const std::string changes = (out / "changes.csv").string();
  const std::string report_path = (out / "protect-report.json").string();
  // Never replaced, even with --force: the two files of our own naming must not be inputs.
  for (const auto& target : {changes, report_path})
    for (const auto& in : input_files(input)) {
      std::error_code ec;
      if (fs::equivalent(target, in, ec))
        throw InputError({target, 0, ""}, "入力ファイルを上書きしようとしました。別の出力先を指定してください",
                         "refusing to overwrite an input file; choose another output folder");
    }
  run.result.submission.withheld = record_level_withholds(run.result.submission);  // what the tables cannot show
  std::vector<std::string> written =
      write_submission(run.result.submission, out_layout, (out / manifest_name).string(), {changes, report_path});
  write_file_atomically(changes, changes_csv(run.result));
  written.push_back(changes);
  written.push_back(report_path);
  if (!outputs.run_log.empty()) written.push_back(outputs.run_log);
  run.report.written_files = written;
  nlohmann::json j = report_to_json(run.report);
  j["protect"] = protect_summary(request, run.result);
  j["seal"]["digest"] = report_seal_digest(j);  // the seal covers the protect summary too
  write_file_atomically(report_path, j.dump(2) + "\n");
  if (!outputs.run_log.empty()) append_run_log(outputs.run_log, "protect", run.report);
  return written;
}

}  // namespace hitoku::workflow
