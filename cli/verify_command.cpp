// hitoku verify REPORT.json MANIFEST: a reviewer re-runs the check and compares (workflow/verify.h).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/report/report_format.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/verify.h"

namespace hitoku::cli {
namespace {

struct VerifyArgs {
  std::string report_json, manifest, run_log, registry;
  bool force = false, quiet = false;
};

// Fields no re-run reproduces: shown as the report states them, with how they were checked.
void print_run_specific(const std::vector<RunSpecificField>& fields) {
  std::cout << "実行ごとに異なる項目（再現対象外）/ run-specific fields (not reproduced):\n";
  for (const auto& f : fields)
    std::cout << "  " << f.field << ": " << f.value << "  （" << f.checked_ja << " / " << f.checked_en << "）\n";
}

}  // namespace

Action add_verify_command(CLI::App& app) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "レポートが入力とポリシーから再現されるか確認 / confirm a report is what these inputs produce");
  cmd->add_option("report", args->report_json, "report JSON handed in")->required();
  cmd->add_option("manifest", args->manifest, "the submission manifest it claims to be about")->required();
  cmd->add_option("--run-log", args->run_log, "append one line (who, when, input hashes, policy, verdict) to this log");
  cmd->add_option("--registry", args->registry,
                  "the publication registry the report was checked against (its registered publications are re-read)");
  add_force_flag(cmd, args->force);
  add_allow_folder_option(cmd);
  add_quiet_flag(cmd, args->quiet);
  return [args]() {
    ProgressBar bar(args->quiet);
    bar.stage("load");
    workflow::refuse_input_overwrite(args->run_log, {args->report_json}, args->force);  // the report read
    const ReportFile claimed = hitoku::read_report_file(args->report_json);
    const Submission submission = load_input(args->manifest, bar.callback()).submission;
    const workflow::VerifyRun run =
        workflow::verify_report(claimed, submission, args->run_log, args->force, args->registry, bar.callback(), true);
    bar.finish();
    const Report& fresh = run.fresh;
    print_run_specific(run.run_specific);
    if (run.matches()) {
      std::cout << "一致: レポートはこの入力とポリシーから再現されます（判定: " << (fresh.passed ? "適合" : "不適合") << "）\n"
                << "match: the report is what these inputs and this policy produce (verdict: "
                << (fresh.passed ? "pass" : "fail") << ")\n";
      return kExitPass;
    }
    const auto& diffs = run.differences;
    std::cout << "不一致: " << diffs.size() << " 件の相違 / mismatch: " << diffs.size() << " difference(s)\n";
    for (const auto& d : diffs) {
      std::cout << "- [" << d.what << "] " << d.message_ja << " / " << d.message_en << "\n";
      if (!d.claimed.empty()) std::cout << "    report: " << d.claimed << "\n";
      if (!d.actual.empty()) std::cout << "    actual: " << d.actual << "\n";
    }
    return kExitFail;
  };
}

}  // namespace hitoku::cli
