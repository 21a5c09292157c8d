#include "hitoku/ingest/csv.h"

#include "hitoku/model/error.h"
#include "hitoku/ingest/input_limits.h"
#include "hitoku/io/sha256.h"
#include "ingest/input_file.h"

namespace hitoku {

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file) {
  std::vector<CsvRow> rows;
  for_each_csv_row(text, file, [&](CsvRow&& row) { rows.push_back(std::move(row)); });
  return rows;
}

void for_each_csv_row(std::string_view text, const std::string& file, const std::function<void(CsvRow&&)>& on_row) {
  CsvRow row;
  std::string field;
  long line = 1;
  row.line = 1;
  bool quoted = false, after_quote = false, field_started = false;
  const std::size_t max_columns = input_limits().max_columns;
  auto end_field = [&] {
    if (row.fields.size() >= max_columns)
      throw InputError({file, row.line, ""},
                       "1行の欄が多すぎます（上限 " + std::to_string(max_columns) + " 欄）。表のファイルか確かめてください",
                       "too many fields in one row (at most " + std::to_string(max_columns) +
                           "); check that this is a table file");
    row.fields.push_back(trim_text(field));
    field.clear();
    quoted = after_quote = field_started = false;
  };
  auto end_row = [&](long next_line) {
    end_field();
    bool blank = true;
    for (const auto& f : row.fields) blank = blank && f.empty();
    if (!blank) on_row(std::move(row));
    row = CsvRow{};
    row.line = next_line;
  };
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++line;
      end_row(line);
    } else if (after_quote) {
      if (c == ' ' || c == '\t') continue;  // spaces after a closing quote are harmless
      throw InputError({file, line, ""}, "引用符で囲んだ欄の後に余分な文字があります",
                       "text after a closing quote");
    } else if (c == '"' && trim_text(field).empty()) {
      quoted = true;
      field.clear();
      field_started = true;
    } else {
      field += c;
    }
  }
  if (quoted)
    throw InputError({file, row.line, ""}, "引用符 (\") が閉じられていません", "a quote (\") is never closed");
  if (!field.empty() || !row.fields.empty() || after_quote || field_started) end_row(line);
}

std::string read_csv_text(const std::string& path, std::optional<TextEncoding> declared,
                          const std::string& display_path, CsvFile& f) {
  f.path = display_path.empty() ? path : display_path;
  ingest::check_input_file(path, f.path, input_limits().max_table_bytes, "ファイル", "file");
  try {
    f.bytes = read_file_bytes(path);
  } catch (const InputError&) {
    throw InputError({f.path, 0, ""}, "ファイルを開けません", "cannot open the file");
  }
  // A workbook saved under a .csv name would otherwise read as "not UTF-8 or CP932": say what it is.
  if (f.bytes.rfind("PK\x03\x04", 0) == 0 || f.bytes.rfind("\xD0\xCF\x11\xE0", 0) == 0)
    throw InputError({f.path, 0, ""},
                     "このファイルは CSV ではなく表計算ソフトのブック（Excel など）です。.xlsx の名前にしてマニフェストに sheet: を書くか、CSV で保存し直してください",
                     "this file is a spreadsheet workbook (Excel or similar), not CSV; name it .xlsx and give sheet: in "
                     "the manifest, or save it as CSV");
  DecodedText text = decode_text(f.bytes, declared, f.path);
  f.encoding = text.encoding;
  return std::move(text.utf8);
}

CsvFile read_csv_file(const std::string& path, std::optional<TextEncoding> declared,
                      const std::string& display_path) {
  CsvFile f;
  const std::string text = read_csv_text(path, declared, display_path, f);
  f.rows = parse_csv(text, f.path);
  return f;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const std::string& f = fields[i];
    bool needs_quotes = f.find_first_of(",\"\r\n") != std::string::npos || trim_text(f) != f;
    if (!needs_quotes) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace hitoku
