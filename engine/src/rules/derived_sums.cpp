// Rule ②: sums of suppressed cells pinned by a derived value's rounding (derived_sums.h). The
// candidates are sets of the cells one derived value ties together (below); each is bounded over the
// attacker's whole system with exact integer bounds (bound_sums, hitoku/audit/audit.h).
#include "rules/derived_sums.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/audit/audit.h"
#include "hitoku/derived/derived_values.h"

namespace hitoku {
namespace {

// Two cells of one table count some patients twice (a share's count and its base): in every dimension one
// code lies under the other.
bool overlap(const Submission& s, const Table& t, std::size_t a, std::size_t b) {
  const auto ca = t.cell_codes(a), cb = t.cell_codes(b);
  for (std::size_t d = 0; d < ca.size(); ++d) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[d])];
    const auto &la = dim.leaves_under(ca[d]), &lb = dim.leaves_under(cb[d]);
    if (std::find_first_of(la.begin(), la.end(), lb.begin(), lb.end()) == la.end()) return false;
  }
  return true;
}

bool disjoint(const Submission& s, const Table& t, const std::vector<std::size_t>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i)
    for (std::size_t j = i + 1; j < cells.size(); ++j)
      if (overlap(s, t, cells[i], cells[j])) return false;
  return true;
}

struct Candidate {
  const DerivedRange* range = nullptr;
  std::vector<std::size_t> cells;  // of range->table, ascending
};

// Per derived value of a planned table, leaving out cells the audit already recovers (rule ④ reports
// them): every set of two or more of its cells when it has at most kAllSubsets (real standardised rates weigh
// bands almost alike: 100 : 101 : 1 pins c1 + c2 as well), else its cells of equal coefficient. One
// candidate per set of cells; sets that count a patient twice (a share's count with its base) are no count.
std::vector<Candidate> candidates(const Submission& s, const DerivedAnalysis& analysis, const Report& report) {
  std::set<std::pair<std::string, std::map<std::string, std::string>>> recovered;
  for (const SuppressedCellAudit& a : report.audit)
    if (a.recoverable) recovered.insert({a.table, a.cell});
  std::vector<Candidate> out;
  std::set<std::pair<int, std::vector<std::size_t>>> seen;
  for (const DerivedRange& r : analysis.ranges) {
    if (r.earlier) continue;  // an earlier table's cells are no cells of this audit
    const Table& t = s.tables[static_cast<std::size_t>(r.table)];
    constexpr std::size_t kAllSubsets = 6;
    std::vector<std::size_t> open;
    std::map<std::int64_t, std::vector<std::size_t>> groups;
    for (const auto& [cell, coef] : r.terms)
      if (!recovered.count({t.id, s.cell_key(t, cell)})) {
        open.push_back(cell);
        groups[coef].push_back(cell);
      }
    std::vector<std::vector<std::size_t>> sets;
    if (open.size() <= kAllSubsets) {
      for (unsigned mask = 1; mask < (1u << open.size()); ++mask) {
        std::vector<std::size_t> cells;
        for (std::size_t k = 0; k < open.size(); ++k)
          if (mask & (1u << k)) cells.push_back(open[k]);
        sets.push_back(std::move(cells));
      }
    } else {
      for (auto& [coef, cells] : groups) sets.push_back(std::move(cells));
    }
    for (auto& cells : sets)
      if (cells.size() >= 2 && disjoint(s, t, cells) && seen.insert({r.table, cells}).second)
        out.push_back({&r, std::move(cells)});
  }
  return out;
}

std::string cells_text(const Submission& s, const Candidate& c, Finding& f) {
  const Table& t = s.tables[static_cast<std::size_t>(c.range->table)];
  std::string text;
  for (std::size_t cell : c.cells) {
    text += (text.empty() ? "" : " + ") + s.cell_label(t, cell);
    f.cells.push_back({t.id, s.cell_key(t, cell), s.cell_label(t, cell)});
  }
  return text;
}

// A rule ② finding on the candidate's cells (named in f.cells and f.cell_label; the text is the caller's).
Finding sum_finding(const Submission& s, const Candidate& c, Severity severity) {
  const Table& t = s.tables[static_cast<std::size_t>(c.range->table)];
  Finding f;
  f.rule = "2";
  f.severity = severity;
  f.table = t.id;
  f.cell = s.cell_key(t, c.cells.front());
  f.cell_label = cells_text(s, c, f);
  return f;
}

Finding pinned_sum_finding(const Submission& s, const Candidate& c) {
  const DerivedRange& r = *c.range;
  Finding f = sum_finding(s, c, Severity::Error);
  const std::string& cells = f.cell_label;
  const Policy& p = s.policy;
  const std::string range = std::to_string(p.small_min) + "〜" + std::to_string(p.small_max);
  const std::string range_en = std::to_string(p.small_min) + " to " + std::to_string(p.small_max);
  const std::string n = std::to_string(c.cells.size());
  f.reason_ja = r.text_ja + "。その丸めの幅と他の公表値から、秘匿セル " + n + " 個の合計（" + cells +
                "）が一つの値に決まり、" + range + " 件の範囲にあります。組み合わせによる集計値も秘匿が必要です（規約第12(3)②）。"
                "派生値を秘匿するか、丸めの桁を減らしてください。";
  f.reason_en = "Pinned by a derived value: " + r.text_en + "; with its rounding interval and the other published values, "
                "the sum of " + n + " suppressed cells (" + cells + ") is one value, in the range " + range_en +
                ". A count in combination must be suppressed too (terms §12(3) ②). Withhold the derived value or print it "
                "with fewer decimals.";
  return f;
}

Finding unchecked_finding(const Submission& s, const Candidate& c) {
  Finding f = sum_finding(s, c, Severity::Warning);
  const std::string& cells = f.cell_label;
  f.reason_ja = c.range->text_ja + "。秘匿セルの合計（" + cells +
                "）がこの値から一つに決まるかは、連立する未知数が多すぎるため確認していません（規約第12(3)②）。";
  f.reason_en = "The " + c.range->text_en + "; whether it pins the sum of the suppressed cells (" + cells +
                ") was not checked: too many unknowns are tied to it (terms §12(3) ②).";
  return f;
}

}  // namespace

void add_derived_sum_findings(const Submission& s, Report& report) {
  if (!s.policy.small_combinations) return;
  if (std::none_of(s.tables.begin(), s.tables.end(), [](const Table& t) { return !t.derived.empty(); })) return;
  const DerivedAnalysis analysis = analyse_derived_values(s);
  const auto cands = candidates(s, analysis, report);
  if (cands.empty()) return;
  std::vector<CellSum> sums;
  for (const Candidate& c : cands) {
    CellSum sum;
    for (std::size_t cell : c.cells) sum.emplace_back(c.range->table, cell);
    sums.push_back(std::move(sum));
  }
  const bool earlier = std::any_of(s.tables.begin(), s.tables.end(), [](const Table& t) { return t.earlier_publication; });
  const auto bounds = bound_sums(s, earlier, sums);
  long long errors = 0, warnings = 0;
  for (std::size_t k = 0; k < cands.size(); ++k) {
    const Table& t = s.tables[static_cast<std::size_t>(cands[k].range->table)];
    std::int64_t truth = 0;
    for (std::size_t cell : cands[k].cells) truth += t.value[cell];
    if (!bounds[k].checked) {
      report.findings.push_back(unchecked_finding(s, cands[k]));
      ++warnings;
    } else if (bounds[k].pinned && s.policy.in_small_range(truth)) {  // pinned: the one value is the truth
      report.findings.push_back(pinned_sum_finding(s, cands[k]));
      ++errors;
    }
  }
  for (RuleResult& rule : report.rules) {
    if (rule.rule != "2") continue;
    rule.errors += errors;
    rule.warnings += warnings;
    if (errors) rule.state = RuleState::Fail;
    else if (warnings && rule.state == RuleState::Pass) rule.state = RuleState::Warn;
    if (errors)
      rule.summary_ja += "。派生値の丸めから求まる秘匿セルの合計 " + std::to_string(errors) + " 件が範囲内",
          rule.summary_en += "; " + std::to_string(errors) + " sums of suppressed cells pinned by derived values in the range";
  }
}

}  // namespace hitoku
