// Tables of distinct patients need not add up (one patient may sit in two cells), so the linear
// differencing audit cannot model them. Their suppressed cells cannot be proven safe: each is a
// rule ④ failure, said plainly; a fully published one is reported as not used by the audit.
#include "hitoku/rules/rules.h"
#include "rules/cell_finding.h"

namespace hitoku {

Submission additive_tables_only(const Submission& submission) {
  Submission copy = submission;
  copy.tables.clear();
  for (const Table& t : submission.tables)
    if (t.additive) copy.tables.push_back(t);
  return copy;
}

void add_non_additive_findings(const Submission& submission, RuleOutput& rule4) {
  for (const Table& table : submission.tables) {
    if (table.additive || table.earlier_publication) continue;
    bool any_suppressed = false;
    for (std::size_t i = 0; i < table.cell_count(); ++i) {
      if (!is_suppressed(table.status[i])) continue;
      any_suppressed = true;
      rule4.findings.push_back(cell_finding(
          submission, table, i, "4", Severity::Error,
          "実患者数の表は合計が内訳の和にならないため、差分による復元の有無を証明できません。"
          "腫瘍数の表にするか、専門委員会の確認を受けてください。",
          "A table of distinct patients does not add up, so whether this cell can be recovered by "
          "differencing cannot be proven. Count tumours instead, or ask the committee."));
      ++rule4.result.errors;
    }
    if (!any_suppressed) {
      Finding f;
      f.rule = "4";
      f.severity = Severity::Warning;
      f.table = table.id;
      f.reason_ja = "実患者数の表（合計が内訳の和にならない）のため、他の表の差分監査には用いていません。"
                    "この表の公表値は他の表の秘匿セルの下限（患者数 ≤ 腫瘍数）を与えます。";
      f.reason_en = "A table of distinct patients (not additive) is not used in the differencing audit of the other "
                    "tables; its published values can bound their suppressed cells from below (patients ≤ tumours).";
      rule4.findings.push_back(std::move(f));
      ++rule4.result.warnings;
    }
  }
  if (rule4.result.errors > 0) rule4.result.state = RuleState::Fail;
  else if (rule4.result.warnings > 0 && rule4.result.state == RuleState::Pass) rule4.result.state = RuleState::Warn;
}

}  // namespace hitoku
