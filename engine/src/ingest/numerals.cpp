#include "ingest/numerals.h"

#include <utility>
#include <vector>

namespace hitoku {
namespace {

// Code points of a UTF-8 text (a malformed byte stands for itself).
std::u32string code_points(const std::string& text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    char32_t cp = extra == 3 ? c & 0x07u : extra == 2 ? c & 0x0Fu : extra == 1 ? c & 0x1Fu : c;
    for (int k = 1; k <= extra && i + static_cast<std::size_t>(k) < text.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

// A digit of any script or form: ASCII, full-width, super- and subscripts, Roman numerals, circled and
// parenthesised numbers (①, ⑴, ❶, ㈠, ㊀), 〇, other scripts' decimal digits, mathematical digits.
bool numeral_code_point(char32_t c) {
  static const std::pair<char32_t, char32_t> kRanges[] = {
      {U'0', U'9'},         {0xFF10, 0xFF19},   {0x00B2, 0x00B3},   {0x00B9, 0x00B9},   {0x00BC, 0x00BE},
      {0x2070, 0x2079},     {0x2080, 0x2089},   {0x2150, 0x2189},   {0x2460, 0x24FF},   {0x2776, 0x2793},
      {0x3007, 0x3007},     {0x3021, 0x3029},   {0x3192, 0x3195},   {0x3220, 0x3229},   {0x3248, 0x324F},
      {0x3251, 0x325F},     {0x3280, 0x3289},   {0x32B1, 0x32BF},   {0x0660, 0x0669},   {0x06F0, 0x06F9},
      {0x07C0, 0x07C9},     {0x0966, 0x096F},   {0x09E6, 0x09EF},   {0x0A66, 0x0A6F},   {0x0AE6, 0x0AEF},
      {0x0B66, 0x0B6F},     {0x0BE6, 0x0BEF},   {0x0C66, 0x0C6F},   {0x0CE6, 0x0CEF},   {0x0D66, 0x0D6F},
      {0x0E50, 0x0E59},     {0x0ED0, 0x0ED9},   {0x0F20, 0x0F29},   {0x1040, 0x1049},   {0x17E0, 0x17E9},
      {0x1810, 0x1819},     {0x1D7CE, 0x1D7FF}, {0x1F100, 0x1F10C}};
  for (const auto& [lo, hi] : kRanges)
    if (c >= lo && c <= hi) return true;
  return false;
}

bool kanji_numeral(char32_t c) {
  static const std::u32string kKanji = U"〇零一二三四五六七八九十百千万壱弐参拾";
  return kKanji.find(c) != std::u32string::npos;
}

}  // namespace

bool looks_numeric(const std::string& text) {
  static const std::u32string kCounters = U"件例人名症％%割分歳才";
  const std::u32string cps = code_points(text);
  bool only_kanji = true, saw_kanji = false;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (numeral_code_point(cps[i])) return true;
    if (!kanji_numeral(cps[i])) {
      if (cps[i] != U' ' && cps[i] != 0x3000) only_kanji = false;
      continue;
    }
    saw_kanji = true;
    std::size_t j = i;
    while (j < cps.size() && kanji_numeral(cps[j])) ++j;
    if (j < cps.size() && kCounters.find(cps[j]) != std::u32string::npos) return true;
    i = j - 1;
  }
  return only_kanji && saw_kanji;
}


bool looks_like_count(const std::string& text) {
  static const std::u32string kCounters = U"件例人名症％%割";
  static const std::vector<std::u32string> kWords = {U"patient", U"case", U"person", U"people", U"subject"};
  const std::u32string cps = code_points(text);
  auto is_number = [](char32_t c) { return numeral_code_point(c) || kanji_numeral(c); };
  auto is_space = [](char32_t c) { return c == U' ' || c == 0x3000; };
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (!is_number(cps[i])) continue;
    std::size_t before = i;  // what stands before the number: n=, 数：, a fraction's slash
    while (before > 0 && is_space(cps[before - 1])) --before;
    const char32_t sign = before > 0 ? cps[before - 1] : 0;
    std::size_t word = before - (sign == U'=' || sign == 0xFF1D || sign == U':' || sign == 0xFF1A ? 1 : 0);
    while (word > 0 && is_space(cps[word - 1])) --word;
    const char32_t lead = word > 0 ? cps[word - 1] : 0;
    if (word < before && (lead == U'n' || lead == U'N' || lead == 0xFF4E || lead == 0xFF2E)) return true;
    if (lead == U'数' || sign == U'数') return true;
    if (sign == U'/' || sign == 0xFF0F) return true;
    std::size_t j = i;
    while (j < cps.size() && (is_number(cps[j]) || cps[j] == U'.' || cps[j] == U',' || cps[j] == 0xFF0E)) ++j;
    if (j < cps.size() && (cps[j] == U'/' || cps[j] == 0xFF0F)) return true;
    while (j < cps.size() && is_space(cps[j])) ++j;
    if (j < cps.size() && kCounters.find(cps[j]) != std::u32string::npos) return true;
    for (const auto& w : kWords)
      if (cps.compare(j, w.size(), w) == 0) return true;
    i = j == i ? i : j - 1;
  }
  return false;
}

}  // namespace hitoku
