#pragma once
// Outer bounds for cyclic table sets (internal to the audit): the attacker's LP over the
// table-cell relaxation (pairwise-consistent margins of the maximal tables, table_space.h).
// Every joint array is a point of the relaxation, so each interval found here CONTAINS the
// attacker's interval: a cell pinned here is recoverable; a cell is never proven safe here.
#include <cstdint>
#include <string>
#include <functional>
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
  std::vector<char> reused;  // per objective: left to an earlier audit's bounds (RelaxationScope::fresh)
};

// Which objectives get outer bounds: all; or only those marked in `only`; or, with `fresh` (cells
// suppressed here but published in an earlier audit of the same tables), only those in components
// holding a fresh cell. A component without one is the earlier audit's component unchanged: a cell
// newly suppressed changes only rows through its own unknowns, and every unknown whose reduction
// depended on its published value shares such a row with it. Its cells are marked `reused`.
struct RelaxationScope {
  const std::vector<char>* only = nullptr;
  const std::vector<char>* fresh = nullptr;
};

// CPU seconds of the calling thread (stage figures only, never a work limit).
double thread_cpu_seconds();

// Components as specs (variables, rows, objectives per component).
std::vector<ComponentSpec> component_specs(const Components& comps);
// Takes the objectives `settled` says are not to be bounded out of c; those with a known range go
// to c.known (their range still binds the cells that are bounded).
void set_aside(ComponentSpec& c, const ReducedSystem& sys, const std::function<bool(int)>& settled);

// Audits the relaxation `space` (UnknownSpace::relaxation) and fills the relaxation_* stats; the
// objectives outside `scope` stay unknown.
Relaxation solve_relaxation(const Submission& submission, const UnknownSpace& space, bool include_earlier,
                            const AuditOptions& options, AuditStats& stats, const RelaxationScope& scope = {});

}  // namespace hitoku::audit
