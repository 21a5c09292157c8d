#pragma once
// Writes tables back in the layout and encoding they were read in (Table::format), suppressed cells
// shown with the table's marker, and a manifest that reads the written set back.
#include <string>
#include <vector>

#include "hitoku/submission.h"

namespace hitoku {

enum class TableContent {
  Published,   // what gets printed: suppressed cells show the marker (long: plus the true-value column if the format has one)
  TrueValues,  // the true-values file: every cell as a number
};

// Per table dimension: written without a column (format.fixed, and the table shows exactly one code
// of it; a wide table's column dimension always has its header row).
std::vector<bool> dimensions_without_column(const Table& table);

// The file's bytes, encoded as format.encoding. A format without headers (a table built in memory)
// gets dimension labels as headers and "件数" as the count header. Fixed dimensions get no column.
// Throws InputError when a
// character cannot be written in CP932.
std::string render_table(const Submission& submission, const Table& table, const TableFormat& format,
                         TableContent content = TableContent::Published);
// render_table, written atomically (temporary file beside `path`, then rename).
void write_table(const Submission& submission, const Table& table, const TableFormat& format,
                 const std::string& path, TableContent content = TableContent::Published);

// Manifest YAML (manifest_version 1) naming every table by Table::format.file and its true values by
// format.true_values_file / true_value_column, dimensions inline, geography and hospitals by the
// given file names (empty: left out).
std::string render_manifest(const Submission& submission, const std::string& adjacency_file = "",
                            const std::string& hospitals_file = "");

// Writes a complete, re-readable submission: `manifest_path`, and beside it every table, its true
// values (when it has suppressed cells), the adjacency and hospital lists. Table files keep their
// names (folder parts dropped); true values go to "<name>_true.<ext>" (wide) or a 真値 column (long)
// when the input had none. Refuses to overwrite any input of the submission. Returns the paths written.
std::vector<std::string> write_submission(const Submission& submission, const std::string& manifest_path);

}  // namespace hitoku
