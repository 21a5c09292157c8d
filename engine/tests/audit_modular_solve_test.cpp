// Exact sparse solves by modular elimination (audit/modular_solve.h) and the big-denominator
// exact points built on them (audit/exact_point.h), checked against dense rational elimination.
#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "audit/exact/exact_point.h"
#include "audit/exact/modular_solve.h"

using namespace hitoku::audit;
using boost::multiprecision::cpp_rational;

namespace {

// Dense rational Gauss-Jordan: the unique solution, or nothing when the system is inconsistent
// or leaves an unknown free.
std::optional<std::vector<cpp_rational>> dense_solve(const IntegerSystem& s) {
  const std::size_t n = static_cast<std::size_t>(s.n);
  std::vector<std::vector<cpp_rational>> a;
  for (const auto& row : s.rows) {
    std::vector<cpp_rational> eq(n + 1);
    for (const auto& [c, v] : row.terms) eq[static_cast<std::size_t>(c)] += v;
    eq[n] = cpp_rational(row.rhs);
    a.push_back(std::move(eq));
  }
  std::size_t rank = 0;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t p = rank;
    while (p < a.size() && a[p][col] == 0) ++p;
    if (p == a.size()) return std::nullopt;  // free unknown
    std::swap(a[p], a[rank]);
    const cpp_rational inv = 1 / a[rank][col];
    for (auto& v : a[rank]) v *= inv;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (i != rank && a[i][col] != 0) {
        const cpp_rational f = a[i][col];
        for (std::size_t j = 0; j <= n; ++j) a[i][j] -= f * a[rank][j];
      }
    ++rank;
  }
  for (std::size_t i = rank; i < a.size(); ++i)
    if (a[i][n] != 0) return std::nullopt;
  std::vector<cpp_rational> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i][n];
  return y;
}

// Each row evaluated in rationals (independent of the engine's own integer check).
bool satisfies(const IntegerSystem& s, const RationalVector& y) {
  for (const auto& row : s.rows) {
    cpp_rational lhs = 0;
    for (const auto& [c, v] : row.terms) lhs += cpp_rational(y.num[static_cast<std::size_t>(c)], y.den) * v;
    if (lhs != cpp_rational(row.rhs)) return false;
  }
  return true;
}

cpp_rational at(const RationalVector& y, std::size_t c) { return cpp_rational(y.num[c], y.den); }

}  // namespace

TEST_CASE("modular solve: random systems give the dense rational solution exactly") {
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int unique = 0, inconsistent = 0, free_ones = 0;
  for (int trial = 0; trial < 300; ++trial) {
    IntegerSystem s;
    s.n = pick(1, 10);
    const int extra = pick(-2, 3);  // fewer rows than unknowns (free ones), or more (dependent)
    const int m = std::max(1, s.n + extra);
    // A rational truth, so that the system is consistent; some trials break one row.
    std::vector<cpp_rational> truth(static_cast<std::size_t>(s.n));
    for (auto& t : truth) t = cpp_rational(pick(-20, 20), pick(1, 6));
    BigInt den = 1;
    for (const auto& t : truth) den = boost::multiprecision::lcm(den, boost::multiprecision::denominator(t));
    for (int r = 0; r < m; ++r) {
      IntegerSystem::Row row;
      cpp_rational sum = 0;
      for (int c = 0; c < s.n; ++c) {
        const int v = pick(0, 2) == 0 ? pick(-3, 3) : 0;
        if (v == 0) continue;
        row.terms.emplace_back(c, v);
        sum += v * truth[static_cast<std::size_t>(c)];
      }
      // Integer right-hand sides: scale the row by the truth's denominator.
      for (auto& [c, v] : row.terms) v *= static_cast<std::int64_t>(den);
      const cpp_rational scaled = sum * den;
      row.rhs = boost::multiprecision::numerator(scaled);
      s.rows.push_back(std::move(row));
    }
    const bool broken = pick(0, 4) == 0;
    if (broken) s.rows[static_cast<std::size_t>(pick(0, m - 1))].rhs += 1;
    const std::vector<std::int64_t> free_num(static_cast<std::size_t>(s.n), 5);  // free ones: 5/4
    const auto got = solve_exact(s, free_num, 4);
    const auto dense = dense_solve(s);
    if (got) {
      CHECK(satisfies(s, *got));  // whatever comes back holds exactly
      free_ones += !dense.has_value();
    } else {
      ++inconsistent;
    }
    if (dense) {  // a unique solution: the modular one is it
      REQUIRE(got.has_value());
      ++unique;
      for (std::size_t c = 0; c < dense->size(); ++c) CHECK(at(*got, c) == (*dense)[c]);
    }
    if (!broken && !got) FAIL("a consistent system was not solved: trial " << trial);
  }
  MESSAGE(unique << " unique, " << free_ones << " with free unknowns, " << inconsistent << " inconsistent");
  CHECK(unique > 50);
  CHECK(free_ones > 10);
  CHECK(inconsistent > 10);
}

namespace {

// x = 1000 + A^-1 e_0 for a random 0/1 matrix A (about twelve ones per row): rows sum(A x) = 1000*rowsum + [r == 0],
// nonnegative, with the determinant of A as the denominator.
struct BigCase {
  ExactSystem es;
  IntegerSystem is;
  std::vector<double> x;
};

BigCase big_case(std::mt19937& rng, int n) {
  BigCase b;
  b.es.n = b.is.n = n;
  for (int r = 0; r < n; ++r) {
    std::vector<int> cols;
    while (cols.size() < 12) {
      const int c = std::uniform_int_distribution<int>(0, n - 1)(rng);
      if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
    }
    cols.push_back(r);  // a diagonal keeps it nonsingular most of the time
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    const std::int64_t rhs = 1000 * static_cast<std::int64_t>(cols.size()) + (r == 0);
    b.es.rows.push_back({cols, {}, rhs});
    IntegerSystem::Row row;
    for (int c : cols) row.terms.emplace_back(c, 1);
    row.rhs = rhs;
    b.is.rows.push_back(std::move(row));
  }
  b.es.index();
  // A float solution by dense partial-pivot elimination (what a solver would hand over).
  std::vector<std::vector<double>> a(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(n) + 1, 0));
  for (int r = 0; r < n; ++r) {
    for (int c : b.es.rows[static_cast<std::size_t>(r)].cols) a[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = 1;
    a[static_cast<std::size_t>(r)][static_cast<std::size_t>(n)] = static_cast<double>(b.es.rows[static_cast<std::size_t>(r)].rhs);
  }
  for (std::size_t col = 0; col < static_cast<std::size_t>(n); ++col) {
    std::size_t p = col;
    for (std::size_t i = col; i < a.size(); ++i)
      if (std::fabs(a[i][col]) > std::fabs(a[p][col])) p = i;
    std::swap(a[p], a[col]);
    if (std::fabs(a[col][col]) < 1e-12) continue;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (i != col) {
        const double f = a[i][col] / a[col][col];
        for (std::size_t j = col; j <= static_cast<std::size_t>(n); ++j) a[i][j] -= f * a[col][j];
      }
  }
  b.x.resize(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < b.x.size(); ++i) b.x[i] = a[i][static_cast<std::size_t>(n)] / a[i][i];
  return b;
}

}  // namespace

TEST_CASE("exact points: a vertex whose denominator exceeds 64 bits is kept as a verified big point") {
  std::mt19937 rng(11);
  int big_ones = 0;
  for (int trial = 0; trial < 40 && big_ones < 3; ++trial) {
    BigCase b = big_case(rng, 90);
    const auto dense = dense_solve(b.is);
    if (!dense) continue;  // singular draw
    bool nonnegative = true;
    BigInt den = 1;
    for (const auto& v : *dense) {
      nonnegative = nonnegative && v >= 0;
      den = boost::multiprecision::lcm(den, boost::multiprecision::denominator(v));
    }
    if (!nonnegative || den <= (BigInt(1) << 64)) continue;
    ++big_ones;
    BigPoint big;
    const auto p = exact_point(b.es, b.x.data(), 64, true, &big);
    CHECK_FALSE(p.has_value());  // no 64-bit point exists for a unique vertex this fine
    REQUIRE(big.num.size() == static_cast<std::size_t>(b.es.n));
    CHECK(verify(b.es, big));
    for (std::size_t c = 0; c < dense->size(); ++c) CHECK(cpp_rational(big.num[c], big.den) == (*dense)[c]);
    // The values it proves bracket the exact value, within 2^-20.
    for (int c = 0; c < b.es.n; c += 7) {
      const std::vector<int> cell = {c};
      const auto lo = value_at_least(big, cell), hi = value_at_most(big, cell);
      REQUIRE(lo.has_value());
      REQUIRE(hi.has_value());
      const cpp_rational exact = (*dense)[static_cast<std::size_t>(c)];
      CHECK(cpp_rational(lo->num, lo->den) <= exact);
      CHECK(cpp_rational(hi->num, hi->den) >= exact);
      CHECK(cpp_rational(hi->num - lo->num, lo->den) <= cpp_rational(1, 1 << 20));
    }
    // One unit off in any coordinate breaks a row: rejected.
    BigPoint off = big;
    off.num[5] += off.den;
    CHECK_FALSE(verify(b.es, off));
    BigPoint negative = big;
    negative.num[3] = -negative.num[3];
    CHECK_FALSE(verify(b.es, negative));
  }
  CHECK(big_ones >= 3);
}

TEST_CASE("modular solve: a work limit gives no answer rather than a wrong one") {
  std::mt19937 rng(11);
  BigCase b = big_case(rng, 90);
  const std::vector<std::int64_t> free_num(static_cast<std::size_t>(b.is.n), 0);
  REQUIRE(solve_exact(b.is, free_num, 1).has_value());  // solvable within the default limits
  ModularSolveLimits tight;
  tight.max_total_operations = 0;  // the first prime's elimination already spends it
  CHECK_FALSE(solve_exact(b.is, free_num, 1, tight).has_value());
  ModularSolveLimits one_prime;
  one_prime.max_primes = 1;  // no reconstruction from a single residue
  CHECK_FALSE(solve_exact(b.is, free_num, 1, one_prime).has_value());
  ModularSolveLimits per_prime;
  per_prime.max_operations = 10;
  CHECK_FALSE(solve_exact(b.is, free_num, 1, per_prime).has_value());
}
