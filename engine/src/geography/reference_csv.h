#pragma once
// Header-addressed access to a reference CSV read with the shared reader (hitoku/csv.h);
// errors name file, line and column.
#include <string>
#include <vector>

#include "hitoku/ingest/csv.h"
#include "hitoku/model/error.h"

namespace hitoku::geography_detail {

struct ReferenceCsv {
  std::string path;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // data rows (header excluded)

  int column(const std::string& name) const;          // -1 if absent
  int require_column(const std::string& name) const;  // throws InputError when absent
  const std::string& field(const CsvRow& row, int column) const;  // throws when the row is short
  SourcePos where(const CsvRow& row, int column) const;
};

ReferenceCsv read_reference_csv(const std::string& path);

}  // namespace hitoku::geography_detail
