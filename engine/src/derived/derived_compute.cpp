// Derived values of tables built from records (table plans, DataFrames): computed from the true
// counts and rounded exactly as declared (hitoku/derived_values.h, compute_derived_values).
#include <algorithm>

#include "derived/derived_math.h"
#include "hitoku/derived/derived_values.h"
#include "hitoku/model/submission.h"

namespace hitoku {
namespace {

using derived::Q;
using derived::Z;

// The printed value times 10^decimals: the one integer whose printed interval holds x
// (derived_math.cpp, printed_interval).
Z rounded_scaled(const Q& x, int decimals, DerivedRounding rounding) {
  Z scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  const Q y = x * Q(scale);
  const Z f = derived::floor_of(y);
  const Q rest = y - Q(f);
  const Q half(1, 2);
  switch (rounding) {
    case DerivedRounding::HalfUp: return rest >= half ? Z(f + 1) : f;
    case DerivedRounding::Down: return f;
    case DerivedRounding::HalfEven:
      if (rest > half) return f + 1;
      if (rest < half) return f;
      return f % 2 == 0 ? f : Z(f + 1);
  }
  return f;
}

std::string printed_text(const Z& scaled, int decimals) {
  std::string digits = scaled.str();
  if (decimals == 0) return digits;
  const auto d = static_cast<std::size_t>(decimals);
  if (digits.size() <= d) digits.insert(0, d + 1 - digits.size(), '0');
  digits.insert(digits.size() - d, ".");
  return digits;
}

}  // namespace

void compute_derived_values(const std::vector<Dimension>& dims, const Table& t, DerivedColumn& c) {
  static const Z kMaxScaled = [] {
    Z m = 1;
    for (int k = 0; k < 12 + 6; ++k) m *= 10;
    return m;
  }();
  c.rounding_stated = true;  // hitoku rounds them: the rule is known
  for (std::size_t f = 0; f < c.values.size(); ++f) {
    DerivedValue& v = c.values[f];
    if (v.state != DerivedValue::State::Printed) continue;
    const derived::Expression e = derived::expression_of(dims, t, c, f);
    const auto deps = derived::dependencies(e);
    if (std::any_of(deps.begin(), deps.end(), [&](std::size_t cell) { return is_suppressed(t.status[cell]); })) {
      v.state = DerivedValue::State::Marked;  // beside a count the user suppressed: the marker, as protect would
      v.text = c.marker;
      continue;
    }
    const Q x = derived::evaluate(e, t);
    const Z scaled = rounded_scaled(x, c.decimals, c.rounding);
    if (scaled >= kMaxScaled)
      throw InputError(c.where, "「" + c.header + "」の値 " + derived::decimal(x) + " は大きすぎて印刷できません（整数部 12 桁まで）",
                       "the value " + derived::decimal(x) + " of '" + c.header + "' is too large to print (12 digits before the point)");
    v.scaled = static_cast<std::int64_t>(scaled);
    v.text = printed_text(scaled, c.decimals);
  }
}

}  // namespace hitoku
