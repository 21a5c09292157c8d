#include "hitoku/model/error.h"

namespace hitoku {

std::string column_letters(long column) {
  std::string letters;
  for (long c = column; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters;
}

std::string SourcePos::describe() const {
  std::string s = file.empty() ? std::string("(input)") : file;
  if (!sheet.empty()) {
    // Excel's own notation: 表1!C7, or the whole row 表1!7:7 when no one cell is meant.
    s += " " + sheet;
    if (line > 0)
      s += "!" + (column > 0 ? column_letters(column) + std::to_string(line)
                             : std::to_string(line) + ":" + std::to_string(line));
  } else if (line > 0) {
    s += ':';
    s += std::to_string(line);
  }
  if (!field.empty()) {
    s += " [";
    s += field;
    s += ']';
  }
  return s;
}

InputError::InputError(SourcePos where, std::string message_ja, std::string message_en)
    : std::runtime_error(where.describe() + ": " + message_ja + " / " + message_en),
      where_(std::move(where)),
      message_ja_(std::move(message_ja)),
      message_en_(std::move(message_en)) {}

}  // namespace hitoku
