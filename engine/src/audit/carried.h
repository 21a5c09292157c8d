#pragma once
// What an audit of another pattern of the same tables (AuditOptions::proven_before) still proves
// here (internal to audit/): the safe cells whose proof still holds, the kept exact points that
// still lie in the attacker's set (kept again for the next audit), and the outer bounds while
// they still contain the attacker's intervals.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "audit/solve/component_solver.h"
#include "audit/solve/relaxation.h"
#include "audit/system/reduced_system.h"
#include "hitoku/audit/audit.h"

namespace hitoku::audit {

// How this pattern differs from the earlier one. Throws std::invalid_argument when the tables,
// their values, or the status of a cell suppressed in both differ. Not usable (nothing carried) when
// the attacker knows something here the earlier audit did not model: another small range or
// population setting, or a derived value printed here that was not printed there alike.
struct PatternChange {
  bool usable = false;  // an earlier audit is given, with the same earlier publications and knowledge
  std::set<std::pair<int, std::size_t>> newly_published;  // suppressed there, published here
  std::size_t newly_suppressed = 0;                       // published there, suppressed here
  bool derived_columns = false;                           // some table prints derived values
};
PatternChange compare_patterns(const Submission& submission, bool include_earlier, const ProvenBefore& before);

// A cell proven safe here by the earlier audit: an inner interval [lower, upper] of the attacker's.
struct CarriedCell {
  std::int64_t lower = 0, upper = 0;
  bool unbounded = false;  // a ray raises it without limit
  bool integral = false;   // integer completions attain both ends
};
using CarriedCells = std::map<std::pair<int, std::size_t>, CarriedCell>;

// The earlier audit's kept points that still lie in this pattern's attacker set: those that leave
// every newly published cell at its value (all of them when nothing was published again).
std::vector<const EvidencePoint*> points_still_feasible(const PatternChange& change, const ProvenBefore& before);

// The cells carried here. Without newly published cells: every cell proven safe there, with its
// interval (publishing less only widens the attacker's set). With them: the cells that the still
// feasible kept points (and the truth point) show at two values an integer apart, with the
// interval they span.
CarriedCells carried_cells(const Submission& submission, const PatternChange& change, const ProvenBefore& before,
                           const std::vector<const EvidencePoint*>& feasible);

// Per objective of sys: 1 for a carried cell, its bounds then set (as an inner interval).
std::vector<char> carried_safe(const CarriedCells& carried, const ReducedSystem& sys, std::vector<ObjectiveBounds>& bounds);

// The earlier audit's outer bounds per objective of this pattern (suppressed cells of the planned
// tables in table order; unknown for a cell suppressed only here), when the earlier audit ran the
// relaxation and found no contradiction; otherwise nothing. Which of them still hold is the
// caller's (AuditRun::plan_relaxation_scope).
std::optional<std::vector<OuterBound>> outer_bounds_before(const Submission& submission, const PatternChange& change,
                                                           const ProvenBefore& before);

}  // namespace hitoku::audit
