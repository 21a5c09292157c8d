// hitoku verify REPORT.json MANIFEST: a reviewer re-runs the check and compares.
#include <iostream>

#include "command.h"
#include "hitoku/check.h"
#include "hitoku/manifest.h"
#include "hitoku/report_format.h"
#include "hitoku/run_log.h"
#include "hitoku/verify.h"

namespace hitoku::cli {
namespace {

struct VerifyArgs {
  std::string report_json, manifest, run_log;
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
  return [args]() {
    const ReportFile claimed = read_report_file(args->report_json);
    Submission submission = load_input(args->manifest);
    CheckOptions options;
    options.audit_differencing = claimed.report.audit_differencing;
    options.integer_bounds = claimed.report.integer_bounds;
    Report fresh = check(submission, options);
    const Verification verification = verify_report(claimed.json, fresh);
    const auto& diffs = verification.differences;
    if (!args->run_log.empty()) append_run_log(args->run_log, diffs.empty() ? "verify:match" : "verify:mismatch", fresh);
    print_run_specific(verification.run_specific);
    if (diffs.empty()) {
      std::cout << "一致: レポートはこの入力とポリシーから再現されます（判定: " << (fresh.passed ? "適合" : "不適合") << "）\n"
                << "match: the report is what these inputs and this policy produce (verdict: "
                << (fresh.passed ? "pass" : "fail") << ")\n";
      return kExitPass;
    }
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
