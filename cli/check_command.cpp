// hitoku check MANIFEST: run every rule and print or write the report (workflow/check.h).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/workflow/check.h"

namespace hitoku::cli {
namespace {

struct CheckArgs {
  std::string manifest;
  workflow::CheckRequest request;
  bool no_audit = false;
  bool list_written = false;
  bool quiet = false;
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
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line, on standard output");
  add_force_flag(cmd, req.force);
  add_allow_folder_option(cmd);
  add_quiet_flag(cmd, args->quiet);
  return [args]() {
    ProgressBar bar(args->quiet);
    bar.stage("load");
    Submission submission = load_input(args->manifest, bar.callback());
    args->request.options.audit_differencing = !args->no_audit;
    args->request.options.progress = bar.callback();
    const workflow::CheckRun run = workflow::run_check(submission, args->request);
    bar.finish();
    // Writing to a file still tells the terminal the verdict (first line of the text report).
    if (args->request.output.empty()) std::cout << run.rendered << std::flush;
    else std::cout << workflow::verdict_line(run.report, args->request.lang);
    if (args->list_written) print_written_files(run.report.written_files);
    return run.report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
