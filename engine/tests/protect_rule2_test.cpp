// hitoku protect with rule ②'s combination and reach settings: every pattern it hands back is
// re-checked by brute force over all completions (combination_bruteforce.h), not by the audit.
#include <doctest/doctest.h>

#include <random>

#include "combination_bruteforce.h"
#include "hitoku/rules/check.h"
#include "hitoku/protect/protect.h"
#include "test_support.h"

using namespace hitoku;

namespace {

// Area (a1..a3) × site (s1..s3) with totals; small range 1..3, other leaves 4..7.
Submission random_table(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_max = 3;
  s.policy.small_combinations = true;
  s.policy.primary_upper_reach = true;
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2", "a3"}));
  s.dimensions.push_back(test::flat_dimension("site", "S", {"s1", "s2", "s3"}));
  std::int64_t leaf[3][3];
  for (auto& row : leaf)
    for (auto& v : row) v = pick(0, 3) == 0 ? pick(1, 3) : pick(4, 7);
  std::vector<std::int64_t> values(16, 0);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      const std::int64_t v = leaf[r][c];
      values[static_cast<std::size_t>((r + 1) * 4 + c + 1)] = v;
      values[static_cast<std::size_t>((r + 1) * 4)] += v;
      values[static_cast<std::size_t>(c + 1)] += v;
      values[0] += v;
    }
  s.tables.push_back(test::full_table(s, "t1", {0, 1}, values));
  return s;
}

// The brute force's verdict on a protected table: no suppressed cell pinned, no small derived sum,
// and every small suppressed cell can be at least small_max + 1 as far as the reader knows.
void check_by_brute_force(const Submission& out) {
  const Table& t = out.tables[0];
  std::int64_t bound = t.value[0];
  const auto sums = test::brute_small_sums(out, bound, out.policy.small_min, out.policy.small_max);
  CHECK(sums.empty());
  const auto all = test::brute_completions(out, bound);
  REQUIRE_FALSE(all.empty());
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    if (!is_suppressed(t.status[f]) || t.value[f] < 1 || t.value[f] > out.policy.small_max) continue;
    const auto cell = test::brute_cell(out, t, f);
    std::int64_t hi = 0;
    for (const auto& z : all) {
      std::int64_t v = 0;
      for (int i : cell.inner) v += z[static_cast<std::size_t>(i)];
      hi = std::max(hi, v);
    }
    CAPTURE(cell.label);
    CHECK(hi > out.policy.small_max);
  }
}

}  // namespace

TEST_CASE("protect honours rule ② combinations and the upper reach, a brute force confirms each pattern") {
  std::mt19937 rng(1818);
  int checked = 0, with_primary = 0;
  for (int i = 0; i < 10; ++i) {
    const Submission s = random_table(rng);
    for (ProtectMethod method : {ProtectMethod::Greedy, ProtectMethod::Optimal}) {
      ProtectOptions o;
      o.method = method;
      const ProtectResult r = protect(s, o);
      CAPTURE(i);
      CAPTURE(static_cast<int>(method));
      REQUIRE(r.ok);
      check_by_brute_force(r.submission);
      CHECK(check(r.submission).passed);
      with_primary += r.stats.primary > 0;
      ++checked;
    }
  }
  CHECK(checked == 20);
  CHECK(with_primary > 10);  // the sets do exercise suppression
}

TEST_CASE("protect repairs the issue's row: 23 = 15 + 5 + 3 gets a third suppression") {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = true;
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2", "a3"}));
  s.tables.push_back(test::full_table(s, "t1", {0}, {23, 15, 5, 3}));
  const ProtectResult r = protect(s);
  REQUIRE(r.ok);
  const auto& st = r.submission.tables[0].status;
  CHECK(is_suppressed(st[2]));
  CHECK(is_suppressed(st[3]));
  CHECK((is_suppressed(st[0]) || is_suppressed(st[1])));
  CHECK(test::brute_small_sums(r.submission, 23, 1, 9).empty());
  bool rule2_change = false;
  for (const auto& c : r.changes) rule2_change = rule2_change || (c.rule == "2" && c.status == CellStatus::SuppressedSecondary);
  CHECK(rule2_change);
}

namespace {

// 3 × 3 with totals, small range 1..3: a 2 × 2 block of 1s. Every relation around them holds two
// suppressed cells (none alone), but each row's and column's remainder is 2, a small count.
Submission paired_small_cells() {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_max = 3;
  s.policy.small_combinations = true;
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2", "a3"}));
  s.dimensions.push_back(test::flat_dimension("site", "S", {"s1", "s2", "s3"}));
  const std::int64_t leaf[3][3] = {{1, 1, 6}, {1, 1, 5}, {7, 6, 5}};
  std::vector<std::int64_t> values(16, 0);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      const std::int64_t v = leaf[r][c];
      values[static_cast<std::size_t>((r + 1) * 4 + c + 1)] = v;
      values[static_cast<std::size_t>((r + 1) * 4)] += v;
      values[static_cast<std::size_t>(c + 1)] += v;
      values[0] += v;
    }
  s.tables.push_back(test::full_table(s, "t1", {0, 1}, values));
  return s;
}

}  // namespace

TEST_CASE("protect lifts small remainders before its first audit, and the optimal method finds them without audits") {
  const Submission s = paired_small_cells();
  // Without the combination setting the pattern's remainders would give small sums away.
  ProtectOptions greedy;
  greedy.polish_max_groups = 0;
  const ProtectResult g = protect(s, greedy);
  REQUIRE(g.ok);
  check_by_brute_force(g.submission);
  CHECK(g.stats.rounds == 1);  // the first audit passed: nothing was left for the repair loop
  bool lifted = false;
  for (const auto& c : g.changes) lifted = lifted || (c.rule == "2" && c.status == CellStatus::SuppressedSecondary);
  CHECK(lifted);  // the change names rule ② (a remainder lifted past the range)

  ProtectOptions optimal;
  optimal.method = ProtectMethod::Optimal;
  const ProtectResult o = protect(s, optimal);
  REQUIRE(o.ok);
  check_by_brute_force(o.submission);
  CHECK(o.stats.proven_optimal);
  CHECK(o.stats.secondary <= g.stats.secondary);
  // MIP patterns with a small remainder were rejected without an audit: fewer audits than rounds.
  CHECK(o.stats.audits < o.stats.rounds);
}
