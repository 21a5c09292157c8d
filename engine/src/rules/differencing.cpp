// Rules ④⑤ (規約第12(3)④⑤): recovery of suppressed cells by differencing, and attacker intervals
// that are too narrow. The audit lives in audit/; tables that do not add up are reported under ④
// (rules/non_additive.cpp). Skipped with --no-audit: both rules are then not checked.
#include "hitoku/audit/audit.h"
#include "hitoku/rules/rules.h"
#include "rules/derived_findings.h"
#include "rules/primary_reach.h"
#include "rules/rule_set.h"
#include "rules/undeclared_variables.h"

namespace hitoku {
namespace {

RuleOutput not_checked(const std::string& rule, std::string ja, std::string en) {
  RuleOutput out;
  out.result.rule = rule;
  out.result.state = RuleState::NotChecked;
  out.result.summary_ja = std::move(ja);
  out.result.summary_en = std::move(en);
  return out;
}

}  // namespace

std::vector<RuleOutput> differencing_rule(const Submission& submission, const Policy&, const CheckOptions& options) {
  std::vector<RuleOutput> out;
  if (!options.audit_differencing) {
    out.push_back(not_checked("4", "差分監査を省略しました（--no-audit）", "differencing audit skipped (--no-audit)"));
    out.push_back(not_checked("5", "差分監査を省略しました（--no-audit）", "differencing audit skipped (--no-audit)"));
    return out;
  }
  AuditOptions audit;
  audit.integer_bounds = options.integer_bounds;
  audit.progress = options.progress;
  auto differencing = audit_differencing(additive_tables_only(submission), audit);
  add_non_additive_findings(submission, differencing.rule4);
  add_primary_reach_findings(submission, differencing);
  add_derived_value_findings(submission, differencing.rule4, differencing.rule5);
  add_undeclared_variable_findings(submission, differencing, audit);
  out.push_back(std::move(differencing.rule4));
  out.push_back(std::move(differencing.rule5));
  return out;
}

}  // namespace hitoku
