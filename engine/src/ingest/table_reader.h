#pragma once
// Reads one table file (long or wide) into cells keyed by dimension codes.
#include <string>
#include <vector>

#include "count_field.h"
#include "hitoku/model/dimension.h"
#include "table_spec.h"

namespace hitoku::ingest {

struct TableFileContent {
  std::string bytes;  // as read, for the hash
  TextEncoding encoding = TextEncoding::Utf8;
  bool crlf = true;
  std::string sheet;  // the workbook sheet read (empty for CSV)
  std::vector<std::vector<std::string>> preamble;
  std::vector<std::string> dimension_headers;  // as in the file (wide: the column dimension's label)
  std::vector<bool> show_labels;
  std::string first_marker;
  CellMap cells;        // the counts (or markers)
  CellMap true_cells;   // long with a true-value column: the non-empty true values
  std::map<std::string, TextMap> other_cells;  // declared columns beside the count, by header
  std::vector<std::string> other_headers;      // their headers in file order
};

// `path` is the file to open, `display` the name used in errors. With markers_allowed false (a
// true-values file) a marker is an error. Checks: columns exist, codes known (and listed, if the
// table lists codes), no duplicate cell, counts are non-negative integers.
TableFileContent read_table_file(const std::vector<Dimension>& dimensions, const TableSpec& spec,
                                 const std::string& path, const std::string& display,
                                 const SuppressionMarkers& markers, bool markers_allowed,
                                 const std::string& true_value_column = "");

}  // namespace hitoku::ingest
