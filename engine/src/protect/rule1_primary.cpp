// Cells protect suppresses from the start besides small counts: a group whose patients all share a
// sensitive category (rule ①: the category cell and one zero beside it, so the reader no longer
// knows that everyone shares it), cells of a table by hospital area fed by fewer hospitals than the
// policy's minimum (rule ③), and single-hospital cells (rules ②③, opt-in, when hospitals are known).
#include "problem.h"
#include "rules/group_disclosure.h"
#include "rules/withheld_cells.h"

namespace hitoku::protection {
namespace {

void make_primary(Problem& p, const CellRef& cell, const std::string& rule, std::string ja, std::string en) {
  Group& g = p.groups[static_cast<std::size_t>(p.group_of[static_cast<std::size_t>(cell.table)][cell.flat])];
  if (g.origin == Origin::Primary || g.members.empty()) return;
  g.origin = Origin::Primary;
  g.primary_rule = rule;
  g.primary_ja = std::move(ja);
  g.primary_en = std::move(en);
}

}  // namespace

void mark_rule1_primaries(Problem& p) {
  const Submission& s = *p.sub;
  // Published zeros only: the pattern is not known yet, and a suppressed zero the final audit
  // passes is not recoverable, so it cannot complete a disclosure then.
  const auto groups = find_disclosed_groups(s, [](int, std::size_t) { return false; });
  for (const DisclosedGroup& d : groups) {
    const std::string& group = d.group_label;
    const std::string ja = "集団「" + group + "」の患者全員が同じ区分と分かるため（規則①）";
    const std::string en = "every patient of '" + group + "' would be seen to share one category (rule ①)";
    // An earlier publication's category cannot be hidden: its group's size printed here is.
    const bool earlier = s.tables[static_cast<std::size_t>(d.category.table)].earlier_publication;
    make_primary(p, earlier ? d.group : d.category, "1", ja, en);
    if (!d.zero_children.empty()) make_primary(p, d.zero_children.front(), "1", ja, en);
  }
  for (const WithheldCell& w : s.withheld) {  // the registry extract's facts a manifest carries (rules ① ③)
    const auto [ti, flat] = withheld_cell(s, w);
    if (ti >= 0) make_primary(p, {ti, flat}, w.rule, "登録データで秘匿が必要なセル（" + w.reason_ja + "）", "the registry data says to withhold it (" + w.reason_en + ")");
  }
  const Policy& policy = s.policy;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    // Hospital counts of another shape (e.g. left from before a merge) describe other cells.
    if (t.earlier_publication || !t.hospitals || t.hospitals->size() != t.cell_count()) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      // A cell of a table by hospital area fed by fewer hospitals than the policy's minimum (rule ③, as
      // the check reports it): suppressed, as the finding asks.
      const long long fed_by = (*t.hospitals)[f];
      if (!t.hospital_dimension.empty() && fed_by >= 1 && fed_by < policy.min_hospitals && t.value[f] >= 1) {
        make_primary(p, {static_cast<int>(ti), f}, "3", "計上されている病院等が" + std::to_string(fed_by) + "施設だけのため（規則③）",
                     "only " + std::to_string(fed_by) + " hospital(s) contribute to the cell (rule ③)");
        continue;
      }
      if ((*t.hospitals)[f] != 1 || t.value[f] < 1) continue;
      if (!policy.single_hospital_any_count) continue;  // opt-in (small counts are primary anyway)
      make_primary(p, {static_cast<int>(ti), f}, "2",
                   "1つの病院等の患者だけによる集計値のため（規則②③）",
                   "the count comes from a single hospital (rules ②③)");
    }
  }
}

}  // namespace hitoku::protection
