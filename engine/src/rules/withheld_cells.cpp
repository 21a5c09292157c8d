#include "rules/withheld_cells.h"

#include <set>
#include <string>

#include "rules/cell_finding.h"

namespace hitoku {
namespace {

WithheldCell withheld(const Submission& s, const Table& t, std::size_t flat, const std::string& rule, const std::string& ja,
                      const std::string& en) {
  return {t.id, s.cell_key(t, flat), rule, ja, en, {}};
}

RuleResult* rule_of(Report& report, const std::string& rule) {
  for (auto& r : report.rules)
    if (r.rule == rule) return &r;
  return nullptr;
}

}  // namespace

std::vector<WithheldCell> record_level_withholds(const Submission& s) {
  std::vector<WithheldCell> out = s.withheld;
  std::set<std::pair<std::string, std::map<std::string, std::string>>> seen;
  for (const auto& w : out) seen.insert({w.table, w.cell});
  const Policy& p = s.policy;
  for (const Table& t : s.tables) {
    if (t.earlier_publication) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (t.value[f] < 1) continue;
      std::optional<WithheldCell> w;
      if (t.contributors && !p.in_small_range(t.value[f]) && p.in_small_range((*t.contributors)[f]))
        w = withheld(s, t, f, "1", "患者が少数（多重がん）", "few patients behind the count (multiple cancers)");
      else if (t.hospitals && !t.hospital_dimension.empty() && (*t.hospitals)[f] >= 1 && (*t.hospitals)[f] < p.min_hospitals)
        w = withheld(s, t, f, "3", "計上されている病院等が最小数未満", "fewer hospitals than the minimum contribute");
      if (w && seen.insert({w->table, w->cell}).second) out.push_back(std::move(*w));
    }
  }
  return out;
}

std::pair<int, std::size_t> withheld_cell(const Submission& s, const WithheldCell& w) {
  const int ti = s.find_table(w.table);
  if (ti < 0) return {-1, 0};
  const Table& t = s.tables[static_cast<std::size_t>(ti)];
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    if (s.cell_key(t, f) == w.cell) return {ti, f};
  return {-1, 0};
}

void add_withheld_findings(const Submission& s, Report& report) {
  for (const WithheldCell& w : s.withheld) {
    const auto [ti, flat] = withheld_cell(s, w);
    RuleResult* rule = rule_of(report, w.rule);
    if (ti < 0) {
      Finding f;
      f.rule = w.rule;
      f.severity = Severity::Error;
      f.table = w.table;
      f.cell = w.cell;
      f.reason_ja = "登録データで秘匿が必要とされたセル（withheld: " + w.reason_ja + "）が表「" + w.table +
                    "」にありません。表を変えたときは計画から作り直してください";
      f.reason_en = "A cell the registry data says must stay suppressed (withheld: " + w.reason_en + ") is not in table '" +
                    w.table + "'; when the tables change, build them again from the plan";
      report.findings.push_back(std::move(f));
    } else {
      const Table& t = s.tables[static_cast<std::size_t>(ti)];
      if (is_suppressed(t.status[flat]) || t.value[flat] < 1) continue;
      report.findings.push_back(cell_finding(
          s, t, flat, w.rule, Severity::Error,
          "登録データによれば、このセルは公表できません（" + w.reason_ja + "、規則" + w.rule + "）。秘匿してください。",
          "The registry data says this cell must not be published (" + w.reason_en + ", rule " + w.rule + "); suppress it."));
    }
    if (!rule) continue;
    ++rule->errors;
    if (rule->summary_ja.find("登録データで秘匿") == std::string::npos) {  // once per rule
      rule->summary_ja += "。登録データで秘匿が必要なセルの公表あり";
      rule->summary_en += "; cells the registry data says to withhold are published";
    }
    rule->state = RuleState::Fail;
  }
}

}  // namespace hitoku
