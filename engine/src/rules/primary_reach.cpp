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

void add_to_rule(RuleOutput& rule, std::vector<Finding>& found, long long small_max) {
  RuleResult& r = rule.result;
  r.errors += static_cast<long long>(found.size());
  if (!found.empty()) r.state = RuleState::Fail;
  r.summary_ja += "。上限が " + std::to_string(small_max + 1) + " に届かない少数セル " + std::to_string(found.size()) + " 件";
  r.summary_en += "; " + std::to_string(found.size()) + " small cells whose upper bound stays below " +
                  std::to_string(small_max + 1);
  for (auto& f : found) rule.findings.push_back(std::move(f));
}

}  // namespace

void add_primary_reach_findings(const Submission& s, DifferencingOutput& differencing) {
  const Policy& p = s.policy;
  if (!p.primary_upper_reach) return;
  std::map<std::string, std::map<CellKey, std::size_t>> index;  // built per table when first needed
  std::vector<Finding> found4, found5;
  const auto small_upper = [&](const Interval& iv) {
    return iv.upper != std::numeric_limits<long long>::max() && iv.upper <= p.small_max;
  };
  for (std::size_t i = 0; i < differencing.rule4.audit.size(); ++i) {
    const SuppressedCellAudit& a = differencing.rule4.audit[i];
    if (a.interval_withheld) continue;  // recoverable or unproven: already a failure
    // The proven part of the attacker's interval: the inner interval when only an outer one is exact.
    const Interval& proven = a.inner_interval ? *a.inner_interval : a.interval;
    if (!small_upper(proven)) continue;
    const auto& own = differencing.own_intervals;
    const bool earlier_only = i < own.size() && own[i] && !small_upper(*own[i]);
    const int ti = s.find_table(a.table);
    if (ti < 0) continue;
    const Table& t = s.tables[static_cast<std::size_t>(ti)];
    auto [it, fresh] = index.try_emplace(a.table);
    if (fresh) it->second = cells_by_key(s, t);
    const auto cell = it->second.find(a.cell);
    if (cell == it->second.end()) continue;
    const auto v = t.value[cell->second];
    if (v < p.small_min || v > p.small_max) continue;
    const std::string reach = std::to_string(p.small_max + 1);
    // With only an outer bound exact, the inner end comes from points that include the true counts: it is
    // never printed (it would tell the count); the finding says the reach is not proven.
    const bool outer = a.inner_interval.has_value();
    const std::string hi_ja = outer ? "が " + reach + " に届くと示せません" : "が " + std::to_string(proven.upper) + " で、" + reach + " に届きません";
    const std::string hi_en = outer ? " cannot be shown to reach " + reach : " is " + std::to_string(proven.upper) + ", below " + reach;
    const std::string with_ja = earlier_only ? "既公表値と合わせると、" : "";
    const std::string with_en = earlier_only ? "Together with earlier publications, the" : "The";
    Finding f = cell_finding(
        s, t, cell->second, earlier_only ? "5" : "4", Severity::Error,
        with_ja + "秘匿セルの推定範囲の上限" + hi_ja +
            "。読者はこのセルが少数（規則②の範囲）であると分かるおそれがあります。周りのセルも秘匿してください（規約第12(3)②" +
            (earlier_only ? "⑤" : "④") + "、ポリシー differencing.primary_upper_reach）。",
        with_en + " attacker's upper bound of this suppressed cell" + hi_en +
            ": a reader may learn that it is a small count (rule ② range). Suppress more cells around it (terms "
            "§12(3) ② " + (earlier_only ? "⑤" : "④") + ", policy differencing.primary_upper_reach).");
    f.interval = a.interval;  // the outer bound when only that is exact
    (earlier_only ? found5 : found4).push_back(std::move(f));
  }
  add_to_rule(differencing.rule4, found4, p.small_max);
  if (!found5.empty()) add_to_rule(differencing.rule5, found5, p.small_max);
}

}  // namespace hitoku
