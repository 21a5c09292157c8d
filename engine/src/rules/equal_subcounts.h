#pragma once
// Rule ①, a count equal to a larger count that holds it, with narrower sensitive categories: 表1 prints
// 甲町 × 遠隔 × 男 14, 表2 prints 甲町 14, so every patient of 甲町 is 遠隔 (the sex and the stage rolled up
// at once); or the narrower count is not printed but the published values give it (甲町 計 24 and 生存
// 0 give 死亡 24; 死亡 × 男 14 and × 女 10 give 死亡 24) (internal to rules/).
#include <vector>

#include "hitoku/model/submission.h"
#include "rules/derived_group_size.h"
#include "rules/group_disclosure.h"
#include "rules/printed_cells.h"

namespace hitoku {

// Appends the groups found among printed counts (any roll-up of the larger count's dimensions).
void equal_printed_subcounts(const Submission& s, const PrintedCells& printed, std::vector<DisclosedGroup>& out);

// Appends the groups whose narrower count the published values give (one code of a printed cell
// changed: a sensitive category the table leaves out, or a dimension rolled up to a parent). Returns
// false when the inner space is too large for the exact elimination (nothing was checked).
bool equal_derived_subcounts(const Submission& s, const PrintedCells& printed, LazyInnerSpace& lazy,
                             std::vector<DisclosedGroup>& out);

}  // namespace hitoku
