// hitoku check MANIFEST: run every rule and print or write the report.
#include <iostream>

#include "command.h"
#include "hitoku/check.h"
#include "hitoku/manifest.h"
#include "hitoku/report_format.h"
#include "hitoku/run_log.h"
#include "hitoku/table_plan.h"

namespace hitoku::cli {
namespace {

struct CheckArgs {
  std::string manifest;
  std::string format = "text";
  std::string output;
  std::string lang = "ja";
  bool no_audit = false;
  bool integer = false;
  bool confidential = false;
  bool list_written = false;
  std::string run_log;
};

}  // namespace

std::string render_report(const Report& report, const std::string& format, const std::string& lang) {
  if (format == "json") return report_to_json(report).dump(2) + "\n";
  if (format == "html") return report_to_html(report, lang);
  return report_to_text(report, lang);
}

void print_written_files(const std::vector<std::string>& files) {
  for (const auto& f : files) std::cout << f << "\n";
}

Action add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "提出物を確認し判定を出す / check a submission and report the verdict");
  cmd->add_option("manifest", args->manifest,
                  "submission manifest (manifest_version: 1) or table plan over a registry extract (plan_version: 1)")
      ->required();
  cmd->add_option("--format", args->format, "text | json | html")->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", args->output, "write the report to this file (default: standard output)");
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--no-audit", args->no_audit, "skip the differencing audit (rules ④⑤); the verdict cannot pass");
  cmd->add_flag("--integer", args->integer, "exact integer bounds (Cbc) where LP bounds are fractional");
  cmd->add_flag("--confidential", args->confidential,
                "include true values of suppressed cells (researcher's own copy, marked on every page)");
  cmd->add_option("--run-log", args->run_log, "append one line (who, when, input hashes, policy, verdict) to this log");
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line, on standard output");
  return [args]() {
    Submission submission =
        load_input(args->manifest);
    CheckOptions options;
    options.audit_differencing = !args->no_audit;
    options.integer_bounds = args->integer;
    options.confidential = args->confidential;
    Report report = check(submission, options);
    if (!args->output.empty()) report.written_files.push_back(args->output);
    if (!args->run_log.empty()) report.written_files.push_back(args->run_log);
    emit(args->output, render_report(report, args->format, args->lang), owner_only_if_confidential(report));
    if (!args->output.empty()) {
      // Writing to a file still tells the terminal the verdict (first line of the text report).
      const std::string summary = report_to_text(report, args->lang);
      std::cout << summary.substr(0, summary.find('\n') + 1);
    }
    if (!args->run_log.empty()) append_run_log(args->run_log, "check", report);
    if (args->list_written) print_written_files(report.written_files);
    return report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
