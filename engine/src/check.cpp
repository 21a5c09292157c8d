// The engine entry point: runs each rule module and folds their results into one Report.
#include "hitoku/check.h"

#include <chrono>
#include <ctime>

#include "hitoku/audit.h"
#include "hitoku/hospital_areas.h"
#include "hitoku/rules.h"

namespace hitoku {
namespace {

std::string utc_now_iso8601() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void absorb(Report& report, RuleOutput&& out) {
  for (auto& f : out.findings) report.findings.push_back(std::move(f));
  for (auto& a : out.audit) report.audit.push_back(std::move(a));
  report.rules.push_back(std::move(out.result));
}

RuleResult not_checked(const std::string& rule, std::string ja, std::string en) {
  RuleResult r;
  r.rule = rule;
  r.state = RuleState::NotChecked;
  r.summary_ja = std::move(ja);
  r.summary_en = std::move(en);
  return r;
}

const RuleResult* find_rule(const Report& report, const std::string& rule) {
  for (const auto& r : report.rules)
    if (r.rule == rule) return &r;
  return nullptr;
}

// Rule ① for tables without patient counts: a count table identifies nobody when rules ②④⑤ hold.
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

bool exception_covers(const RuleException& e, const Finding& f) {
  if (e.rule != f.rule || (!e.table.empty() && e.table != f.table)) return false;
  if (e.cells.empty()) return true;
  for (const auto& cell : e.cells)
    if (cell == f.cell) return true;
  return false;
}

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

void check_attribution(const Submission& submission, Report& report) {
  if (!submission.info.attribution.empty()) return;
  Finding f;
  f.rule = "12(4)";
  f.severity = Severity::Warning;
  f.reason_ja = "法に基づき提供を受けた情報を利用して独自に作成した旨の記載（規約第12(4)）がマニフェストにありません。";
  f.reason_en = "The manifest has no attribution statement (produced by the user from information provided "
                "under the Act, terms §12(4)).";
  report.findings.push_back(std::move(f));
}

// A merged area's code joins its members' codes with '+' (geography/merge_text.cpp).
bool is_merged_area(const Submission& submission, const Dimension& dim, int code) {
  for (const auto& g : submission.geographies)
    if (g.dimension == dim.id()) return dim.code(code).find('+') != std::string::npos;
  return false;
}

ReportTable report_table(const Submission& submission, const Table& table, bool confidential) {
  ReportTable rt;
  rt.id = table.id;
  rt.title = table.title;
  rt.earlier_publication = table.earlier_publication;
  for (std::size_t d = 0; d < table.dims.size(); ++d) {
    const Dimension& dim = submission.dimensions[table.dims[d]];
    rt.dimension_ids.push_back(dim.id());
    rt.dimension_labels.push_back(dim.label());
    std::vector<std::string> codes, labels;
    std::vector<int> depths;
    for (int c : table.codes[d]) {
      codes.push_back(dim.code(c));
      labels.push_back(dim.code_label(c));
      depths.push_back(dim.depth(c));
    }
    rt.codes.push_back(std::move(codes));
    rt.labels.push_back(std::move(labels));
    rt.depths.push_back(std::move(depths));
  }
  const std::size_t n = table.cell_count();
  rt.status.reserve(n);
  rt.published.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    bool merged = false;
    if (!is_suppressed(table.status[i])) {
      const auto codes = table.cell_codes(i);
      for (std::size_t d = 0; d < codes.size() && !merged; ++d)
        merged = is_merged_area(submission, submission.dimensions[table.dims[d]], codes[d]);
    }
    rt.status.push_back(merged ? "merged" : to_string(table.status[i]));
    if (is_suppressed(table.status[i])) rt.published.push_back(std::nullopt);
    else rt.published.push_back(table.value[i]);
  }
  if (confidential) rt.true_values.assign(table.value.begin(), table.value.end());
  return rt;
}

}  // namespace

Report check(const Submission& submission, const CheckOptions& options) {
  Report report;
  report.tool_version = HITOKU_VERSION;
  report.generated_at = utc_now_iso8601();
  report.info = submission.info;
  report.policy_id = submission.policy.id;
  report.policy_version = submission.policy.version;
  report.policy_sha256 = submission.policy.sha256;
  report.policy_title = submission.policy.title;
  report.inputs = submission.inputs;
  for (const auto& g : submission.geographies) report.references.push_back({g.dimension, g.reference, g.reference_version});
  report.confidential = options.confidential;
  report.audit_differencing = options.audit_differencing;
  report.integer_bounds = options.integer_bounds;
  for (const Table& table : submission.tables)
    report.tables.push_back(report_table(submission, table, options.confidential));

  absorb(report, check_contributors(submission));
  absorb(report, check_small_cells(submission));
  absorb(report, check_hospital_areas(submission));
  if (options.audit_differencing) {
    AuditOptions audit;
    audit.integer_bounds = options.integer_bounds;
    audit.progress = options.progress;
    auto differencing = audit_differencing(additive_tables_only(submission), audit);
    add_non_additive_findings(submission, differencing.rule4);
    absorb(report, std::move(differencing.rule4));
    absorb(report, std::move(differencing.rule5));
  } else {
    report.rules.push_back(not_checked("4", "差分監査を省略しました（--no-audit）", "differencing audit skipped (--no-audit)"));
    report.rules.push_back(not_checked("5", "差分監査を省略しました（--no-audit）", "differencing audit skipped (--no-audit)"));
  }
  apply_exceptions(submission, report);
  derive_rule_one(report);
  check_attribution(submission, report);

  // No silent pass: every error fails, and rules ② and ④ must have been checked to pass.
  bool passed = true;
  for (const auto& f : report.findings)
    if (f.severity == Severity::Error && f.exception_basis.empty()) passed = false;
  for (const auto& r : report.rules) {
    if (r.state == RuleState::Fail) passed = false;
    if ((r.rule == "2" || r.rule == "4") && r.state == RuleState::NotChecked) passed = false;
  }
  report.passed = passed;
  return report;
}

}  // namespace hitoku
