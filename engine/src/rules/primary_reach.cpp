#include "rules/primary_reach.h"

#include <limits>
#include <map>

#include "rules/cell_finding.h"

namespace hitoku {
namespace {

using CellKey = std::map<std::string, std::string>;

std::map<CellKey, std::size_t> cells_by_key(const Submission& s, const Table& t) {
  std::map<CellKey, std::size_t> out;
  for (std::size_t f = 0; f < t.cell_count(); ++f) out.emplace(s.cell_key(t, f), f);
  return out;
}

}  // namespace

void add_primary_reach_findings(const Submission& s, RuleOutput& rule4) {
  const Policy& p = s.policy;
  if (!p.primary_upper_reach) return;
  std::map<std::string, std::map<CellKey, std::size_t>> index;  // built per table when first needed
  std::vector<Finding> found;
  for (const SuppressedCellAudit& a : rule4.audit) {
    if (a.interval_withheld) continue;  // recoverable or unproven: already a failure
    // The proven part of the attacker's interval: the inner interval when only an outer one is exact.
    const Interval& proven = a.inner_interval ? *a.inner_interval : a.interval;
    if (proven.upper == std::numeric_limits<long long>::max() || proven.upper > p.small_max) continue;
    const int ti = s.find_table(a.table);
    if (ti < 0) continue;
    const Table& t = s.tables[static_cast<std::size_t>(ti)];
    auto [it, fresh] = index.try_emplace(a.table);
    if (fresh) it->second = cells_by_key(s, t);
    const auto cell = it->second.find(a.cell);
    if (cell == it->second.end()) continue;
    const auto v = t.value[cell->second];
    if (v < p.small_min || v > p.small_max) continue;
    const std::string reach = std::to_string(p.small_max + 1), hi = std::to_string(proven.upper);
    Finding f = cell_finding(
        s, t, cell->second, "4", Severity::Error,
        "秘匿セルの推定範囲の上限が " + hi + " で、" + reach +
            " に届きません。読者はこのセルが少数（規則②の範囲）であると分かります。周りのセルも秘匿してください（規約第12(3)②④、ポリシー differencing.primary_upper_reach）。",
        "The attacker's upper bound of this suppressed cell is " + hi + ", below " + reach +
            ": a reader learns that it is a small count (rule ② range). Suppress more cells around it (terms "
            "§12(3) ② ④, policy differencing.primary_upper_reach).");
    f.interval = proven;
    found.push_back(std::move(f));
  }
  RuleResult& r = rule4.result;
  r.errors += static_cast<long long>(found.size());
  if (!found.empty()) r.state = RuleState::Fail;
  r.summary_ja += "。上限が " + std::to_string(p.small_max + 1) + " に届かない少数セル " + std::to_string(found.size()) + " 件";
  r.summary_en += "; " + std::to_string(found.size()) + " small cells whose upper bound stays below " +
                  std::to_string(p.small_max + 1);
  for (auto& f : found) rule4.findings.push_back(std::move(f));
}

}  // namespace hitoku
