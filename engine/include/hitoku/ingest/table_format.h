#pragma once
// How a table looked on disk, remembered by ingest so a revised table can be written back in the
// same layout and encoding (hitoku protect / merge). Tables built in memory get the defaults.
// The model (Submission, Table) knows nothing of files: the loaders return a SubmissionLayout beside
// the Submission they read, and every writer takes it.
#include <map>
#include <string>
#include <vector>

#include "hitoku/ingest/text_encoding.h"

namespace hitoku {

enum class TableLayout {
  Long,  // one row per cell: dimension columns, then the count
  Wide,  // a printed cross-tab: the last table dimension runs across the top, the others down the side
};
const char* to_string(TableLayout layout);  // "long" | "wide"

struct TableFormat {
  TableLayout layout = TableLayout::Long;
  TextEncoding encoding = TextEncoding::Utf8;
  bool crlf = true;       // line ending CRLF (Excel) or LF
  std::string file;       // as named in the manifest (relative to the manifest's folder)
  // A workbook (file ending in .xlsx): the sheet holding the table, and the sheet of its true values
  // in the workbook `true_values_file` (manifest `sheet`, `true_values_sheet`). Empty for CSV.
  std::string sheet, true_values_sheet;
  std::vector<std::vector<std::string>> preamble;  // rows above the header (titles), written back as read
  // Column headers of the table dimensions, in Table::dims order. Wide: the last entry (the column
  // dimension) is only used to name it in the manifest; the header row holds its codes or labels.
  std::vector<std::string> dimension_headers;
  std::string count_header;  // long: the count column
  // Per table dimension: the file shows labels (true) or codes (false).
  std::vector<bool> show_labels;
  // Per table dimension: true when the file has no column for it (manifest `fixed: {site: C25}`); the
  // table then shows exactly one code of it. Empty = every dimension is in the file. Fixed
  // dimensions come first in Table::dims, so a wide table's column dimension stays the last one.
  std::vector<bool> fixed;
  bool is_fixed(std::size_t d) const { return d < fixed.size() && fixed[d]; }
  std::string marker = "*";  // printed for a suppressed cell: the first marker seen on input
  // Where the true values of suppressed cells live: a second file in the same layout, or (long only)
  // a column of the table file. Both empty when the table has no suppressed cell.
  std::string true_values_file;
  std::string true_value_column;
  // Long: the declared columns beside the count (derived values, ignored and not-modelled columns)
  // in file order; wide: the declared headings that are not codes. Written back after the count.
  std::vector<std::string> other_headers;
};

// How every table of one submission looks on disk, by table id (ids are unique in a submission and
// never change: protect and merge keep them). Filled by the loaders (load_submission, the table plan
// builder, build_table), taken by the writers (table_writer.h).
struct SubmissionLayout {
  std::map<std::string, TableFormat> tables;
  // The format of table `table_id`; the defaults for a table without one (built in memory, or an
  // earlier publication joined from the registry of publications).
  const TableFormat& of(const std::string& table_id) const;
  TableFormat& of(const std::string& table_id);  // added with the defaults when absent
};

}  // namespace hitoku
