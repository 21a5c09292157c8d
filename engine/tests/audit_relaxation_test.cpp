// Cyclic table sets: the table-cell relaxation (pairwise-consistent margins) gives OUTER bounds.
// Checked against brute force over every nonnegative integer completion: its intervals contain
// the attacker's, a cell it pins is truly recoverable, it never calls a cell safe, and the
// combined audit (relaxation, then inner cells) gives today's inner-cell verdicts.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"
#include "hitoku/report/report_format.h"

using namespace hitoku;
using hitoku::testing::BruteRange;
using hitoku::testing::World;
using hitoku::testing::make_dimension;

namespace {

constexpr auto kMax = std::numeric_limits<std::int64_t>::max();

// Three linked 2-D marginals (area×sex, area×age, sex×age) of a random 3-D array -- a cyclic
// set -- optionally with an area hierarchy, a random suppression pattern, and sometimes an
// earlier publication of area×sex cells (the set stays cyclic).
World cyclic_world(bool hierarchy, std::mt19937& rng) {
  World w;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  if (hierarchy)
    w.sub.dimensions.push_back(
        make_dimension("area", {{"T", ""}, {"R1", "T"}, {"R2", "T"}, {"a1", "R1"}, {"a2", "R1"}, {"a3", "R2"}}));
  else
    w.sub.dimensions.push_back(make_dimension("area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"o", "T"}}));
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) v = pick(0, 3);
  w.add_table("t1", {0, 1});
  w.add_table("t2", {0, 2});
  w.add_table("t3", {1, 2});
  if (pick(0, 2) == 0) {
    Table& e = w.add_table("earlier", {0, 1}, {}, true);
    for (auto& s : e.status) s = pick(0, 2) == 0 ? CellStatus::Published : CellStatus::SuppressedByUser;
  }
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.sub.policy.attacker_knows_small_range = pick(0, 2) == 0;
  w.sub.policy.min_interval_width = pick(0, 1) ? 0 : 2;
  for (auto& t : w.sub.tables) {
    if (t.earlier_publication) continue;
    // Often a rectangle of four leaf cells (the classic safe pattern, unless the links leak).
    const bool rectangle = pick(0, 2) != 0;
    std::vector<std::vector<int>> chosen(2);
    for (std::size_t td = 0; td < 2 && rectangle; ++td) {
      const auto& leaves = w.sub.dimensions[static_cast<std::size_t>(t.dims[td])].leaves();
      const int a = pick(0, static_cast<int>(leaves.size()) - 1);
      int b = pick(0, static_cast<int>(leaves.size()) - 2);
      if (b >= a) ++b;
      chosen[td] = {leaves[static_cast<std::size_t>(a)], leaves[static_cast<std::size_t>(b)]};
    }
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const auto codes = t.cell_codes(f);
      if (rectangle && std::count(chosen[0].begin(), chosen[0].end(), codes[0]) &&
          std::count(chosen[1].begin(), chosen[1].end(), codes[1])) {
        t.status[f] = CellStatus::SuppressedSecondary;
        continue;
      }
      const auto v = t.value[f];
      if (v >= 1 && v <= 3 && pick(0, 2) == 0)
        t.status[f] = pick(0, 1) ? CellStatus::SuppressedPrimary : CellStatus::SuppressedByUser;
      else if (pick(0, 6) == 0)
        t.status[f] = CellStatus::SuppressedSecondary;
    }
  }
  return w;
}

struct Tally {
  int cells = 0, pinned_by_relaxation = 0, relaxation_wider = 0, truly_recoverable = 0, sampled_exact = 0;
  int relaxation_runs = 0, outer_in_report = 0, split_pieces = 0;
  int truth_points = 0, pinned_sampled = 0;  // sampled audits from a truth point; pinned cells in them
  long long bases_kept = 0;                  // relaxation ends read off a kept basis
  long long dual_settled = 0;                // relaxation ends an earlier LP's duals settled
};

void check_world(const World& w, bool include_earlier, const std::string& what, Tally& tally) {
  const auto brute = hitoku::testing::brute_force(w, include_earlier);
  AuditOptions only, inner, combined, sampled;
  only.relaxation_only = true;
  inner.cyclic_relaxation = false;  // today's inner-cell audit
  sampled.max_lp_variables = 0;     // inner cells sampled, as for large components
  const auto r = audit_cells(w.sub, include_earlier, only);
  const auto i = audit_cells(w.sub, include_earlier, inner);
  const auto c = audit_cells(w.sub, include_earlier, combined);
  const auto s = audit_cells(w.sub, include_earlier, sampled);
  REQUIRE(r.cells.size() == brute.size());
  REQUIRE(c.cells.size() == brute.size());
  CHECK(r.stats.relaxation_cells > 0);
  tally.truth_points += s.stats.truth_point;
  CHECK(i.stats.relaxation_cells == 0);
  tally.relaxation_runs += r.stats.relaxation_cells > 0;
  tally.bases_kept += r.stats.relaxation_lp_bases_kept;
  tally.dual_settled += r.stats.relaxation_dual_settled;
  for (std::size_t k = 0; k < brute.size(); ++k) {
    const CellAudit& rc = r.cells[k];
    INFO(what << " cell " << w.sub.cell_label(w.sub.tables[static_cast<std::size_t>(rc.table)], rc.flat));
    const BruteRange& b = brute[k];
    const bool truly = b.min == b.max;
    ++tally.cells;
    tally.truly_recoverable += truly;
    // Outer bound: contains every integer completion's value.
    REQUIRE(rc.outer_bound);
    CHECK(rc.outer_lower <= b.min);
    if (b.max != kMax) CHECK(rc.outer_upper >= b.max);
    else CHECK(rc.outer_upper == kUnbounded);
    tally.relaxation_wider += rc.outer_lower < b.min || (b.max != kMax && rc.outer_upper > b.max);
    // Pinned by the relaxation: truly recoverable; otherwise never safe.
    if (rc.recoverable) {
      CHECK(truly);
      CHECK(rc.lower == b.min);
      CHECK(rc.recoverable_by_relaxation);
      ++tally.pinned_by_relaxation;
    } else {
      CHECK(rc.unproven);
    }
    // Combined audit: today's inner-cell verdicts and intervals.
    const CellAudit& cc = c.cells[k];
    const CellAudit& ic = i.cells[k];
    CHECK(cc.recoverable == ic.recoverable);
    CHECK(cc.unproven == ic.unproven);
    CHECK(cc.lower == ic.lower);
    CHECK(cc.upper == ic.upper);
    CHECK(cc.recoverable == truly);  // small components: exact LP verdicts
    CHECK(cc.outer_bound);
    CHECK(cc.outer_lower <= cc.lower);
    CHECK(cc.outer_upper >= cc.upper);
    CHECK(cc.recoverable_by_relaxation == rc.recoverable);
    // With sampled inner cells: never safer than the truth; ends called exact are exact.
    const CellAudit& sc = s.cells[k];
    if (sc.recoverable) CHECK(truly);
    tally.pinned_sampled += s.stats.truth_point && sc.recoverable_by_relaxation;
    if (!sc.unproven && !sc.recoverable) {
      CHECK_FALSE(truly);
      CHECK(sc.lower >= ic.lower);
      CHECK(sc.upper <= ic.upper);
      if (!sc.inner_bound) {
        CHECK(sc.lower == ic.lower);
        CHECK(sc.upper == ic.upper);
        tally.sampled_exact += sc.outer_bound;
      }
    }
  }
  // Oversized relaxation components: trivial outer bounds, or pieces after dropping long rows
  // (a relaxation of the relaxation): still outer bounds, and a pinned cell is recoverable.
  // Over the work limit (variables × cells) alike: the same trivial bounds as over the variable limit.
  AuditOptions trivial = only, split = only, costly = only;
  trivial.max_relaxation_variables = 0;
  split.max_relaxation_variables = 4;
  split.relaxation_split = true;
  costly.max_relaxation_work = 1;
  const auto over_work = audit_cells(w.sub, include_earlier, costly);
  for (const auto* opt : {&trivial, &split}) {
    const auto t = audit_cells(w.sub, include_earlier, *opt);
    if (opt == &trivial)
      for (std::size_t k = 0; k < brute.size(); ++k) {
        CHECK(over_work.cells[k].outer_bound == t.cells[k].outer_bound);
        CHECK(over_work.cells[k].outer_lower == t.cells[k].outer_lower);
        CHECK(over_work.cells[k].outer_upper == t.cells[k].outer_upper);
        CHECK(over_work.cells[k].recoverable == t.cells[k].recoverable);
      }
    tally.split_pieces += static_cast<int>(t.stats.relaxation_split_pieces);
    for (std::size_t k = 0; k < brute.size(); ++k) {
      const CellAudit& tc = t.cells[k];
      INFO(what << (opt == &split ? " split" : " trivial") << " cell " << k);
      if (!tc.outer_bound) continue;
      CHECK(tc.outer_lower <= brute[k].min);
      if (brute[k].max != kMax) CHECK(tc.outer_upper >= brute[k].max);
      REQUIRE(r.cells[k].outer_bound);  // never tighter than the full relaxation
      CHECK(tc.outer_lower <= r.cells[k].outer_lower);
      CHECK(tc.outer_upper >= r.cells[k].outer_upper);
      if (tc.recoverable) CHECK(brute[k].min == brute[k].max);
      else CHECK(tc.unproven);
    }
  }
  // The report built from the sampled audit: an interval flagged as an outer bound contains
  // the brute-force range, and its inner interval lies inside it.
  bool has_earlier = false;
  for (const auto& t : w.sub.tables) has_earlier = has_earlier || t.earlier_publication;
  if (include_earlier != has_earlier) return;
  const auto d = audit_differencing(w.sub, sampled);
  REQUIRE(d.rule4.audit.size() == brute.size());
  for (std::size_t k = 0; k < brute.size(); ++k) {
    const auto& a = d.rule4.audit[k];
    if (!a.outer_bound) continue;
    ++tally.outer_in_report;
    CHECK_FALSE(a.interval_withheld);
    CHECK(a.interval.lower <= brute[k].min);
    if (brute[k].max != kMax) CHECK(a.interval.upper >= brute[k].max);
    REQUIRE(a.inner_interval);
    CHECK(a.inner_interval->lower >= brute[k].min);
    CHECK(a.inner_interval->upper <= brute[k].max);
  }
}

}  // namespace

TEST_CASE("relaxation brute force: three linked 2-D marginals, with and without a hierarchy") {
  std::mt19937 rng(8080);
  Tally tally;
  for (int n = 0; n < 60; ++n) {
    const World w = cyclic_world(n % 3 == 2, rng);
    const std::string what = "cyclic #" + std::to_string(n);
    check_world(w, false, what, tally);
    check_world(w, true, what + " with earlier publications", tally);
  }
  MESSAGE("relaxation: " << tally.cells << " cells, " << tally.truly_recoverable << " truly recoverable, "
                         << tally.pinned_by_relaxation << " pinned by the relaxation, " << tally.relaxation_wider
                         << " with a wider outer interval, " << tally.sampled_exact
                         << " sampled inner bounds made exact by the outer bound, " << tally.outer_in_report
                         << " outer bounds in reports, " << tally.split_pieces << " split pieces solved");
  // The cases exercised what they are meant to.
  CHECK(tally.relaxation_runs == 120);
  // The sampled audits ran from truth points (block LPs alongside the relaxation), pinned cells included.
  CHECK(tally.truth_points > 60);
  CHECK(tally.pinned_sampled > 0);
  CHECK(tally.pinned_by_relaxation > 0);
  CHECK(tally.relaxation_wider > 0);
  CHECK(tally.outer_in_report > 0);
  CHECK(tally.split_pieces > 0);
  CHECK(tally.bases_kept > 0);
  CHECK(tally.dual_settled > 0);
  CHECK(tally.cells > tally.truly_recoverable + 100);  // plenty of cells that are not recoverable
}

// The classic 2×2×2 (Vorob'ev): the three 2-way margins of x with x(0,0,0) = x(1,1,1) = 1 and
// zeros elsewhere. Published: a×b and a×c in full, and the margins of b×c; its four inner cells
// are suppressed. By hand: a×b says b = a, a×c says c = a, so the b×c table is [[1,0],[0,1]]
// and every cell is recoverable (the zeros of a×b and a×c pin the joint array). In the
// relaxation the b×c table only has to match the b and c margins (1, 1): [[t,1-t],[1-t,t]] for
// any t in [0, 1]; t = 0 is the textbook pairwise-consistent family with no joint array. So the
// relaxation gives [0, 1] for each cell: strictly wider, and it must NOT call the cells safe.
TEST_CASE("relaxation: the classic 2×2×2 where pairwise consistency does not give a joint array") {
  World w;
  for (const char* d : {"a", "b", "c"}) w.sub.dimensions.push_back(make_dimension(d, {{"T", ""}, {"0", "T"}, {"1", "T"}}));
  w.truth.assign(8, 0);
  w.truth[0] = 1;  // (0,0,0)
  w.truth[7] = 1;  // (1,1,1)
  w.add_table("ab", {0, 1});
  w.add_table("ac", {0, 2});
  Table& bc = w.add_table("bc", {1, 2});
  for (std::size_t f = 0; f < bc.cell_count(); ++f) {
    const auto codes = bc.cell_codes(f);
    const auto& b = w.sub.dimensions[1];
    const auto& c = w.sub.dimensions[2];
    if (b.parent(codes[0]) >= 0 && c.parent(codes[1]) >= 0) bc.status[f] = CellStatus::SuppressedByUser;
  }
  w.sub.policy.attacker_knows_small_range = false;
  const auto brute = hitoku::testing::brute_force(w, false);
  REQUIRE(brute.size() == 4);
  for (const auto& b : brute) CHECK(b.min == b.max);  // brute force agrees: all recoverable

  AuditOptions only;
  only.relaxation_only = true;
  const auto r = audit_cells(w.sub, false, only);
  REQUIRE(r.cells.size() == 4);
  for (const auto& c : r.cells) {
    CHECK(c.outer_bound);
    CHECK(c.outer_lower == 0);
    CHECK(c.outer_upper == 1);
    CHECK_FALSE(c.recoverable);
    CHECK(c.unproven);  // not safe: the relaxation cannot tell
  }
  const auto full = audit_cells(w.sub, false, AuditOptions{});
  for (std::size_t k = 0; k < 4; ++k) {
    const auto& c = full.cells[k];
    CHECK(c.recoverable);
    CHECK_FALSE(c.recoverable_by_relaxation);
    CHECK(c.uses_nonnegativity);  // the zeros of a×b and a×c pin it
    CHECK(c.outer_lower == 0);
    CHECK(c.outer_upper == 1);
    CHECK(c.lower == brute[k].min);
  }
  CHECK(full.stats.relaxation_cells == 12);  // three 2×2 tables
  // The report never shows a recoverable cell's interval, outer or not.
  const auto d = audit_differencing(w.sub);
  for (const auto& a : d.rule4.audit) {
    CHECK(a.interval_withheld);
    CHECK_FALSE(a.outer_bound);
  }
}

// The report says when a shown interval is only an outer bound, Japanese first, and keeps it
// through JSON.
TEST_CASE("report: an outer-bound interval is flagged in JSON, text and HTML") {
  Report r;
  SuppressedCellAudit a;
  a.table = "t1";
  a.cell = {{"area", "a1"}};
  a.cell_label = "a1";
  a.status = "suppressed_secondary";
  a.interval = Interval{2, 9, false};
  a.outer_bound = true;
  a.inner_interval = Interval{3, 7, false};
  r.audit.push_back(a);
  const auto j = report_to_json(r);
  const auto& e = j["suppressed_cells"][0];
  CHECK(e["outer_bound"] == true);
  CHECK(e["interval"]["lower"] == 2);
  CHECK(e["inner_interval"]["upper"] == 7);
  const Report back = report_from_json(j);
  REQUIRE(back.audit.size() == 1);
  CHECK(back.audit[0].outer_bound);
  REQUIRE(back.audit[0].inner_interval);
  CHECK(back.audit[0].inner_interval->lower == 3);
  CHECK(report_to_json(back) == j);
  CHECK(report_to_text(r).find("外側の限界（攻撃者の区間はこの中）") != std::string::npos);
  CHECK(report_to_text(r, "en").find("outer bound") != std::string::npos);
  CHECK(report_to_html(r).find("外側の限界（攻撃者の区間はこの中）") != std::string::npos);
  // An exact interval carries no flag.
  r.audit[0].outer_bound = false;
  r.audit[0].inner_interval.reset();
  CHECK(report_to_text(r).find("外側の限界") == std::string::npos);
  CHECK(report_to_json(r)["suppressed_cells"][0]["inner_interval"].is_null());
}
