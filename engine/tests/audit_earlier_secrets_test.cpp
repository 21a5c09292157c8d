// Rule ⑤ with an earlier publication's suppressed cells: one audit judges this submission's cells and
// the earlier hidden counts, and a small count the earlier table hid (primary: 1 to the policy's
// maximum) binds this submission's cells as this submission's own small counts do.
#include <doctest/doctest.h>

#include <limits>
#include <random>

#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"

using namespace hitoku;

namespace {

// area × age: an earlier table of both without totals (small counts hidden as primary, others at random),
// planned margins of area and of age with random suppression. Counts 0-6, small range 1-3.
testing::World earlier_and_margins(std::mt19937& rng) {
  using testing::make_dimension;
  testing::World w;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  w.sub.dimensions.push_back(make_dimension("area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}, {"a3", "T"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"o", "T"}}));
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) v = pick(0, 2) == 0 ? 0 : pick(1, 6);
  w.add_table("area", {0});
  w.add_table("age", {1});
  w.add_table("earlier", {0, 1}, {{"a1", "a2", "a3"}, {"y", "o"}}, true);  // no totals: the margins are this submission's
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.sub.policy.attacker_knows_small_range = true;
  for (auto& t : w.sub.tables)
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const bool small = t.value[f] >= 1 && t.value[f] <= 3;
      if (t.earlier_publication && small) t.status[f] = CellStatus::SuppressedPrimary;
      else if (pick(0, t.earlier_publication ? 2 : 1) == 0) t.status[f] = CellStatus::SuppressedSecondary;
    }
  return w;
}

}  // namespace

TEST_CASE("rule 5: this submission's cells are bounded with the earlier publication's small hidden counts (brute force)") {
  std::mt19937 rng(2718);
  long long compared = 0, pinned = 0, narrowed = 0;
  for (int k = 0; k < 80; ++k) {
    INFO("case " << k);
    const testing::World w = earlier_and_margins(rng);
    testing::World promoted = w;  // the attacker's view: the earlier hidden counts as cells with known ranges
    promoted.sub.tables[2].earlier_publication = false;
    const auto brute = testing::brute_force(promoted, true);
    const DifferencingOutput out = audit_differencing(w.sub);
    // The planned tables' cells come first in the brute force's order (tables in order).
    REQUIRE(out.rule4.audit.size() <= brute.size());
    for (std::size_t i = 0; i < out.rule4.audit.size(); ++i) {
      const SuppressedCellAudit& a = out.rule4.audit[i];
      INFO(a.cell_label);
      const auto& b = brute[i];
      CHECK(a.recoverable == (b.min == b.max));
      if (a.recoverable) {
        ++pinned;
        continue;
      }
      REQUIRE_FALSE(a.unproven);
      ++compared;
      CHECK(a.interval.lower == b.min);
      CHECK(a.interval.upper == (b.max == std::numeric_limits<std::int64_t>::max() ? kUnbounded : b.max));
      const auto& own = out.own_intervals[i];
      narrowed += own && (own->lower != a.interval.lower || own->upper != a.interval.upper);
    }
  }
  MESSAGE(compared << " intervals compared, " << pinned << " recoverable, " << narrowed << " narrower with the earlier table");
  CHECK(compared > 50);
  CHECK(pinned > 0);
  CHECK(narrowed > 0);
}
