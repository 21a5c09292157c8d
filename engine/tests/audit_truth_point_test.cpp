// The truth point (an integer inner-cell point reproducing every true table value) and the block
// LPs around it (docs/audit.md step 8a): the point really reproduces the tables, it is not made
// up where no joint array exists, and what block LPs prove agrees with per-cell LPs.
#include <doctest/doctest.h>

#include <map>

#include "../../benchmarks/synthetic.h"
#include "audit/solve/truth_point.h"
#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"
#include "hitoku/audit/inner_space.h"

using namespace hitoku;
using hitoku::testing::make_dimension;
using hitoku::testing::World;

namespace {

Submission cyclic_set(int sites, int ages, double cases, std::uint32_t seed) {
  bench::SyntheticSpec spec;
  spec.geography = "hyogo";
  spec.sites = sites;
  spec.ages = ages;
  spec.cases = cases;
  spec.seed = seed;
  spec.layout = "linked";
  spec.reference_dir = HITOKU_REFERENCE;
  return bench::make_synthetic(spec);
}

}  // namespace

TEST_CASE("truth point: every table cell, published or suppressed, is the sum of its inner cells") {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    const Submission s = cyclic_set(6, 5, 5000, seed);
    const InnerSpace space(s);
    const auto x = audit::truth_point(s, space, false);
    REQUIRE(x.has_value());
    REQUIRE(static_cast<std::int64_t>(x->size()) == space.size());
    for (auto v : *x) CHECK(v >= 0);
    long long checked = 0;
    for (std::size_t t = 0; t < s.tables.size(); ++t)
      for (std::size_t f = 0; f < s.tables[t].cell_count(); ++f) {
        std::int64_t sum = 0;
        for (auto c : space.support(t, f)) sum += (*x)[static_cast<std::size_t>(c)];
        CHECK(sum == s.tables[t].value[f]);
        ++checked;
      }
    CHECK(checked > 500);
  }
}

// The classic 2×2×2 made pairwise consistent without a joint array: a×b and a×c are diagonal
// (b = a, c = a), yet b×c is the anti-diagonal with the same margins. No inner point exists, so
// the truth point must not invent one.
TEST_CASE("truth point: none for margins that agree pairwise but have no joint array") {
  World w;
  for (const char* d : {"a", "b", "c"}) w.sub.dimensions.push_back(make_dimension(d, {{"T", ""}, {"0", "T"}, {"1", "T"}}));
  w.truth.assign(8, 0);
  w.truth[0] = 1;  // (0,0,0)
  w.truth[7] = 1;  // (1,1,1)
  w.add_table("ab", {0, 1});
  w.add_table("ac", {0, 2});
  Table& bc = w.add_table("bc", {1, 2});
  const auto& b = w.sub.dimensions[1];
  const auto& c = w.sub.dimensions[2];
  for (std::size_t f = 0; f < bc.cell_count(); ++f) {
    const auto codes = bc.cell_codes(f);
    if (b.parent(codes[0]) >= 0 && c.parent(codes[1]) >= 0)
      bc.value[f] = b.code(codes[0]) == c.code(codes[1]) ? 0 : 1;  // anti-diagonal, margins unchanged
  }
  const InnerSpace space(w.sub);
  CHECK_FALSE(audit::truth_point(w.sub, space, false).has_value());
}

TEST_CASE("block LPs around the truth point alone prove cells, inside the per-cell LP intervals") {
  const Submission s = cyclic_set(6, 5, 5000, 1);
  AuditOptions blocks_only;  // no full solve at all: only the truth point's block LPs
  blocks_only.max_lp_variables = 0;
  blocks_only.max_sample_variables = 0;
  blocks_only.block_cells = 300;  // about the share of Hyogo's 3,000 / 6,000 on this 2,460-cell set
  blocks_only.block_cells_wide = 600;
  const auto bl = audit_cells(s, false, blocks_only);
  const auto lp = audit_cells(s, false);  // per-cell LPs
  AuditOptions without = blocks_only;
  without.truth_point = false;
  const auto none = audit_cells(s, false, without);
  REQUIRE(bl.cells.size() == lp.cells.size());
  CHECK(bl.stats.truth_point);
  CHECK(bl.stats.block_settled > 0);
  CHECK(bl.stats.lp_solves == 0);
  long long safe = 0, unproven_without = 0;
  for (std::size_t i = 0; i < bl.cells.size(); ++i) {
    const CellAudit& a = bl.cells[i];
    const CellAudit& b = lp.cells[i];
    INFO("cell " << s.cell_label(s.tables[static_cast<std::size_t>(a.table)], a.flat));
    unproven_without += none.cells[i].unproven;
    if (b.recoverable) CHECK_FALSE(a.upper - a.lower >= 1);  // never called safe when it is not
    if (a.recoverable || a.unproven) continue;
    ++safe;
    CHECK_FALSE(b.recoverable);
    CHECK(a.upper - a.lower >= 1);
    CHECK(a.lower >= b.lower);  // block points lie inside the attacker's interval
    if (b.upper != kUnbounded) CHECK(a.upper <= b.upper);
  }
  CHECK(safe * 10 >= static_cast<long long>(bl.cells.size()) * 9);  // blocks prove nearly every cell
  CHECK(unproven_without > safe / 2);  // and without the truth point those stay not proven
}

TEST_CASE("sampled cyclic audit with the truth point: same verdicts as per-cell LPs, fewer full solves") {
  const Submission s = cyclic_set(6, 5, 5000, 2);
  AuditOptions sampled;
  sampled.max_lp_variables = 0;
  AuditOptions vertices = sampled;
  vertices.truth_point = false;
  const auto tp = audit_cells(s, false, sampled);
  const auto vx = audit_cells(s, false, vertices);
  const auto lp = audit_cells(s, false);
  REQUIRE(tp.cells.size() == lp.cells.size());
  for (std::size_t i = 0; i < tp.cells.size(); ++i) {
    INFO("cell " << s.cell_label(s.tables[static_cast<std::size_t>(tp.cells[i].table)], tp.cells[i].flat));
    CHECK_FALSE(tp.cells[i].unproven);
    CHECK(tp.cells[i].recoverable == lp.cells[i].recoverable);
    CHECK(tp.cells[i].recoverable == vx.cells[i].recoverable);
  }
  CHECK(tp.stats.lp_solves < vx.stats.lp_solves);
}

TEST_CASE("block partitions: every block within its size, ages paired with areas when one age is too large") {
  const Submission s = cyclic_set(6, 5, 5000, 1);
  const InnerSpace space(s);
  for (std::int64_t max : {200, 600, 3000}) {
    CAPTURE(max);
    const auto parts = audit::block_partitions(s, space, max);
    // Geography, ages, sites (sex, two atoms, never on its own): plain or paired with areas; a
    // partition that would put everything in one block is left out (3000: ages and sites).
    CHECK(parts.size() == (max == 3000 ? 1 : 3));
    for (const auto& blocks : parts) {
      REQUIRE(static_cast<std::int64_t>(blocks.size()) == space.size());
      std::map<int, std::int64_t> cells;
      for (int b : blocks) ++cells[b];
      for (const auto& [b, k] : cells) CHECK(k <= max);
      CHECK(cells.size() > 1);
    }
  }
}

TEST_CASE("block points: with the check through the block alone, the same points count and the same verdicts follow") {
  const Submission s = cyclic_set(6, 5, 5000, 3);
  AuditOptions both;  // blocks only, every block point also checked as a whole point
  both.max_lp_variables = 0;
  both.max_sample_variables = 0;
  both.block_cells = 300;
  both.block_cells_wide = 600;
  AuditOptions block_only = both;  // as for components over 200,000 variables
  block_only.block_whole_check_variables = 0;
  const auto a = audit_cells(s, false, both);
  const auto b = audit_cells(s, false, block_only);
  REQUIRE(a.cells.size() == b.cells.size());
  CHECK(a.stats.block_settled > 0);
  CHECK(a.stats.rejected_points == 0);
  CHECK(b.stats.rejected_points == 0);
  CHECK(a.stats.block_lp_solves == b.stats.block_lp_solves);
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    CHECK(a.cells[i].unproven == b.cells[i].unproven);
    CHECK(a.cells[i].lower == b.cells[i].lower);
    CHECK(a.cells[i].upper == b.cells[i].upper);
  }
}

TEST_CASE("blocks around the open cells, or grown blocks, prove cells that no partition block can move") {
  // Two prefectures of two municipalities; area×age×sex, area×site×sex and site×age×sex (national)
  // with every total published, and every area's age×sex cell suppressed. A prefecture's cells
  // move only when a rectangle of ages and sexes is traded against the other prefecture at one
  // site, but every block of the partitions lies within one prefecture (the only slot with more
  // than two atoms is the geography).
  World w;
  w.sub.dimensions.push_back(make_dimension(
      "area", {{"N", ""}, {"P1", "N"}, {"P2", "N"}, {"m1", "P1"}, {"m2", "P1"}, {"m3", "P2"}, {"m4", "P2"}}));
  w.sub.dimensions.push_back(make_dimension("site", {{"CT", ""}, {"s1", "CT"}, {"s2", "CT"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"AT", ""}, {"a1", "AT"}, {"a2", "AT"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"ST", ""}, {"M", "ST"}, {"F", "ST"}}));
  w.truth.resize(w.inner_size());
  for (std::size_t i = 0; i < w.truth.size(); ++i) w.truth[i] = 2 + static_cast<std::int64_t>((i * 7) % 4);
  Table& by_age = w.add_table("area_age_sex", {0, 2, 3});
  for (std::size_t f = 0; f < by_age.cell_count(); ++f) {
    const auto codes = by_age.cell_codes(f);
    const auto& dims = w.sub.dimensions;
    if (dims[0].code(codes[0]) != "N" && dims[2].code(codes[1]) != "AT" && dims[3].code(codes[2]) != "ST")
      by_age.status[f] = CellStatus::SuppressedByUser;
  }
  w.add_table("area_site_sex", {0, 1, 3});
  w.add_table("site_age_sex", {1, 2, 3});

  AuditOptions with;  // blocks only, no full solve; blocks are prefectures (4 areas of 8 inner cells)
  with.max_lp_variables = 0;
  with.max_sample_variables = 0;
  with.block_cells = 16;
  with.block_cells_wide = 32;
  AuditOptions without = with;
  without.open_cell_blocks = false;
  without.grown_blocks = false;
  AuditOptions grown_only = without;  // blocks grown by column generation, no blocks of open cells
  grown_only.grown_blocks = true;
  const auto a = audit_cells(w.sub, false, with);
  const auto b = audit_cells(w.sub, false, without);
  const auto g = audit_cells(w.sub, false, grown_only);
  const auto lp = audit_cells(w.sub, false);  // per-cell LPs
  const auto brute = hitoku::testing::brute_force(w, false);
  REQUIRE(a.cells.size() == 24);
  REQUIRE(brute.size() == a.cells.size());
  CHECK(a.stats.truth_point);
  CHECK(a.stats.lp_solves == 0);
  long long prefecture_open_without = 0;
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    const Table& t = w.sub.tables[static_cast<std::size_t>(a.cells[i].table)];
    const std::string label = w.sub.cell_label(t, a.cells[i].flat);
    INFO(label);
    const bool prefecture = w.sub.dimensions[0].code(t.cell_codes(a.cells[i].flat)[0])[0] == 'P';
    CHECK(brute[i].max > brute[i].min);  // the attacker cannot recover any cell
    CHECK_FALSE(lp.cells[i].recoverable);
    CHECK_FALSE(a.cells[i].unproven);    // and the blocks around the open cells prove every one
    CHECK_FALSE(a.cells[i].recoverable);
    CHECK(a.cells[i].lower >= brute[i].min);
    CHECK(a.cells[i].upper <= brute[i].max);
    CHECK_FALSE(g.cells[i].unproven);    // so do the grown blocks alone
    CHECK_FALSE(g.cells[i].recoverable);
    CHECK(g.cells[i].lower >= brute[i].min);
    CHECK(g.cells[i].upper <= brute[i].max);
    if (prefecture) prefecture_open_without += b.cells[i].unproven;
    else CHECK_FALSE(b.cells[i].unproven);  // a municipality moves within its prefecture
  }
  CHECK(prefecture_open_without == 8);  // partitions alone prove no prefecture cell
}

TEST_CASE("sampling limits are counts: a binding iteration limit leaves cells not proven, the same on every run") {
  // Full sampling solves from scratch (no truth point, no per-cell LPs): with a per-solve
  // iteration limit too small for them, they add no point, and the cells they would have
  // settled stay not proven (they fail) -- the same cells on every run, whatever the machine's
  // speed, and never a cell that per-cell LPs find recoverable called safe.
  const Submission s = cyclic_set(6, 5, 5000, 2);
  AuditOptions sampled;
  sampled.max_lp_variables = 0;
  sampled.truth_point = false;
  AuditOptions starved = sampled;
  starved.large_iterations_per_solve = 20;
  const auto full = audit_cells(s, false, sampled);
  const auto a = audit_cells(s, false, starved), b = audit_cells(s, false, starved);
  const auto lp = audit_cells(s, false);
  REQUIRE(a.cells.size() == lp.cells.size());
  long long open_full = 0, open_starved = 0;
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    INFO("cell " << s.cell_label(s.tables[static_cast<std::size_t>(a.cells[i].table)], a.cells[i].flat));
    CHECK(a.cells[i].unproven == b.cells[i].unproven);
    CHECK(a.cells[i].recoverable == b.cells[i].recoverable);
    CHECK(a.cells[i].lower == b.cells[i].lower);
    CHECK(a.cells[i].upper == b.cells[i].upper);
    if (lp.cells[i].recoverable) CHECK((a.cells[i].recoverable || a.cells[i].unproven));
    open_full += full.cells[i].unproven;
    open_starved += a.cells[i].unproven;
  }
  MESSAGE("not proven: " << open_full << " with the default limit, " << open_starved << " starved, of " << a.cells.size());
  CHECK(open_starved > open_full);  // the limit bound
  CHECK(a.stats.lp_solves == b.stats.lp_solves);
}
