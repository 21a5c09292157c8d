#pragma once
// The integer rows a published derived value over two or more suppressed cells gives the attacker
// (internal; hitoku/derived_values.h, DerivedRange).
#include <optional>
#include <vector>

#include "derived/derived_math.h"
#include "hitoku/derived/derived_values.h"

namespace hitoku::derived {

// The inequalities of one printed value with the published cells of `t` moved into the bounds,
// scaled to integer coefficients over the suppressed cells `unknown` and tightened to integer
// bounds (cells are integers). Nothing when a coefficient or bound does not fit the audit's
// 64-bit rows (the caller then reports the value as not audited).
std::optional<std::vector<DerivedRange>> integer_ranges(const Table& t, const std::vector<Inequality>& inequalities,
                                                        const std::vector<std::size_t>& unknown);

}  // namespace hitoku::derived
