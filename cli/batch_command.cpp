// hitoku batch LIST|FOLDER -o OUTDIR: many submissions, each report and one committee summary
// (workflow/batch.h). Parsing, the progress line and printing only.
#include <unistd.h>

#include <iostream>

#include "command.h"
#include "hitoku/workflow/batch.h"

namespace hitoku::cli {
namespace {

struct BatchArgs {
  std::string source, outdir, data_years;
  workflow::BatchOptions options;
};

}  // namespace

Action add_batch_command(CLI::App& app) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "batch", "複数の提出物を一括確認し、集計表を作る（再実行で続きから） / check many submissions into one summary (resumable)");
  cmd->add_option("source", args->source, "a list file (one manifest per line) or a folder of submission folders")->required();
  cmd->add_option("-o,--output", args->outdir, "output folder: reports/, results/, summary.{html,csv,json}")->required();
  cmd->add_option("--jobs", args->options.jobs, "local worker processes (default 1)");
  cmd->add_option("--registry", args->options.registry.path, "registry of approved publications (rule ⑤), read only");
  cmd->add_option("--since", args->options.registry.filter.since, "registry: approved on or after YYYY-MM-DD");
  cmd->add_option("--until", args->options.registry.filter.until, "registry: approved on or before YYYY-MM-DD");
  cmd->add_option("--data-years", args->data_years, "registry: publications whose data years overlap (2019 or 2016-2019)");
  cmd->add_flag("--cumulative", args->options.cumulative,
                "承認順に一件ずつ: 適合した提出物を次の提出物の規則⑤に加える / in order: each passing submission feeds the next one's rule ⑤");
  add_allow_folder_option(cmd);
  return [args]() {
    if (!args->data_years.empty())
      std::tie(args->options.registry.filter.first_year, args->options.registry.filter.last_year) =
          workflow::parse_data_years(args->data_years, "--data-years");
    const workflow::BatchPlan plan = workflow::plan_batch(args->source, args->outdir, args->options);
    const bool tty = isatty(STDERR_FILENO) != 0;
    auto progress = [tty](std::size_t done, std::size_t total, const std::string& name) {
      if (!tty) return;
      const std::size_t width = 30, filled = total ? done * width / total : width;
      std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << done << "/" << total
                << " " << name.substr(0, 40) << "\033[K" << (done == total ? "\n" : "") << std::flush;
    };
    const workflow::BatchSummary summary = workflow::run_batch(plan, progress);
    const auto& t = summary.json.at("totals");
    std::cout << "一括確認: " << t.at("submissions") << " 件（適合 " << t.at("pass") << "、不適合 " << t.at("fail")
              << "、入力エラー " << t.at("error") << "、未完了 " << t.at("incomplete") << "）\n"
              << "batch: " << t.at("submissions") << " submission(s) (pass " << t.at("pass") << ", fail " << t.at("fail")
              << ", bad input " << t.at("error") << ", incomplete " << t.at("incomplete") << ")\n"
              << "summary: " << args->outdir << "/summary.html\n";
    if (summary.json.contains("notice"))
      std::cout << summary.json.at("notice").at("ja").get<std::string>() << "\n"
                << summary.json.at("notice").at("en").get<std::string>() << "\n";
    if (summary.incomplete > 0) return kExitBadInput;
    return summary.all_passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
