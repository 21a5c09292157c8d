#pragma once
// Writes tables back in the layout and encoding they were read in (their TableFormat, from the
// SubmissionLayout the loader returned), suppressed cells shown with the table's marker, and a
// manifest that reads the written set back.
#include <string>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/submission.h"

namespace hitoku {

enum class TableContent {
  Published,   // what gets printed: suppressed cells show the marker (long: plus the true-value column if the format has one)
  TrueValues,  // the true-values file: every cell as a number
};

// Per table dimension: written without a column (format.fixed, and the table shows exactly one code
// of it; a wide table's column dimension always has its header row).
std::vector<bool> dimensions_without_column(const Table& table, const TableFormat& format);

// The file's bytes, encoded as format.encoding. A format without headers (a table built in memory)
// gets dimension labels as headers and "件数" as the count header. Fixed dimensions get no column.
// Throws InputError when a
// character cannot be written in CP932.
std::string render_table(const Submission& submission, const Table& table, const TableFormat& format,
                         TableContent content = TableContent::Published);
// A wide table's block of derived values (DerivedColumn::file) in the table's layout and encoding.
std::string render_derived_block(const Submission& submission, const Table& table, const TableFormat& format,
                                 const DerivedColumn& column);

// render_table, written atomically (temporary file beside `path`, then rename).
void write_table(const Submission& submission, const Table& table, const TableFormat& format,
                 const std::string& path, TableContent content = TableContent::Published);

// Excel workbooks (.xlsx): one sheet per table, laid out as render_table lays out a CSV file; counts
// (and derived values) are numbers, markers, codes and labels text.
struct WorkbookSheetOut {
  std::string sheet;
  const Table* table = nullptr;
  TableFormat format;
  TableContent content = TableContent::Published;
  const DerivedColumn* derived = nullptr;  // set: the table's block of these derived values instead
};
// The workbook's bytes. libxlsxwriter assembles a workbook in a file: it is made in `scratch_dir` (the
// output folder, under a hidden name) and removed before this returns; nothing is written elsewhere.
std::string render_workbook(const Submission& submission, const std::vector<WorkbookSheetOut>& sheets,
                            const std::string& scratch_dir);
// Every table of the submission into the workbook `file`, one sheet each (named by table id, made valid
// for Excel), for writers asked for .xlsx output (protect, merge, tables --xlsx): changes `layout` and the file and sheet of wide tables' blocks of derived values (DerivedColumn::file, sheet).
void move_tables_to_workbook(Submission& submission, SubmissionLayout& layout, const std::string& file);

// Manifest YAML (manifest_version 1) naming every table by its format's file and its true values by
// format.true_values_file / true_value_column, dimensions inline, geography and hospitals by the
// given file names (empty: left out).
std::string render_manifest(const Submission& submission, const SubmissionLayout& layout,
                            const std::string& adjacency_file = "", const std::string& hospitals_file = "");

// Writes a complete, re-readable submission: `manifest_path`, and beside it every table, its true
// values (when it has suppressed cells), the adjacency and hospital lists. Table files keep their
// names (folder parts dropped); true values go to "<name>_true.<ext>" (wide) or a 真値 column (long)
// when the input had none. Refuses to overwrite any input of the submission. Before writing anything,
// checks every target and `also_written` (the files the caller writes next: reports, changes) with
// check_output_targets, so a foreseeable failure writes nothing. Returns the paths written.
std::vector<std::string> write_submission(const Submission& submission, const SubmissionLayout& layout,
                                          const std::string& manifest_path,
                                          const std::vector<std::string>& also_written = {});

}  // namespace hitoku
