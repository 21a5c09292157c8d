// hitoku merge MANIFEST -o OUTDIR: publish single-hospital areas merged with neighbours (rule ③),
// write the merged submission in the input's layout, and re-check every rule on the result
// (workflow/merge.h).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/merge.h"

namespace hitoku::cli {
namespace {

struct MergeArgs {
  std::string manifest;
  workflow::MergeOutputs outputs;
  bool no_audit = false;
  bool list_written = false;
  bool quiet = false;
};

}  // namespace

Action add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "病院等が1施設の地域を隣接市町と統合し再確認する / merge single-hospital areas with neighbours (rule ③)");
  cmd->add_option("manifest", args->manifest, "submission manifest (YAML)")->required();
  cmd->add_option("-o,--output", args->outputs.outdir, "folder for the merged submission and its report")->required();
  cmd->add_option("--lang", args->outputs.lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--no-audit", args->no_audit, "skip the differencing audit (rules ④⑤) of the re-check");
  add_written_files_flag(cmd, args->list_written);
  add_xlsx_flag(cmd, args->outputs.xlsx);
  add_force_flag(cmd, args->outputs.force);
  add_allow_folder_option(cmd);
  add_quiet_flag(cmd, args->quiet);
  return [args]() {
    ProgressBar bar(args->quiet);
    bar.stage("load");
    workflow::LoadedInput input = load_input(args->manifest, bar.callback());
    const Submission& submission = input.submission;
    workflow::refuse_merge_outputs(submission, args->outputs);
    CheckOptions options;
    options.audit_differencing = !args->no_audit;
    options.progress = bar.callback();
    workflow::MergeRun run = workflow::merge_and_check(submission, options);
    bar.finish();
    const std::vector<std::string> written = workflow::write_merged(run, submission, input.layout, args->outputs);
    const RuleResult& merged = run.merge.explanation.result;
    std::cout << workflow::verdict_line(run.report, args->outputs.lang)
              << (args->outputs.lang == "ja" ? merged.summary_ja : merged.summary_en) << "\n";
    if (args->list_written) print_written_files(written);
    return run.report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
