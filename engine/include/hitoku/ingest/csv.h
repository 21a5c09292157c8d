#pragma once
// RFC 4180 CSV as Excel writes it: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hitoku/ingest/text_encoding.h"

namespace hitoku {

struct CsvRow {
  long line = 0;                    // 1-based line where the record starts
  std::vector<std::string> fields;  // quotes removed, then trimmed (ASCII space and U+3000)
};

struct CsvFile {
  std::string path;         // as named by the user
  std::string bytes;        // the file as read (for hashing)
  TextEncoding encoding = TextEncoding::Utf8;
  std::vector<CsvRow> rows;  // blank lines (every field empty) are left out
};

// Splits UTF-8 text into records. Throws InputError({file, line}) for an unterminated quote or
// text after a closing quote.
std::vector<CsvRow> parse_csv(std::string_view utf8, const std::string& file);
// The same, handing each record to `on_row` as soon as it is parsed (an error it throws stops the
// parse there: a bad row early in a long file is reported without reading the rest).
void for_each_csv_row(std::string_view utf8, const std::string& file, const std::function<void(CsvRow&&)>& on_row);
// Checks (a regular file within InputLimits::max_table_bytes), reads and decodes a file without parsing
// it; fills file.path, file.bytes and file.encoding and returns the UTF-8 text.
std::string read_csv_text(const std::string& path, std::optional<TextEncoding> declared,
                          const std::string& display_path, CsvFile& file);
// Reads, decodes and parses a file; `role` names the file in errors ("表ファイル" etc. is added by callers).
CsvFile read_csv_file(const std::string& path, std::optional<TextEncoding> declared = std::nullopt,
                      const std::string& display_path = "");

// One CSV record, quoting fields that need it; no line ending.
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace hitoku
