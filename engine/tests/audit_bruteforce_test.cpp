// The audit against brute force: for many random small table sets, the attacker intervals and
// recoverability verdicts must equal those found by enumerating every nonnegative integer
// completion (with --integer), and the LP intervals must contain them.
#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <random>

#include "audit_fixtures.h"
#include "hitoku/audit.h"

using namespace hitoku;
using hitoku::testing::BruteRange;
using hitoku::testing::World;
using hitoku::testing::make_dimension;

namespace {

using Rational = boost::multiprecision::cpp_rational;

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

// Is the suppressed cell a linear combination of published cells? Dense exact elimination over
// the inner leaves, written independently of the engine.
bool linearly_determined(const World& w, const Table& t, std::size_t flat, bool include_earlier) {
  const std::size_t n = w.inner_size();
  std::vector<std::vector<Rational>> basis;  // echelon rows, pivot = first nonzero
  std::vector<std::size_t> pivots;
  auto reduce = [&](std::vector<Rational>& v) {
    for (std::size_t k = 0; k < basis.size(); ++k)
      if (v[pivots[k]] != 0) {
        const Rational f = v[pivots[k]] / basis[k][pivots[k]];
        for (std::size_t i = 0; i < n; ++i) v[i] -= f * basis[k][i];
      }
  };
  for (const auto& u : w.sub.tables) {
    if (u.earlier_publication && !include_earlier) continue;
    for (std::size_t f = 0; f < u.cell_count(); ++f) {
      if (is_suppressed(u.status[f])) continue;
      std::vector<Rational> v(n, Rational(0));
      for (std::size_t i = 0; i < n; ++i)
        if (w.covers(u, f, i)) v[i] = Rational(1);
      reduce(v);
      for (std::size_t i = 0; i < n; ++i)
        if (v[i] != 0) {
          basis.push_back(v);
          pivots.push_back(i);
          break;
        }
    }
  }
  std::vector<Rational> v(n, Rational(0));
  for (std::size_t i = 0; i < n; ++i)
    if (w.covers(t, flat, i)) v[i] = Rational(1);
  reduce(v);
  for (const auto& x : v)
    if (x != 0) return false;
  return true;
}

// What the random cases exercised, so a test cannot pass on trivial cases only.
struct Tally {
  int cells = 0, recoverable = 0, linear = 0, pinned = 0, lp_wider = 0, unbounded = 0, safe = 0;
  int table_space = 0;  // audits that ran in table-cell space
};

void compare(const World& w, bool include_earlier, bool exact_lp, const std::string& what, Tally& tally) {
  const auto brute = hitoku::testing::brute_force(w, include_earlier);
  AuditOptions lp_opt, int_opt;
  int_opt.integer_bounds = true;
  const auto lp = audit_cells(w.sub, include_earlier, lp_opt);
  const auto ip = audit_cells(w.sub, include_earlier, int_opt);
  REQUIRE(lp.cells.size() == brute.size());
  REQUIRE(ip.cells.size() == brute.size());
  for (std::size_t i = 0; i < brute.size(); ++i) {
    INFO(what << " cell " << w.sub.cell_label(w.sub.tables[static_cast<std::size_t>(ip.cells[i].table)], ip.cells[i].flat));
    const BruteRange& b = brute[i];
    const bool unbounded = b.max == std::numeric_limits<std::int64_t>::max();
    const CellAudit& c = ip.cells[i];
    CHECK_FALSE(c.unproven);
    CHECK(c.lower == b.min);
    CHECK(c.upper == (unbounded ? kUnbounded : b.max));
    CHECK(c.recoverable == (b.min == b.max));
    CHECK(c.exact);
    const CellAudit& l = lp.cells[i];
    CHECK(l.lower <= b.min);
    CHECK(l.upper >= (unbounded ? kUnbounded : b.max));
    if (l.recoverable) CHECK(b.min == b.max);
    if (exact_lp) {
      CHECK(l.lower == b.min);
      CHECK(l.upper == (unbounded ? kUnbounded : b.max));
    }
    ++tally.cells;
    tally.recoverable += c.recoverable;
    tally.linear += c.linear;
    tally.pinned += c.recoverable && !c.linear;
    tally.lp_wider += l.lower != c.lower || l.upper != c.upper;
    tally.unbounded += unbounded;
    tally.safe += !c.recoverable;
    const Table& t = w.sub.tables[static_cast<std::size_t>(c.table)];
    const bool lin = linearly_determined(w, t, c.flat, include_earlier);
    if (lin) {
      CHECK(c.recoverable);
      CHECK((c.linear || !c.zero_cells.empty()));
    }
    if (c.linear) CHECK(lin);
    if (!c.certificate.empty()) {  // the certificate evaluated on published values is the truth
      std::int64_t sum = 0;
      for (const auto& term : c.certificate) {
        const Table& u = w.sub.tables[static_cast<std::size_t>(w.sub.find_table(term.table))];
        for (std::size_t f = 0; f < u.cell_count(); ++f)
          if (w.sub.cell_key(u, f) == term.cell) {
            CHECK_FALSE(is_suppressed(u.status[f]));
            sum += term.coefficient * u.value[f];
          }
      }
      CHECK(sum == t.value[c.flat] * c.certificate_divisor);
    }
  }
  // Sampling (no per-cell LP, as for large components) only ever claims what the LP proves.
  AuditOptions sample = lp_opt;
  sample.max_lp_variables = 0;
  const auto sp = audit_cells(w.sub, include_earlier, sample);
  // The same without exact moves: moves only ever add exact points, never a verdict of their own.
  AuditOptions sample_no_moves = sample;
  sample_no_moves.exact_moves = false;
  const auto sn = audit_cells(w.sub, include_earlier, sample_no_moves);
  for (const auto* run : {&sp, &sn})
    for (std::size_t i = 0; i < brute.size(); ++i) {
      const CellAudit& c = run->cells[i];
      if (c.recoverable) CHECK(lp.cells[i].recoverable);
      if (c.unproven) continue;
      CHECK(c.lower >= lp.cells[i].lower);
      CHECK(c.upper <= lp.cells[i].upper);
      if (!c.recoverable) CHECK_FALSE(lp.cells[i].recoverable);
    }
  // Table-cell space (decomposable sets) and inner cells give the same results. Certificates
  // searched in table-cell space (the default, checked against the truth above) may be other,
  // equally valid combinations; searched over inner cells they are the same as there.
  AuditOptions inner_lp = lp_opt, inner_ip = int_opt, inner_certs = lp_opt;
  inner_lp.table_space = inner_ip.table_space = false;
  inner_certs.table_space_certificates = false;
  const auto il = audit_cells(w.sub, include_earlier, inner_lp);
  const auto ii = audit_cells(w.sub, include_earlier, inner_ip);
  const auto ic = audit_cells(w.sub, include_earlier, inner_certs);
  for (std::size_t i = 0; i < brute.size(); ++i) {
    for (const auto* pair : {&il, &ii}) {
      const CellAudit& a = (pair == &il ? lp : ip).cells[i];
      const CellAudit& b = pair->cells[i];
      CHECK(a.lower == b.lower);
      CHECK(a.upper == b.upper);
      CHECK(a.recoverable == b.recoverable);
      CHECK(a.unproven == b.unproven);
    }
    for (const auto* pair : {&il, &ii}) {
      const CellAudit& a = ic.cells[i];
      const CellAudit& b = pair->cells[i];
      CHECK(a.recoverable == b.recoverable);
      CHECK(a.linear == b.linear);
      CHECK(a.uses_nonnegativity == b.uses_nonnegativity);
      CHECK(a.certificate.size() == b.certificate.size());
    }
    CHECK(ii.cells[i].exact == ip.cells[i].exact);
  }
  if (ip.stats.table_space_cells > 0) ++tally.table_space;
  // Splitting into components and screening never change a result.
  AuditOptions whole = int_opt, unscreened = lp_opt;
  whole.split_components = false;
  unscreened.screening = false;
  const auto w1 = audit_cells(w.sub, include_earlier, whole);
  const auto w2 = audit_cells(w.sub, include_earlier, unscreened);
  for (std::size_t i = 0; i < brute.size(); ++i) {
    CHECK(w1.cells[i].lower == ip.cells[i].lower);
    CHECK(w1.cells[i].upper == ip.cells[i].upper);
    CHECK(w2.cells[i].lower == lp.cells[i].lower);
    CHECK(w2.cells[i].upper == lp.cells[i].upper);
  }
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
