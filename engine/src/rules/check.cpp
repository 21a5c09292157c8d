// The engine entry point: runs each rule of rules/rule_set.h and folds their results into one Report
// with the verdict.
#include "hitoku/rules/check.h"
#include "hitoku/io/utc_time.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "rules/rule_set.h"
#include "rules/derived_sums.h"
#include "rules/printed_text.h"
#include "rules/withheld_cells.h"
#include "rules/group_disclosure.h"

namespace hitoku {
namespace {

void absorb(Report& report, RuleOutput&& out) {
  for (auto& f : out.findings) report.findings.push_back(std::move(f));
  for (auto& a : out.audit) report.audit.push_back(std::move(a));
  report.rules.push_back(std::move(out.result));
}

// A merged area's code joins its members' codes with '+' (geography/merge_text.cpp).
bool is_merged_area(const Submission& submission, const Dimension& dim, int code) {
  for (const auto& g : submission.geographies)
    if (g.dimension == dim.id()) return dim.code(code).find('+') != std::string::npos;
  return false;
}

// Derived values as printed (withheld or marked ones print nothing here), and the columns not audited.
void add_report_columns(const Table& table, ReportTable& rt) {
  for (const DerivedColumn& c : table.derived) {
    ReportColumn col{c.header, to_string(c.kind), "", c.decimals, {}};
    for (const DerivedValue& v : c.values)
      col.values.push_back(v.published() ? std::optional<std::string>(v.text) : std::nullopt);
    rt.columns.push_back(std::move(col));
  }
  for (const UnauditedColumn& u : table.unaudited) {
    ReportColumn col{u.header, u.not_modelled ? "not_modelled" : "ignored", u.reason, -1, {}};
    for (const ColumnText& c : u.cells)
      col.values.push_back(c.text.empty() ? std::nullopt : std::optional<std::string>(c.text));
    rt.columns.push_back(std::move(col));
  }
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
  // A table with hidden counts nobody here knows (an earlier publication's) shows no true values.
  const bool all_known = std::none_of(table.value_unknown.begin(), table.value_unknown.end(), [](char u) { return u != 0; });
  if (confidential && all_known) rt.true_values.assign(table.value.begin(), table.value.end());
  add_report_columns(table, rt);
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

  const Policy& policy = submission.policy;
  const auto rules = rule_set();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (options.progress) options.progress("rules", static_cast<long long>(i), static_cast<long long>(rules.size()));
    for (RuleOutput& out : rules[i](submission, policy, options)) absorb(report, std::move(out));
  }
  // Rule ① group disclosure reads the audit intervals of the assembled report.
  add_group_disclosure_findings(submission, report);
  // So do rule ②'s sums pinned by a derived value's rounding.
  add_derived_sum_findings(submission, report);
  add_printed_text_findings(submission, report);
  add_withheld_findings(submission, report);
  report.registry_publications = submission.registry_publications;
  apply_exceptions(submission, report);
  derive_rule_one(report);
  for (Finding& f : attribution_findings(submission, policy)) report.findings.push_back(std::move(f));

  // An inner interval is the hull of feasible points that include the true counts, so it always holds the
  // true value: [0, 1] inside an outer [0, 32] tells a reader nearly the count. Only a confidential report
  // shows it; the verdict rests on it all the same.
  if (!options.confidential)
    for (SuppressedCellAudit& a : report.audit) a.inner_interval.reset();
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
