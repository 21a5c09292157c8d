// The engine entry point: runs each rule module and folds their results into one Report.
#include "hitoku/check.h"

#include <chrono>
#include <ctime>

#include "hitoku/audit.h"
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
    rt.status.push_back(to_string(table.status[i]));
    if (is_suppressed(table.status[i])) rt.published.push_back(std::nullopt);
    else rt.published.push_back(table.value[i]);
  }
  if (confidential) rt.true_values.assign(table.value.begin(), table.value.end());
  return rt;
}

}  // namespace

const char* to_string(RuleState s) {
  switch (s) {
    case RuleState::Pass: return "pass";
    case RuleState::Fail: return "fail";
    case RuleState::Warn: return "warn";
    case RuleState::NotChecked: return "not_checked";
  }
  return "unknown";
}

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "unknown";
}

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
  report.confidential = options.confidential;
  report.audit_differencing = options.audit_differencing;
  report.integer_bounds = options.integer_bounds;
  for (const Table& table : submission.tables)
    report.tables.push_back(report_table(submission, table, options.confidential));

  absorb(report, check_contributors(submission));
  absorb(report, check_small_cells(submission));
  report.rules.push_back(not_checked("3", "病院所在地の次元を持つ表がありません", "no table has a hospital geography"));
  if (options.audit_differencing) {
    AuditOptions audit;
    audit.integer_bounds = options.integer_bounds;
    audit.progress = options.progress;
    DifferencingOutput diff = audit_differencing(submission, audit);
    absorb(report, std::move(diff.rule4));
    absorb(report, std::move(diff.rule5));
  } else {
    report.rules.push_back(not_checked("4", "差分監査を省略しました（--no-audit）", "differencing audit skipped (--no-audit)"));
    report.rules.push_back(not_checked("5", "差分監査を省略しました（--no-audit）", "differencing audit skipped (--no-audit)"));
  }
  derive_rule_one(report);
  check_attribution(submission, report);

  // No silent pass: every error fails, and rules ② and ④ must have been checked to pass.
  bool passed = true;
  for (const auto& f : report.findings)
    if (f.severity == Severity::Error) passed = false;
  for (const auto& r : report.rules) {
    if (r.state == RuleState::Fail) passed = false;
    if ((r.rule == "2" || r.rule == "4") && r.state == RuleState::NotChecked) passed = false;
  }
  report.passed = passed;
  return report;
}

}  // namespace hitoku
