// The terminal rendering: the verdict first, then each rule, then findings and intervals grouped by
// table. Each table's title is printed once, in its heading; cells under it are named without it.
#include <limits>
#include <map>
#include <sstream>

#include "hitoku/report/report_format.h"
#include "report/report_words.h"

namespace hitoku {
namespace {

using words::rule_mark;

std::string table_heading(const Report& r, const std::string& id, bool ja) {
  if (id.empty()) return ja ? "[提出全体]" : "[submission]";
  for (const auto& t : r.tables)
    if (t.id == id && !t.title.empty()) return "[" + id + "] " + t.title;
  return "[" + id + "]";
}

// The certificate as an equation over cells named as in the section (see shorten_labels).
void findings(std::ostringstream& o, const Report& r, bool ja) {
  std::map<std::string, std::vector<const Finding*>> by_table;
  for (const auto& f : r.findings) by_table[f.table].push_back(&f);
  if (by_table.empty()) return;
  o << "\n" << (ja ? "指摘事項" : "Findings") << " (" << r.findings.size() << ")\n";
  for (const auto& [table, list] : by_table) {
    o << "\n" << table_heading(r, table, ja) << "\n";
    for (const Finding* f : list) {
      o << "  " << rule_mark(f->rule) << " " << words::severity(f->severity, ja);
      if (!f->cell_label.empty()) o << "  " << words::shorten_labels(f->cell_label, r, f->table);
      const std::string reason = words::shorten_labels(ja ? f->reason_ja : f->reason_en, r, f->table);
      o << "\n      " << reason << "\n";
      if (!f->exception_basis.empty())
        o << "      " << (ja ? "例外適用: " : "under exception: ") << f->exception_basis << " " << f->exception_reference << "\n";
      if (f->interval)
        o << "      " << (ja ? "推定区間" : "attacker interval") << ": [" << f->interval->lower << ", "
          << f->interval->upper << "]\n";
      // Most reasons already spell the certificate out; it is printed again only when they do not.
      const std::string terms = words::certificate_terms(*f, r, f->table);
      if (!terms.empty() && reason.find(terms) == std::string::npos)
        o << "      " << (ja ? "算出方法: " : "how it leaks: ")
          << (f->certificate_divisor == 1 ? terms : "(" + terms + ") ÷ " + std::to_string(f->certificate_divisor)) << "\n";
    }
  }
}

std::string bound(long long v) {
  return v == std::numeric_limits<long long>::max() ? std::string("∞") : std::to_string(v);
}

void intervals(std::ostringstream& o, const Report& r, bool ja) {
  if (r.audit.empty()) return;
  o << "\n" << (ja ? "秘匿セルの推定区間" : "Attacker intervals of suppressed cells") << " (" << r.audit.size() << ")\n";
  // The legend, once: what an interval means, and each mark the list uses.
  bool recoverable = false, unproven = false, outer = false;
  for (const auto& a : r.audit) {
    recoverable = recoverable || a.recoverable;
    unproven = unproven || a.unproven;
    outer = outer || a.outer_bound;
  }
  o << (ja ? "  [下限, 上限]: 公表値すべてから攻撃者が絞り込める件数の範囲（∞: 上限なし）\n"
           : "  [lower, upper]: the range an attacker can narrow the count to from everything published (∞: unbounded)\n");
  if (recoverable)
    o << (ja ? "  復元可: 値が一つに定まる（値は載せません）\n" : "  RECOVERABLE: pinned to one value (not shown)\n");
  if (unproven)
    o << (ja ? "  未証明: 安全とも復元可能とも証明できない（不適合）\n"
             : "  NOT PROVEN: neither proven safe nor recoverable (fails)\n");
  if (outer)
    o << (ja ? "  外側 [a, b]、内側 [c, d]: 外側の限界（攻撃者の区間はこの中）と内側の限界（攻撃者の区間はこれを含む。判定はこれによる）\n"
             : "  outer [a, b], inner [c, d]: an outer bound (the attacker interval lies inside) and an inner bound (it "
               "contains this; the verdict rests on it)\n");
  std::string current = "\x01";
  for (const auto& a : r.audit) {
    if (a.table != current) {
      o << "\n" << table_heading(r, a.table, ja) << "\n";
      current = a.table;
    }
    o << "  " << (a.recoverable ? (ja ? "復元可 " : "RECOVERABLE ") : a.unproven ? (ja ? "未証明 " : "NOT PROVEN ") : "")
      << words::shorten_labels(a.cell_label, r, a.table);
    if (!a.interval_withheld)
      o << "  " << (a.outer_bound ? (ja ? "外側 " : "outer ") : "") << "[" << a.interval.lower << ", " << bound(a.interval.upper) << "]";
    if (a.outer_bound && a.inner_interval)
      o << (ja ? "、内側 [" : ", inner [") << a.inner_interval->lower << ", " << bound(a.inner_interval->upper) << "]";
    o << "\n";
  }
}

}  // namespace

std::string report_headline(const Report& r, const std::string& lang) {
  const bool ja = lang != "en";
  const std::string unchecked = words::unchecked_rules(r, ja);
  if (ja) return std::string("判定: ") + (r.passed ? "適合 (PASS)" : "不適合 (FAIL)") + (unchecked.empty() ? "" : "　" + unchecked) + "\n";
  return std::string("Verdict: ") + (r.passed ? "PASS" : "FAIL") + (unchecked.empty() ? "" : " (" + unchecked + ")") + "\n";
}

std::string report_to_text(const Report& r, const std::string& lang) {
  const bool ja = lang != "en";
  std::ostringstream o;
  o << report_headline(r, lang);
  o << (ja ? "提出: " : "Submission: ") << r.info.title << "\n";
  o << (ja ? "ポリシー: " : "Policy: ") << r.policy_id << " " << r.policy_version << "\n\n";
  for (const auto& rule : r.rules)
    o << "  " << rule_mark(rule.rule) << " " << words::state(rule.state, ja) << "  "
      << (ja ? rule.summary_ja : rule.summary_en) << "\n";
  for (const auto& u : r.registry_publications)
    o << (ja ? "  既公表値（登録済み公表物）: " : "  earlier publication (registry): ") << u.approval_number << " "
      << u.approval_date << " 「" << u.title << "」 " << u.venue << " (" << u.tables.size() << (ja ? " 表)" : " tables)") << "\n";
  findings(o, r, ja);
  intervals(o, r, ja);
  return o.str();
}

}  // namespace hitoku
