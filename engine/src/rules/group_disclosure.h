#pragma once
// Rule ①, group disclosure: a published group whose patients all share one category of a sensitive
// variable (a town whose 40 patients are all 遠隔) tells every reader each patient's attribute.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"
#include "rules/small_combinations.h"

namespace hitoku {

// Is this dimension a sensitive variable of the policy (group_disclosure.sensitive names its id or
// its manifest `variable:`, or, with no `variable:` declared, its label or id names one: 進展度, 生存 …)?
bool is_sensitive(const Policy& policy, const Dimension& dim);
// The sensitive variable a dimension without `variable:` is taken as by its label or id; empty if none.
std::string named_sensitive(const Policy& policy, const Dimension& dim);

// One disclosed group: along a sensitive dimension, a total (the group) whose children are all known
// to be 0 except one (the shared category), the group known to be non-empty. The total need not be
// printed: categories that cover a code's leaves exactly add up to it (stages 410/420/430 without 計).
// A category printed only by an earlier publication whose group's size this submission prints: category
// is the earlier cell and group the planned cell printing the size (the one to suppress).
struct DisclosedGroup {
  CellRef group;                  // the total over the sensitive dimension (a cell of the table, or
                                  // the category when the table leaves the total out)
  std::string group_label;        // the group as the report names it
  std::size_t dimension = 0;      // the sensitive dimension's position in the table
  CellRef category;               // the one child that is not 0
  std::vector<CellRef> zero_children;
  bool size_derived = false;      // an earlier category: group is a cell this submission prints that
                                  // the group's size follows from (no table prints the size)
  // A category count no table prints but the published values give (equal_subcounts.h): its label,
  // its value; category is then a cell of this submission the computation uses (the one to suppress).
  std::string category_label;
  std::int64_t category_value = 0;
  // A group no table prints whose other categories the published values give as 0 (derived_groups.h):
  // group_label and category_label name them; `how` is the computation of one zero category
  // (published cells with their coefficients); category and group are a cell of this submission it
  // uses (the one to suppress).
  bool derived = false;
  std::vector<std::pair<CellRef, std::int64_t>> how;
};

// The disclosed group of `category` (a printed cell of table `table`) along table dimension td, the
// group being the code `group_code` of dimension group_dim (the table's own dimension there, or
// another grouping of its variable); `group` is the cell to name as the group's.
DisclosedGroup disclosed_group(const Submission& s, CellRef category, CellRef group, std::size_t td, int group_dim,
                               int group_code);

// Scans the planned tables. known_zero(table, flat) says whether a suppressed cell is pinned to 0
// by the published values (the audit); published cells are judged by their value.
// *sizes_checked (when given) is set to false when the inner space was too large to find group sizes
// no table prints but the published values give (derived_group_size.h).
// `bounds`, when given, is the audit's interval of a suppressed cell: recovered cells join what the
// reader knows, and a proven lower end of 1 or more shows a group is not empty.
std::vector<DisclosedGroup> find_disclosed_groups(
    const Submission& submission, const std::function<bool(int, std::size_t)>& known_zero, bool* sizes_checked = nullptr,
    const std::function<std::optional<std::pair<std::int64_t, std::int64_t>>(int, std::size_t)>& bounds = {});

// Adds rule ① findings to the report (the audit entries tell which suppressed cells are pinned to 0)
// and sets rule ①'s verdict when there are any.
void add_group_disclosure_findings(const Submission& submission, Report& report);

}  // namespace hitoku
