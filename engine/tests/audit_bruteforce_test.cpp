// The audit against brute force: for many random small table sets, the attacker intervals and
// recoverability verdicts must equal those found by enumerating every nonnegative integer
// completion (with --integer), and the LP intervals must contain them.
#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <random>

#include "audit_compare.h"
#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"

using namespace hitoku;
using hitoku::testing::BruteRange;
using hitoku::testing::Tally;
using hitoku::testing::compare;
using hitoku::testing::World;
using hitoku::testing::make_dimension;

namespace {

// LinkedAcyclic*: area×sex, sex×age and an age margin -- a decomposable (acyclic) set, audited
// in table-cell space by default.
enum class Shape { Plain2D, Hierarchical2D, Full3D, Linked3D, LinkedHierarchical, LinkedAcyclic, LinkedAcyclicHier };

World random_world(Shape shape, std::mt19937& rng) {
  World w;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const bool hier = shape == Shape::Hierarchical2D || shape == Shape::LinkedHierarchical ||
                    shape == Shape::LinkedAcyclicHier;
  if (hier) {
    w.sub.dimensions.push_back(
        make_dimension("area", {{"T", ""}, {"R1", "T"}, {"R2", "T"}, {"a1", "R1"}, {"a2", "R1"}, {"a3", "R2"}}));
  } else {
    std::vector<std::pair<std::string, std::string>> codes{{"T", ""}};
    const int n = shape == Shape::Plain2D ? pick(2, 3) : shape == Shape::LinkedAcyclic ? 3 : 2;
    for (int i = 1; i <= n; ++i) codes.push_back({"a" + std::to_string(i), "T"});
    w.sub.dimensions.push_back(make_dimension("area", codes));
  }
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  const bool three = shape == Shape::Full3D || shape == Shape::Linked3D || shape == Shape::LinkedHierarchical ||
                     shape == Shape::LinkedAcyclic || shape == Shape::LinkedAcyclicHier;
  if (three) w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"o", "T"}}));
  const bool acyclic = shape == Shape::LinkedAcyclic || shape == Shape::LinkedAcyclicHier;
  const int maxv = three ? 3 : 4;
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) v = pick(0, maxv);

  switch (shape) {
    case Shape::Plain2D:
    case Shape::Hierarchical2D: w.add_table("t1", {0, 1}); break;
    case Shape::Full3D: w.add_table("t1", {0, 1, 2}); break;
    case Shape::Linked3D:
    case Shape::LinkedHierarchical:
      w.add_table("t1", {0, 1});
      w.add_table("t2", {0, 2});
      w.add_table("t3", {1, 2});
      break;
    case Shape::LinkedAcyclic:
    case Shape::LinkedAcyclicHier:
      w.add_table("t1", {0, 1});
      w.add_table("t2", {1, 2});
      w.add_table("t3", {2});
      break;
  }
  // Sometimes an earlier publication: a few cells of area x sex x age published elsewhere.
  if (three && pick(0, 2) == 0) {
    Table& e = w.add_table("earlier", {0, 1, 2}, {}, true);
    for (auto& s : e.status) s = pick(0, 3) == 0 ? CellStatus::Published : CellStatus::SuppressedByUser;
  }
  // Suppression pattern: small counts primary, plus random secondary cells.
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.sub.policy.attacker_knows_small_range = pick(0, 2) == 0;
  for (auto& t : w.sub.tables) {
    if (t.earlier_publication) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const auto v = t.value[f];
      if (v >= 1 && v <= w.sub.policy.small_max && pick(0, 3) != 0)
        t.status[f] = pick(0, 1) ? CellStatus::SuppressedPrimary : CellStatus::SuppressedByUser;
      else if (pick(0, acyclic ? 2 : 7) == 0)
        t.status[f] = CellStatus::SuppressedSecondary;
    }
  }
  return w;
}

Tally run(Shape shape, int cases, unsigned seed, bool exact_lp, const char* name) {
  std::mt19937 rng(seed);
  Tally tally;
  for (int k = 0; k < cases; ++k) {
    const World w = random_world(shape, rng);
    const std::string what = std::string(name) + " #" + std::to_string(k);
    compare(w, false, exact_lp, what, tally);
    compare(w, true, exact_lp, what + " with earlier publications", tally);
  }
  MESSAGE(std::string(name) << ": " << tally.cells << " cells, " << tally.recoverable << " recoverable (" << tally.linear
                << " by subtraction, " << tally.pinned << " pinned otherwise), " << tally.safe << " safe, "
                << tally.lp_wider << " LP wider than integer, " << tally.unbounded << " unbounded, "
                << tally.table_space << " audits in table-cell space");
  CHECK(tally.recoverable > 0);
  CHECK(tally.safe > 0);
  return tally;
}

}  // namespace

TEST_CASE("audit brute force: plain 2-D tables (LP bounds are exact there)") {
  const Tally t = run(Shape::Plain2D, 150, 101, true, "plain2d");
  CHECK(t.linear > 0);
  CHECK(t.pinned > 0);
  CHECK(t.bases_kept > 0);  // ends read off a kept basis met the brute force too
  CHECK(t.dual_settled > 0);  // and ends settled by an earlier LP's duals
}
TEST_CASE("audit brute force: hierarchical 2-D tables") {
  run(Shape::Hierarchical2D, 100, 202, false, "hier2d");
}
TEST_CASE("audit brute force: full 3-D tables") { run(Shape::Full3D, 60, 303, false, "full3d"); }
TEST_CASE("audit brute force: three linked 2-D marginals of a 3-D array") {
  const Tally t = run(Shape::Linked3D, 60, 404, false, "linked3d");
  CHECK(t.linear > 0);
}
TEST_CASE("audit brute force: linked tables with a hierarchy") {
  run(Shape::LinkedHierarchical, 40, 505, false, "linkedhier");
}
TEST_CASE("audit brute force: acyclic linked tables (table-cell space)") {
  const Tally t = run(Shape::LinkedAcyclic, 60, 606, false, "acyclic");
  CHECK(t.table_space > 0);
  CHECK(t.linear > 0);
}
TEST_CASE("audit brute force: acyclic linked tables with a hierarchy (table-cell space)") {
  const Tally t = run(Shape::LinkedAcyclicHier, 40, 707, false, "acyclichier");
  CHECK(t.table_space > 0);
}
