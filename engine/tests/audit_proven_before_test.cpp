// AuditOptions::proven_before: an audit of a pattern that suppresses more than an audited one
// carries the cells proven safe there (publishing less only widens the attacker's intervals) and
// solves only the others, with the same verdicts as a full audit.
#include <doctest/doctest.h>

#include <stdexcept>

#include "../../benchmarks/synthetic.h"
#include "hitoku/audit/audit.h"

using namespace hitoku;

namespace {

Submission cyclic_set(std::uint32_t seed) {
  bench::SyntheticSpec spec;
  spec.geography = "hyogo";
  spec.sites = 4;
  spec.ages = 4;
  spec.cases = 3000;
  spec.seed = seed;
  spec.layout = "linked";
  spec.reference_dir = HITOKU_REFERENCE;
  return bench::make_synthetic(spec);
}

// Every k-th published cell of every table suppressed as well (secondary).
Submission suppress_more(const Submission& s, std::size_t k) {
  Submission more = s;
  for (auto& t : more.tables)
    for (std::size_t f = 0, seen = 0; f < t.cell_count(); ++f)
      if (!is_suppressed(t.status[f]) && ++seen % k == 0) t.status[f] = CellStatus::SuppressedSecondary;
  return more;
}

}  // namespace

TEST_CASE("proven_before: cells safe under a smaller pattern stay safe, the rest are judged as in a full audit") {
  for (std::uint32_t seed : {1u, 2u}) {
    for (bool blocks_only : {false, true}) {
      INFO("seed " << seed << (blocks_only ? ", blocks only" : ", per-cell LPs"));
      AuditOptions options;
      if (blocks_only) {  // the large-component path of the all-Japan set
        options.max_lp_variables = 0;
        options.max_sample_variables = 0;
        options.block_cells = 300;
        options.block_cells_wide = 600;
      }
      const Submission before = cyclic_set(seed);
      const Submission after = suppress_more(before, 40);
      const AuditResult first = audit_cells(before, false, options);
      const AuditResult full = audit_cells(after, false, options);
      AuditOptions carrying = options;
      carrying.proven_before = ProvenBefore{&before, &first, false};
      const AuditResult carried = audit_cells(after, false, carrying);
      REQUIRE(carried.cells.size() == full.cells.size());
      REQUIRE(carried.cells.size() > first.cells.size());

      long long safe_before = 0;
      for (const auto& c : first.cells) safe_before += !c.unproven && !c.recoverable;
      CHECK(safe_before > 0);
      CHECK(carried.stats.carried_safe == safe_before);
      CHECK(full.stats.carried_safe == 0);
      long long new_cells_safe = 0;
      for (std::size_t i = 0; i < full.cells.size(); ++i) {
        const CellAudit& c = carried.cells[i];
        const CellAudit& f = full.cells[i];
        REQUIRE(c.table == f.table);
        REQUIRE(c.flat == f.flat);
        INFO(after.cell_label(after.tables[static_cast<std::size_t>(c.table)], c.flat));
        const bool was_suppressed = is_suppressed(before.tables[static_cast<std::size_t>(c.table)].status[c.flat]);
        CHECK(c.recoverable == f.recoverable);
        CHECK(c.unproven == f.unproven);
        if (c.recoverable || c.unproven) continue;
        new_cells_safe += !was_suppressed;
        // Both intervals are proven to lie inside the attacker's, and an outer bound holds both.
        CHECK(c.upper - c.lower >= 1);
        if (c.outer_bound) {
          CHECK(c.lower >= c.outer_lower);
          if (c.outer_upper != kUnbounded) CHECK(c.upper <= c.outer_upper);
        }
        if (!f.inner_bound) {  // full's interval is the attacker's: the carried one lies inside
          CHECK(c.lower >= f.lower);
          if (f.upper != kUnbounded) CHECK(c.upper <= f.upper);
        }
      }
      CHECK(new_cells_safe > 0);  // the newly suppressed cells were really audited
    }
  }
}

TEST_CASE("proven_before: an audit of a pattern that is not inside this one is refused") {
  const Submission before = cyclic_set(1);
  const Submission after = suppress_more(before, 40);
  const AuditResult wider = audit_cells(after, false);
  AuditOptions options;
  options.proven_before = ProvenBefore{&after, &wider, false};  // more suppressed than the one audited
  CHECK_THROWS_AS(audit_cells(before, false, options), std::invalid_argument);
  Submission other_values = after;
  other_values.tables[0].value[0] += 1;
  options.proven_before = ProvenBefore{&after, &wider, false};
  CHECK_THROWS_AS(audit_cells(other_values, false, options), std::invalid_argument);
  // Audited with earlier publications there, without here: nothing is carried.
  options.proven_before = ProvenBefore{&before, &wider, true};
  CHECK(audit_cells(after, false, options).stats.carried_safe == 0);
}
