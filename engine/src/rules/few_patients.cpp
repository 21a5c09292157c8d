// Rule ① (規約第12(3)①): few patients behind a published cell, read from the patient counts of
// tables built from registry records; without them, judged through rules ②④⑤.
#include <string>

#include "hitoku/rules/rules.h"
#include "rules/cell_finding.h"
#include "rules/rule_set.h"

namespace hitoku {

RuleOutput check_contributors(const Submission& submission, const Policy& policy) {
  RuleOutput out;
  out.result.rule = "1";
  bool any = false;
  for (const Table& table : submission.tables) {
    if (table.earlier_publication || !table.contributors) continue;
    any = true;
    const auto& people = *table.contributors;
    for (std::size_t i = 0; i < table.cell_count(); ++i) {
      if (table.status[i] != CellStatus::Published) continue;
      ++out.result.cells_checked;
      const auto v = table.value[i];
      const auto n = people[i];
      // Rule ② already covers small counts; here the count is fine but the people behind it are few.
      if (policy.in_small_range(v) || !policy.in_small_range(n)) continue;
      out.findings.push_back(cell_finding(
          submission, table, i, "1", Severity::Error,
          "件数は範囲外ですが、該当する患者が " + std::to_string(policy.small_min) + "〜" +
              std::to_string(policy.small_max) + " 人しかいません（多重がん）。個人が特定されうるため秘匿してください（規約第12(3)①）。",
          "The count is outside the small range but comes from only " + std::to_string(policy.small_min) + " to " +
              std::to_string(policy.small_max) +
              " patients (multiple cancers); a person may be identified, suppress it (terms §12(3) ①)."));
    }
  }
  out.result.errors = static_cast<long long>(out.findings.size());
  if (!any) {
    out.result.state = RuleState::NotChecked;
    return out;
  }
  out.result.state = out.findings.empty() ? RuleState::Pass : RuleState::Fail;
  out.result.summary_ja = "患者数の分かる公表セル " + std::to_string(out.result.cells_checked) + " 件を確認、少数患者セル " +
                          std::to_string(out.result.errors) + " 件";
  out.result.summary_en = std::to_string(out.result.cells_checked) + " published cells with patient counts checked, " +
                          std::to_string(out.result.errors) + " with few patients";
  return out;
}

namespace {

const RuleResult* find_rule(const Report& report, const std::string& rule) {
  for (const auto& r : report.rules)
    if (r.rule == rule) return &r;
  return nullptr;
}

}  // namespace

void derive_rule_one(Report& report) {
  RuleResult& one = report.rules.front();
  if (one.state != RuleState::NotChecked) return;
  bool fail = false, unknown = false;
  for (const char* r : {"2", "4", "5"}) {
    const RuleResult* rr = find_rule(report, r);
    if (!rr || rr->state == RuleState::NotChecked) unknown = true;
    else if (rr->state == RuleState::Fail) fail = true;
  }
  one.state = fail ? RuleState::Fail : unknown ? RuleState::NotChecked : RuleState::Pass;
  one.summary_ja = "集計表のみの提出: ①は②④⑤の結果から判定（患者数の情報なし）";
  one.summary_en = "Tables only: rule ① follows from rules ②④⑤ (no patient counts available)";
}

std::vector<RuleOutput> few_patients_rule(const Submission& submission, const Policy& policy, const CheckOptions&) {
  std::vector<RuleOutput> out;
  out.push_back(check_contributors(submission, policy));
  return out;
}

}  // namespace hitoku
