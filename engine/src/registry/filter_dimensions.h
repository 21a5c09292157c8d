#pragma once
// Table filters as dimensions (docs/table-plan.md, "表ごとのフィルタ"): a table kept to a subset of the
// records by a filter that other tables do not share is about the records "in" that filter. Each
// distinct filter becomes a binary dimension of the inner cells (計 / 該当 / 非該当); a filtered table
// holds it with the one code 該当 (`fixed:`), a table without the filter sums over both codes, so every
// relation between filtered and unfiltered tables is visible to the audit.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/registry/table_plan.h"

namespace hitoku::registry {

inline constexpr const char* kFilterIn = "in";
inline constexpr const char* kFilterOut = "out";
inline constexpr const char* kFilterTotal = "total";

// The canonical form of a filter whose field is already the layout's header: values normalized
// (numbers without leading zeros when `numeric`), sorted and deduplicated. Equal keys = the same filter.
std::string filter_key(const PlanFilter& f, bool numeric);

// The filter in words, e.g. "集約性別 ∈ {1}", "診断時年齢 20〜120" (field or dimension id first).
std::string describe_filter(const PlanFilter& f);

// The binary dimension of one filter: root 計 (total) with the leaves 該当 (in) and 非該当 (out).
Dimension filter_dimension(const std::string& id, const PlanFilter& f);

// The dimension of several filters on one field (e.g. DCO 区分 ∈ {2} in one table, ∈ {1} in another):
// one dimension, not one per filter, since the filters are not independent of each other. `atoms`
// are the membership patterns the records show (bit i: the record passes filters[i]). Each filter is
// the code over the atoms it keeps; these sets must nest or be disjoint (laminar) to make a
// hierarchy, else InputError at the filter's place. Patterns no record shows are left out: that
// only credits the reader with more than he may know (the alarm side).
struct FilterGroupDimension {
  Dimension dimension;
  std::vector<int> code_of_filter;  // per filter, its code index
};
FilterGroupDimension filter_group_dimension(const std::string& id, const std::string& subject,
                                            const std::vector<const PlanFilter*>& filters,
                                            const std::set<std::uint64_t>& atoms);

}  // namespace hitoku::registry
