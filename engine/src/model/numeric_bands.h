#pragma once
// Groupings of one variable written as numeric bands (ages `0-39`, `40-64`, `65+`; `40～49歳`, `85歳以上`).
// Two such groupings whose bands overlap without a mapping (10-year bands beside 0-39/40-64/65+) define
// their common refinement by arithmetic: the pieces between every band's bounds. Adding those pieces under
// the leaves they split lets model/groupings.cpp link the groupings as if the author had listed them.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hitoku/model/dimension.h"

namespace hitoku {

// Whole numbers lo..hi, both included; an open upper end is kNoUpper.
struct NumericBand {
  static constexpr std::int64_t kNoUpper = INT64_MAX;
  std::int64_t lo = 0, hi = 0;
  bool operator==(const NumericBand&) const = default;
};

// The band a code's name (else the code) spells: `40-49`, `40～49歳`, `40歳～49歳`, `85+`, `85歳以上`,
// `40未満` (0..39), `～39`, `40代` (40..49), a single `7`; full-width digits allowed. Nothing else.
std::optional<NumericBand> parse_numeric_band(std::string_view text);

// The band a dimension's code stands for: its name when that spells one, its code when the name is the
// code; nullopt for codes such as 不明 whose name spells no band.
std::optional<NumericBand> band_of(const Dimension& d, int code_index);

// When the leaves of the groupings `members` (dimension indices of one variable) that are bands are
// disjoint within each grouping and cover the same numbers in all, adds under every leaf band the pieces
// that the other groupings' bounds cut it into (as refinement codes, reusing a code that spells the piece)
// and returns true; changes nothing and returns false otherwise (then linking says what does not fit).
bool refine_numeric_bands(std::vector<Dimension>& dims, const std::vector<int>& members);

// True when both dimensions have at least two leaf bands, the same numbers covered by them, and the same
// leaves that are not bands (by code): they may be two groupings of one numeric variable.
bool same_numeric_cover(const Dimension& a, const Dimension& b);

}  // namespace hitoku
