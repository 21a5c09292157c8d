#pragma once
// What every workflow reads: a submission (a manifest or a table plan over a registry extract, told
// apart by its top-level key), the files it came from, and a JSON report handed back in.
#include <string>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"
#include "hitoku/registry/table_plan.h"

namespace hitoku::workflow {

struct LoadedInput {
  Submission submission;
  bool from_plan = false;     // built from a table plan (its tables counted from extract records)
  PlanBuildStats plan_stats;  // filled when from_plan
  SubmissionLayout layout;    // how each table looks on disk, for writing it back (protect, merge, tables)
};

// Allows files a manifest names to come from `folder` too (as if listed under `allowed_folders:`),
// for every later load in this process; a relative folder is taken from the current folder.
void allow_extra_folder(const std::string& folder);

// A manifest (manifest_version: 1) or a table plan (plan_version: 1). Throws InputError (a plan's
// bad extract rows as ExtractError).
// `progress` hears the records read from a plan's extract ("records").
LoadedInput load_input(const std::string& path, const ProgressCallback& progress = {});
// A table plan only (`hitoku tables`): a manifest given here is an error of the plan loader.
LoadedInput load_plan(const std::string& path, const ProgressCallback& progress = {});

// Whether a submission was built from a table plan (its inputs name the plan).
bool built_from_plan(const Submission& submission);

// The files on disk a submission was read from (manifest or plan, tables, code lists, extract,
// policy, ...), as paths usable from the current folder; files that no longer exist are left out.
std::vector<std::string> input_files(const Submission& submission);

// A report JSON as `hitoku check --format json` writes it; `source` names it in errors.
Report parse_report_json(const std::string& text, const std::string& source);
Report read_report_file(const std::string& path);  // throws InputError naming the file

}  // namespace hitoku::workflow
