#include <filesystem>

#include "hitoku/io/atomic_write.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/ingest/table_writer.h"
#include "rules/withheld_cells.h"
#include "hitoku/workflow/check.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/merge.h"
#include "hitoku/workflow/output_guard.h"

namespace hitoku::workflow {
namespace fs = std::filesystem;

MergeRun merge_and_check(const Submission& submission, const CheckOptions& options) {
  MergeRun run;
  run.merge = merge_submission(submission);
  run.report = check(run.merge.merged, options);
  add_merge_explanation(run.report, run.merge);
  return run;
}

void refuse_merge_outputs(const Submission& input, const MergeOutputs& outputs) {
  validate_lang(outputs.lang);
  refuse_input_overwrite(outputs.outdir, input_files(input), outputs.force);
}

std::vector<std::string> write_merged(MergeRun& run, const Submission& input, const SubmissionLayout& layout,
                                      const MergeOutputs& outputs) {
  refuse_merge_outputs(input, outputs);
  make_output_folder(outputs.outdir);
  const fs::path out(outputs.outdir);
  SubmissionLayout out_layout = layout;
  if (outputs.xlsx) move_tables_to_workbook(run.merge.merged, out_layout, "tables.xlsx");
  const std::string json_path = (out / "report.json").string(), html_path = (out / "report.html").string();
  run.merge.merged.withheld = record_level_withholds(run.merge.merged);  // what the tables cannot show
  std::vector<std::string> written =
      write_submission(run.merge.merged, out_layout, (out / "manifest.yaml").string(), {json_path, html_path});
  written.push_back(json_path);
  written.push_back(html_path);
  run.report.written_files = written;
  write_file_atomically(json_path, report_to_json(run.report).dump(2) + "\n");
  write_file_atomically(html_path, report_to_html(run.report, outputs.lang));
  return written;
}

}  // namespace hitoku::workflow
