#include "hitoku/workflow/diff.h"

#include "hitoku/io/atomic_write.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/output_guard.h"

namespace hitoku::workflow {

std::string render_diff(const ReportDiff& diff, const std::string& format, const std::string& lang) {
  validate_lang(lang);
  if (format == "json") return report_diff_to_json(diff).dump(2) + "\n";
  if (format == "html") return report_diff_to_html(diff, lang);
  if (format == "text") return report_diff_to_text(diff, lang);
  throw InputError({"--format", 0, ""}, "形式「" + format + "」は使えません（text, json, html）",
                   "unknown format '" + format + "' (text, json or html)");
}

DiffRun run_diff(const std::string& old_report, const std::string& new_report, const DiffRequest& request) {
  render_diff(ReportDiff{}, request.format, request.lang);  // bad options before any work
  refuse_input_overwrite(request.output, {old_report, new_report}, request.force);
  const Report before = read_report_file(old_report).report;
  const Report after = read_report_file(new_report).report;
  DiffRun run;
  run.diff = diff_reports(before, after);
  run.rendered = render_diff(run.diff, request.format, request.lang);
  if (!request.output.empty()) write_file_atomically(request.output, run.rendered);
  return run;
}

}  // namespace hitoku::workflow
