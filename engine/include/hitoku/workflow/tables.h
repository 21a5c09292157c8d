#pragma once
// The tables workflow (`hitoku tables`): the planned tables built from a registry extract, written
// as long CSV with a manifest that `hitoku check` reads, and (by default) as printed wide CSV.
#include <string>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/ingest/text_encoding.h"
#include "hitoku/model/submission.h"

namespace hitoku::workflow {

struct TablesRequest {
  std::string outdir;                          // created if missing
  TextEncoding encoding = TextEncoding::Utf8;  // of every file written
  bool wide = true;                            // also <id>_wide.csv with Japanese labels
  bool xlsx = false;  // Excel workbooks instead: tables.xlsx (long, a sheet per table) and tables_wide.xlsx
  bool force = false;                          // skip the check that the folder does not resolve to inputs
};

// "utf-8" | "cp932"; anything else is an InputError naming the option.
TextEncoding parse_tables_encoding(const std::string& name);

struct TablesRun {
  std::vector<std::string> written;             // every path written, in order
  std::vector<std::string> non_additive_tables;  // ids of tables of distinct patients (see tables_command)
};

// Refuses outputs that would overwrite inputs, then writes. `submission` and its `layout` are the
// plan's, as built.
TablesRun write_tables(Submission submission, SubmissionLayout layout, const TablesRequest& request);

}  // namespace hitoku::workflow
