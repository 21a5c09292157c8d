#include "hitoku/error.h"

namespace hitoku {

std::string SourcePos::describe() const {
  std::string s = file.empty() ? std::string("(input)") : file;
  if (line > 0) {
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
