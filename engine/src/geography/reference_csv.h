#pragma once
// A minimal CSV reader for the reference files (UTF-8, optional BOM, quotes, CRLF).
// Local to geography until a shared CSV reader lands; errors name file, line and column.
#include <map>
#include <string>
#include <vector>

#include "hitoku/error.h"

namespace hitoku::geography_detail {

struct CsvRow {
  long line = 0;
  std::vector<std::string> fields;
};

struct CsvFile {
  std::string path;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  // Column index by header name; -1 if absent.
  int column(const std::string& name) const;
  // Column index; throws InputError when the header lacks it.
  int require_column(const std::string& name) const;
  // Field of a row; throws InputError when the row is too short.
  const std::string& field(const CsvRow& row, int column) const;
  SourcePos where(const CsvRow& row, int column) const;
};

// Reads and splits the whole file; throws InputError if unreadable or malformed.
CsvFile read_reference_csv(const std::string& path, const std::string& role);

}  // namespace hitoku::geography_detail
