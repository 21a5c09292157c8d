#pragma once
// Table-cell space for decomposable table sets (internal to the audit).
//
// When the dimension sets of the tables in use form a decomposable (acyclic) hypergraph, every
// set of nonnegative arrays over the maximal dimension sets that agree on their shared margins
// is the set of margins of some nonnegative joint array (real or integer), so the attacker's
// feasible set can be written over the finest cells of each maximal table instead of the inner
// cells, with one "link" equality per shared-margin cell (junction tree edges). Exact, and far
// fewer unknowns. See docs/audit.md.
#include <optional>

#include "audit/system/reduced_system.h"

namespace hitoku::audit {

// The table-cell space, or nothing when the set is not decomposable or would not be smaller
// than the inner cells (then the inner cells are used).
//
// With cyclic_relaxation, a cyclic set gets a table-cell space too, with a link for every pair
// of maximal tables on every cell of their shared dimensions (pairwise-consistent margins).
// That is a RELAXATION (UnknownSpace::relaxation set): every joint array gives a point of it,
// but not every point comes from a joint array, so its intervals contain the attacker's and
// can only be wider. For a decomposable set nothing changes (exact space, relaxation unset);
// for a cyclic set without cyclic_relaxation the result is nothing.
std::optional<UnknownSpace> table_cell_space(const Submission& submission, const InnerSpace& inner,
                                             bool include_earlier, bool cyclic_relaxation = false);

// The dimension sets (any ids) are decomposable: a maximum-weight spanning tree of the maximal
// sets has the running intersection property. On success fills the tree edges (pairs of
// indices into `maximal`, the maximal sets in first-seen order).
bool decomposable(const std::vector<std::vector<int>>& sets, std::vector<std::vector<int>>& maximal,
                  std::vector<std::pair<int, int>>& edges);

}  // namespace hitoku::audit
