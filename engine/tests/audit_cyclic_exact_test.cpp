// Cyclic table sets (area×site×sex, area×age×sex, site×age×sex) whose LP vertices carry
// denominators beyond 64 bits: the sampled audit proves cells safe only from exact points
// (BigPoint, modular_solve.h), and what it proves agrees with per-cell LPs.
#include <doctest/doctest.h>

#include "../../benchmarks/synthetic.h"
#include "hitoku/audit/audit.h"

using namespace hitoku;

TEST_CASE("cyclic linked tables: big-denominator vertices decide cells, never beyond the LP interval") {
  bench::SyntheticSpec spec;
  spec.geography = "hyogo";
  spec.sites = 6;
  spec.ages = 5;
  spec.cases = 5000;
  spec.layout = "linked";
  spec.reference_dir = HITOKU_REFERENCE;
  const Submission s = bench::make_synthetic(spec);
  AuditOptions sampled;
  sampled.max_lp_variables = 0;  // sampled, as for large components
  sampled.truth_point = false;   // from LP vertices alone (the truth point is tested apart)
  const auto sp = audit_cells(s, false, sampled);
  const auto lp = audit_cells(s, false);  // per-cell LPs
  REQUIRE(sp.cells.size() == lp.cells.size());
  CHECK(sp.stats.exact_points_big > 0);  // the vertices need the big-denominator path
  long long safe = 0;
  for (std::size_t i = 0; i < sp.cells.size(); ++i) {
    const CellAudit& a = sp.cells[i];
    const CellAudit& b = lp.cells[i];
    INFO("cell " << s.cell_label(s.tables[static_cast<std::size_t>(a.table)], a.flat));
    CHECK_FALSE(a.unproven);  // every cell gets a verdict
    CHECK(a.recoverable == b.recoverable);
    if (a.recoverable || a.unproven) continue;
    ++safe;
    CHECK(a.upper - a.lower >= 1);
    CHECK(a.lower >= b.lower);  // exact points lie inside the attacker's interval
    if (b.upper != kUnbounded) CHECK(a.upper <= b.upper);
  }
  CHECK(safe > 100);
}
