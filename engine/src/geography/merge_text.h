#pragma once
// The words of a merge plan: why each group was formed, and what to do with an area that no
// merge can repair. Japanese first; no patient counts, only hospital counts of the reference list.
#include <vector>

#include "hitoku/geography/merge.h"

namespace hitoku {

// Fills code, label, members, needed_by, crossing flags and reasons of `g` (hospitals already set).
void describe_group(const MergeProblem& p, const std::vector<const MergeArea*>& members, MergeGroup& g);

void describe_unresolved(const MergeProblem& p, const MergeArea& area, const std::vector<const MergeArea*>& component,
                         const std::vector<int>& component_hospitals, const std::vector<int>& medical_area_hospitals,
                         bool medical_area_known, bool has_other_prefecture_neighbour, UnresolvedArea& u);

}  // namespace hitoku
