#pragma once
// One table entry of the manifest, checked against the dimensions but not yet read.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hitoku/model/error.h"
#include "hitoku/ingest/table_format.h"
#include "hitoku/ingest/text_encoding.h"

namespace hitoku::ingest {

struct TableSpec {
  std::string id, title;
  SourcePos where;  // the manifest entry
  bool earlier_publication = false;
  TableFormat format;  // file, layout, headers (encoding is filled when read)
  std::optional<TextEncoding> declared_encoding;
  int skip_rows = 0;
  std::vector<int> dims;  // submission dimension indices; wide: the last one runs across the top
  // Per table dimension: the codes the table must show, in order (from `codes:`), or empty = as found.
  std::vector<std::vector<int>> listed_codes;
  std::string hospital_dimension, hospital_attribute;
  bool additive = true;  // false for `count_unit: patients`
  // Declared columns beside the count (derived values, `ignore_columns`, `not_modelled`); in a long
  // file any other column is an input error. Population and standard-population files set
  // other_columns_free (their other columns are public data the audit does not need).
  std::vector<std::string> other_headers;
  bool other_columns_free = false;
  // A wide block of derived values (docs/formats.md §2.1, wide tables): every cell is kept as text in
  // TableFileContent::other_cells[""] under its full key, not parsed as a count.
  bool values_as_text = false;
};

// One cell as read: a count or a marker, and where it was.
struct RawCell {
  bool suppressed = false;
  std::int64_t value = 0;
  std::string marker;
  SourcePos pos;
};
using CellMap = std::map<std::vector<int>, RawCell>;  // key: dimension code index per table dimension
// The text of a declared column beside the count, per cell (wide: per row, the column key -1).
struct RawText {
  std::string text;
  SourcePos pos;
};
using TextMap = std::map<std::vector<int>, RawText>;

}  // namespace hitoku::ingest
