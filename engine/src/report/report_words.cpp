#include "report/report_words.h"

#include <algorithm>
#include <map>
#include <vector>

namespace hitoku::words {

const char* rule_mark(const std::string& rule) {
  static const std::map<std::string, const char*> marks = {{"1", "①"}, {"2", "②"}, {"3", "③"}, {"4", "④"}, {"5", "⑤"}};
  auto it = marks.find(rule);
  return it == marks.end() ? rule.c_str() : it->second;
}

const char* state(RuleState s, bool ja) {
  switch (s) {
    case RuleState::Pass: return ja ? "適合" : "pass";
    case RuleState::Fail: return ja ? "不適合" : "fail";
    case RuleState::Warn: return ja ? "注意" : "warning";
    case RuleState::NotChecked: return ja ? "未確認" : "not checked";
  }
  return "?";
}

const char* severity(Severity s, bool ja) {
  switch (s) {
    case Severity::Error: return ja ? "違反" : "error";
    case Severity::Warning: return ja ? "注意" : "warning";
    case Severity::Info: return ja ? "情報" : "info";
  }
  return "?";
}

std::string cell_status(const std::string& status, bool ja) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"published", {"公表", "published"}},
      {"suppressed_by_user", {"提出者の秘匿", "suppressed by the submitter"}},
      {"suppressed_primary", {"一次秘匿", "primary suppression"}},
      {"suppressed_secondary", {"二次秘匿", "secondary suppression"}},
      {"merged", {"統合", "merged area"}},
  };
  auto it = names.find(status);
  if (it == names.end()) return ja ? "その他" : "other";
  return ja ? it->second.first : it->second.second;
}

std::string input_role(const std::string& role, bool ja) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"manifest", {"マニフェスト", "manifest"}},
      {"policy", {"ポリシー", "policy"}},
      {"table", {"表", "table"}},
      {"earlier_publication", {"既公表の表", "earlier publication"}},
      {"true_values", {"真値", "true values"}},
      {"dimension", {"コード一覧", "code list"}},
      {"population", {"人口", "population"}},
      {"adjacency", {"隣接関係", "adjacency"}},
      {"hospitals", {"病院等一覧", "hospital list"}},
      {"reference", {"参照データ", "reference data"}},
      {"plan", {"集計計画", "table plan"}},
      {"extract", {"登録データ抽出", "registry extract"}},
  };
  auto it = names.find(role);
  if (it == names.end()) return ja ? "その他の入力" : "other input";
  return ja ? it->second.first : it->second.second;
}

std::string verdict(const Report& r, bool ja) {
  if (ja) return r.passed ? "判定：適合（公表可）" : "判定：不適合（このままでは公表不可）";
  return r.passed ? "Verdict: PASS" : "Verdict: FAIL";
}

std::string unchecked_rules(const Report& r, bool ja) {
  std::string marks;
  for (const auto& rule : r.rules)
    if (rule.state == RuleState::NotChecked) marks += rule_mark(rule.rule);
  if (marks.empty()) return "";
  return marks + (ja ? " 未確認" : " not checked");
}

std::string certificate_terms(const Finding& f, const Report& r, const std::string& own_table) {
  std::string out;
  if (std::all_of(f.certificate.begin(), f.certificate.end(), [](const auto& t) { return t.coefficient == 0; }))
    return out;
  for (const auto& t : f.certificate) {
    if (t.coefficient == 0) continue;
    if (t.coefficient < 0) out += out.empty() ? "− " : " − ";
    else if (!out.empty()) out += " + ";
    const long long c = t.coefficient < 0 ? -t.coefficient : t.coefficient;
    if (c != 1) out += std::to_string(c) + "×";
    out += shorten_labels(t.label, r, own_table);
  }
  return out;
}

std::string shorten_labels(std::string text, const Report& r, const std::string& own_table) {
  std::vector<const ReportTable*> titled;
  for (const auto& t : r.tables)
    if (!t.title.empty()) titled.push_back(&t);
  // A title that is the start of another must not cut into the longer one.
  std::sort(titled.begin(), titled.end(), [](const ReportTable* a, const ReportTable* b) { return a->title.size() > b->title.size(); });
  for (const ReportTable* t : titled) {
    const std::string from = t->title + ": ";
    const std::string to = t->id == own_table ? "" : "[" + t->id + "] ";
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace hitoku::words
