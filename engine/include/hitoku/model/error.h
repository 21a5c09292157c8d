#pragma once
// Bad input is reported with where it happened (file, line, field) in Japanese and English.
// Every front end maps InputError to exit code 2; it never turns into a verdict.
#include <stdexcept>
#include <string>

namespace hitoku {

struct SourcePos {
  SourcePos(std::string file_ = "", long line_ = 0, std::string field_ = "")
      : file(std::move(file_)), line(line_), field(std::move(field_)) {}

  std::string file;   // path as the user gave it
  long line = 0;      // 1-based; 0 when not applicable
  std::string field;  // column header, YAML key or field name; empty when not applicable
  // A cell of a workbook (.xlsx): the sheet, and the 1-based column (0 when not one cell); `line` is
  // then the sheet's row.
  std::string sheet;
  long column = 0;

  std::string describe() const;  // "file:line [field]"; a workbook cell: "book.xlsx 表1!C7 [field]"
};

// Excel's column letters: 1 → "A", 27 → "AA".
std::string column_letters(long column);

class InputError : public std::runtime_error {
 public:
  InputError(SourcePos where, std::string message_ja, std::string message_en);
  const SourcePos& where() const { return where_; }
  const std::string& message_ja() const { return message_ja_; }
  const std::string& message_en() const { return message_en_; }

 private:
  SourcePos where_;
  std::string message_ja_;
  std::string message_en_;
};

}  // namespace hitoku
