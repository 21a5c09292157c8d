// Classic differencing cases, each worked out by hand in its comment.
#include <doctest/doctest.h>

#include <map>

#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"

using namespace hitoku;
using hitoku::testing::World;
using hitoku::testing::make_dimension;

namespace {

// area: T -> a1, a2; sex: T -> m, f. Truth (area, sex): a1m=3 a1f=5 a2m=7 a2f=4.
World area_by_sex() {
  World w;
  w.sub.dimensions.push_back(make_dimension("area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.truth = {3, 5, 7, 4};
  return w;
}

std::size_t cell(const Submission& s, const Table& t, std::map<std::string, std::string> key) {
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    if (s.cell_key(t, f) == key) return f;
  FAIL("no such cell");
  return 0;
}

void suppress(World& w, std::size_t table, std::map<std::string, std::string> key,
              CellStatus how = CellStatus::SuppressedByUser) {
  Table& t = w.sub.tables[table];
  t.status[cell(w.sub, t, key)] = how;
}

const CellAudit& find(const AuditResult& r, const Submission& s, std::size_t table,
                      std::map<std::string, std::string> key) {
  for (const auto& c : r.cells)
    if (c.table == static_cast<int>(table) && s.cell_key(s.tables[table], c.flat) == key) return c;
  FAIL("cell not audited");
  return r.cells.front();
}

// The certificate, evaluated on the published values, must give the true value: an independent
// check that it is a real subtraction of published cells.
std::int64_t evaluate(const Submission& s, const CellAudit& c) {
  std::int64_t sum = 0;
  for (const auto& t : c.certificate) {
    const Table& table = s.tables[static_cast<std::size_t>(s.find_table(t.table))];
    const std::size_t f = cell(s, table, t.cell);
    CHECK_FALSE(is_suppressed(table.status[f]));
    sum += t.coefficient * table.value[f];
  }
  CHECK(sum % c.certificate_divisor == 0);
  return sum / c.certificate_divisor;
}

}  // namespace

TEST_CASE("audit: a lone suppressed cell in a row is recovered by subtraction") {
  World w = area_by_sex();
  w.add_table("t1", {0, 1});
  suppress(w, 0, {{"area", "a1"}, {"sex", "m"}});
  const auto r = audit_cells(w.sub, false);
  REQUIRE(r.cells.size() == 1);
  const auto& c = r.cells[0];
  CHECK(c.recoverable);
  CHECK(c.linear);
  CHECK(c.lower == 3);  // a1 total 8 - a1 f 5
  CHECK(c.upper == 3);
  CHECK(c.certificate.size() == 2);  // one total minus one published neighbour
  CHECK(evaluate(w.sub, c) == 3);
}

TEST_CASE("audit: a suppressed 4-cell rectangle is safe") {
  // a1m = x, a1f = 8-x, a2m = 10-x, a2f = 1+x, all >= 0: x in [0, 8].
  World w = area_by_sex();
  w.add_table("t1", {0, 1});
  for (auto a : {"a1", "a2"})
    for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}});
  const auto r = audit_cells(w.sub, false);
  REQUIRE(r.cells.size() == 4);
  const auto& c = find(r, w.sub, 0, {{"area", "a1"}, {"sex", "m"}});
  CHECK_FALSE(c.recoverable);
  CHECK(c.lower == 0);
  CHECK(c.upper == 8);
  const auto& d = find(r, w.sub, 0, {{"area", "a2"}, {"sex", "f"}});
  CHECK(d.lower == 1);  // 1 + x
  CHECK(d.upper == 9);
  const auto out = audit_differencing(w.sub);
  CHECK(out.rule4.result.state == RuleState::Pass);
  CHECK(out.rule4.findings.empty());
  CHECK(out.rule4.audit.size() == 4);
}

TEST_CASE("audit: a suppressed subtotal leaks through its hierarchy") {
  // total 10 = R1 (a1 2 + a2 4) + R2 (a3 4). Suppressing a1 and R1: R1 = 10 - 4, a1 = R1 - 4.
  World w;
  w.sub.dimensions.push_back(
      make_dimension("area", {{"T", ""}, {"R1", "T"}, {"R2", "T"}, {"a1", "R1"}, {"a2", "R1"}, {"a3", "R2"}}));
  w.truth = {2, 4, 4};
  w.add_table("t1", {0});
  suppress(w, 0, {{"area", "a1"}});
  suppress(w, 0, {{"area", "R1"}});
  const auto r = audit_cells(w.sub, false);
  const auto& a1 = find(r, w.sub, 0, {{"area", "a1"}});
  const auto& r1 = find(r, w.sub, 0, {{"area", "R1"}});
  CHECK(a1.recoverable);
  CHECK(r1.recoverable);
  CHECK(evaluate(w.sub, a1) == 2);
  CHECK(evaluate(w.sub, r1) == 6);
}

TEST_CASE("audit: two tables each safe alone leak together (rule 4)") {
  // t1 area x sex suppresses the a1/a2 x m/f rectangle. t2 shows area a1 by sex and age with its
  // own rectangle suppressed, but publishes a1 x m x T, which is t1's a1m.
  World w;
  w.sub.dimensions.push_back(make_dimension("area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"o", "T"}}));
  // (area, sex, age): a1m = 1+2, a1f = 4+1, a2m = 3+4, a2f = 2+2
  w.truth = {1, 2, 4, 1, 3, 4, 2, 2};
  w.add_table("t1", {0, 1});
  w.add_table("t2", {0, 1, 2}, {{"a1"}, {}, {}});
  for (auto a : {"a1", "a2"})
    for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}});
  for (auto s : {"m", "f"})
    for (auto g : {"y", "o"}) suppress(w, 1, {{"area", "a1"}, {"sex", s}, {"age", g}});

  // Each alone: drop the other table's published cells by auditing a copy.
  for (std::size_t alone : {0u, 1u}) {
    World single = w;
    single.sub.tables.erase(single.sub.tables.begin() + static_cast<long>(1 - alone));
    for (const auto& c : audit_cells(single.sub, false).cells) CHECK_FALSE(c.recoverable);
  }
  const auto r = audit_cells(w.sub, false);
  const auto& a1m = find(r, w.sub, 0, {{"area", "a1"}, {"sex", "m"}});
  CHECK(a1m.recoverable);
  CHECK(evaluate(w.sub, a1m) == 3);
  const auto& a2f = find(r, w.sub, 0, {{"area", "a2"}, {"sex", "f"}});
  CHECK(a2f.recoverable);
  CHECK(evaluate(w.sub, a2f) == 4);
  const auto out = audit_differencing(w.sub);
  CHECK(out.rule4.result.state == RuleState::Fail);
  CHECK(out.rule4.result.errors == 4);  // all four cells of t1's rectangle
  CHECK(out.rule5.result.state == RuleState::Pass);
}

TEST_CASE("audit: an earlier publication breaks an otherwise safe pattern (rule 5)") {
  World w = area_by_sex();
  w.add_table("t1", {0, 1});
  for (auto a : {"a1", "a2"})
    for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}});
  w.add_table("annual", {0, 1}, {{"a1"}, {"m"}}, /*earlier=*/true);  // published a1m elsewhere
  const auto out = audit_differencing(w.sub);
  CHECK(out.rule4.result.state == RuleState::Pass);
  CHECK(out.rule5.result.state == RuleState::Fail);
  CHECK(out.rule5.result.errors == 4);
  for (const auto& f : out.rule5.findings) {
    CHECK(f.rule == "5");
    CHECK_FALSE(f.certificate.empty());
    CHECK_FALSE(f.interval.has_value());  // the interval of a recovered cell is its true value
  }
  for (const auto& a : out.rule4.audit) {
    CHECK(a.recoverable);
    CHECK(a.needs_earlier_publication);
    CHECK(a.interval_withheld);
  }
}

TEST_CASE("audit: cells pinned only by nonnegativity") {
  SUBCASE("suppressed cells inside a total published as 0") {
    // a1 row: m = 0, f = 0 both suppressed (secondary), a1 total 0 published: each must be 0,
    // yet neither is a linear combination of published cells.
    World w = area_by_sex();
    w.truth = {0, 0, 7, 4};
    w.add_table("t1", {0, 1});
    suppress(w, 0, {{"area", "a1"}, {"sex", "m"}}, CellStatus::SuppressedSecondary);
    suppress(w, 0, {{"area", "a1"}, {"sex", "f"}}, CellStatus::SuppressedSecondary);
    suppress(w, 0, {{"area", "a2"}, {"sex", "m"}}, CellStatus::SuppressedSecondary);
    suppress(w, 0, {{"area", "a2"}, {"sex", "f"}}, CellStatus::SuppressedSecondary);
    const auto r = audit_cells(w.sub, false);
    const auto& c = find(r, w.sub, 0, {{"area", "a1"}, {"sex", "m"}});
    CHECK(c.recoverable);
    CHECK_FALSE(c.linear);
    CHECK(c.uses_nonnegativity);
    // Then a2m = m total 7 - 0 and a2f = 4: recovered by subtraction using the zero.
    const auto& d = find(r, w.sub, 0, {{"area", "a2"}, {"sex", "m"}});
    CHECK(d.recoverable);
    CHECK(evaluate(w.sub, d) == 7);
  }
  SUBCASE("two primary cells summing to 2 when the attacker knows they lie in 1..9") {
    // a1m = 1, a1f = 1, a2m = 3, a2f = 4 with the 2x2 interior suppressed: a1m in [0, 2] from
    // the margins, but a1m >= 1 and a1f = 2 - a1m >= 1 pin it to 1.
    World w = area_by_sex();
    w.truth = {1, 1, 3, 4};
    w.sub.policy.attacker_knows_small_range = true;
    w.add_table("t1", {0, 1});
    for (auto a : {"a1", "a2"})
      for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}}, CellStatus::SuppressedPrimary);
    const auto r = audit_cells(w.sub, false);
    const auto& c = find(r, w.sub, 0, {{"area", "a1"}, {"sex", "m"}});
    CHECK(c.recoverable);
    CHECK_FALSE(c.linear);
    w.sub.policy.attacker_knows_small_range = false;
    const auto& c2 = audit_cells(w.sub, false).cells.front();
    CHECK_FALSE(c2.recoverable);
    CHECK(c2.lower == 0);
    CHECK(c2.upper == 2);
  }
}

TEST_CASE("audit: narrow intervals follow the policy") {
  // Rectangle with a1m in [0, 8]: width 8.
  World w = area_by_sex();
  w.add_table("t1", {0, 1});
  for (auto a : {"a1", "a2"})
    for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}});
  w.sub.policy.min_interval_width = 9;
  w.sub.policy.narrow_interval = NarrowIntervalAction::Warn;
  auto out = audit_differencing(w.sub);
  CHECK(out.rule4.result.state == RuleState::Warn);
  CHECK(out.rule4.result.warnings == 4);
  REQUIRE(out.rule4.findings.front().interval.has_value());
  CHECK(out.rule4.findings.front().interval->upper - out.rule4.findings.front().interval->lower == 8);
  w.sub.policy.narrow_interval = NarrowIntervalAction::Fail;
  CHECK(audit_differencing(w.sub).rule4.result.state == RuleState::Fail);
  w.sub.policy.min_interval_width = 8;
  CHECK(audit_differencing(w.sub).rule4.result.state == RuleState::Pass);
}

TEST_CASE("audit: contradictory published values are never a pass") {
  World w = area_by_sex();
  w.add_table("t1", {0, 1});
  for (auto a : {"a1", "a2"})
    for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}});
  SUBCASE("a margin that no completion can meet") {
    // a1 total 100 but the sex totals allow at most 10 + 9.
    Table& t = w.sub.tables[0];
    t.value[cell(w.sub, t, {{"area", "a1"}, {"sex", "T"}})] = 100;
  }
  SUBCASE("a grand total that is not the sum of its published parts") {
    Table& t = w.sub.tables[0];
    t.value[cell(w.sub, t, {{"area", "T"}, {"sex", "T"}})] += 5;
  }
  const auto out = audit_differencing(w.sub);
  CHECK(out.rule4.result.state == RuleState::Fail);
}

TEST_CASE("audit: components too large for per-cell LPs are sampled, never guessed") {
  AuditOptions tiny;
  tiny.max_lp_variables = 1;  // every component here is "large"
  SUBCASE("sampled points prove the rectangle safe; the interval lies inside the exact one") {
    World w = area_by_sex();
    w.add_table("t1", {0, 1});
    for (auto a : {"a1", "a2"})
      for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}});
    const auto exact = audit_cells(w.sub, false);
    const auto sampled = audit_cells(w.sub, false, tiny);
    for (std::size_t i = 0; i < exact.cells.size(); ++i) {
      const auto& c = sampled.cells[i];
      CHECK_FALSE(c.recoverable);
      CHECK_FALSE(c.unproven);
      CHECK(c.upper - c.lower >= 1);
      CHECK(c.lower >= exact.cells[i].lower);
      CHECK(c.upper <= exact.cells[i].upper);
    }
  }
  SUBCASE("a cell pinned only by the known range cannot be told apart: not proven, fails") {
    World w = area_by_sex();
    w.truth = {1, 1, 3, 4};  // see "cells pinned only by nonnegativity"
    w.sub.policy.attacker_knows_small_range = true;
    w.add_table("t1", {0, 1});
    for (auto a : {"a1", "a2"})
      for (auto s : {"m", "f"}) suppress(w, 0, {{"area", a}, {"sex", s}}, CellStatus::SuppressedPrimary);
    const auto r = audit_cells(w.sub, false, tiny);
    const auto& c = find(r, w.sub, 0, {{"area", "a1"}, {"sex", "m"}});
    CHECK(c.unproven);
    CHECK(c.too_large);
    CHECK_FALSE(c.recoverable);
    CHECK(audit_differencing(w.sub, tiny).rule4.result.state == RuleState::Fail);
  }
  SUBCASE("subtraction needs no LP: a lone suppressed cell is still found and explained") {
    World v = area_by_sex();
    v.add_table("t1", {0, 1});
    suppress(v, 0, {{"area", "a1"}, {"sex", "m"}});
    const auto lone = audit_cells(v.sub, false, tiny).cells.front();
    CHECK(lone.recoverable);
    CHECK(evaluate(v.sub, lone) == 3);
  }
}
