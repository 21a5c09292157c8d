#include <string>

#include "hitoku/rules.h"
#include "rules/cell_finding.h"

namespace hitoku {

RuleOutput check_small_cells(const Submission& submission) {
  const Policy& policy = submission.policy;
  const std::string range = std::to_string(policy.small_min) + "〜" + std::to_string(policy.small_max);
  const std::string range_en = std::to_string(policy.small_min) + " to " + std::to_string(policy.small_max);
  RuleOutput out;
  out.result.rule = "2";
  for (const Table& table : submission.tables) {
    if (table.earlier_publication) continue;  // already public; not ours to suppress
    for (std::size_t i = 0; i < table.cell_count(); ++i) {
      if (table.status[i] != CellStatus::Published) continue;
      ++out.result.cells_checked;
      const auto v = table.value[i];
      if (v < policy.small_min || v > policy.small_max) continue;
      // The value is published in the input, so naming the range (not the value) loses nothing and
      // keeps the report safe to hand on once the cell is suppressed.
      out.findings.push_back(cell_finding(
          submission, table, i, "2", Severity::Error,
          "公表予定の件数が " + range + " 件の範囲にあります。秘匿してください（規約第12(3)②）。",
          "Published count lies in the range " + range_en + "; it must be suppressed (terms §12(3) ②)."));
    }
  }
  out.result.errors = static_cast<long long>(out.findings.size());
  out.result.state = out.findings.empty() ? RuleState::Pass : RuleState::Fail;
  out.result.summary_ja = "公表セル " + std::to_string(out.result.cells_checked) + " 件を確認、" + range +
                          " 件のセル " + std::to_string(out.result.errors) + " 件";
  out.result.summary_en = std::to_string(out.result.cells_checked) + " published cells checked, " +
                          std::to_string(out.result.errors) + " in " + range_en;
  return out;
}

RuleOutput check_contributors(const Submission& submission) {
  const Policy& policy = submission.policy;
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
      if (v >= policy.small_min && v <= policy.small_max) continue;
      if (n < policy.small_min || n > policy.small_max) continue;
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

}  // namespace hitoku
