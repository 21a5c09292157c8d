// hitoku report REPORT.json -o FILE: render a JSON report as HTML or text (no re-check).
#include <iostream>

#include "command.h"
#include "hitoku/atomic_write.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"

namespace hitoku::cli {
namespace {

struct ReportArgs {
  std::string report_json, output, format = "html", lang = "ja";
  bool list_written = false, force = false;
};

}  // namespace

Action add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "JSON レポートを HTML 等に変換 / render a JSON report");
  cmd->add_option("report", args->report_json, "report JSON written by hitoku check --format json")->required();
  cmd->add_option("-o,--output", args->output, "output file (default: standard output)");
  cmd->add_option("--format", args->format, "html | text")->check(CLI::IsMember({"html", "text"}));
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line");
  add_force_flag(cmd, args->force);
  return [args]() {
    workflow::refuse_input_overwrite(args->output, {args->report_json}, args->force);
    Report report = workflow::read_report_file(args->report_json);
    if (!args->output.empty()) report.written_files.push_back(args->output);
    const std::string text = workflow::render_report(report, args->format, args->lang);
    if (args->output.empty()) std::cout << text << std::flush;
    else write_file_atomically(args->output, text, report.confidential ? FileAccess::OwnerOnly : FileAccess::Shared);
    if (args->list_written) print_written_files(report.written_files);
    return kExitPass;
  };
}

}  // namespace hitoku::cli
