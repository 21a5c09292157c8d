// Certificates in table-cell space (decomposable table sets): protect reaches the same pattern as
// with certificates over the inner cells; the audit's verdicts and intervals do not depend on
// where certificates are searched; every table-space certificate evaluates to the true value and
// is verified inner cell by inner cell (a tampered one is rejected).
#include <doctest/doctest.h>

#include <random>

#include "audit/exact/certificate.h"
#include "audit/system/reduced_system.h"
#include "audit/system/table_space.h"
#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"
#include "hitoku/audit/inner_space.h"
#include "hitoku/protect/protect.h"

using namespace hitoku;
using hitoku::testing::make_dimension;
using hitoku::testing::World;

namespace {

// area × sex, sex × age and an age margin: decomposable, 6 × 2 + 2 × 3 = 18 table cells against
// 36 inner cells, so the audit runs in table-cell space. With `hier`, areas sit in three regions.
World acyclic_world(std::mt19937& rng, bool hier, int small_max = 3, int large_max = 2) {
  World w;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  if (hier)
    w.sub.dimensions.push_back(
        make_dimension("area", {{"T", ""}, {"R1", "T"}, {"R2", "T"}, {"R3", "T"}, {"a1", "R1"}, {"a2", "R1"},
                                {"a3", "R2"}, {"a4", "R2"}, {"a5", "R3"}, {"a6", "R3"}}));
  else
    w.sub.dimensions.push_back(make_dimension(
        "area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}, {"a3", "T"}, {"a4", "T"}, {"a5", "T"}, {"a6", "T"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"m", "T"}, {"o", "T"}}));
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = small_max;
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) v = pick(0, large_max);  // table cells sum several: some small, some not
  w.add_table("t1", {0, 1});
  w.add_table("t2", {1, 2});
  w.add_table("t3", {2});
  return w;
}

// area × site and site × sex (inner counts 0..lm): larger 2-D tables, where closing the relations
// sometimes leaves a leak for the audit-driven repair.
World wide_world(std::mt19937& rng, int na, int ns, int lm) {
  World w;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::pair<std::string, std::string>> a{{"T", ""}}, b{{"T", ""}};
  for (int i = 1; i <= na; ++i) a.push_back({"a" + std::to_string(i), "T"});
  for (int i = 1; i <= ns; ++i) b.push_back({"s" + std::to_string(i), "T"});
  w.sub.dimensions.push_back(make_dimension("area", a));
  w.sub.dimensions.push_back(make_dimension("site", b));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) v = pick(0, lm);
  w.add_table("t1", {0, 1});
  w.add_table("t2", {1, 2});
  return w;
}
std::int64_t certificate_value(const Submission& s, const CellAudit& c) {
  std::int64_t sum = 0;
  for (const auto& term : c.certificate) {
    const Table& u = s.tables[static_cast<std::size_t>(s.find_table(term.table))];
    for (std::size_t f = 0; f < u.cell_count(); ++f)
      if (s.cell_key(u, f) == term.cell) {
        CHECK_FALSE(is_suppressed(u.status[f]));
        sum += term.coefficient * u.value[f];
      }
  }
  return sum;
}

// The same check listing every inner cell (InnerSpace::support), for certificates that drop no
// zero cells: sum of coefficient × row equals the cell on each inner cell.
bool dense_check(const InnerSpace& inner, const audit::ReducedSystem& sys, const audit::Objective& o,
                 const audit::Certificate& cert) {
  std::vector<audit::Rational> acc(static_cast<std::size_t>(inner.size()));
  for (const auto& [row, a] : cert.rows)
    for (auto c : inner.support(static_cast<std::size_t>(sys.row_table[static_cast<std::size_t>(row)]),
                                sys.row_flat[static_cast<std::size_t>(row)]))
      acc[static_cast<std::size_t>(c)] += a;
  for (auto c : inner.support(static_cast<std::size_t>(o.table), o.flat)) acc[static_cast<std::size_t>(c)] -= 1;
  for (const auto& v : acc)
    if (v != 0) return false;
  return true;
}

}  // namespace

TEST_CASE("protect: certificates in table-cell space give the same pattern as over inner cells") {
  int sets = 0, with_repairs = 0, certificates = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937 rng(seed);
    for (int i = 0; i < 3; ++i) {
      std::mt19937 own(seed);
      const World w = i == 2 ? wide_world(own, 5, 4, 4) : acyclic_world(rng, i == 1);
      CAPTURE(seed);
      CAPTURE(i);
      REQUIRE(audit_cells(w.sub, false).stats.table_space_cells > 0);
      ProtectOptions table_certs, inner_certs;
      inner_certs.audit.table_space_certificates = false;
      const ProtectResult a = protect(w.sub, table_certs), b = protect(w.sub, inner_certs);
      REQUIRE(a.ok);
      REQUIRE(b.ok);
      for (std::size_t ti = 0; ti < a.submission.tables.size(); ++ti)
        CHECK(a.submission.tables[ti].status == b.submission.tables[ti].status);
      CHECK(a.stats.audits == b.stats.audits);
      CHECK(a.stats.cost == b.stats.cost);
      ++sets;
      with_repairs += a.stats.rounds > 1;
      // The pattern also passes the audit over inner cells (no table-cell space at all).
      AuditOptions inner;
      inner.table_space = false;
      for (const auto& c : audit_cells(a.submission, false, inner).cells) {
        CHECK_FALSE(c.recoverable);
        CHECK_FALSE(c.unproven);
      }
      // Audit of the primary pattern alone (cells recoverable): verdicts and intervals agree,
      // certificates are valid in both (they may be different combinations of published cells).
      Submission primary = w.sub;
      for (auto& t : primary.tables)
        for (std::size_t f = 0; f < t.cell_count(); ++f)
          if (t.value[f] >= 1 && t.value[f] <= 3) t.status[f] = CellStatus::SuppressedPrimary;
      AuditOptions via_inner;
      via_inner.table_space_certificates = false;
      const auto ra = audit_cells(primary, false), rb = audit_cells(primary, false, via_inner);
      REQUIRE(ra.cells.size() == rb.cells.size());
      for (std::size_t k = 0; k < ra.cells.size(); ++k) {
        const CellAudit &x = ra.cells[k], &y = rb.cells[k];
        CHECK(x.lower == y.lower);
        CHECK(x.upper == y.upper);
        CHECK(x.recoverable == y.recoverable);
        CHECK(x.unproven == y.unproven);
        const std::int64_t truth = primary.tables[static_cast<std::size_t>(x.table)].value[x.flat];
        if (!x.certificate.empty()) {
          ++certificates;
          CHECK(certificate_value(primary, x) == truth * x.certificate_divisor);
        }
        if (!y.certificate.empty()) CHECK(certificate_value(primary, y) == truth * y.certificate_divisor);
        // A cell recovered by subtraction alone over inner cells has a certificate here too.
        if (y.linear) CHECK((x.linear || !x.zero_cells.empty()));
      }
    }
  }
  MESSAGE("table-space certificates: " << sets << " sets protected, " << with_repairs
                                       << " needing audit repairs, " << certificates << " certificates checked");
  CHECK(sets == 90);
  CHECK(with_repairs > 0);
  CHECK(certificates > 0);
}

TEST_CASE("audit: a table-space certificate is verified over inner cells, a tampered one is rejected") {
  std::mt19937 rng(77);
  int verified = 0, rejected = 0;
  for (int i = 0; i < 30; ++i) {
    World w = acyclic_world(rng, false);
    for (auto& t : w.sub.tables)
      for (std::size_t f = 0; f < t.cell_count(); ++f)
        if (t.value[f] >= 1 && t.value[f] <= 3) t.status[f] = CellStatus::SuppressedPrimary;
    const InnerSpace inner(w.sub);
    const auto ts = audit::table_cell_space(w.sub, inner, false);
    REQUIRE(ts);
    const auto sys = audit::build_reduced_system(w.sub, *ts, false);
    std::vector<std::vector<int>> rows_of_var(static_cast<std::size_t>(sys.variables));
    for (std::size_t r = 0; r < sys.residual.size(); ++r)
      for (int v : sys.residual[r].vars) rows_of_var[static_cast<std::size_t>(v)].push_back(static_cast<int>(r));
    for (const auto& o : sys.objectives) {
      auto cert = audit::find_certificate(sys, o, rows_of_var, &ts->links);
      if (!cert.found || cert.rows.empty()) continue;
      CHECK(audit::verify_over_inner(inner, *ts, sys, o, cert));
      ++verified;
      if (!cert.zero_unknowns.empty()) continue;
      CHECK(dense_check(inner, sys, o, cert));
      cert.rows.begin()->second += 1;  // no longer the cell on that row's inner cells
      CHECK_FALSE(audit::verify_over_inner(inner, *ts, sys, o, cert));
      CHECK_FALSE(dense_check(inner, sys, o, cert));
      ++rejected;
    }
  }
  CHECK(verified > 0);
  CHECK(rejected > 0);
}
