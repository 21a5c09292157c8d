// Exact feasible points, the reporting rule built on them, and exact moves (audit internals).
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "audit/solve/component_solver.h"
#include "audit/exact/exact_point.h"

using namespace hitoku::audit;

namespace {

// A 3x3 table of unknowns x[3*r + c] with its row and column sums published:
// truth 1 2 3 / 4 5 6 / 7 8 9, row sums 6 15 24, column sums 12 15 18.
ExactSystem table3x3() {
  ExactSystem s;
  s.n = 9;
  const std::int64_t rows[3] = {6, 15, 24}, cols[3] = {12, 15, 18};
  for (int r = 0; r < 3; ++r) s.rows.push_back({{3 * r, 3 * r + 1, 3 * r + 2}, {}, rows[r]});
  for (int c = 0; c < 3; ++c) s.rows.push_back({{c, 3 + c, 6 + c}, {}, cols[c]});
  s.index();
  return s;
}

// Dense check of A d = 0, independent of keeps_rows.
bool dense_kernel(const ExactSystem& s, const Move& d) {
  std::vector<std::int64_t> full(static_cast<std::size_t>(s.n), 0);
  for (std::size_t k = 0; k < d.cols.size(); ++k) full[static_cast<std::size_t>(d.cols[k])] += d.delta[k];
  for (const auto& row : s.rows) {
    std::int64_t sum = 0;
    for (std::size_t k = 0; k < row.cols.size(); ++k)
      sum += (row.sign.empty() ? 1 : row.sign[k]) * full[static_cast<std::size_t>(row.cols[k])];
    if (sum != 0) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("exact points: the verifier accepts feasible points and rejects the others") {
  const ExactSystem s = table3x3();
  const double truth[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto p = exact_point(s, truth);
  REQUIRE(p.has_value());
  CHECK(p->integral());
  CHECK(verify(s, *p));
  SUBCASE("float noise on a feasible integer point is rounded away") {
    double noisy[9];
    for (int k = 0; k < 9; ++k) noisy[k] = truth[k] + (k % 2 ? 1e-10 : -1e-10);
    const auto q = exact_point(s, noisy);
    REQUIRE(q.has_value());
    CHECK(q->num == p->num);
  }
  SUBCASE("a point off by one count in one cell breaks a row and a column: rejected") {
    double off[9] = {1, 2, 3, 4, 5, 6, 7, 8, 10};
    CHECK_FALSE(exact_point(s, off).has_value());
    ExactPoint e = *p;
    e.num[8] += 1;
    CHECK_FALSE(verify(s, e));
  }
  SUBCASE("a point meeting every sum with a negative cell is rejected") {
    // The rectangle move +1 at (0,0),(1,1), -1 at (0,1),(1,0), applied 5 times: (0,1) = 2 - 5 < 0.
    ExactPoint e = *p;
    e.num[0] += 5, e.num[4] += 5, e.num[1] -= 5, e.num[3] -= 5;
    CHECK_FALSE(verify(s, e));
    double f[9];
    for (int k = 0; k < 9; ++k) f[k] = static_cast<double>(e.num[static_cast<std::size_t>(k)]);
    CHECK_FALSE(exact_point(s, f).has_value());
  }
  SUBCASE("a known range is part of the system") {
    ExactSystem r = s;
    r.ranges.push_back({{8}, 1, 8, {}});  // the cell holding 9 is said to lie in 1..8
    r.index();
    CHECK_FALSE(verify(r, *p));
  }
}

TEST_CASE("exact points: a fractional vertex with denominator 2 is accepted as a rational point") {
  // x0 + x1 = 1, x1 + x2 = 1, x0 + x2 = 1: the only solution is (1/2, 1/2, 1/2).
  ExactSystem s;
  s.n = 3;
  s.rows = {{{0, 1}, {}, 1}, {{1, 2}, {}, 1}, {{0, 2}, {}, 1}};
  s.index();
  const double x[3] = {0.5, 0.5000000000001, 0.49999999999999};
  const auto p = exact_point(s, x);
  REQUIRE(p.has_value());
  CHECK(p->den == 2);
  CHECK(p->num == std::vector<std::int64_t>{1, 1, 1});
  const Fraction v = value(*p, {0});
  CHECK(floor_of(v) == 0);
  CHECK(ceil_of(v) == 1);
  // A denominator beyond the small ones tried first (97) is found by continued fractions.
  ExactSystem t;
  t.n = 2;
  t.rows = {{{0, 1}, {}, 1}};
  t.index();
  const double y[2] = {3.0 / 97, 94.0 / 97};
  const auto q = exact_point(t, y);
  REQUIRE(q.has_value());
  CHECK(q->den == 97);
  CHECK(q->num == std::vector<std::int64_t>{3, 94});
}

TEST_CASE("exact points: coordinates with huge denominators are solved exactly from the rows") {
  // x0 + x1 = 1, x2 + x3 = 1 at (1/199999, 199998/199999, 1/2, 1/2): no small common
  // denominator; x2, x3 are kept, x0 follows from the row once x1 (free) keeps its value to
  // 1/4096, i.e. 1: the exact point (0, 1, 1/2, 1/2), which is feasible.
  ExactSystem s;
  s.n = 4;
  s.rows = {{{0, 1}, {}, 1}, {{2, 3}, {}, 1}};
  s.index();
  const double x[4] = {1.0 / 199999, 199998.0 / 199999, 0.5, 0.5};
  const auto p = exact_point(s, x);
  REQUIRE(p.has_value());
  CHECK(verify(s, *p));
  CHECK(p->den == 2);
  CHECK(p->num == std::vector<std::int64_t>{0, 2, 1, 1});
}

TEST_CASE("reporting rule: a cell is never safe without two exact points one integer apart") {
  OuterEnds lp;  // the LP says [0, 8] (float optima)
  lp.lo_outer = lp.hi_outer = true;
  lp.lo = 1e-12;
  lp.hi = 8.0000000001;
  SUBCASE("no exact point at all (every solver point failed verification): not proven") {
    ObjectiveBounds b;
    judge_ends(lp, Evidence{}, 0, false, false, b);
    CHECK(b.failed);
  }
  SUBCASE("one exact point: the LP width does not count, not proven") {
    ObjectiveBounds b;
    judge_ends(lp, Evidence{true, {3, 1}, {3, 1}, false}, 0, true, true, b);
    CHECK(b.failed);
  }
  SUBCASE("exact points 1/2 apart straddling no integer step: not proven") {
    ObjectiveBounds b;
    judge_ends(lp, Evidence{true, {5, 2}, {7, 2}, false}, 0, false, false, b);  // 2.5 .. 3.5
    CHECK(b.failed);
  }
  SUBCASE("exact points at both LP ends: the LP interval, exact ends") {
    ObjectiveBounds b;
    judge_ends(lp, Evidence{true, {0, 1}, {8, 1}, false}, 10, true, true, b);
    CHECK_FALSE(b.failed);
    CHECK_FALSE(b.inner);
    CHECK(b.lower == 10);
    CHECK(b.upper == 18);
    CHECK(b.integral);
  }
  SUBCASE("exact points inside: reported as an inner bound, judged on it") {
    ObjectiveBounds b;
    judge_ends(lp, Evidence{true, {3, 2}, {13, 2}, false}, 0, false, false, b);  // 1.5 .. 6.5
    CHECK_FALSE(b.failed);
    CHECK(b.inner);
    CHECK(b.lower == 2);
    CHECK(b.upper == 6);
  }
  SUBCASE("LP unbounded above: infinite only with an exact ray") {
    OuterEnds u = lp;
    u.unbounded = true;
    ObjectiveBounds with_ray, without;
    judge_ends(u, Evidence{true, {0, 1}, {4, 1}, true}, 0, true, true, with_ray);
    judge_ends(u, Evidence{true, {0, 1}, {4, 1}, false}, 0, true, true, without);
    CHECK(with_ray.unbounded);
    CHECK_FALSE(with_ray.inner);
    CHECK_FALSE(without.unbounded);
    CHECK(without.inner);
    CHECK(without.upper == 4);
  }
  SUBCASE("outer ends pinned to one value: recoverable without any evidence (alarm side)") {
    OuterEnds pin;
    pin.lo_outer = pin.hi_outer = true;
    pin.lo = 2.9999999;
    pin.hi = 3.0000001;
    ObjectiveBounds b;
    judge_ends(pin, Evidence{}, 0, false, false, b);
    CHECK_FALSE(b.failed);
    CHECK(b.lower == 3);
    CHECK(b.upper == 3);
  }
}

TEST_CASE("exact moves: found moves keep every row, stay nonnegative and change the cell") {
  const ExactSystem s = table3x3();
  const double truth[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto p = exact_point(s, truth);
  REQUIRE(p.has_value());
  const MoveFinder finder(s);
  int found = 0;
  for (int cell = 0; cell < 9; ++cell) {
    const std::vector<int> target{cell};
    const auto moves = finder.moves_for(target, 8, 100000);
    CHECK_FALSE(moves.empty());  // every cell of a 3x3 table lies in some 2x2 rectangle
    for (const auto& d : moves) {
      ++found;
      CHECK(dense_kernel(s, d));
      CHECK(keeps_rows(s, d));
      std::int64_t effect = 0;
      for (std::size_t k = 0; k < d.cols.size(); ++k) effect += d.cols[k] == cell ? d.delta[k] : 0;
      CHECK(effect != 0);
      for (int dir : {1, -1}) {
        Move step = d;
        for (auto& x : step.delta) x *= dir;
        const std::int64_t k = max_steps(s, *p, step, 1000);
        CHECK(k >= 1);  // every cell of the truth is >= 1
        CHECK(verify(s, moved(*p, step, k)));
        CHECK_FALSE(verify(s, moved(*p, step, k + 1)));  // the walk stops at a zero
      }
    }
  }
  CHECK(found >= 9);
  // A move over a published cell changes that row: not a move.
  CHECK_FALSE(keeps_rows(s, Move{{0, 1}, {1, -1}}));
}
