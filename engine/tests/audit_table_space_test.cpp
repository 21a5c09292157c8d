// Detection of decomposable (acyclic) table sets, which the audit solves in table-cell space.
// Expected answers are the textbook ones (a set is acyclic iff GYO reduction empties it).
#include <doctest/doctest.h>

#include <map>

#include "audit/system/table_space.h"
#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"
#include "hitoku/rules/check.h"
#include "hitoku/report/report_format.h"

using hitoku::audit::decomposable;

namespace {
bool acyclic(const std::vector<std::vector<int>>& sets, std::size_t* cliques = nullptr) {
  std::vector<std::vector<int>> maximal;
  std::vector<std::pair<int, int>> edges;
  const bool ok = decomposable(sets, maximal, edges);
  if (cliques) *cliques = maximal.size();
  if (ok) CHECK(edges.size() + 1 == maximal.size());  // a spanning tree of the maximal sets
  return ok;
}
}  // namespace

TEST_CASE("table space: decomposable dimension sets") {
  enum { area, site, age, sex };
  std::size_t n = 0;
  // Realistic acyclic submission: area×site×sex, site×age×sex, area×sex (inside the first).
  CHECK(acyclic({{area, site, sex}, {site, age, sex}, {area, sex}}, &n));
  CHECK(n == 2);
  // The three pairwise-linked 3-D tables are cyclic (the classic triangle).
  CHECK_FALSE(acyclic({{area, site, sex}, {area, age, sex}, {site, age, sex}}));
  CHECK_FALSE(acyclic({{0, 1}, {1, 2}, {0, 2}}));
  CHECK_FALSE(acyclic({{0, 1}, {1, 2}, {2, 3}, {3, 0}}));  // a 4-cycle
  CHECK(acyclic({{0, 1}, {1, 2}, {2, 3}}));                 // a chain
  CHECK(acyclic({{0, 1}, {0, 2}, {0, 3}}));                 // a star
  CHECK(acyclic({{0, 1}, {2, 3}}));                         // disjoint: linked by the grand total
  CHECK(acyclic({{0, 1, 2}, {0, 1}, {2}, {0, 1, 2}}, &n));  // one table holds them all
  CHECK(n == 1);
  // A triangle covered by a larger table is acyclic again.
  CHECK(acyclic({{0, 1}, {1, 2}, {0, 2}, {0, 1, 2}}, &n));
  CHECK(n == 1);
  // Cyclic despite every pair sharing a dimension: {a,b,c},{b,c,d},{c,d,e},{e,a}.
  CHECK_FALSE(acyclic({{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {4, 0}}));
  // Prim must pick the heavier separators: {a,b,c}-{b,c,d} (2) rather than through {b,x}.
  CHECK(acyclic({{0, 1, 2}, {1, 5}, {1, 2, 3}}));
}

namespace {
std::size_t cell_of(const hitoku::Submission& s, const hitoku::Table& t, std::map<std::string, std::string> key) {
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    if (s.cell_key(t, f) == key) return f;
  FAIL("no such cell");
  return 0;
}
const hitoku::CellAudit& audited(const hitoku::AuditResult& r, const hitoku::Submission& s, std::size_t table,
                                 std::map<std::string, std::string> key) {
  for (const auto& c : r.cells)
    if (c.table == static_cast<int>(table) && s.cell_key(s.tables[table], c.flat) == key) return c;
  FAIL("cell not audited");
  return r.cells.front();
}
}  // namespace

TEST_CASE("table space: a margin hidden in both tables still links them") {
  using namespace hitoku;
  using hitoku::testing::make_dimension;
  // area a1..a3 x sex x age (y, o). Truth, area-major then sex then age:
  //   a1: m 2 1, f 4 3;  a2: m 5 2, f 1 6;  a3: m 1 0, f 0 2.
  // t1 = area x sex shows only the area totals (10, 14, 3; all 27); t2 = sex x age shows the
  // sex-by-age cells (m: 8 3, f: 5 11) but hides the sex totals. So the sex totals of t1 are
  // published nowhere: the two tables meet only through the link "t1's m cells = t2's m cells".
  // Through it, t1 (T, m) = 8 + 3 = 11 and (T, f) = 5 + 11 = 16 are recoverable. Inside t1 the
  // area x sex cells are a 3x2 table with margins (10, 14, 3 | 11, 16): (a3, m) lies in
  // [max(0, 3 - 16), min(3, 11)] = [0, 3] and (a2, m) in [max(0, 14 - 16), min(14, 11)] = [0, 11].
  testing::World w;
  w.sub.dimensions.push_back(make_dimension("area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}, {"a3", "T"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"o", "T"}}));
  w.truth = {2, 1, 4, 3, 5, 2, 1, 6, 1, 0, 0, 2};
  w.add_table("t1", {0, 1});
  w.add_table("t2", {1, 2});
  for (auto a : {"T", "a1", "a2", "a3"})
    for (auto x : {"m", "f"}) {
      Table& t = w.sub.tables[0];
      t.status[cell_of(w.sub, t, {{"area", a}, {"sex", x}})] = CellStatus::SuppressedByUser;
    }
  for (auto x : {"m", "f"}) {
    Table& t = w.sub.tables[1];
    t.status[cell_of(w.sub, t, {{"sex", x}, {"age", "T"}})] = CellStatus::SuppressedByUser;
  }
  AuditOptions inner;
  inner.table_space = false;
  for (const auto& r : {audit_cells(w.sub, false), audit_cells(w.sub, false, inner)}) {
    const auto& m = audited(r, w.sub, 0, {{"area", "T"}, {"sex", "m"}});
    CHECK(m.recoverable);
    CHECK(m.linear);
    CHECK(m.lower == 11);
    const auto& f = audited(r, w.sub, 0, {{"area", "T"}, {"sex", "f"}});
    CHECK(f.recoverable);
    CHECK(f.lower == 16);
    const auto& a3m = audited(r, w.sub, 0, {{"area", "a3"}, {"sex", "m"}});
    CHECK_FALSE(a3m.recoverable);
    CHECK(a3m.lower == 0);
    CHECK(a3m.upper == 3);
    const auto& a2m = audited(r, w.sub, 0, {{"area", "a2"}, {"sex", "m"}});
    CHECK(a2m.lower == 0);
    CHECK(a2m.upper == 11);
    // The certificate (over published cells only) evaluates to the true value.
    std::int64_t sum = 0;
    for (const auto& term : m.certificate) {
      const Table& t = w.sub.tables[static_cast<std::size_t>(w.sub.find_table(term.table))];
      const std::size_t c = cell_of(w.sub, t, term.cell);
      CHECK_FALSE(is_suppressed(t.status[c]));
      sum += term.coefficient * t.value[c];
    }
    CHECK(sum == 11 * m.certificate_divisor);
  }
  // The report's finding carries the divisor, through its JSON too: its certificate gives 11 exactly.
  const Report back = report_from_json(report_to_json(check(w.sub)));
  bool found = false;
  for (const Finding& f : back.findings) {
    if (f.rule != "4" || f.cell != std::map<std::string, std::string>{{"area", "T"}, {"sex", "m"}}) continue;
    found = true;
    std::int64_t sum = 0;
    for (const auto& term : f.certificate) {
      const Table& t = w.sub.tables[static_cast<std::size_t>(w.sub.find_table(term.table))];
      sum += term.coefficient * t.value[cell_of(w.sub, t, term.cell)];
    }
    CHECK(sum == 11 * f.certificate_divisor);
  }
  CHECK(found);
  // The first audit ran over table cells: 3 x 2 (area x sex) + 2 x 2 (sex x age) = 10 < 12.
  CHECK(audit_cells(w.sub, false).stats.table_space_cells == 10);
  CHECK(audit_cells(w.sub, false, inner).stats.table_space_cells == 0);
}
