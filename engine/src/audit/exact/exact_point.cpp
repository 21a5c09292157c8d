#include "audit/exact/exact_point.h"

#include <algorithm>
#include <cmath>
#include <boost/multiprecision/cpp_int.hpp>
#include <numeric>

#include "audit/exact/modular_solve.h"

namespace hitoku::audit {
namespace {

__extension__ typedef __int128 Wide;

constexpr double kMaxCoordinate = 9007199254740992.0;  // 2^53: beyond, a float says nothing exact

Wide sum_of(const ExactPoint& p, const std::vector<int>& cols) {
  Wide s = 0;
  for (int c : cols) s += p.num[static_cast<std::size_t>(c)];
  return s;
}

// sum(coef * x) of a range (coefficients up to 2^40, coordinates up to 2^62 in all: fits 128 bits).
Wide range_sum(const ExactPoint& p, const ExactSystem::Range& g) {
  if (g.coef.empty()) return sum_of(p, g.cols);
  Wide s = 0;
  for (std::size_t k = 0; k < g.cols.size(); ++k) s += Wide(g.coef[k]) * p.num[static_cast<std::size_t>(g.cols[k])];
  return s;
}

bool inside(const ExactSystem::Range& g, Wide sum, Wide den) {
  return (g.open_lo() || sum >= Wide(g.lo) * den) && (g.open_hi() || sum <= Wide(g.hi) * den);
}

// Signed coefficients of a column over rows, as sorted (row, coefficient).
using Coefs = std::vector<std::pair<int, int>>;

Coefs coefs_of(const std::vector<int>& signature) {
  Coefs out;
  out.reserve(signature.size());
  for (int e : signature) out.emplace_back(e / 2, e % 2 ? -1 : 1);
  return out;
}

}  // namespace

bool operator<(Fraction a, Fraction b) { return Wide(a.num) * b.den < Wide(b.num) * a.den; }
bool operator==(Fraction a, Fraction b) { return Wide(a.num) * b.den == Wide(b.num) * a.den; }
std::int64_t floor_of(Fraction r) {
  std::int64_t q = r.num / r.den;
  if (r.num % r.den != 0 && r.num < 0) --q;
  return q;
}
std::int64_t ceil_of(Fraction r) {
  std::int64_t q = r.num / r.den;
  if (r.num % r.den != 0 && r.num > 0) ++q;
  return q;
}

void ExactSystem::index() {
  const auto cols = static_cast<std::size_t>(n);
  rows_of_col = column_lists<std::pair<int, signed char>>(cols, [&](auto&& emit) {
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t k = 0; k < rows[r].cols.size(); ++k)
        emit(rows[r].cols[k], std::pair<int, signed char>(static_cast<int>(r), rows[r].sign.empty() ? 1 : rows[r].sign[k]));
  });
  ranges_of_col = column_lists<int>(cols, [&](auto&& emit) {
    for (std::size_t g = 0; g < ranges.size(); ++g)
      for (int c : ranges[g].cols) emit(c, static_cast<int>(g));
  });
  range_weights_of_col = column_lists<std::int64_t>(cols, [&](auto&& emit) {
    for (std::size_t g = 0; g < ranges.size(); ++g)
      for (std::size_t k = 0; k < ranges[g].cols.size(); ++k) emit(ranges[g].cols[k], ranges[g].weight(k));
  });
}

bool verify(const ExactSystem& s, const ExactPoint& p) {
  if (p.den < 1 || p.num.size() != static_cast<std::size_t>(s.n)) return false;
  Wide total = 0;  // every sum of coordinates then fits in 64 bits (values are Fractions)
  for (std::int64_t v : p.num) {
    if (v < 0) return false;
    total += v;
  }
  if (total > (Wide(1) << 62)) return false;
  for (const auto& row : s.rows) {
    Wide sum = 0;
    for (std::size_t k = 0; k < row.cols.size(); ++k) {
      const Wide v = p.num[static_cast<std::size_t>(row.cols[k])];
      sum += (row.sign.empty() || row.sign[k] > 0) ? v : -v;
    }
    if (sum != Wide(row.rhs) * p.den) return false;
  }
  for (const auto& g : s.ranges)
    if (!inside(g, range_sum(p, g), p.den)) return false;
  return true;
}

namespace {

// The smallest q <= max_q with |q*y - round(q*y)| <= tol (continued fractions of y's fractional
// part), or 0 when there is none.
std::int64_t denominator_of(double y, double tol, std::int64_t max_q) {
  double f = y - std::floor(y);
  if (f <= tol || 1 - f <= tol) return 1;
  // Convergents h/k of f.
  std::int64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
  double r = f;
  for (int it = 0; it < 40; ++it) {
    const double a = std::floor(r);
    const auto ai = static_cast<std::int64_t>(a);
    const std::int64_t h2 = ai * h1 + h0, k2 = ai * k1 + k0;
    if (k2 > max_q) return 0;
    if (k2 > 0 && std::fabs(f * static_cast<double>(k2) - static_cast<double>(h2)) <= tol * static_cast<double>(k2))
      return k2;
    h0 = h1, h1 = h2, k0 = k1, k1 = k2;
    const double rest = r - a;
    if (rest < 1e-15) return 0;
    r = 1 / rest;
  }
  return 0;
}

}  // namespace

// A solver point whose coordinates partly carry large denominators (large sets): keep the
// coordinates that round to a denominator <= 64 (`strict`: only those within 1e-12 of an
// integer), and solve the others exactly (modular elimination, modular_solve.h) from the rows
// and the known ranges met at an end. Coordinates the rows leave free (Clp's optimum need not be
// a vertex) keep their value to 1/4096 (`strict`: 2^-30). Whatever comes out is verified like
// any other point.
static std::optional<ExactPoint> solved_point(const ExactSystem& s, const double* x, BigPoint* big, bool strict,
                                              long long* work) {
  using boost::multiprecision::cpp_int;
  constexpr std::size_t kMaxSolved = 200000;  // the elimination has its own work limit
  // Free coordinates keep their value to 1/4096 (a small common denominator), or in the strict
  // retry to 2^-30 (the coordinates solved from them then move by less than a small value
  // of theirs, which would otherwise go negative).
  const double kFine = strict ? 1073741824.0 : 4096.0;
  std::vector<std::int64_t> q(static_cast<std::size_t>(s.n));
  std::vector<int> bad;
  std::int64_t d0 = 1;
  for (int c = 0; c < s.n; ++c) {
    const double y = x[c];
    const std::int64_t d = strict ? (std::fabs(y - std::nearbyint(y)) <= 1e-12 * std::max(1.0, std::fabs(y)) ? 1 : 0)
                                  : denominator_of(y, 1e-9 * std::max(1.0, std::fabs(y)), 64);
    q[static_cast<std::size_t>(c)] = d;
    if (d == 0) {
      bad.push_back(c);
      if (bad.size() > kMaxSolved) return std::nullopt;
    } else {
      d0 = d0 / std::gcd(d0, d) * d;
      if (d0 > 1000000) return std::nullopt;
    }
  }
  if (bad.empty()) return std::nullopt;  // nothing to solve: the plain rounding already failed
  std::vector<cpp_int> good(static_cast<std::size_t>(s.n));  // x[c] * d0 for good coordinates
  for (int c = 0; c < s.n; ++c)
    if (q[static_cast<std::size_t>(c)] != 0) {
      const double y = x[c] * static_cast<double>(d0);
      if (y < -0.5 || y > kMaxCoordinate) return std::nullopt;
      good[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(std::nearbyint(y));
    }
  std::vector<int> pos(static_cast<std::size_t>(s.n), -1);
  for (std::size_t k = 0; k < bad.size(); ++k) pos[static_cast<std::size_t>(bad[k])] = static_cast<int>(k);
  // Rows touching a bad coordinate: sum(sign * y_bad) = rhs*d0 - sum(sign * good).
  IntegerSystem sys;
  sys.n = static_cast<int>(bad.size());
  std::vector<char> seen_row(s.rows.size(), 0);
  for (int c : bad)
    for (const auto& [r, sign0] : s.rows_of_col[static_cast<std::size_t>(c)]) {
      (void)sign0;
      if (seen_row[static_cast<std::size_t>(r)]) continue;
      seen_row[static_cast<std::size_t>(r)] = 1;
      const auto& row = s.rows[static_cast<std::size_t>(r)];
      IntegerSystem::Row eq;
      eq.rhs = cpp_int(row.rhs) * d0;
      for (std::size_t k = 0; k < row.cols.size(); ++k) {
        const int col = row.cols[k];
        const int sign = row.sign.empty() ? 1 : row.sign[k];
        if (pos[static_cast<std::size_t>(col)] >= 0) eq.terms.emplace_back(pos[static_cast<std::size_t>(col)], sign);
        else eq.rhs -= sign * good[static_cast<std::size_t>(col)];
      }
      sys.rows.push_back(std::move(eq));
    }
  // Known ranges met at an end bind like rows (a vertex may sit on them).
  for (const auto& g : s.ranges) {
    double sum = 0;
    bool touches = false;
    for (std::size_t k = 0; k < g.cols.size(); ++k) {
      const int c = g.cols[k];
      sum += static_cast<double>(g.weight(k)) * x[c];
      touches = touches || pos[static_cast<std::size_t>(c)] >= 0;
    }
    if (!touches) continue;
    std::int64_t end = 0;
    if (!g.open_lo() && std::fabs(sum - static_cast<double>(g.lo)) <= 1e-7 * std::max(1.0, std::fabs(sum))) end = g.lo;
    else if (!g.open_hi() && std::fabs(sum - static_cast<double>(g.hi)) <= 1e-7 * std::max(1.0, std::fabs(sum))) end = g.hi;
    else continue;
    IntegerSystem::Row eq;
    eq.rhs = cpp_int(end) * d0;
    for (std::size_t k = 0; k < g.cols.size(); ++k) {
      const int c = g.cols[k];
      if (pos[static_cast<std::size_t>(c)] >= 0) eq.terms.emplace_back(pos[static_cast<std::size_t>(c)], g.weight(k));
      else eq.rhs -= g.weight(k) * good[static_cast<std::size_t>(c)];
    }
    sys.rows.push_back(std::move(eq));
  }
  // Coordinates the rows leave free (the solver's point was not a vertex) keep their rounded
  // value; the others follow from them, exactly (modular elimination, modular_solve.h).
  std::vector<std::int64_t> free_num(bad.size());
  for (std::size_t k = 0; k < bad.size(); ++k)
    free_num[k] = static_cast<std::int64_t>(std::nearbyint(x[bad[k]] * static_cast<double>(d0) * kFine));
  ModularSolveLimits limits;
  limits.spent = work;
  const auto y = solve_exact(sys, free_num, static_cast<std::int64_t>(kFine), limits);
  if (!y) return std::nullopt;
  BigPoint b;
  b.den = y->den * d0;
  b.num.resize(static_cast<std::size_t>(s.n));
  for (int c = 0; c < s.n; ++c)
    b.num[static_cast<std::size_t>(c)] = pos[static_cast<std::size_t>(c)] < 0
                                            ? cpp_int(good[static_cast<std::size_t>(c)] * y->den)
                                            : y->num[static_cast<std::size_t>(pos[static_cast<std::size_t>(c)])];
  // Lowest terms, then into 64 bits when it fits.
  cpp_int g = b.den;
  for (const auto& v : b.num) {
    if (g == 1) break;
    g = boost::multiprecision::gcd(g, v);
  }
  if (g > 1) {
    for (auto& v : b.num) v /= g;
    b.den /= g;
  }
  if (!verify(s, b)) return std::nullopt;
  const cpp_int limit = cpp_int(1) << 62;
  bool fits = b.den <= (cpp_int(1) << 40);
  cpp_int total = 0;
  for (std::size_t c = 0; c < b.num.size() && fits; ++c) total += b.num[c];
  fits = fits && total <= limit;
  if (!fits) {
    if (big) *big = std::move(b);
    return std::nullopt;
  }
  ExactPoint p;
  p.den = static_cast<std::int64_t>(b.den);
  p.num.resize(static_cast<std::size_t>(s.n));
  for (int c = 0; c < s.n; ++c) p.num[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(b.num[static_cast<std::size_t>(c)]);
  if (!verify(s, p)) return std::nullopt;
  return p;
}

bool verify(const ExactSystem& s, const BigPoint& p) {
  if (p.den < 1 || p.num.size() != static_cast<std::size_t>(s.n)) return false;
  for (const auto& v : p.num)
    if (v < 0) return false;
  for (const auto& row : s.rows) {
    BigInt sum = 0;
    for (std::size_t k = 0; k < row.cols.size(); ++k) {
      const auto& v = p.num[static_cast<std::size_t>(row.cols[k])];
      if (row.sign.empty() || row.sign[k] > 0) sum += v;
      else sum -= v;
    }
    if (sum != BigInt(row.rhs) * p.den) return false;
  }
  for (const auto& g : s.ranges) {
    BigInt sum = 0;
    for (std::size_t k = 0; k < g.cols.size(); ++k) sum += g.weight(k) * p.num[static_cast<std::size_t>(g.cols[k])];
    if ((!g.open_lo() && sum < BigInt(g.lo) * p.den) || (!g.open_hi() && sum > BigInt(g.hi) * p.den)) return false;
  }
  return true;
}

namespace {
constexpr std::int64_t kValueGrid = std::int64_t{1} << 20;
// floor or ceil of sum * 2^20 / den, as a Fraction over 2^20; nothing beyond 2^62.
std::optional<Fraction> grid_value(const BigPoint& p, const std::vector<int>& cols, bool up) {
  BigInt sum = 0;
  for (int c : cols) sum += p.num[static_cast<std::size_t>(c)];
  sum *= kValueGrid;
  BigInt q = sum / p.den;  // sum >= 0: truncation is floor
  if (up && q * p.den != sum) q += 1;
  if (q > (BigInt(1) << 62)) return std::nullopt;
  return Fraction{static_cast<std::int64_t>(q), kValueGrid};
}
}  // namespace

std::optional<Fraction> value_at_least(const BigPoint& p, const std::vector<int>& cols) {
  return grid_value(p, cols, false);
}
std::optional<Fraction> value_at_most(const BigPoint& p, const std::vector<int>& cols) {
  return grid_value(p, cols, true);
}

std::optional<ExactPoint> exact_point(const ExactSystem& s, const double* x, int max_den, bool allow_solve,
                                      BigPoint* big, long long* solve_work) {
  ExactPoint p;
  p.num.resize(static_cast<std::size_t>(s.n));
  auto try_den = [&](std::int64_t d) {
    for (int c = 0; c < s.n; ++c) {
      const double y = x[c] * static_cast<double>(d);
      const double r = std::nearbyint(y);
      if (std::fabs(y - r) > 1e-6 * std::max(1.0, std::fabs(y)) || std::fabs(r) > kMaxCoordinate) return false;
      p.num[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(r);
    }
    p.den = d;
    if (!verify(s, p)) return false;
    std::int64_t g = d;
    for (std::int64_t v : p.num) g = std::gcd(g, v);
    if (g > 1) {
      for (auto& v : p.num) v /= g;
      p.den /= g;
    }
    return true;
  };
  // Small common denominators first (most vertices), then the least common multiple of the
  // denominators the coordinates suggest (continued fractions), capped.
  for (int d = 1; d <= max_den; ++d)
    if (try_den(d)) return p;
  std::int64_t lcm = 1;
  bool lcm_ok = true;
  for (int c = 0; c < s.n && lcm_ok; ++c) {
    const double y = x[c] * static_cast<double>(lcm);
    const std::int64_t q = denominator_of(y, 1e-9 * std::max(1.0, std::fabs(y)), 100000);
    if (q == 0) {
      lcm_ok = false;
      break;
    }
    lcm *= q;  // y = x*lcm has denominator q, so x*lcm*q is integral
    if (lcm > 1000000000) lcm_ok = false;
  }
  if (lcm_ok && lcm > max_den && try_den(lcm)) return p;
  if (!allow_solve) return std::nullopt;
  BigPoint found;
  if (auto q = solved_point(s, x, &found, false, solve_work)) return q;
  // A coordinate of large denominator can sit within rounding distance of a small-denominator
  // value (thousands of coordinates: it happens); kept at that value the rows are inconsistent.
  // Then solve every coordinate that is not an integer to 1e-12, with finer free values.
  if (found.num.empty())
    if (auto q = solved_point(s, x, &found, true, solve_work)) return q;
  if (big && !found.num.empty()) *big = std::move(found);
  return std::nullopt;
}

Fraction value(const ExactPoint& p, const std::vector<int>& cols) {
  return Fraction{static_cast<std::int64_t>(sum_of(p, cols)), p.den};
}

bool keeps_rows(const ExactSystem& s, const Move& d) {
  std::vector<std::pair<int, std::int64_t>> change;
  for (std::size_t k = 0; k < d.cols.size(); ++k)
    for (const auto& [row, sign] : s.rows_of_col[static_cast<std::size_t>(d.cols[k])])
      change.emplace_back(row, sign * d.delta[k]);
  std::sort(change.begin(), change.end());
  for (std::size_t i = 0; i < change.size();) {
    std::int64_t sum = 0;
    std::size_t j = i;
    for (; j < change.size() && change[j].first == change[i].first; ++j) sum += change[j].second;
    if (sum != 0) return false;
    i = j;
  }
  return true;
}

std::int64_t max_steps(const ExactSystem& s, const ExactPoint& p, const Move& d, std::int64_t limit) {
  Wide k = limit;
  for (std::size_t i = 0; i < d.cols.size(); ++i)
    if (d.delta[i] < 0)
      k = std::min(k, Wide(p.num[static_cast<std::size_t>(d.cols[i])]) / (Wide(p.den) * -d.delta[i]));
  std::vector<int> touched;
  for (int c : d.cols)
    for (int g : s.ranges_of_col[static_cast<std::size_t>(c)]) touched.push_back(g);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (int gi : touched) {
    const auto& g = s.ranges[static_cast<std::size_t>(gi)];
    Wide step = 0;
    for (std::size_t i = 0; i < d.cols.size(); ++i) {
      const auto at = std::lower_bound(g.cols.begin(), g.cols.end(), d.cols[i]);
      if (at != g.cols.end() && *at == d.cols[i])
        step += Wide(g.weight(static_cast<std::size_t>(at - g.cols.begin()))) * d.delta[i];
    }
    const Wide now = range_sum(p, g);
    if (step > 0 && !g.open_hi()) k = std::min(k, (Wide(g.hi) * p.den - now) / (step * p.den));
    if (step < 0 && !g.open_lo()) k = std::min(k, (now - Wide(g.lo) * p.den) / (-step * p.den));
  }
  return k < 0 ? 0 : static_cast<std::int64_t>(k);
}

ExactPoint moved(const ExactPoint& p, const Move& d, std::int64_t k) {
  ExactPoint q = p;
  for (std::size_t i = 0; i < d.cols.size(); ++i) q.num[static_cast<std::size_t>(d.cols[i])] += k * d.delta[i] * p.den;
  return q;
}

std::size_t MoveFinder::Hash::operator()(const std::vector<int>& v) const {
  std::size_t h = v.size();
  for (int x : v) h ^= static_cast<std::size_t>(x) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

MoveFinder::MoveFinder(const ExactSystem& s) : s_(s) {
  signature_.resize(static_cast<std::size_t>(s.n));
  class_of_.resize(static_cast<std::size_t>(s.n));
  for (int c = 0; c < s.n; ++c) {
    auto& sig = signature_[static_cast<std::size_t>(c)];
    for (const auto& [row, sign] : s.rows_of_col[static_cast<std::size_t>(c)]) sig.push_back(2 * row + (sign < 0));
    std::sort(sig.begin(), sig.end());
    auto [it, fresh] = class_of_signature_.emplace(sig, static_cast<int>(class_members_.size()));
    if (fresh) class_members_.emplace_back();
    class_of_[static_cast<std::size_t>(c)] = it->second;
    class_members_[static_cast<std::size_t>(it->second)].push_back(c);
  }
}

std::vector<Move> MoveFinder::moves_for(const std::vector<int>& target, std::size_t max_moves,
                                        long long max_tries) const {
  std::vector<Move> out;
  auto in = [&](int c) { return std::binary_search(target.begin(), target.end(), c) ? 1 : 0; };
  auto add = [&](Move m) {
    std::int64_t effect = 0;
    for (std::size_t i = 0; i < m.cols.size(); ++i) effect += in(m.cols[i]) * m.delta[i];
    if (effect != 0 && keeps_rows(s_, m)) out.push_back(std::move(m));
  };
  long long tries = 0;
  for (int u : target) {
    if (out.size() >= max_moves || tries >= max_tries) break;
    const auto& su = signature_[static_cast<std::size_t>(u)];
    if (su.empty()) {  // in no row at all: it can grow alone
      add(Move{{u}, {1}});
      continue;
    }
    // Swaps: another column with the same rows.
    for (int v : class_members_[static_cast<std::size_t>(class_of_[static_cast<std::size_t>(u)])]) {
      if (v == u || in(v)) continue;
      add(Move{{u, v}, {1, -1}});
      break;
    }
    // Rectangles: v shares u's shortest row; w fixes a row where u and v differ; z is then
    // determined by its rows (cz = cv + cw - cu) and looked up.
    const Coefs cu = coefs_of(su);
    auto row_size = [&](int r) { return s_.rows[static_cast<std::size_t>(r)].cols.size(); };
    int r0 = cu.front().first;
    for (const auto& [r, c] : cu)
      if (row_size(r) < row_size(r0)) r0 = r;
    for (int v : s_.rows[static_cast<std::size_t>(r0)].cols) {
      if (v == u || out.size() >= max_moves || tries >= max_tries) continue;
      const Coefs cv = coefs_of(signature_[static_cast<std::size_t>(v)]);
      // diff = cu - cv over the union of rows
      Coefs diff;
      std::size_t i = 0, j = 0;
      while (i < cu.size() || j < cv.size()) {
        if (j == cv.size() || (i < cu.size() && cu[i].first < cv[j].first)) { diff.push_back(cu[i]); ++i; }
        else if (i == cu.size() || cv[j].first < cu[i].first) { diff.emplace_back(cv[j].first, -cv[j].second); ++j; }
        else {
          if (cu[i].second != cv[j].second) diff.emplace_back(cu[i].first, cu[i].second - cv[j].second);
          ++i, ++j;
        }
      }
      if (diff.empty()) continue;  // same rows: a swap (above)
      // w must make up a row u has and v lacks (cw = 1 where diff = +1): pick the shortest.
      int r1 = -1;
      for (const auto& [r, c] : diff)
        if (c > 0 && (r1 < 0 || row_size(r) < row_size(r1))) r1 = r;
      if (r1 < 0) r1 = diff.front().first;
      for (int w : s_.rows[static_cast<std::size_t>(r1)].cols) {
        if (w == u || w == v) continue;
        if (++tries > max_tries) break;
        // cz = cw - diff
        const Coefs cw = coefs_of(signature_[static_cast<std::size_t>(w)]);
        std::vector<int> sig;
        bool ok = true;
        std::size_t a = 0, b = 0;
        while (ok && (a < cw.size() || b < diff.size())) {
          int row = 0, c = 0;
          if (b == diff.size() || (a < cw.size() && cw[a].first < diff[b].first)) { row = cw[a].first; c = cw[a].second; ++a; }
          else if (a == cw.size() || diff[b].first < cw[a].first) { row = diff[b].first; c = -diff[b].second; ++b; }
          else { row = cw[a].first; c = cw[a].second - diff[b].second; ++a, ++b; }
          if (c == 0) continue;
          if (c > 1 || c < -1) ok = false;
          else sig.push_back(2 * row + (c < 0));
        }
        if (!ok || sig.empty()) continue;
        const auto it = class_of_signature_.find(sig);
        if (it == class_of_signature_.end()) continue;
        for (int z : class_members_[static_cast<std::size_t>(it->second)]) {
          if (z == u || z == v || z == w) continue;
          add(Move{{u, v, w, z}, {1, -1, -1, 1}});
          break;
        }
        if (out.size() >= max_moves) break;
      }
    }
  }
  return out;
}

}  // namespace hitoku::audit
