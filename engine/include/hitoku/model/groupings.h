#pragma once
// One variable, several groupings (municipalities by medical area and by health district; age in
// 10-year bands and in 0–39/40–64/65+). Dimensions that declare the same `variable` are groupings of
// it: a code that appears in two of them names the same set of units. Linking them builds the common
// refinement (the units: codes that are a leaf wherever they appear) and gives every grouping the same
// leaves in the same order, adding a unit under a leaf where another grouping splits it further
// (Dimension::is_refinement). The inner space then has one slot per variable, so the difference
// between two groupings is part of the attacker's system like any other relation (rules ④⑤).
#include <string>
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/model/error.h"

namespace hitoku {

// Links the groupings of every variable declared by two or more dimensions. `where[d]` is the
// position errors name for dimension d (its `variable` field); it may be shorter than dims.
// Throws InputError when the groupings cannot define one refinement: a code whose members differ
// between two groupings, a unit under two leaves of one grouping, a grouping that does not cover every
// unit another one names (leaves that overlap without a mapping), a cycle across groupings.
void link_groupings(std::vector<Dimension>& dims, const std::vector<SourcePos>& where = {});

// True when a and b are groupings of one variable (the same dimension counts as one too).
bool same_variable(const Dimension& a, const Dimension& b);

}  // namespace hitoku
