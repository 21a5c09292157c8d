#include "geography/reference_csv.h"

namespace hitoku::geography_detail {

int ReferenceCsv::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

int ReferenceCsv::require_column(const std::string& name) const {
  int c = column(name);
  if (c < 0)
    throw InputError({path, 1, name}, "必要な列「" + name + "」がありません",
                     "required column '" + name + "' is missing");
  return c;
}

const std::string& ReferenceCsv::field(const CsvRow& row, int c) const {
  if (c < 0 || static_cast<std::size_t>(c) >= row.fields.size())
    throw InputError(where(row, c), "列が足りません", "the row has too few fields");
  return row.fields[static_cast<std::size_t>(c)];
}

SourcePos ReferenceCsv::where(const CsvRow& row, int c) const {
  std::string name = (c >= 0 && static_cast<std::size_t>(c) < header.size()) ? header[c] : std::string();
  return {path, row.line, name};
}

ReferenceCsv read_reference_csv(const std::string& path) {
  CsvFile f = read_csv_file(path);
  ReferenceCsv out;
  out.path = path;
  if (f.rows.empty()) throw InputError({path, 1, ""}, "ファイルが空です", "the file is empty");
  out.header = f.rows.front().fields;
  out.rows.assign(f.rows.begin() + 1, f.rows.end());
  return out;
}

}  // namespace hitoku::geography_detail
