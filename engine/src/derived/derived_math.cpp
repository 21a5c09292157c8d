#include "derived/derived_math.h"

#include <map>

#include <optional>

namespace hitoku::derived {

PrintedInterval printed_interval(const DerivedValue& v, int decimals, DerivedRounding rounding) {
  Z scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  const Q value(Z(v.scaled), scale);
  const Q half(Z(1), scale * 2);
  PrintedInterval iv;
  switch (rounding) {
    case DerivedRounding::HalfUp:  // x in [v - h, v + h): the upper half rounds up
      iv = {value - half, value + half, true, false};
      break;
    case DerivedRounding::HalfEven: {  // ties go to the even last digit
      const bool even = v.scaled % 2 == 0;
      iv = {value - half, value + half, even, even};
      break;
    }
    case DerivedRounding::Down:  // truncated: x in [v, v + 2h)
      iv = {value, value + half * 2, true, false};
      break;
  }
  return iv;
}

bool holds(const PrintedInterval& iv, const Q& x) {
  return (iv.lo_closed ? x >= iv.lo : x > iv.lo) && (iv.hi_closed ? x <= iv.hi : x < iv.hi);
}

PrintedInterval audit_interval(const DerivedValue& v, const DerivedColumn& c, const Q& truth) {
  if (c.rounding_stated) return printed_interval(v, c.decimals, c.rounding);
  std::optional<PrintedInterval> out;
  for (DerivedRounding r : {DerivedRounding::HalfUp, DerivedRounding::HalfEven, DerivedRounding::Down}) {
    const PrintedInterval iv = printed_interval(v, c.decimals, r);
    if (!holds(iv, truth)) continue;
    if (!out) {
      out = iv;
      continue;
    }
    if (iv.lo > out->lo || (iv.lo == out->lo && !iv.lo_closed)) out->lo = iv.lo, out->lo_closed = iv.lo_closed;
    if (iv.hi < out->hi || (iv.hi == out->hi && !iv.hi_closed)) out->hi = iv.hi, out->hi_closed = iv.hi_closed;
  }
  return out ? *out : printed_interval(v, c.decimals, DerivedRounding::HalfUp);
}

Expression expression_of(const Submission& s, const Table& t, const DerivedColumn& c, std::size_t flat) {
  return expression_of(s.dimensions, t, c, flat);
}

Expression expression_of(const std::vector<Dimension>& dims, const Table& t, const DerivedColumn& c, std::size_t flat) {
  Expression e;
  if (c.kind == DerivedKind::Percent) {
    e.ratio = true;
    e.num = flat;
    e.den = static_cast<std::size_t>(c.base[flat]);
    return e;
  }
  if (c.kind == DerivedKind::Rate) {
    e.terms.push_back({flat, Q(Z(c.per), Z(c.population[flat]))});
    return e;
  }
  // Direct standardisation: sum over the finest ages under the cell's age of w_a * c_a / p_a, times
  // per, over the sum of the weights.
  const auto a = static_cast<std::size_t>(c.age_position);
  const Dimension& age = dims[t.dims[a]];
  auto pos = t.positions(flat);
  const int total = t.codes[a][static_cast<std::size_t>(pos[a])];
  Z weights = 0;
  std::vector<std::pair<std::size_t, Z>> cells;
  for (std::size_t p = 0; p < c.weight.size(); ++p) {
    if (c.weight[p] == 0) continue;
    bool under = false;
    for (int up = t.codes[a][p]; up >= 0 && !under; up = age.parent(up)) under = up == total;
    if (!under) continue;
    pos[a] = static_cast<int>(p);
    cells.push_back({t.flat_index(pos), Z(c.weight[p])});
    weights += c.weight[p];
  }
  for (const auto& [cell, w] : cells) e.terms.push_back({cell, Q(w * c.per, Z(c.population[cell]) * weights)});
  return e;
}

std::vector<std::size_t> dependencies(const Expression& e) {
  if (e.ratio) return {e.num, e.den};
  std::vector<std::size_t> out;
  for (const auto& [cell, k] : e.terms) out.push_back(cell);
  return out;
}

Q evaluate(const Expression& e, const Table& t) {
  if (e.ratio) return Q(Z(t.value[e.num]) * 100, Z(t.value[e.den]));
  Q sum = 0;
  for (const auto& [cell, k] : e.terms) sum += k * Q(t.value[cell]);
  return sum;
}

std::vector<Inequality> inequalities(const Expression& e, const PrintedInterval& iv) {
  std::vector<Inequality> out(2);
  out[0].lower = true;
  out[0].strict = !iv.lo_closed;
  out[1].lower = false;
  out[1].strict = !iv.hi_closed;
  if (!e.ratio) {
    out[0].terms = out[1].terms = e.terms;
    out[0].rhs = iv.lo;
    out[1].rhs = iv.hi;
    return out;
  }
  // 100 num / den >= lo  <=>  100 num - lo den >= 0 (den > 0); the same for hi.
  for (int k = 0; k < 2; ++k) {
    std::map<std::size_t, Q> terms;
    terms[e.num] += Q(100);
    terms[e.den] -= k == 0 ? iv.lo : iv.hi;
    for (const auto& [cell, coef] : terms)
      if (coef != 0) out[static_cast<std::size_t>(k)].terms.push_back({cell, coef});
    out[static_cast<std::size_t>(k)].rhs = 0;
  }
  return out;
}

Z floor_of(const Q& q) {
  const Z n = boost::multiprecision::numerator(q), d = boost::multiprecision::denominator(q);
  Z f = n / d;
  if (n < 0 && f * d != n) f -= 1;
  return f;
}

Z ceil_of(const Q& q) { return -floor_of(-q); }

std::string decimal(const Q& q) {
  const bool negative = q < 0;
  const Q a = negative ? Q(-q) : q;
  const Z whole = floor_of(a);
  Q rest = a - Q(whole);
  std::string digits;
  for (int k = 0; k < 4 && rest != 0; ++k) {
    rest *= 10;
    const Z d = floor_of(rest);
    digits += static_cast<char>('0' + static_cast<int>(d));
    rest -= Q(d);
  }
  std::string s = (negative ? "-" : "") + with_commas(whole);
  if (!digits.empty()) s += "." + digits;
  if (rest != 0) s += "…";
  return s;
}

std::string with_commas(const Z& v) {
  std::string s = v.str();
  const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  for (int i = static_cast<int>(s.size()) - 3; i > static_cast<int>(start); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

}  // namespace hitoku::derived
