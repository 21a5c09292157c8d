// hitoku report REPORT.json -o FILE: render a JSON report as HTML or text (no re-check).
#include <iostream>

#include "command.h"
#include "hitoku/error.h"
#include "hitoku/report_format.h"
#include "hitoku/sha256.h"

namespace hitoku::cli {
namespace {

struct ReportArgs {
  std::string report_json, output, format = "html", lang = "ja";
  bool list_written = false;
};

}  // namespace

Report read_report_json(const std::string& path) { return read_report_file(path).report; }

Action add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "JSON レポートを HTML 等に変換 / render a JSON report");
  cmd->add_option("report", args->report_json, "report JSON written by hitoku check --format json")->required();
  cmd->add_option("-o,--output", args->output, "output file (default: standard output)");
  cmd->add_option("--format", args->format, "html | text")->check(CLI::IsMember({"html", "text"}));
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line");
  return [args]() {
    Report report = read_report_json(args->report_json);
    if (!args->output.empty()) report.written_files.push_back(args->output);
    emit(args->output, args->format == "html" ? report_to_html(report, args->lang) : report_to_text(report, args->lang),
         owner_only_if_confidential(report));
    if (args->list_written) print_written_files(report.written_files);
    return kExitPass;
  };
}

}  // namespace hitoku::cli
