#include "hitoku/workflow/check.h"

#include "hitoku/io/atomic_write.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/report/run_log.h"
#include "hitoku/workflow/diff.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"

namespace hitoku::workflow {

namespace {

void validate_format(const std::string& format) {
  if (format != "text" && format != "json" && format != "html")
    throw InputError({"--format", 0, ""}, "形式「" + format + "」は使えません（text, json, html）",
                     "unknown format '" + format + "' (text, json or html)");
}

}  // namespace

void validate_lang(const std::string& lang) {
  if (lang != "ja" && lang != "en")
    throw InputError({"--lang", 0, ""}, "言語「" + lang + "」は使えません（ja または en）",
                     "unknown language '" + lang + "' (ja or en)");
}

std::string render_report(const Report& report, const std::string& format, const std::string& lang) {
  validate_lang(lang);
  validate_format(format);
  if (format == "json") return report_to_json(report).dump(2) + "\n";
  if (format == "html") return report_to_html(report, lang);
  return report_to_text(report, lang);
}

std::string verdict_line(const Report& report, const std::string& lang) { return report_headline(report, lang); }

void CheckRequest::validate() const {
  validate_lang(lang);
  validate_format(format);
  if (!diff_output.empty() && previous.empty())
    throw InputError({"--diff-output", 0, ""}, "--diff-output には --previous が要ります", "--diff-output needs --previous");
}

CheckRun run_check(const Submission& submission, const CheckRequest& request) {
  request.validate();
  const std::vector<std::string> inputs = input_files(submission);
  refuse_input_overwrite(request.output, inputs, request.force);
  refuse_input_overwrite(request.run_log, inputs, request.force);
  std::optional<Report> previous;
  if (!request.previous.empty()) {
    std::vector<std::string> with_previous = inputs;
    with_previous.push_back(request.previous);
    refuse_input_overwrite(request.output, with_previous, request.force);
    refuse_input_overwrite(request.diff_output, with_previous, request.force);
    previous = read_report_file(request.previous);  // a bad earlier report stops the run before any writing
  }
  CheckRun run;
  run.report = check(submission, request.options);
  if (!request.output.empty()) run.report.written_files.push_back(request.output);
  if (!request.run_log.empty()) run.report.written_files.push_back(request.run_log);
  if (!request.diff_output.empty()) run.report.written_files.push_back(request.diff_output);
  run.rendered = render_report(run.report, request.format, request.lang);
  if (!request.output.empty()) write_file_atomically(request.output, run.rendered,
                                                    run.report.confidential ? FileAccess::OwnerOnly : FileAccess::Shared);
  if (!request.run_log.empty()) append_run_log(request.run_log, "check", run.report);
  if (previous) {
    run.diff = diff_reports(*previous, run.report);
    run.diff_rendered = render_diff(*run.diff, request.diff_output.empty() ? "text" : request.format, request.lang);
    if (!request.diff_output.empty()) write_file_atomically(request.diff_output, run.diff_rendered);
  }
  return run;
}

}  // namespace hitoku::workflow
