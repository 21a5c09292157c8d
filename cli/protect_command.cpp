// hitoku protect MANIFEST -o OUTDIR: propose suppressions, check them, write the protected tables
// (workflow/protect.h holds the release gate, changes.csv and the option defaults).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/protect.h"

namespace hitoku::cli {
namespace {

struct ProtectArgs {
  std::string manifest, method = workflow::to_string(ProtectOptions{}.method), lang = "ja";
  workflow::ProtectRequest request;
  workflow::ProtectOutputs outputs;
  bool list_written = false;
  bool quiet = false;
};

void print_conflicts(const std::vector<ProtectConflict>& conflicts) {
  std::cerr << "秘匿パターンを作れません / no protection is possible:\n";
  for (const auto& c : conflicts) {
    std::cerr << "- " << c.reason_ja << "\n  " << c.reason_en << "\n";
    for (const auto& cell : c.cells) std::cerr << "    " << cell << "\n";
  }
}

void print_pattern(const ProtectStats& st, bool optimal, const std::string& lang) {
  const bool ja = lang == "ja";
  std::cout << (ja ? "秘匿パターン: 一次秘匿 " : "pattern: primary ") << st.primary << (ja ? "、二次秘匿 " : ", secondary ")
            << st.secondary << (ja ? "、利用者指定 " : ", user ") << st.user;
  if (optimal || st.polished)
    std::cout << (ja ? "、ギャップ " : ", gap ") << st.gap * 100 << "%"
              << (st.proven_optimal ? (ja ? "（最適）" : " (optimal)") : "");
  std::cout << "\n";
}

}  // namespace

Action add_protect_command(CLI::App& app) {
  auto args = std::make_shared<ProtectArgs>();
  ProtectOptions& opt = args->request.protect;
  CLI::App* cmd = app.add_subcommand("protect", "秘匿セルを提案し、秘匿済みの表を書き出す / propose suppressions and write the protected tables");
  cmd->add_option("manifest", args->manifest, "submission manifest (YAML)")->required();
  cmd->add_option("-o,--output", args->outputs.outdir, "output folder (created if missing; inputs are never overwritten)")->required();
  cmd->add_option("--method", args->method, "greedy (default, fast) | optimal (Cbc, least cost, time limit)")
      ->check(CLI::IsMember({"greedy", "optimal"}));
  cmd->add_option("--time-limit", opt.time_limit_seconds, "seconds for --method optimal")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--cost", args->request.cost, "count | value (overrides the manifest's protect.cost)")
      ->check(CLI::IsMember({"count", "value"}));
  cmd->add_option("--keep", opt.keep, "keep a cell published: table:dim=code,dim=code (repeatable)");
  cmd->add_option("--suppress", opt.suppress, "suppress a cell: table:dim=code,dim=code (repeatable)");
  cmd->add_option("--cleanup-audits", opt.cleanup_audits, "audits the greedy may spend publishing cells again")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--polish-groups", opt.polish_max_groups,
                  "greedy: polish the pattern with the least-cost model (Cbc, limits by count) when at most this many "
                  "cells may be suppressed (0 = off)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--integer", args->request.integer_bounds, "audit with exact integer bounds (Cbc)");
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_option("--run-log", args->outputs.run_log, "append one line (who, when, input hashes, policy, verdict) to this log");
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
    args->request.protect.progress = bar.callback();
    args->request.protect.method = workflow::parse_protect_method(args->method);
    workflow::validate_lang(args->lang);
    workflow::refuse_protect_outputs(submission, args->outputs);
    workflow::GatedProtection run = workflow::protect_and_gate(submission, args->request);
    bar.finish();
    if (!run.result.ok) {
      print_conflicts(run.result.conflicts);
      return kExitFail;
    }
    if (run.gate) {
      std::cerr << "提案した秘匿パターンが確認を通らないため、何も書き出しません / the proposed pattern fails the check; "
                   "nothing written: rule "
                << run.gate->rule << ": " << run.gate->summary_en << " / " << run.gate->summary_ja << "\n";
      return kExitFail;
    }
    const std::vector<std::string> written = workflow::write_protected(run, submission, input.layout, args->request, args->outputs);
    print_pattern(run.result.stats, args->request.protect.method == ProtectMethod::Optimal, args->lang);
    std::cout << workflow::verdict_line(run.report, args->lang);
    if (args->list_written) print_written_files(written);
    return run.report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
