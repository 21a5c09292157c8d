#pragma once
// One table entry of the manifest, checked against the dimensions but not yet read.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hitoku/error.h"
#include "hitoku/table_format.h"
#include "hitoku/text_encoding.h"

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
};

// One cell as read: a count or a marker, and where it was.
struct RawCell {
  bool suppressed = false;
  std::int64_t value = 0;
  std::string marker;
  SourcePos pos;
};
using CellMap = std::map<std::vector<int>, RawCell>;  // key: dimension code index per table dimension

}  // namespace hitoku::ingest
