#pragma once
// The tests' own rounding of derived values, in integers and independent of engine/src/derived: a
// printed value as its digits (value × 10^decimals) and as text.
#include <cstdint>
#include <string>

namespace hitoku::testing {

__extension__ typedef __int128 Wide;

// Half-up rounding of count * per / pop to `decimals`, as the printed digits (value * 10^decimals):
// floor((2 * count * per * 10^d + pop) / (2 * pop)).
inline std::int64_t printed_rate(std::int64_t count, std::int64_t pop, std::int64_t per, int decimals) {
  Wide scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  return static_cast<std::int64_t>((2 * static_cast<Wide>(count) * per * scale + pop) / (2 * static_cast<Wide>(pop)));
}

// The digits as printed text: 13 with 1 decimal is "1.3", 4 with 2 decimals "0.04".
inline std::string digits(std::int64_t scaled, int decimals) {
  std::string s = std::to_string(scaled);
  if (decimals == 0) return s;
  while (static_cast<int>(s.size()) <= decimals) s = "0" + s;
  return s.substr(0, s.size() - static_cast<std::size_t>(decimals)) + "." +
         s.substr(s.size() - static_cast<std::size_t>(decimals));
}

}  // namespace hitoku::testing
