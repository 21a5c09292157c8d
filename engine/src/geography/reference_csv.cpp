#include "geography/reference_csv.h"

#include "hitoku/sha256.h"

namespace hitoku::geography_detail {

int CsvFile::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

int CsvFile::require_column(const std::string& name) const {
  int c = column(name);
  if (c < 0)
    throw InputError({path, 1, name}, "必要な列「" + name + "」がありません",
                     "required column '" + name + "' is missing");
  return c;
}

const std::string& CsvFile::field(const CsvRow& row, int c) const {
  if (c < 0 || static_cast<std::size_t>(c) >= row.fields.size())
    throw InputError(where(row, c), "列が足りません", "the row has too few fields");
  return row.fields[static_cast<std::size_t>(c)];
}

SourcePos CsvFile::where(const CsvRow& row, int c) const {
  std::string name = (c >= 0 && static_cast<std::size_t>(c) < header.size()) ? header[c] : std::string();
  return {path, row.line, name};
}

CsvFile read_reference_csv(const std::string& path, const std::string& role) {
  std::string bytes = read_file_bytes(path, role);
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);
  CsvFile file;
  file.path = path;
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false, any = false;
  long line = 1, row_line = 1;
  auto end_row = [&] {
    fields.push_back(cur);
    cur.clear();
    bool blank = fields.size() == 1 && fields[0].empty();
    if (!blank) {
      if (file.header.empty())
        file.header = fields;
      else
        file.rows.push_back({row_line, fields});
    }
    fields.clear();
    any = false;
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char ch = bytes[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line;
        cur += ch;
      }
      continue;
    }
    if (!any) row_line = line;
    any = true;
    if (ch == '"' && cur.empty()) {
      quoted = true;
    } else if (ch == ',') {
      fields.push_back(cur);
      cur.clear();
    } else if (ch == '\r') {
      // CRLF: the '\n' ends the row.
    } else if (ch == '\n') {
      end_row();
      ++line;
    } else {
      cur += ch;
    }
  }
  if (quoted) throw InputError({path, row_line, ""}, "引用符が閉じていません", "unterminated quoted field");
  if (any) end_row();
  if (file.header.empty()) throw InputError({path, 1, ""}, "ファイルが空です", "the file is empty");
  for (auto& h : file.header)
    while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.pop_back();
  return file;
}

}  // namespace hitoku::geography_detail
