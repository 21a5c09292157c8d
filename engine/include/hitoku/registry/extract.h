#pragma once
// Registry extracts (がん情報の提供データ) in the 74-field layout of the provision rules
// (様式第1号 別紙, 登録情報 平成30年10月1日現在): the field table as data, and a streaming
// reader that hands over only the fields a caller asks for.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hitoku/model/error.h"
#include "hitoku/ingest/text_encoding.h"

namespace hitoku {

enum class ExtractFieldType { Number, Text };  // 数値型 / 文字列型

// One field of the layout. `allowed` lists the valid codes of coded fields ("0,1,2",
// "0-120,999"; empty = any value of the type and width); `nullable` marks fields that may be
// empty by the rules (null:死亡者情報票情報のみ, or fields only output with survival items).
struct ExtractField {
  int number;                 // 1..74 as listed
  std::string_view header;    // Japanese header name as listed (ヘッダ)
  ExtractFieldType type;
  int width;                  // 文字数: maximum characters
  std::string_view allowed;
  bool nullable;
  std::string_view meaning_en;  // short English explanation
};

// The 74 fields in layout order.
const std::vector<ExtractField>& extract_fields();
// Index (0-based) of a field by header name, or -1. Matching ignores ASCII and full-width
// spaces and treats full-width parentheses as ASCII, so "ICD-10コード" finds "ICD-10 コード".
int find_extract_field(std::string_view header);
// The header name in matching form (spaces removed, parentheses ASCII).
std::string normalize_header(std::string_view header);

// True when `value` (already trimmed) is one of the field's allowed codes (or, for fields
// without a code list, a well-formed value of the field's type and width). Empty values are
// valid only for nullable fields.
bool extract_value_valid(const ExtractField& field, std::string_view value);

// Streams the records of an extract once. The header row is matched against the layout; the
// caller names the fields it needs and receives, per record, their values (trimmed, unquoted,
// decoded to UTF-8) in the order asked. Columns not asked for are skipped without decoding.
// The SHA-256 of every byte read is computed on the way. Encoding as in text_encoding.h:
// nullopt detects (BOM or valid UTF-8 header: UTF-8, otherwise CP932). The whole-file CSV
// reader of csv.h would hold every field of a million records at once; this one streams.
class ExtractReader {
 public:
  // Throws InputError when the file cannot be opened or the header is not the layout's
  // (unknown column, duplicate column, a needed field missing).
  // A needed header also listed in `optional_headers` may be absent: its value is then always empty
  // and has_column() says so.
  ExtractReader(const std::string& path, const std::vector<std::string>& needed_headers,
                std::optional<TextEncoding> encoding = std::nullopt,
                const std::vector<std::string>& optional_headers = {});
  ~ExtractReader();
  ExtractReader(const ExtractReader&) = delete;
  ExtractReader& operator=(const ExtractReader&) = delete;

  // Next record; false at end of file. `values[i]` is the value of needed_headers[i]; views
  // stay valid until the next call. Throws InputError for a broken CSV record (wrong column
  // count, unterminated quote, undecodable bytes in a needed field).
  bool next(std::vector<std::string_view>& values);
  bool has_column(std::size_t k) const;  // whether needed_headers[k] is a column of the file
  long line() const;                   // 1-based line where the current record starts
  TextEncoding encoding() const;       // the encoding in use (as detected or declared)
  const std::string& path() const;
  std::string sha256_hex();            // of all bytes; reads the rest of the file first
  long long records_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hitoku
