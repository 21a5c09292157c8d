// hitoku diff OLD_REPORT NEW_REPORT: what changed between two reports (re-reports; workflow/diff.h).
#include <iostream>

#include "command.h"
#include "hitoku/workflow/diff.h"

namespace hitoku::cli {
namespace {

struct DiffArgs {
  std::string old_report, new_report;
  workflow::DiffRequest request;
  bool list_written = false;
};

}  // namespace

Action add_diff_command(CLI::App& app) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "二つのレポートの違い（再報告） / what changed between two reports (re-report); exit 0 same, 1 changed");
  cmd->add_option("old", args->old_report, "the earlier report JSON")->required();
  cmd->add_option("new", args->new_report, "the new report JSON")->required();
  cmd->add_option("--format", args->request.format, "text | json | html")->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("--lang", args->request.lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_option("-o,--output", args->request.output, "write the changes to this file");
  add_written_files_flag(cmd, args->list_written);
  add_force_flag(cmd, args->request.force);
  return [args]() {
    const workflow::DiffRun run = workflow::run_diff(args->old_report, args->new_report, args->request);
    if (args->request.output.empty()) std::cout << run.rendered << std::flush;
    else if (args->list_written) print_written_files({args->request.output});
    return run.diff.unchanged() ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
