#include "derived/derived_ranges.h"

#include <algorithm>
#include <map>

namespace hitoku::derived {
namespace {

// Coefficients up to 2^40 and bounds up to 2^61 keep every sum the audit forms inside 128 bits
// (exact_point.h) and every coefficient exact in the LP's doubles.
const Z kMaxCoefficient = Z(1) << 40;
const Z kMaxBound = Z(1) << 61;

struct IntegerRow {
  std::vector<std::pair<std::size_t, Z>> terms;
  bool lower = true;
  Z bound;
};

// sum(k * cell) op rhs over the suppressed cells, scaled by the common denominator and divided by
// the coefficients' gcd: a >= b over integers means a >= ceil(b), a > b means a >= floor(b) + 1.
std::optional<IntegerRow> integer_row(const Table& t, const Inequality& in, const std::vector<std::size_t>& unknown) {
  std::map<std::size_t, Q> coef;
  Q rest = 0;
  for (const auto& [cell, k] : in.terms) {
    if (std::find(unknown.begin(), unknown.end(), cell) != unknown.end()) coef[cell] += k;
    else rest += k * Q(t.value[cell]);
  }
  Z den = 1;
  for (const auto& [cell, k] : coef) den = boost::multiprecision::lcm(den, boost::multiprecision::denominator(k));
  IntegerRow row;
  row.lower = in.lower;
  Z g = 0;
  for (const auto& [cell, k] : coef) {
    const Z a = boost::multiprecision::numerator(k * Q(den));
    if (a == 0) continue;
    row.terms.emplace_back(cell, a);
    g = boost::multiprecision::gcd(g, a < 0 ? Z(-a) : a);
  }
  if (row.terms.empty()) return std::nullopt;
  const Q b = (in.rhs - rest) * Q(den) / Q(g);
  for (auto& term : row.terms) term.second /= g;
  if (in.lower) row.bound = in.strict ? floor_of(b) + 1 : ceil_of(b);
  else row.bound = in.strict ? ceil_of(b) - 1 : floor_of(b);
  return row;
}

bool fits(const IntegerRow& row) {
  for (const auto& [cell, a] : row.terms)
    if (a >= kMaxCoefficient || -a >= kMaxCoefficient) return false;
  return row.bound < kMaxBound && -row.bound < kMaxBound;
}

}  // namespace

std::optional<std::vector<DerivedRange>> integer_ranges(const Table& t, const std::vector<Inequality>& inequalities,
                                                        const std::vector<std::size_t>& unknown) {
  std::vector<DerivedRange> out;
  for (const Inequality& in : inequalities) {
    const auto row = integer_row(t, in, unknown);
    if (!row) continue;  // only published cells left: nothing for the attacker to learn
    if (!fits(*row)) return std::nullopt;
    DerivedRange r;
    for (const auto& [cell, a] : row->terms) r.terms.emplace_back(cell, static_cast<std::int64_t>(a));
    // A rate's two ends share their terms: one two-sided range.
    auto same = std::find_if(out.begin(), out.end(), [&](const DerivedRange& o) { return o.terms == r.terms; });
    DerivedRange& target = same != out.end() ? *same : r;
    (row->lower ? target.has_lower : target.has_upper) = true;
    (row->lower ? target.lower : target.upper) = static_cast<std::int64_t>(row->bound);
    if (same == out.end()) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hitoku::derived
