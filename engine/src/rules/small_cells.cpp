// Rule ② (規約第12(3)②): a published count in the policy's small range (1..9 for Hyogo).
#include <string>

#include "hitoku/rules/rules.h"
#include "rules/cell_finding.h"
#include "rules/rule_set.h"
#include "rules/small_combinations.h"

namespace hitoku {

RuleOutput check_small_cells(const Submission& submission, const Policy& policy) {
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
      if (!policy.in_small_range(v)) continue;
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

std::vector<RuleOutput> small_cells_rule(const Submission& submission, const Policy& policy, const CheckOptions&) {
  std::vector<RuleOutput> out;
  out.push_back(check_small_cells(submission, policy));
  add_small_combination_findings(submission, out.back());  // ② "in combination"
  return out;
}

}  // namespace hitoku
