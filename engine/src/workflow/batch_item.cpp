// One submission of a batch: checked into a result row and its reports, then stored atomically.
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <optional>

#include "hitoku/io/atomic_write.h"
#include "hitoku/rules/check.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/io/sha256.h"
#include "hitoku/workflow/batch.h"
#include "hitoku/workflow/input.h"

namespace fs = std::filesystem;

namespace hitoku::workflow {
namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);  // a worker process checks one submission at a time
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string cumulative_registry(const BatchPlan& plan) { return (fs::path(plan.outdir) / "cumulative.sqlite").string(); }

nlohmann::json base_row(const BatchPlan& plan, const BatchItem& item) {
  const auto rel = [&](const std::string& p) { return fs::path(p).lexically_relative(plan.outdir).string(); };
  return {{"index", item.index}, {"name", item.name}, {"report_json", rel(plan.report_path(item, "json"))},
          {"report_html", rel(plan.report_path(item, "html"))}};
}

nlohmann::json inputs_of(const BatchPlan& plan, const Submission& submission) {
  nlohmann::json out = nlohmann::json::object();
  for (const InputFile& f : submission.inputs) out[f.role + ":" + f.path] = f.sha256;
  if (!plan.options.registry.path.empty()) out["registry"] = sha256_hex(read_file_bytes(plan.options.registry.path));
  return out;
}

// What a result row says of its report: re-derived from the report on a rerun (check_row_against_report).
nlohmann::json row_of_report(const Report& report) {
  nlohmann::json rules = nlohmann::json::object();
  for (const auto& r : report.rules) rules[r.rule] = to_string(r.state);
  long long errors = 0, warnings = 0;
  for (const auto& f : report.findings) {
    if (f.severity == Severity::Error) ++errors;
    if (f.severity == Severity::Warning) ++warnings;
  }
  return {{"verdict", report.passed ? "pass" : "fail"},
          {"rules", rules},
          {"findings", static_cast<long long>(report.findings.size())},
          {"errors", errors},
          {"warnings", warnings},
          {"approval_number", report.info.approval_number},
          {"title", report.info.title}};
}

}  // namespace

void check_row_against_report(const BatchPlan& plan, const BatchItem& item, const nlohmann::json& row) {
  const std::string verdict = row.value("verdict", "");
  if (verdict != "pass" && verdict != "fail") return;  // an error row has no report and passes nothing
  const std::string result = plan.result_path(item), path = plan.report_path(item, "json");
  auto refuse = [&](const std::string& ja, const std::string& en) {
    throw InputError({result, 0, ""},
                     "結果「" + result + "」がレポート「" + path + "」と一致しません（" + ja +
                         "）。結果は手で直さず、新しい出力フォルダで一括確認をやり直してください",
                     "the result '" + result + "' does not agree with its report '" + path + "' (" + en +
                         "); never edit a result: run the batch again into a new output folder");
  };
  if (!fs::exists(path)) refuse("レポートがありません", "the report is missing");
  const std::string bytes = read_file_bytes(path);
  if (row.contains("report_sha256") && row["report_sha256"] != sha256_hex(bytes))
    refuse("レポートが書き換えられています", "the report was changed");
  ReportFile report;
  try {
    report = parse_report_text(bytes, path);
  } catch (const InputError& e) {
    refuse("レポートが読めません: " + e.message_ja(), "unreadable report: " + e.message_en());
  }
  if (!report.json.contains("seal") || report.json["seal"].value("digest", "") != report_seal_digest(report.json))
    refuse("レポートの封印が合いません", "the report's seal does not match");
  const nlohmann::json derived = row_of_report(report.report);
  for (const char* key : {"verdict", "rules", "findings", "errors", "warnings", "approval_number", "title"})
    if (!row.contains(key) || row[key] != derived[key])
      refuse(std::string("「") + key + "」が違います", std::string("'") + key + "' differs");
  if (row.value("registry_publications", -1LL) != static_cast<long long>(report.report.registry_publications.size()))
    refuse("「registry_publications」が違います", "'registry_publications' differs");
}

nlohmann::json batch_item_inputs(const BatchPlan& plan, const BatchItem& item) {
  try {
    return inputs_of(plan, load_input(item.manifest).submission);
  } catch (const InputError&) {
    return nullptr;
  }
}

BatchItemResult check_batch_item(const BatchPlan& plan, const BatchItem& item) {
  BatchItemResult out;
  out.row = base_row(plan, item);
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  double registry_seconds = 0;
  try {
    Submission submission = load_input(item.manifest).submission;
    out.row["inputs"] = inputs_of(plan, submission);
    const auto reg0 = std::chrono::steady_clock::now();
    std::size_t used = add_registry_knowledge(submission, plan.options.registry);
    if (plan.options.cumulative && fs::exists(cumulative_registry(plan)))
      // Every earlier submission of the batch that passed is known to the next: the filter narrows --registry only.
      used += add_registry_knowledge(submission, {cumulative_registry(plan), {}});
    registry_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - reg0).count();
    const Report report = check(submission, {});
    out.report_json = report_to_json(report).dump(2) + "\n";
    out.report_html = report_to_html(report, "ja");
    out.row.update(row_of_report(report));
    out.row["registry_publications"] = static_cast<long long>(used);
    out.row["report_sha256"] = sha256_hex(out.report_json);
    out.row["message"] = "";
  } catch (const InputError& e) {
    out.row["verdict"] = "error";
    out.row["rules"] = nlohmann::json::object();
    out.row["findings"] = 0;
    out.row["errors"] = 0;
    out.row["warnings"] = 0;
    out.row["approval_number"] = "";
    out.row["title"] = "";
    out.row["registry_publications"] = 0;
    out.row["message"] = e.where().describe() + ": " + e.message_ja() + " / " + e.message_en();
  }
  out.row["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  out.row["cpu_seconds"] = cpu_seconds() - cpu0;
  out.row["registry_seconds"] = registry_seconds;
  return out;
}

void store_batch_item(const BatchPlan& plan, const BatchItem& item, BatchItemResult result) {
  if (!result.report_json.empty()) {
    write_file_atomically(plan.report_path(item, "json"), result.report_json);
    write_file_atomically(plan.report_path(item, "html"), result.report_html);
  }
  if (plan.options.cumulative && result.row.value("verdict", "") == "pass") {
    // Registered before the row is written: a kill in between redoes the item, which finds itself
    // registered with the same content and leaves it.
    const std::string db = cumulative_registry(plan);
    if (!fs::exists(db)) publications::init_registry(db);
    const Submission submission = load_input(item.manifest).submission;
    const ReportFile report = parse_report_text(result.report_json, plan.report_path(item, "json"));
    auto p = publications::publication_from_submission(submission, report.report, sha256_hex(result.report_json));
    auto registered_as = [&](const std::string& number) {
      for (const auto& m : publications::list_publications(db))
        if (m.approval_number == number) return std::optional<std::string>(m.content_sha256);
      return std::optional<std::string>();
    };
    // The registry keys publications by approval number: a second publication of one approval (the paper after
    // the abstract) is kept under the number with its content's digest, so the submissions after it meet it.
    if (const auto there = registered_as(p.meta.approval_number); there && *there != p.meta.content_sha256) {
      p.meta.approval_number += "（" + p.meta.content_sha256.substr(0, 8) + "）";
      result.row["registered_as"] = p.meta.approval_number;
      result.row["message"] = "同じ応諾通知番号の別の公表物が登録済みのため「" + p.meta.approval_number + "」として登録しました / " +
                              "registered as '" + p.meta.approval_number + "' (another publication of its approval number is)";
    }
    if (!registered_as(p.meta.approval_number)) publications::add_publication(db, p);
  }
  write_file_atomically(plan.result_path(item), result.row.dump(2) + "\n");
}

}  // namespace hitoku::workflow
