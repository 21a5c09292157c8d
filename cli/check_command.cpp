// hitoku check MANIFEST: run every rule and print or write the report (workflow/check.h).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/registry.h"

namespace hitoku::cli {
namespace {

struct CheckArgs {
  std::string manifest;
  workflow::CheckRequest request;
  bool no_audit = false;
  bool list_written = false;
  bool quiet = false;
  workflow::RegistryKnowledge registry;
  std::string data_years;
};

}  // namespace

Action add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  workflow::CheckRequest& req = args->request;
  CLI::App* cmd = app.add_subcommand("check", "提出物を確認し判定を出す / check a submission and report the verdict");
  cmd->add_option("manifest", args->manifest,
                  "submission manifest (manifest_version: 1) or table plan over a registry extract (plan_version: 1)")
      ->required();
  cmd->add_option("--format", req.format, "text | json | html")->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", req.output, "write the report to this file (default: standard output)");
  cmd->add_option("--lang", req.lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--no-audit", args->no_audit, "skip the differencing audit (rules ④⑤); the verdict cannot pass");
  cmd->add_flag("--integer", req.options.integer_bounds, "exact integer bounds (Cbc) where LP bounds are fractional");
  cmd->add_flag("--confidential", req.options.confidential,
                "include true values of suppressed cells (researcher's own copy, marked on every page)");
  cmd->add_option("--run-log", req.run_log, "append one line (who, when, input hashes, policy, verdict) to this log");
  add_written_files_flag(cmd, args->list_written);
  cmd->add_option("--registry", args->registry.path,
                  "承認済み公表物のレジストリ: 変数を共有する公表物を規則⑤の既公表値に加える / registry of approved "
                  "publications: those sharing a variable become earlier publications (rule ⑤)");
  cmd->add_option("--since", args->registry.filter.since, "registry: approved on or after YYYY-MM-DD");
  cmd->add_option("--until", args->registry.filter.until, "registry: approved on or before YYYY-MM-DD");
  cmd->add_option("--data-years", args->data_years,
                  "registry: publications whose data years overlap, e.g. 2019 or 2016-2019 (those without data years stay)");
  cmd->add_option("--previous", req.previous,
                  "再報告: 前回のレポート JSON と比べて変更を示す / re-report: show what changed since this earlier report");
  cmd->add_option("--diff-output", req.diff_output, "write the changes (in --format) to this file");
  add_force_flag(cmd, req.force);
  add_allow_folder_option(cmd);
  add_quiet_flag(cmd, args->quiet);
  return [args]() {
    if (!args->data_years.empty())
      std::tie(args->registry.filter.first_year, args->registry.filter.last_year) =
          workflow::parse_data_years(args->data_years, "--data-years");
    ProgressBar bar(args->quiet);
    bar.stage("load");
    Submission submission = load_input(args->manifest, bar.callback()).submission;
    workflow::add_registry_knowledge(submission, args->registry);
    args->request.options.audit_differencing = !args->no_audit;
    args->request.options.progress = bar.callback();
    const workflow::CheckRun run = workflow::run_check(submission, args->request);
    bar.finish();
    // Writing to a file still tells the terminal the verdict (first line of the text report).
    if (args->request.output.empty()) std::cout << run.rendered << std::flush;
    else std::cout << workflow::verdict_line(run.report, args->request.lang);
    if (run.diff && args->request.diff_output.empty()) {
      // The changes go after a text report; beside a JSON or HTML report on standard output, to stderr.
      const bool own_stream = !args->request.output.empty() || args->request.format == "text";
      (own_stream ? std::cout : std::cerr) << "\n" << run.diff_rendered << std::flush;
    }
    if (args->list_written) print_written_files(run.report.written_files);
    return run.report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
