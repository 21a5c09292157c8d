#pragma once
// The merge workflow (`hitoku merge`, hitoku.merge): rule ③ merges, the re-check of the merged
// submission with the explanation, and the merged set written with its reports.
#include <string>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/rules/check.h"
#include "hitoku/geography/merge.h"

namespace hitoku::workflow {

struct MergeRun {
  MergeResult merge;
  Report report;  // the re-check of merge.merged, with the merge explanation
};

// merge → check → explain.
MergeRun merge_and_check(const Submission& submission, const CheckOptions& options);

struct MergeOutputs {
  std::string outdir;  // created if missing
  std::string lang = "ja";
  bool force = false;  // skip the check that the folder does not resolve to inputs
  bool xlsx = false;   // every table into one workbook, tables.xlsx (tables read from .xlsx stay .xlsx anyway)
};

// Refuses, before any work, an output folder that would overwrite inputs (see output_guard.h).
void refuse_merge_outputs(const Submission& input, const MergeOutputs& outputs);
// Writes manifest.yaml with its tables (each in the input's `layout`), report.json and report.html;
// returns every path written and sets run.report.written_files.
std::vector<std::string> write_merged(MergeRun& run, const Submission& input, const SubmissionLayout& layout,
                                      const MergeOutputs& outputs);

}  // namespace hitoku::workflow
