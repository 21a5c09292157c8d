#pragma once
// Rule ①, group disclosure with a group size no table prints but the published values give (T1
// prints stage 遠隔 by municipality; T2 prints 甲町 × 男 and 甲町 × 女 without 計): a printed category
// equal to that size tells that every patient of the group is in it (internal to rules/).
#include <cstdint>
#include <optional>
#include <vector>

#include "hitoku/audit/inner_space.h"

#include "hitoku/model/submission.h"
#include "rules/group_disclosure.h"
#include "rules/printed_cells.h"

namespace hitoku {

// The atoms of `slot` under `code` of dim (any grouping of the slot's variable), ascending; empty when
// an atom straddles the code (no published cell tells its parts apart).
std::vector<int> atoms_under(const InnerSpace& space, std::size_t slot, const Dimension& dim, int code);

// The inner cells of the count `cell` (its support) with the slot's units replaced by those under
// `group`, a code of dim (any grouping of the slot's variable); nothing when an atom straddles it.
std::optional<std::vector<std::int32_t>> group_support(const InnerSpace& space, const Dimension& dim, int slot,
                                                       const std::vector<std::int32_t>& cell, int group);

// The inner space of rule ①'s eliminations, built at its first use and shared by them; nothing when it
// is too large for the exact elimination (CombinationLimits::max_inner_cells).
class LazyInnerSpace {
 public:
  explicit LazyInnerSpace(const Submission& s) : s_(s) {}
  const InnerSpace* get();

 private:
  const Submission& s_;
  std::optional<InnerSpace> space_;
  bool tried_ = false;
};

// Appends the groups found so. Returns false when the inner space is too large for the exact
// elimination (nothing was checked: the caller says so).
bool equal_to_derived_group(const Submission& s, const PrintedCells& printed, LazyInnerSpace& lazy,
                            std::vector<DisclosedGroup>& out);

}  // namespace hitoku
