#pragma once
// Rule ①, groups that no table prints but the published values describe: 兵庫県 by vital status 155 / 55 /
// 100 and 播磨圏 129 / 55 / 74 give 阪神圏 26 patients, 0 alive: every one of them died. Every group of
// declared codes (one code per non-sensitive variable, the sensitive one at a code with children) is a
// candidate; a category count is known to be 0 when the published values give it exactly (elimination
// over the inner cells) or it lies inside one that is; the group is known to be non-empty when the
// published values give it (or its one open category) a positive count, or a published or
// audited cell inside it is positive (internal to rules/).
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "hitoku/model/submission.h"
#include "rules/derived_group_size.h"
#include "rules/group_disclosure.h"

namespace hitoku {

// The attacker's proven integer interval of a suppressed cell (lower end exact), when the audit has one.
using AttackerBounds = std::function<std::optional<std::pair<std::int64_t, std::int64_t>>(int table, std::size_t flat)>;

// Appends the disclosed groups found so (one per largest group and category), leaving out a category
// cell `found` already names. Returns false, checking nothing, when the inner space is too large for the
// elimination or the candidates exceed the budget.
bool derived_group_disclosures(const Submission& s, LazyInnerSpace& lazy, const AttackerBounds& bounds,
                               const std::vector<DisclosedGroup>& found, std::vector<DisclosedGroup>& out);

}  // namespace hitoku
