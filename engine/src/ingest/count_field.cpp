#include "count_field.h"

#include <algorithm>

#include "hitoku/ingest/text_encoding.h"

namespace hitoku::ingest {
namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1,234,567": groups of exactly three digits after the first; anything else is not a count.
bool thousands_grouped(const std::string& s, std::string& digits) {
  std::size_t first = s.find(',');
  if (first == std::string::npos || first == 0 || first > 3) return false;
  digits = s.substr(0, first);
  if (!all_digits(digits)) return false;
  for (std::size_t i = first; i < s.size(); i += 4) {
    if (s[i] != ',' || i + 4 > s.size()) return false;
    std::string group = s.substr(i + 1, 3);
    if (!all_digits(group)) return false;
    digits += group;
  }
  return true;
}

}  // namespace

const std::vector<std::string>& builtin_markers() {
  static const std::vector<std::string> markers{"*", "x", "X", "-", "－", "…", "χ", "秘匿"};
  return markers;
}

SuppressionMarkers::SuppressionMarkers(std::vector<std::string> markers) : markers_(std::move(markers)) {
  for (const auto& m : markers_) folded_.push_back(fold_width(trim_text(m)));
}

const std::string* SuppressionMarkers::match(const std::string& text) const {
  std::string folded = fold_width(text);
  for (std::size_t i = 0; i < folded_.size(); ++i)
    if (!folded_[i].empty() && folded_[i] == folded) return &markers_[i];
  return nullptr;
}

CountField parse_count(const std::string& field, const SuppressionMarkers& markers, bool markers_allowed,
                       const SourcePos& where) {
  CountField out;
  if (field.empty())
    throw InputError(where, "値が空欄です（数値か秘匿記号を書いてください）",
                     "the value is empty (write a number or a suppression marker)");
  if (const std::string* m = markers.match(field)) {
    if (!markers_allowed)
      throw InputError(where, "真値の欄に秘匿記号「" + field + "」があります。真値は数値で書いてください",
                       "a suppression marker '" + field + "' where the true value must be a number");
    out.suppressed = true;
    out.marker = *m;
    return out;
  }
  std::string s = fold_width(field);
  std::string digits;
  bool negative = !s.empty() && s[0] == '-';
  std::string body = negative ? trim_text(s.substr(1)) : s;
  if (all_digits(body)) digits = body;
  else if (!thousands_grouped(body, digits)) digits.clear();
  if (digits.empty())
    throw InputError(where, "「" + field + "」は件数（0 以上の整数）として読めません",
                     "'" + field + "' is not a count (a non-negative integer)");
  if (negative)
    throw InputError(where, "件数が負の値「" + field + "」です", "negative count '" + field + "'");
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  if (digits.size() > 15)
    throw InputError(where, "件数「" + field + "」が大きすぎます", "count '" + field + "' is too large");
  out.value = std::stoll(digits);
  return out;
}

}  // namespace hitoku::ingest
