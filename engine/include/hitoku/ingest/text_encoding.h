#pragma once
// Text files as researchers hand them in: UTF-8, UTF-8 with BOM (Excel's "CSV UTF-8"), or CP932
// (Excel's Japanese "CSV"). Everything inside the engine is UTF-8.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hitoku {

enum class TextEncoding { Utf8, Utf8Bom, Cp932 };
const char* to_string(TextEncoding e);  // "utf-8" | "utf-8-bom" | "cp932"
// Parses a declared encoding: "auto" gives nullopt; "utf-8"/"utf8", "utf-8-bom", "cp932"/"shift_jis"/"sjis".
// Throws std::invalid_argument for anything else.
std::optional<TextEncoding> parse_encoding_name(std::string_view name);

struct DecodedText {
  std::string utf8;       // without BOM
  TextEncoding encoding;  // as detected (or declared)
};

// Decodes file bytes. Auto: a UTF-8 BOM means UTF-8; valid UTF-8 means UTF-8; otherwise CP932.
// A declared encoding is obeyed. Throws InputError({file, line, ""}) naming the first line that
// does not decode.
DecodedText decode_text(std::string_view bytes, std::optional<TextEncoding> declared, const std::string& file);
// Encodes UTF-8 text for writing; throws InputError when a character has no CP932 form.
std::string encode_text(std::string_view utf8, TextEncoding encoding, const std::string& file = "");

// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);

// Removes ASCII white space and the ideographic space U+3000 at both ends.
std::string trim_text(std::string_view s);
// Folds full-width ASCII (U+FF01..U+FF5E) to ASCII and U+2212 (minus sign) to '-'; other text is kept.
// Used to read counts ("１２３") and to compare suppression markers ("＊" == "*").
std::string fold_width(std::string_view s);

}  // namespace hitoku
