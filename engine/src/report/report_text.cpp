// The terminal rendering: the verdict first, then each rule, then findings grouped by table.
#include <map>
#include <limits>
#include <sstream>

#include "hitoku/report_format.h"

namespace hitoku {
namespace {

const char* rule_mark(const std::string& rule) {
  static const std::map<std::string, const char*> marks = {{"1", "①"}, {"2", "②"}, {"3", "③"}, {"4", "④"}, {"5", "⑤"}};
  auto it = marks.find(rule);
  return it == marks.end() ? rule.c_str() : it->second;
}

const char* state_word(RuleState s, bool ja) {
  switch (s) {
    case RuleState::Pass: return ja ? "適合" : "pass";
    case RuleState::Fail: return ja ? "不適合" : "FAIL";
    case RuleState::Warn: return ja ? "注意" : "warn";
    case RuleState::NotChecked: return ja ? "未確認" : "not checked";
  }
  return "?";
}

const char* severity_word(Severity s, bool ja) {
  switch (s) {
    case Severity::Error: return ja ? "違反" : "error";
    case Severity::Warning: return ja ? "注意" : "warning";
    case Severity::Info: return ja ? "情報" : "info";
  }
  return "?";
}

}  // namespace

std::string report_to_text(const Report& r, const std::string& lang) {
  const bool ja = lang != "en";
  std::ostringstream o;
  if (ja)
    o << "判定: " << (r.passed ? "適合 (PASS)" : "不適合 (FAIL)") << "\n";
  else
    o << "Verdict: " << (r.passed ? "PASS" : "FAIL") << "\n";
  o << (ja ? "提出: " : "Submission: ") << r.info.title << "\n";
  o << (ja ? "ポリシー: " : "Policy: ") << r.policy_id << " " << r.policy_version << "\n\n";
  for (const auto& rule : r.rules)
    o << "  " << rule_mark(rule.rule) << " " << state_word(rule.state, ja) << "  "
      << (ja ? rule.summary_ja : rule.summary_en) << "\n";

  for (const auto& u : r.registry_publications)
    o << (ja ? "  既公表値（登録済み公表物）: " : "  earlier publication (registry): ") << u.approval_number << " "
      << u.approval_date << " 「" << u.title << "」 " << u.venue << " (" << u.tables.size() << (ja ? " 表)" : " tables)") << "\n";

  std::map<std::string, std::vector<const Finding*>> by_table;
  for (const auto& f : r.findings) by_table[f.table].push_back(&f);
  if (!by_table.empty()) o << "\n" << (ja ? "指摘事項" : "Findings") << " (" << r.findings.size() << ")\n";
  for (const auto& [table, findings] : by_table) {
    o << "\n[" << (table.empty() ? (ja ? "提出全体" : "submission") : table) << "]\n";
    for (const Finding* f : findings) {
      o << "  " << rule_mark(f->rule) << " " << severity_word(f->severity, ja);
      if (!f->cell_label.empty()) o << "  " << f->cell_label;
      o << "\n      " << (ja ? f->reason_ja : f->reason_en) << "\n";
      if (!f->exception_basis.empty())
        o << "      " << (ja ? "例外適用: " : "under exception: ") << f->exception_basis << " " << f->exception_reference << "\n";
      if (f->interval)
        o << "      " << (ja ? "推定区間" : "attacker interval") << ": [" << f->interval->lower << ", "
          << f->interval->upper << "]\n";
      if (!f->certificate.empty()) {
        o << "      " << (ja ? "算出方法" : "how it leaks") << ": ";
        bool first = true;
        for (const auto& t : f->certificate) {
          if (t.coefficient < 0) o << (first ? "− " : " − ");
          else if (!first) o << " + ";
          long long c = t.coefficient < 0 ? -t.coefficient : t.coefficient;
          if (c != 1) o << c << "×";
          o << t.label;
          first = false;
        }
        o << "\n";
      }
    }
  }
  if (!r.audit.empty()) {
    o << "\n" << (ja ? "秘匿セルの推定区間" : "Attacker intervals of suppressed cells") << " (" << r.audit.size() << ")\n";
    for (const auto& a : r.audit) {
      o << "  " << (a.recoverable ? (ja ? "復元可 " : "RECOVERABLE ") : a.unproven ? (ja ? "未証明 " : "NOT PROVEN ") : "")
        << a.cell_label;
      if (!a.interval_withheld)
        o << "  [" << a.interval.lower << ", "
          << (a.interval.upper == std::numeric_limits<long long>::max() ? std::string("∞") : std::to_string(a.interval.upper))
          << "]";
      if (a.outer_bound) {
        o << (ja ? "  外側の限界（攻撃者の区間はこの中）" : "  outer bound (the attacker interval lies inside)");
        if (a.inner_interval)
          o << (ja ? "、内側 [" : ", inner [") << a.inner_interval->lower << ", " << a.inner_interval->upper << "]";
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace hitoku
