// Mid-sized components of cyclic sets (docs/audit.md step 8a, AuditOptions::cyclic_lp_variables):
// over the limit they take the truth point's blocks instead of per-cell LPs -- with the same
// verdicts, inner intervals inside the per-cell LP intervals -- but only while no exact interval
// end decides anything: a policy with a minimum width keeps the per-cell LPs.
#include <doctest/doctest.h>

#include "../../benchmarks/synthetic.h"
#include "hitoku/audit/audit.h"

using namespace hitoku;

namespace {

Submission cyclic_set(int sites, int ages, double cases) {
  bench::SyntheticSpec spec;
  spec.geography = "hyogo";
  spec.sites = sites;
  spec.ages = ages;
  spec.cases = cases;
  spec.layout = "linked";
  spec.reference_dir = HITOKU_REFERENCE;
  return bench::make_synthetic(spec);
}

}  // namespace

TEST_CASE("cyclic components over cyclic_lp_variables: blocks, not per-cell LPs, and the same verdicts") {
  {
    const Submission s = cyclic_set(6, 5, 5000);  // the brute-force suites' 2,460-cell set
    AuditOptions blocks, per_cell;
    blocks.cyclic_lp_variables = 0;
    per_cell.cyclic_lp_variables = 1LL << 40;
    const auto tp = audit_cells(s, false, blocks);
    const auto lp = audit_cells(s, false, per_cell);
    REQUIRE(tp.cells.size() == lp.cells.size());
    CHECK(tp.stats.truth_point);
    CHECK(tp.stats.block_lp_solves > 0);
    CHECK(tp.stats.sampled_components == 1);
    CHECK(lp.stats.sampled_components == 0);
    CHECK(lp.stats.block_lp_solves == 0);
    CHECK(tp.stats.lp_resolves < lp.stats.lp_resolves / 10);  // the per-cell re-solves are gone
    long long safe = 0;
    for (std::size_t i = 0; i < tp.cells.size(); ++i) {
      const CellAudit& a = tp.cells[i];
      const CellAudit& b = lp.cells[i];
      INFO("cell " << s.cell_label(s.tables[static_cast<std::size_t>(a.table)], a.flat));
      CHECK_FALSE(a.unproven);
      CHECK_FALSE(b.unproven);
      CHECK(a.recoverable == b.recoverable);
      if (a.recoverable) continue;
      ++safe;
      CHECK(a.upper - a.lower >= 1);  // two exact points a unit apart
      CHECK(a.lower >= b.lower);      // inside the attacker's interval (per-cell LPs: exact ends)
      if (b.upper != kUnbounded) CHECK(a.upper <= b.upper);
      CHECK(a.outer_bound);  // shown inside the relaxation's outer interval
      CHECK(a.outer_lower <= b.lower);
      if (b.upper != kUnbounded && a.outer_upper != kUnbounded) CHECK(a.outer_upper >= b.upper);
    }
    CHECK(safe > 100);
  }
}

TEST_CASE("cyclic components: per-cell LPs under the limit, and whenever the policy judges a minimum width") {
  Submission s = cyclic_set(4, 4, 3000);  // 1,312 inner cells
  AuditOptions blocks;
  blocks.cyclic_lp_variables = 0;
  // This set stays under the default limit: per-cell LPs, exact ends.
  const auto lp = audit_cells(s, false);
  CHECK(lp.stats.block_lp_solves == 0);
  CHECK(lp.stats.sampled_components == 0);
  // A minimum width of 3 judges the interval ends: the per-cell LPs run even over the limit, and
  // every interval is the exact one.
  s.policy.min_interval_width = 3;
  s.policy.narrow_interval = NarrowIntervalAction::Fail;
  const auto narrow = audit_cells(s, false, blocks);
  CHECK(narrow.stats.block_lp_solves == 0);
  CHECK(narrow.stats.sampled_components == 0);
  REQUIRE(narrow.cells.size() == lp.cells.size());
  for (std::size_t i = 0; i < narrow.cells.size(); ++i) {
    CHECK(narrow.cells[i].lower == lp.cells[i].lower);
    CHECK(narrow.cells[i].upper == lp.cells[i].upper);
    CHECK(narrow.cells[i].recoverable == lp.cells[i].recoverable);
    CHECK_FALSE(narrow.cells[i].inner_bound);
  }
  // Narrowness ignored: blocks again.
  s.policy.narrow_interval = NarrowIntervalAction::Ignore;
  CHECK(audit_cells(s, false, blocks).stats.block_lp_solves > 0);
}
