// hitoku protect MANIFEST -o OUTDIR: propose suppressions, check them, write the protected tables.
#include <filesystem>
#include <iostream>

#include "command.h"
#include "hitoku/atomic_write.h"
#include "hitoku/check.h"
#include "hitoku/csv.h"
#include "hitoku/manifest.h"
#include "hitoku/protect.h"
#include "hitoku/report_format.h"
#include "hitoku/run_log.h"
#include "hitoku/table_plan.h"
#include "hitoku/table_writer.h"

namespace fs = std::filesystem;

namespace hitoku::cli {
namespace {

struct ProtectArgs {
  std::string manifest, outdir, method = "greedy", cost, lang = "ja", run_log;
  double time_limit = 60;
  int cleanup_audits = 20;
  int polish_groups = ProtectOptions{}.polish_max_groups;
  std::vector<std::string> keep, suppress;
  bool integer = false, list_written = false;
};

// changes.csv: what was added and why. Codes and labels only: no value of any cell.
std::string changes_csv(const ProtectResult& r) {
  const Submission& s = r.submission;
  std::string out = "\xEF\xBB\xBF" + csv_record({"table", "cell", "label", "status", "rule", "reason_ja", "reason_en"}) + "\r\n";
  for (const auto& c : r.changes) {
    const Table& t = s.tables[static_cast<std::size_t>(c.table)];
    std::string cell;
    for (const auto& [dim, code] : s.cell_key(t, c.flat)) cell += (cell.empty() ? "" : ";") + dim + "=" + code;
    out += csv_record({t.id, cell, s.cell_label(t, c.flat), to_string(c.status), c.rule, c.reason_ja, c.reason_en}) + "\r\n";
  }
  return out;
}

nlohmann::json protect_summary(const ProtectArgs& a, const ProtectResult& r) {
  const auto& st = r.stats;
  nlohmann::json j;
  j["method"] = a.method;
  j["cost"] = a.cost.empty() ? r.submission.protect.cost : a.cost;
  j["suppressed"] = {{"primary", st.primary}, {"secondary", st.secondary}, {"user", st.user}};
  j["suppressed_value_share"] = st.total_value ? static_cast<double>(st.suppressed_value) / static_cast<double>(st.total_value) : 0.0;
  j["pattern_cost"] = st.cost;
  if (a.method != "optimal") j["polished"] = st.polished;
  if (a.method == "optimal" || st.polished) {
    j["lower_bound"] = st.lower_bound;
    j["gap"] = st.gap;
    j["proven_optimal"] = st.proven_optimal;
  }
  j["audits"] = st.audits;
  if (st.screen_audits > 0) j["screen_audits"] = st.screen_audits;  // relaxation screens (cyclic sets)
  j["changes_file"] = "changes.csv";
  return j;
}

void print_conflicts(const std::vector<ProtectConflict>& conflicts) {
  std::cerr << "秘匿パターンを作れません / no protection is possible:\n";
  for (const auto& c : conflicts) {
    std::cerr << "- " << c.reason_ja << "\n  " << c.reason_en << "\n";
    for (const auto& cell : c.cells) std::cerr << "    " << cell << "\n";
  }
}

// Rules ② ④ ⑤ of the check on the protected tables: the last gate before anything is written.
std::string gate_failure(const Report& report) {
  for (const auto& r : report.rules) {
    if (r.rule != "2" && r.rule != "4" && r.rule != "5") continue;
    if (r.state == RuleState::Fail || (r.rule != "5" && r.state == RuleState::NotChecked))
      return "rule " + r.rule + ": " + r.summary_en + " / " + r.summary_ja;
  }
  return {};
}

}  // namespace

Action add_protect_command(CLI::App& app) {
  auto args = std::make_shared<ProtectArgs>();
  CLI::App* cmd = app.add_subcommand("protect", "秘匿セルを提案し、秘匿済みの表を書き出す / propose suppressions and write the protected tables");
  cmd->add_option("manifest", args->manifest, "submission manifest (YAML)")->required();
  cmd->add_option("-o,--output", args->outdir, "output folder (created if missing; inputs are never overwritten)")->required();
  cmd->add_option("--method", args->method, "greedy (default, fast) | optimal (Cbc, least cost, time limit)")
      ->check(CLI::IsMember({"greedy", "optimal"}));
  cmd->add_option("--time-limit", args->time_limit, "seconds for --method optimal (default 60)")->check(CLI::PositiveNumber);
  cmd->add_option("--cost", args->cost, "count | value (overrides the manifest's protect.cost)")
      ->check(CLI::IsMember({"count", "value"}));
  cmd->add_option("--keep", args->keep, "keep a cell published: table:dim=code,dim=code (repeatable)");
  cmd->add_option("--suppress", args->suppress, "suppress a cell: table:dim=code,dim=code (repeatable)");
  cmd->add_option("--cleanup-audits", args->cleanup_audits, "audits the greedy may spend publishing cells again (default 20)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--polish-groups", args->polish_groups,
                  "greedy: polish the pattern with the least-cost model (Cbc, limits by count) when at most this many "
                  "cells may be suppressed (default 5000; 0 = off)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--integer", args->integer, "audit with exact integer bounds (Cbc)");
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_option("--run-log", args->run_log, "append one line (who, when, input hashes, policy, verdict) to this log");
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line, on standard output");
  return [args]() {
    Submission submission = load_input(args->manifest);
    if (!args->cost.empty()) {
      submission.protect.cost = args->cost;
      submission.protect.weights.clear();
    }
    ProtectOptions options;
    options.method = args->method == "optimal" ? ProtectMethod::Optimal : ProtectMethod::Greedy;
    options.time_limit_seconds = args->time_limit;
    options.cleanup_audits = args->cleanup_audits;
    options.polish_max_groups = args->polish_groups;
    options.keep = args->keep;
    options.suppress = args->suppress;
    options.audit.integer_bounds = args->integer;
    ProtectResult result = protect(submission, options);
    if (!result.ok) {
      print_conflicts(result.conflicts);
      return kExitFail;
    }
    CheckOptions check_options;
    check_options.integer_bounds = args->integer;
    Report report = check(result.submission, check_options);
    if (const std::string why = gate_failure(report); !why.empty()) {
      std::cerr << "提案した秘匿パターンが確認を通らないため、何も書き出しません / the proposed pattern fails the check; "
                   "nothing written: "
                << why << "\n";
      return kExitFail;
    }

    fs::create_directories(args->outdir);
    // What is written is always a manifest (a plan's output too), named as the input manifest was.
    const std::string manifest_name =
        is_table_plan(args->manifest) ? "manifest.yaml" : fs::path(args->manifest).filename().string();
    std::vector<std::string> written = write_submission(result.submission, (fs::path(args->outdir) / manifest_name).string());
    const std::string changes = (fs::path(args->outdir) / "changes.csv").string();
    const std::string report_path = (fs::path(args->outdir) / "protect-report.json").string();
    for (const auto& target : {changes, report_path})
      for (const auto& in : submission.inputs)
        if (fs::exists(target) && in.role != "policy" &&
            fs::equivalent(target, fs::path(submission.manifest_path).parent_path() / in.path))
          throw InputError({target, 0, ""}, "入力ファイルを上書きしようとしました。別の出力先を指定してください",
                           "refusing to overwrite an input file; choose another output folder");
    write_file_atomically(changes, changes_csv(result));
    written.push_back(changes);
    written.push_back(report_path);
    if (!args->run_log.empty()) written.push_back(args->run_log);
    report.written_files = written;
    nlohmann::json j = report_to_json(report);
    j["protect"] = protect_summary(*args, result);
    j["seal"]["digest"] = report_seal_digest(j);  // the seal covers the protect summary too
    write_file_atomically(report_path, j.dump(2) + "\n");
    if (!args->run_log.empty()) append_run_log(args->run_log, "protect", report);

    const auto& st = result.stats;
    std::cout << (args->lang == "ja" ? "秘匿パターン: 一次秘匿 " : "pattern: primary ") << st.primary
              << (args->lang == "ja" ? "、二次秘匿 " : ", secondary ") << st.secondary
              << (args->lang == "ja" ? "、利用者指定 " : ", user ") << st.user;
    if (options.method == ProtectMethod::Optimal || st.polished)
      std::cout << (args->lang == "ja" ? "、ギャップ " : ", gap ") << st.gap * 100 << "%"
                << (st.proven_optimal ? (args->lang == "ja" ? "（最適）" : " (optimal)") : "");
    std::cout << "\n";
    const std::string summary = report_to_text(report, args->lang);
    std::cout << summary.substr(0, summary.find('\n') + 1);
    if (args->list_written) print_written_files(written);
    return report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
