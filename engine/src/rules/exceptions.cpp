// Declared exceptions (例外): a committee's decision recorded in the manifest covers matching error
// findings, visibly. Runs after the rules, on the assembled report.
#include "rules/rule_set.h"

namespace hitoku {
namespace {

bool exception_covers(const RuleException& e, const Finding& f) {
  if (e.rule != f.rule || (!e.table.empty() && e.table != f.table)) return false;
  if (e.cells.empty()) return true;
  for (const auto& cell : e.cells)
    if (cell == f.cell) return true;
  return false;
}

}  // namespace

// Declared exceptions cover matching error findings. A covered finding stays in the report with the
// basis beside it; its rule shows "warn" instead of "pass", and an exception that covers nothing is
// itself reported, so nothing is waved through unseen.
void apply_exceptions(const Submission& submission, Report& report) {
  for (const RuleException& e : submission.exceptions) {
    ExceptionApplied applied{e, 0};
    for (Finding& f : report.findings) {
      if (f.severity != Severity::Error || !f.exception_basis.empty() || !exception_covers(e, f)) continue;
      f.exception_basis = e.basis;
      f.exception_reference = e.reference;
      ++applied.findings_covered;
    }
    if (applied.findings_covered == 0) {
      Finding stale;
      stale.rule = e.rule;
      stale.severity = Severity::Warning;
      stale.table = e.table;
      stale.reason_ja = "宣言された例外（" + e.reference + "）に該当する指摘がありません。記載を確認してください。";
      stale.reason_en = "The declared exception (" + e.reference + ") covers no finding; check the declaration.";
      report.findings.push_back(std::move(stale));
    }
    report.exceptions.push_back(std::move(applied));
  }
  for (RuleResult& rule : report.rules) {
    long long open = 0, excepted = 0;
    for (const Finding& f : report.findings) {
      if (f.rule != rule.rule || f.severity != Severity::Error) continue;
      (f.exception_basis.empty() ? open : excepted)++;
    }
    if (excepted == 0) continue;
    if (rule.state == RuleState::Fail && open == 0) rule.state = RuleState::Warn;
    rule.summary_ja += "（うち例外適用 " + std::to_string(excepted) + " 件）";
    rule.summary_en += " (" + std::to_string(excepted) + " under a declared exception)";
  }
}

}  // namespace hitoku
