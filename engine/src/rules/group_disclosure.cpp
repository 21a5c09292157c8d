#include "rules/group_disclosure.h"

#include <algorithm>
#include <map>

#include "hitoku/model/table_hierarchy.h"
#include "rules/cell_finding.h"

namespace hitoku {

bool is_sensitive(const Policy& policy, const Dimension& dim) {
  const auto& names = policy.sensitive_variables;
  return std::find(names.begin(), names.end(), dim.id()) != names.end() ||
         (!dim.variable().empty() && std::find(names.begin(), names.end(), dim.variable()) != names.end());
}

std::vector<DisclosedGroup> find_disclosed_groups(const Submission& s,
                                                  const std::function<bool(int, std::size_t)>& known_zero) {
  std::vector<DisclosedGroup> out;
  if (s.policy.sensitive_variables.empty()) return out;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (t.earlier_publication) continue;
    const int table = static_cast<int>(ti);
    auto zero = [&](std::size_t f) {
      return is_suppressed(t.status[f]) ? known_zero(table, f) : t.value[f] == 0;
    };
    const auto kids = exact_children(s, t);
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      if (!is_sensitive(s.policy, s.dimensions[static_cast<std::size_t>(t.dims[td])])) continue;
      for (std::size_t f = 0; f < t.cell_count(); ++f) {
        auto pos = t.positions(f);
        const auto& k = kids[td][static_cast<std::size_t>(pos[td])];
        if (k.size() < 2) continue;
        DisclosedGroup g;
        g.group = {table, f};
        int open = 0;
        for (int q : k) {
          pos[td] = q;
          const std::size_t child = t.flat_index(pos);
          if (zero(child)) g.zero_children.push_back({table, child});
          else if (++open == 1) g.category = {table, child};
        }
        if (open != 1) continue;
        // The reader must know the group is not empty: its total or the category published above 0.
        const bool nonempty = (!is_suppressed(t.status[f]) && t.value[f] > 0) ||
                              (!is_suppressed(t.status[g.category.flat]) && t.value[g.category.flat] > 0);
        if (nonempty) out.push_back(std::move(g));
      }
    }
  }
  return out;
}

void add_group_disclosure_findings(const Submission& s, Report& report) {
  if (s.policy.sensitive_variables.empty()) return;
  // Suppressed cells the audit recovered are known to the reader; with a true value 0 they are zeros.
  std::map<std::pair<std::string, std::map<std::string, std::string>>, bool> recovered;
  for (const auto& a : report.audit)
    if (a.recoverable) recovered[{a.table, a.cell}] = true;
  auto known_zero = [&](int table, std::size_t flat) {
    const Table& t = s.tables[static_cast<std::size_t>(table)];
    return t.value[flat] == 0 && recovered.count({t.id, s.cell_key(t, flat)}) > 0;
  };
  const auto groups = find_disclosed_groups(s, known_zero);
  RuleResult* one = nullptr;
  for (auto& r : report.rules)
    if (r.rule == "1") one = &r;
  for (const DisclosedGroup& g : groups) {
    const Table& t = s.tables[static_cast<std::size_t>(g.group.table)];
    const auto codes = t.cell_codes(g.category.flat);
    std::size_t td = 0;
    while (td < codes.size() && codes[td] == t.cell_codes(g.group.flat)[td]) ++td;
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
    const std::string attr = dim.label(), category = dim.code_label(codes[td]);
    const std::string group = s.cell_label(t, g.group.flat);
    Finding f = cell_finding(
        s, t, g.category.flat, "1", Severity::Error,
        "集団「" + group + "」の患者は全員が" + attr + "「" + category +
            "」です（他の区分はすべて0）。各患者の" + attr +
            "が分かるため、このセルか0のセルを秘匿してください（規約第12(3)①「任意の組み合わせによる集計値から特定の個人を識別できる場合は公表しないこと」）。",
        "Every patient of the group '" + group + "' has " + attr + " '" + category +
            "' (every other category is 0), so each patient's " + attr +
            " is disclosed; suppress this cell or a zero beside it (terms §12(3) ①: no aggregate, in any "
            "combination, may identify a person).");
    report.findings.push_back(std::move(f));
  }
  if (!one) return;
  if (!groups.empty()) {
    one->errors += static_cast<long long>(groups.size());
    const std::string ja = "集団の全員が同じ属性: " + std::to_string(groups.size()) + " 件";
    const std::string en = std::to_string(groups.size()) + " groups whose patients all share one sensitive attribute";
    const bool first = one->state == RuleState::NotChecked;
    one->summary_ja = first ? ja : one->summary_ja + "。" + ja;
    one->summary_en = first ? en : one->summary_en + "; " + en;
    one->state = RuleState::Fail;
  }
}

}  // namespace hitoku
