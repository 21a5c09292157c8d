#pragma once
// Outer bounds for cyclic table sets (internal to the audit): the attacker's LP over the
// table-cell relaxation (pairwise-consistent margins of the maximal tables, table_space.h).
// Every joint array is a point of the relaxation, so each interval found here CONTAINS the
// attacker's interval: a cell pinned here is recoverable; a cell is never proven safe here.
#include <cstdint>
#include <string>
#include <vector>

#include "audit/solve/component_solver.h"
#include "hitoku/audit/audit.h"
#include "audit/system/reduced_system.h"

namespace hitoku::audit {

struct OuterBound {
  bool known = false;                 // false: solver trouble or contradiction (no claim)
  std::int64_t lower = 0, upper = 0;  // integer outer interval (constant included)
  bool unbounded = false;             // nothing published bounds it from above
  bool lp = false;                    // from LPs of its own (not the trivial bound)
  bool pinned() const { return known && !unbounded && lower == upper; }
};

struct Relaxation {
  std::vector<OuterBound> cells;             // per objective, in ReducedSystem objective order
  std::vector<std::string> inconsistencies;  // published values the relaxation cannot satisfy
};

// CPU seconds of the calling thread (stage figures only, never a work limit).
double thread_cpu_seconds();

// Components as specs (variables, rows, objectives per component).
std::vector<ComponentSpec> component_specs(const Components& comps);

// Audits the relaxation `space` (UnknownSpace::relaxation) and fills the relaxation_* stats. With
// `only`, only the objectives marked there get outer bounds (the others stay unknown).
Relaxation solve_relaxation(const Submission& submission, const UnknownSpace& space, bool include_earlier,
                            const AuditOptions& options, AuditStats& stats, const std::vector<char>* only = nullptr);

}  // namespace hitoku::audit
