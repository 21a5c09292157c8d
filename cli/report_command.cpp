// hitoku report REPORT.json -o FILE: render a JSON report as HTML, text or an A4 PDF (no re-check).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/io/atomic_write.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/report_pdf.h"

namespace hitoku::cli {
namespace {

struct ReportArgs {
  std::string report_json, output, format = "html", lang = "ja";
  bool list_written = false, force = false, quiet = false;
};

}  // namespace

Action add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "JSON レポートを HTML 等に変換 / render a JSON report");
  cmd->add_option("report", args->report_json, "report JSON written by hitoku check --format json")->required();
  cmd->add_option("-o,--output", args->output, "output file (default: standard output); a name ending in .pdf gets an A4 PDF");
  cmd->add_option("--format", args->format, "html | text | pdf")->check(CLI::IsMember({"html", "text", "pdf"}));
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line");
  add_force_flag(cmd, args->force);
  add_quiet_flag(cmd, args->quiet);
  return [args]() {
    workflow::refuse_input_overwrite(args->output, {args->report_json}, args->force);
    Report report = workflow::read_report_file(args->report_json);
    if (!args->output.empty()) report.written_files.push_back(args->output);
    if (workflow::is_pdf_path(args->output) || args->format == "pdf") {
      if (!workflow::is_pdf_path(args->output))
        throw InputError({"-o", 0, ""}, "PDF は -o で .pdf のファイル名を指定してください", "a PDF needs -o with a file name ending in .pdf");
      ProgressBar bar(args->quiet);
      workflow::write_report_pdf(report, args->lang, args->output, bar.callback());
      bar.finish();
      if (args->list_written) print_written_files(report.written_files);
      return kExitPass;
    }
    const std::string text = workflow::render_report(report, args->format, args->lang);
    if (args->output.empty()) std::cout << text << std::flush;
    else write_file_atomically(args->output, text, report.confidential ? FileAccess::OwnerOnly : FileAccess::Shared);
    if (args->list_written) print_written_files(report.written_files);
    return kExitPass;
  };
}

}  // namespace hitoku::cli
