#pragma once
// Tiny helpers for writing escaped HTML into a string.
#include <string>
#include <string_view>

namespace hitoku::html {

inline std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Picks the Japanese or English text.
struct Lang {
  bool ja = true;
  const char* operator()(const char* jp, const char* en) const { return ja ? jp : en; }
  const std::string& operator()(const std::string& jp, const std::string& en) const { return ja ? jp : en; }
};

}  // namespace hitoku::html
