// Numbers of a worksheet as Excel shows them: decimal places and percent of the cell's number format,
// rounded in decimal (half away from zero, as Excel displays), never through binary floating point.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdio>

#include "xlsx_reader.h"

namespace hitoku::ingest {
namespace {

// A plain decimal "digits[.digits]" with its sign, from Excel's stored text (which may use an exponent).
struct Decimal {
  bool negative = false;
  std::string whole = "0", fraction;
};

bool plain_decimal(const std::string& s) {
  std::size_t i = (s.size() > 0 && s[0] == '-') ? 1 : 0;
  bool digit = false, point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digit = true;
    else if (s[i] == '.' && !point) point = true;
    else return false;
  }
  return digit;
}

Decimal parse_decimal(std::string s) {
  if (!plain_decimal(s)) {
    // An exponent ("1.2E-3"): Excel keeps 15 significant digits, so does this.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15f", std::strtod(s.c_str(), nullptr));
    s = buf;
  }
  Decimal d;
  if (!s.empty() && s[0] == '-') {
    d.negative = true;
    s.erase(0, 1);
  }
  const std::size_t point = s.find('.');
  d.whole = s.substr(0, point);
  if (point != std::string::npos) d.fraction = s.substr(point + 1);
  d.whole.erase(0, std::min(d.whole.find_first_not_of('0'), d.whole.size() - 1));
  if (d.whole.empty()) d.whole = "0";
  return d;
}

// Multiplies by 100 (percent formats).
void times_hundred(Decimal& d) {
  for (int i = 0; i < 2; ++i) {
    d.whole += d.fraction.empty() ? '0' : d.fraction[0];
    if (!d.fraction.empty()) d.fraction.erase(0, 1);
  }
  d.whole.erase(0, std::min(d.whole.find_first_not_of('0'), d.whole.size() - 1));
}

// Rounds to `places` decimals, half away from zero.
void round_to(Decimal& d, std::size_t places) {
  const bool up = d.fraction.size() > places && d.fraction[places] >= '5';
  d.fraction.resize(places, '0');
  if (!up) return;
  std::string digits = d.whole + d.fraction;
  int i = static_cast<int>(digits.size()) - 1;
  for (; i >= 0 && digits[static_cast<std::size_t>(i)] == '9'; --i) digits[static_cast<std::size_t>(i)] = '0';
  if (i < 0) digits.insert(digits.begin(), '1');
  else ++digits[static_cast<std::size_t>(i)];
  d.whole = digits.substr(0, digits.size() - places);
  d.fraction = digits.substr(digits.size() - places);
}

std::string text(const Decimal& d) {
  const bool zero = d.whole == "0" && d.fraction.find_first_not_of('0') == std::string::npos;
  std::string out = (d.negative && !zero) ? "-" : "";
  out += d.whole;
  if (!d.fraction.empty()) out += "." + d.fraction;
  return out;
}

// The first section of a format (positive numbers); "General", text or no digit placeholder: as stored.
bool general_code(const std::string& code) {
  return code.empty() || code == "General" || code == "@" || code.find('0') == std::string::npos;
}

}  // namespace

bool format_hides_digits(const std::string& stored, const std::string& format) {
  if (stored.empty()) return false;
  const std::string code = format.substr(0, format.find(';'));
  Decimal d = parse_decimal(stored);
  if (!general_code(code) && code.find('%') != std::string::npos) times_hundred(d);
  // Excel keeps 15 significant digits (0.30000000000000004 is 0.3).
  const std::size_t first = d.fraction.find_first_not_of('0');
  if (d.whole == "0" && first == std::string::npos) return false;
  const std::size_t places = d.whole != "0" ? (d.whole.size() >= 15 ? 0 : 15 - d.whole.size()) : first + 15;
  if (d.fraction.size() > places) round_to(d, places);
  Decimal shown = parse_decimal(format_cell_number(stored, format));
  for (Decimal* x : {&d, &shown})
    while (!x->fraction.empty() && x->fraction.back() == '0') x->fraction.pop_back();
  return text(d) != text(shown);
}

bool date_format(const std::string& format) {
  std::string code;
  for (char c : format) code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (code.compare(i, 7, "general") == 0) {
      i += 6;
    } else if (c == '"') {
      i = code.find('"', i + 1);
      if (i == std::string::npos) return false;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal text or padding
    } else if (c == '[') {
      // [h] [mm] [ss] are elapsed time; [$-411], [Red], [>=100] are locales, colours and conditions.
      const std::size_t end = code.find(']', i);
      if (end == std::string::npos) return false;
      const std::string inside = code.substr(i + 1, end - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hms") == std::string::npos) return true;
      i = end;
    } else if (std::string("ymdhsgb").find(c) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string date_text(const std::string& stored) {
  // Excel's serial date: days since 1899-12-30 (Excel's phantom 29 February 1900 aside).
  const double serial = std::strtod(stored.c_str(), nullptr);
  if (!(serial >= 0 && serial < 2958466)) return "####";
  const long z = static_cast<long>(serial) - 25569 + 719468;  // days since 0000-03-01 (civil_from_days)
  const long era = z / 146097, doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
  const long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return std::to_string(year) + "/" + std::to_string(month) + "/" + std::to_string(day);
}

std::string format_cell_number(const std::string& stored, const std::string& format) {
  if (stored.empty()) return stored;
  Decimal d = parse_decimal(stored);
  // The first section of the format (positive numbers), without quoted text and colours.
  std::string code = format.substr(0, format.find(';'));
  if (general_code(code)) {
    // As stored: an integer without ".0", a fraction trimmed of trailing zeros.
    while (!d.fraction.empty() && d.fraction.back() == '0') d.fraction.pop_back();
    return text(d);
  }
  if (code.find('%') != std::string::npos) times_hundred(d);
  const std::size_t point = code.find('.');
  std::size_t fixed = 0, places = 0;  // "0.0#": one decimal always, a second when not zero
  if (point != std::string::npos)
    for (std::size_t i = point + 1; i < code.size() && (code[i] == '0' || code[i] == '#'); ++i, ++places)
      if (code[i] == '0') fixed = places + 1;
  round_to(d, places);
  while (d.fraction.size() > fixed && d.fraction.back() == '0') d.fraction.pop_back();
  return text(d);
}

}  // namespace hitoku::ingest
