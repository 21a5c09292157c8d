#include "hitoku/ingest/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

#include "hitoku/model/error.h"

namespace hitoku {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

long line_of_offset(std::string_view bytes, std::size_t offset) {
  // In CP932 and UTF-8 a 0x0A byte is always a line feed (never a trailing byte).
  return 1 + static_cast<long>(std::count(bytes.begin(), bytes.begin() + static_cast<long>(offset), '\n'));
}

// Converts with glibc iconv; on failure returns the input offset that did not convert.
std::optional<std::size_t> convert(std::string_view in, const char* to, const char* from, std::string& out) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv cannot convert ") + from + " to " + to);
  out.clear();
  std::string buf(4096, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::optional<std::size_t> bad;
  while (src_left > 0) {
    char* dst = buf.data();
    std::size_t dst_left = buf.size();
    std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.append(buf.data(), buf.size() - dst_left);
    if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
      bad = static_cast<std::size_t>(src - in.data());
      break;
    }
  }
  iconv_close(cd);
  return bad;
}

}  // namespace

const char* to_string(TextEncoding e) {
  switch (e) {
    case TextEncoding::Utf8: return "utf-8";
    case TextEncoding::Utf8Bom: return "utf-8-bom";
    case TextEncoding::Cp932: return "cp932";
  }
  return "unknown";
}

std::optional<TextEncoding> parse_encoding_name(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n.empty() || n == "auto") return std::nullopt;
  if (n == "utf-8" || n == "utf8") return TextEncoding::Utf8;
  if (n == "utf-8-bom" || n == "utf-8-sig" || n == "utf8-bom") return TextEncoding::Utf8Bom;
  if (n == "cp932" || n == "shift_jis" || n == "shift-jis" || n == "sjis" || n == "windows-31j" || n == "ms932")
    return TextEncoding::Cp932;
  throw std::invalid_argument("unknown encoding '" + std::string(name) + "'");
}

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::nullopt;
}

DecodedText decode_text(std::string_view bytes, std::optional<TextEncoding> declared, const std::string& file) {
  const bool has_bom = bytes.substr(0, 3) == kBom;
  auto utf8_or_throw = [&](std::string_view body, TextEncoding enc, std::size_t shift) {
    if (auto bad = first_invalid_utf8(body))
      throw InputError({file, line_of_offset(bytes, *bad + shift), ""},
                       "UTF-8 として読めない文字があります（文字コードを確認してください）",
                       "bytes that are not valid UTF-8 (check the file's encoding)");
    return DecodedText{std::string(body), enc};
  };
  if (declared == TextEncoding::Utf8 || declared == TextEncoding::Utf8Bom || (!declared && has_bom)) {
    if (has_bom) return utf8_or_throw(bytes.substr(3), TextEncoding::Utf8Bom, 3);
    return utf8_or_throw(bytes, TextEncoding::Utf8, 0);
  }
  if (!declared && !first_invalid_utf8(bytes)) return {std::string(bytes), TextEncoding::Utf8};
  if (has_bom)
    throw InputError({file, 1, ""}, "CP932 と指定されていますが UTF-8 の BOM があります",
                     "declared CP932 but the file starts with a UTF-8 byte order mark");
  DecodedText out{{}, TextEncoding::Cp932};
  if (auto bad = convert(bytes, "UTF-8", "CP932", out.utf8)) {
    const char* ja = declared ? "CP932 (Shift_JIS) として読めない文字があります"
                              : "UTF-8 としても CP932 (Shift_JIS) としても読めない文字があります";
    const char* en = declared ? "bytes that are not valid CP932 (Shift_JIS)"
                              : "bytes that are neither valid UTF-8 nor valid CP932 (Shift_JIS)";
    throw InputError({file, line_of_offset(bytes, *bad), ""}, ja, en);
  }
  return out;
}

std::string encode_text(std::string_view utf8, TextEncoding encoding, const std::string& file) {
  switch (encoding) {
    case TextEncoding::Utf8: return std::string(utf8);
    case TextEncoding::Utf8Bom: return std::string(kBom) + std::string(utf8);
    case TextEncoding::Cp932: break;
  }
  std::string out;
  if (auto bad = convert(utf8, "CP932", "UTF-8", out))
    throw InputError({file, line_of_offset(utf8, *bad), ""}, "CP932 (Shift_JIS) で書けない文字があります",
                     "a character that CP932 (Shift_JIS) cannot represent");
  return out;
}

std::string trim_text(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
      s.remove_prefix(1);
    else if (s.substr(0, 3) == kIdeographicSpace)
      s.remove_prefix(3);
    else
      break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
      s.remove_suffix(1);
    else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace)
      s.remove_suffix(3);
    else
      break;
  }
  return std::string(s);
}

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xEF && i + 2 < s.size()) {
      // U+FF01..U+FF5E: EF BC 81..EF BC BF, EF BD 80..EF BD 9E
      auto c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
      unsigned cp = ((c0 & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFF01 + 0x21);
        i += 3;
        continue;
      }
    }
    if (s.substr(i, 3) == "\xE2\x88\x92") {  // U+2212 MINUS SIGN
      out += '-';
      i += 3;
      continue;
    }
    out += s[i++];
  }
  return out;
}

}  // namespace hitoku
