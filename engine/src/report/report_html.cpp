// The reviewer's report as one self-contained HTML file (issue: 公表前確認 report).
#include <map>
#include <set>
#include <limits>
#include <sstream>

#include "hitoku/report/report_format.h"
#include "report/html_writer.h"
#include "report/report_html_style.h"
#include "report/report_words.h"

namespace hitoku {
namespace {

using html::escape;

constexpr std::size_t kMaxGridCells = 6000;  // larger tables are listed by their findings only

using words::rule_mark;

std::string state_text(RuleState s, const html::Lang& L) { return words::state(s, L.ja); }
std::string severity_text(Severity s, const html::Lang& L) { return words::severity(s, L.ja); }

// Status of a cell → CSS class and the symbol printed beside it.
struct CellLook {
  const char* css;
  const char* symbol;
};
CellLook look_of(const std::string& status) {
  if (status == "suppressed_by_user") return {"sup-user", "秘"};
  if (status == "suppressed_primary") return {"sup-primary", "一"};
  if (status == "suppressed_secondary") return {"sup-secondary", "二"};
  if (status == "merged") return {"merged", "統"};
  return {"", ""};
}

std::string cell_key_string(const std::map<std::string, std::string>& cell) {
  std::string k;
  for (const auto& [d, c] : cell) k += d + "=" + c + ";";
  return k;
}

std::string key_of(const ReportTable& t, const std::vector<int>& pos) {
  std::map<std::string, std::string> cell;
  for (std::size_t d = 0; d < pos.size(); ++d) cell[t.dimension_ids[d]] = t.codes[d][pos[d]];
  return cell_key_string(cell);
}

void legend(std::ostringstream& o, const html::Lang& L) {
  o << "<table class=\"legend\"><tr><th>" << L("表示", "Shown as") << "</th><th>" << L("意味", "Meaning") << "</th></tr>"
    << "<tr><td>123</td><td>" << L("公表する値", "published value") << "</td></tr>"
    << "<tr><td class=\"sup-user\">χ<span class=\"mark\">秘</span></td><td>"
    << L("提出者が秘匿したセル", "suppressed by the submitter") << "</td></tr>"
    << "<tr><td class=\"sup-primary\">χ<span class=\"mark\">一</span></td><td>"
    << L("一次秘匿（規則②：1〜9件）", "primary suppression (rule ②)") << "</td></tr>"
    << "<tr><td class=\"sup-secondary\">χ<span class=\"mark\">二</span></td><td>"
    << L("二次秘匿（規則④⑤：差分対策）", "secondary suppression (rules ④⑤)") << "</td></tr>"
    << "<tr><td class=\"merged\">123<span class=\"mark\">統</span></td><td>"
    << L("隣接市町と統合した地域（規則③）", "area merged with a neighbour (rule ③)") << "</td></tr>"
    << "<tr><td class=\"violation\">5<span class=\"mark\">⚠</span></td><td>"
    << L("違反のあるセル（指摘事項を参照）", "cell with a violation (see findings)") << "</td></tr></table>";
}

void grid(std::ostringstream& o, const Report& r, const ReportTable& t, const std::set<std::string>& violating,
          const html::Lang& L) {
  const std::size_t nd = t.codes.size();
  std::size_t cells = t.status.size();
  o << "<h3>" << escape(t.title.empty() ? t.id : t.title) << " <span class=\"note\">(" << escape(t.id) << ")</span></h3>";
  if (t.earlier_publication)
    o << "<p class=\"note\">" << L("既公表値（規則⑤で攻撃者が知っているものとして扱う）",
                                   "earlier publication (known to the attacker, rule ⑤)") << "</p>";
  if (nd == 0 || cells == 0) return;
  if (cells > kMaxGridCells) {
    o << "<p class=\"note\">" << L("表が大きいため格子表示を省略します（", "Table too large to draw (") << cells
      << L(" セル）。指摘事項を参照してください。", " cells); see the findings.") << "</p>";
    return;
  }
  // A row dimension fixed to one code (e.g. 部位 = 膵臓) is said once above the grid, not on every row.
  auto fixed = [&](std::size_t d) { return nd > 1 && d + 1 < nd && t.codes[d].size() == 1; };
  for (std::size_t d = 0; d + 1 < nd; ++d)
    if (fixed(d))
      o << "<p class=\"note\">" << escape(t.dimension_labels[d]) << ": " << escape(t.labels[d][0]) << "</p>";
  // Rows: every combination of all dimensions but the last; columns: the last dimension.
  const std::size_t ncol = t.codes[nd - 1].size();
  const std::size_t nrow = cells / ncol;
  o << "<table class=\"grid\"><tr>";
  for (std::size_t d = 0; d + 1 < nd; ++d)
    if (!fixed(d)) o << "<th>" << escape(t.dimension_labels[d]) << "</th>";
  if (nd == 1) o << "<th>" << escape(t.dimension_labels[0]) << "</th><th>" << L("件数", "Count") << "</th></tr>";
  else {
    for (std::size_t c = 0; c < ncol; ++c)
      o << "<th" << (t.depths[nd - 1][c] == 0 ? " class=\"total\"" : "") << ">" << escape(t.labels[nd - 1][c]) << "</th>";
    o << "</tr>";
  }
  std::vector<int> pos(nd, 0);
  for (std::size_t row = 0; row < (nd == 1 ? cells : nrow); ++row) {
    o << "<tr>";
    std::size_t rest = row;
    const std::size_t head_dims = nd == 1 ? 1 : nd - 1;
    for (std::size_t d = head_dims; d-- > 0;) {
      pos[d] = static_cast<int>(rest % t.codes[d].size());
      rest /= t.codes[d].size();
    }
    for (std::size_t d = 0; d < head_dims; ++d) {
      if (fixed(d)) continue;
      int depth = t.depths[d][pos[d]];
      o << "<th class=\"row d" << std::min(depth, 3) << (depth == 0 ? " total" : "") << "\">"
        << escape(t.labels[d][pos[d]]) << "</th>";
    }
    for (std::size_t c = 0; c < (nd == 1 ? 1 : ncol); ++c) {
      if (nd > 1) pos[nd - 1] = static_cast<int>(c);
      const std::size_t flat = nd == 1 ? row : row * ncol + c;
      CellLook look = look_of(t.status[flat]);
      const bool bad = violating.count(key_of(t, pos)) > 0;
      std::string cls = look.css;
      if (bad) cls += cls.empty() ? "violation" : " violation";
      o << "<td" << (cls.empty() ? "" : " class=\"" + cls + "\"") << ">";
      if (t.published[flat]) o << *t.published[flat];
      else {
        o << "χ";
        if (r.confidential && flat < t.true_values.size()) o << " (" << t.true_values[flat] << ")";
      }
      if (*look.symbol) o << "<span class=\"mark\">" << look.symbol << "</span>";
      if (bad) o << "<span class=\"mark\">⚠</span>";
      o << "</td>";
    }
    o << "</tr>";
  }
  o << "</table>";
}

// `hitoku merge` explains each merge as a rule ③ note; the report lists those apart from problems.
bool is_merge_note(const Finding& f) { return f.rule == "3" && f.severity == Severity::Info; }

std::string basis_text(const std::string& basis, const html::Lang& L) {
  if (basis == "consent") return L("本人の同意", "the person's consent");
  if (basis == "approval") return L("市町又は病院等の個別承認", "approval of the municipality or hospital");
  if (basis == "committee") return L("専門委員会の特別承認", "special approval of the committee");
  return escape(basis);
}

// The reason with cells named "[t1] 神戸市 × 男", and the certificate only when the reason does not
// already spell it out.
void reason_and_certificate(std::ostringstream& o, const Report& r, const Finding& f, const html::Lang& L) {
  const std::string reason = words::shorten_labels(L(f.reason_ja, f.reason_en), r, "");
  o << escape(reason);
  std::string terms = words::certificate_terms(f, r, "");
  if (terms.empty() || reason.find(terms) != std::string::npos) return;
  if (f.certificate_divisor != 1) terms = "(" + terms + ") ÷ " + std::to_string(f.certificate_divisor);
  o << "<div class=\"certificate\">" << L("算出方法: ", "How it leaks: ") << escape(words::shorten_labels(f.cell_label, r, ""))
    << " = " << escape(terms) << "</div>";
}

std::string bound(long long v) {
  return v == std::numeric_limits<long long>::max() ? std::string("∞") : std::to_string(v);
}

// Rules ④⑤: every suppressed cell's attacker interval, grouped under its table's title, with one
// legend saying what the intervals and marks mean (not repeated on each row).
void intervals(std::ostringstream& o, const Report& r, const html::Lang& L) {
  if (r.audit.empty()) return;
  bool outer = false;
  for (const auto& a : r.audit) outer = outer || a.outer_bound;
  o << "<h2>" << L("秘匿セルの推定区間（規則④⑤）", "Attacker intervals of suppressed cells (rules ④⑤)") << "</h2>"
    << "<p class=\"note\" id=\"interval-legend\">"
    << L("推定区間 [下限, 上限]：公表値すべてから攻撃者が絞り込める件数の範囲（∞は上限なし）。"
         "安全：幅が十分にあることを厳密な計算で確かめた。復元可能：値が一つに定まる（区間は載せません）。"
         "未証明：どちらとも証明できない（不適合として扱う）。",
         "Interval [lower, upper]: the range an attacker can narrow the count to from everything published (∞: "
         "unbounded). Safe: proven wide enough in exact arithmetic. Recoverable: pinned to one value (not shown). "
         "Not proven: neither could be proven (treated as a failure).");
  if (outer)
    o << L("「外側」：外側の限界（攻撃者の区間はこの中）。「内側」：内側の限界（攻撃者の区間はこれを含む。判定はこれによる）。",
           " 'Outer': an outer bound (the attacker interval lies inside). 'Inner': an inner bound (the attacker "
           "interval contains it; the verdict rests on it).");
  o << "</p><table id=\"intervals\"><tr><th>" << L("セル", "Cell") << "</th><th>" << L("区分", "Status") << "</th><th>"
    << L("推定区間", "Interval") << "</th><th>" << L("判定", "Verdict") << "</th></tr>";
  std::string current = "\x01";
  for (const auto& a : r.audit) {
    if (a.table != current) {
      current = a.table;
      std::string title = a.table;
      for (const auto& t : r.tables)
        if (t.id == a.table && !t.title.empty()) title = t.title + " (" + t.id + ")";
      o << "<tr class=\"group\"><th colspan=\"4\">" << escape(title) << "</th></tr>";
    }
    o << "<tr><td>" << escape(words::shorten_labels(a.cell_label, r, a.table)) << "</td><td class=\"nowrap\">"
      << escape(words::cell_status(a.status, L.ja)) << "</td><td class=\"nowrap\">";
    if (a.interval_withheld) o << "—";
    else o << (a.outer_bound ? L("外側 ", "outer ") : "") << "[" << a.interval.lower << ", " << bound(a.interval.upper) << "]";
    if (a.outer_bound && a.inner_interval)
      o << "<br>" << L("内側 ", "inner ") << "[" << a.inner_interval->lower << ", " << bound(a.inner_interval->upper) << "]";
    o << "</td><td class=\"state-" << (a.recoverable || a.unproven ? "fail" : "pass") << "\">"
      << (a.recoverable ? L("復元可能", "recoverable") : a.unproven ? L("未証明", "not proven") : L("安全", "safe"))
      << (a.needs_earlier_publication ? L("（既公表値による）", " (via earlier publication)") : "") << "</td></tr>";
  }
  o << "</table>";
}

}  // namespace

// Rule ⑤ knowledge from the committee's registry: each registered publication the check used.
static void registry_section(std::ostringstream& o, const Report& r, const html::Lang& L) {
  if (r.registry_publications.empty()) return;
  o << "<h2>" << L("既公表値として用いた登録済み公表物（規則⑤）", "Registered publications used as earlier publications (rule ⑤)")
    << "</h2><table id=\"registry\"><tr><th>" << L("応諾通知", "Approval") << "</th><th>" << L("題名", "Title") << "</th><th>"
    << L("公表先・時期", "Publication") << "</th><th>" << L("表", "Tables") << "</th></tr>";
  for (const auto& u : r.registry_publications) {
    o << "<tr><td>" << escape(u.approval_date) << " " << escape(u.approval_number) << "</td><td>" << escape(u.title)
      << "</td><td>" << escape(u.venue) << " " << escape(u.publication_date) << "</td><td>";
    for (const auto& t : u.tables) o << "<div>" << escape(t) << "</div>";
    o << "</td></tr>";
  }
  o << "</table>";
}

std::string report_to_html(const Report& r, const std::string& lang) {
  const html::Lang L{lang != "en"};
  std::ostringstream o;
  o << "<!DOCTYPE html><html lang=\"" << (L.ja ? "ja" : "en") << "\"><head><meta charset=\"utf-8\">"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    << "<title>" << L("公表前確認レポート", "Pre-publication check report") << " — " << escape(r.info.title) << "</title>"
    << "<style>" << html::kReportStyle << "</style></head><body" << (r.confidential ? " class=\"confidential\"" : "") << ">";
  if (r.confidential)
    o << "<div class=\"confidential-banner\">"
      << L("取扱注意：秘匿セルの真の値を含む（利用者控え・提出不可）",
           "CONFIDENTIAL: contains true values of suppressed cells (researcher's copy, not for submission)")
      << "</div>";
  o << "<h1>" << L("公表前確認レポート", "Pre-publication check report") << "</h1>"
    << "<p>" << escape(r.info.title) << "</p>";

  // The headline names every rule not checked: a pass with ③ unchecked says so where it is read.
  const std::string unchecked = words::unchecked_rules(r, L.ja);
  o << "<div class=\"verdict " << (r.passed ? "pass" : "fail") << "\" id=\"verdict\"><span class=\"verdict-text\">"
    << words::verdict(r, L.ja) << "</span>";
  if (!unchecked.empty()) o << "<span class=\"unchecked\" id=\"unchecked\">" << escape(unchecked) << "</span>";
  o << "<small>" << escape(r.policy_title) << "</small></div>";

  o << "<h2>" << L("提出内容", "Submission") << "</h2><table>"
    << "<tr><th>" << L("題名", "Title") << "</th><td>" << escape(r.info.title) << "</td></tr>"
    << "<tr><th>" << L("応諾通知", "Approval notice") << "</th><td>" << escape(r.info.approval_date) << " "
    << escape(r.info.approval_number) << "</td></tr>"
    << "<tr><th>" << L("利用目的", "Purpose") << "</th><td>" << escape(r.info.purpose) << "</td></tr>"
    << "<tr><th>" << L("公表先・時期", "Publication") << "</th><td>" << escape(r.info.publication_venue) << " "
    << escape(r.info.publication_date) << "</td></tr>"
    << "<tr><th>" << L("出典の明記（第12(4)）", "Attribution (§12(4))") << "</th><td>"
    << (r.info.attribution.empty() ? std::string(L("<span class=\"state-fail\">記載なし</span>", "<span class=\"state-fail\">missing</span>"))
                                   : std::string(L("記載あり：", "present: ")) + escape(r.info.attribution))
    << "</td></tr></table>";

  o << "<h2>" << L("規則ごとの判定", "Verdict per rule") << "</h2><table id=\"rules\"><tr><th>"
    << L("規則", "Rule") << "</th><th>" << L("判定", "Verdict") << "</th><th>" << L("内容", "Summary") << "</th><th>"
    << L("違反", "Errors") << "</th><th>" << L("注意", "Warnings") << "</th></tr>";
  for (const auto& rule : r.rules)
    o << "<tr><td>" << rule_mark(rule.rule) << "</td><td class=\"state-" << to_string(rule.state) << "\">"
      << state_text(rule.state, L) << "</td><td>" << escape(L(rule.summary_ja, rule.summary_en)) << "</td><td>"
      << rule.errors << "</td><td>" << rule.warnings << "</td></tr>";
  o << "</table>";

  std::map<std::string, std::set<std::string>> violating;  // table -> cell keys with an error
  for (const auto& f : r.findings)
    if (f.severity == Severity::Error && !f.cell.empty()) violating[f.table].insert(cell_key_string(f.cell));

  registry_section(o, r, L);
  o << "<h2>" << L("公表予定の表", "Tables as they will be published") << "</h2>";
  legend(o, L);
  for (const auto& t : r.tables) grid(o, r, t, violating[t.id], L);

  o << "<h2>" << L("指摘事項", "Findings") << " (" << r.findings.size() << ")</h2>";
  if (r.findings.empty()) o << "<p>" << L("指摘事項はありません。", "No findings.") << "</p>";
  else {
    o << "<table id=\"findings\"><tr><th>" << L("規則", "Rule") << "</th><th>" << L("区分", "Severity") << "</th><th>"
      << L("表・セル", "Table / cell") << "</th><th>" << L("理由", "Reason") << "</th></tr>";
    for (const auto& f : r.findings) {
      if (is_merge_note(f)) continue;  // listed under 統合 below
      o << "<tr><td>" << rule_mark(f.rule) << "</td><td>" << severity_text(f.severity, L) << "</td><td>"
        << escape(f.cell_label.empty() ? f.table : words::shorten_labels(f.cell_label, r, "")) << "</td><td>";
      reason_and_certificate(o, r, f, L);
      if (f.interval)
        o << "<div>" << L("推定区間: ", "Attacker interval: ") << "[" << f.interval->lower << ", " << f.interval->upper << "]</div>";
      if (!f.exception_basis.empty())
        o << "<div class=\"exception\">" << L("例外適用: ", "Under exception: ") << basis_text(f.exception_basis, L) << " — "
          << escape(f.exception_reference) << "</div>";
      o << "</td></tr>";
    }
    o << "</table>";
  }

  std::vector<const Finding*> merges;
  for (const auto& f : r.findings)
    if (is_merge_note(f)) merges.push_back(&f);
  if (!merges.empty()) {
    o << "<h2>" << L("地域の統合（規則③）", "Merged areas (rule ③)") << "</h2><ul id=\"merges\">";
    for (const Finding* f : merges) o << "<li>" << escape(L(f->reason_ja, f->reason_en)) << "</li>";
    o << "</ul>";
  }

  intervals(o, r, L);

  o << "<h2>" << L("例外", "Exceptions") << "</h2>";
  if (r.exceptions.empty()) o << "<p>" << L("例外の宣言はありません。", "No exception declared.") << "</p>";
  else {
    o << "<table id=\"exceptions\"><tr><th>" << L("規則", "Rule") << "</th><th>" << L("表", "Table") << "</th><th>"
      << L("根拠", "Basis") << "</th><th>" << L("文書番号等", "Reference") << "</th><th>" << L("該当指摘", "Findings covered")
      << "</th></tr>";
    for (const auto& a : r.exceptions)
      o << "<tr><td>" << rule_mark(a.exception.rule) << "</td><td>"
        << escape(a.exception.table.empty() ? std::string(L("全表", "all tables")) : a.exception.table) << "</td><td>"
        << basis_text(a.exception.basis, L) << "</td><td>" << escape(a.exception.reference) << "</td><td>"
        << a.findings_covered << "</td></tr>";
    o << "</table>";
  }

  o << "<h2>" << L("検証情報", "Provenance") << "</h2><table>"
    << "<tr><th>" << L("ポリシー", "Policy") << "</th><td>" << escape(r.policy_id) << " " << escape(r.policy_version)
    << "<div class=\"hash\">SHA-256 " << escape(r.policy_sha256) << "</div></td></tr>"
    << "<tr><th>" << L("参照データ", "Reference data") << "</th><td>";
  if (r.references.empty()) o << L("なし", "none");
  for (const auto& ref : r.references)
    o << "<div>" << escape(ref.dimension) << ": " << escape(ref.reference) << " " << escape(ref.version) << "</div>";
  o << "</td></tr>"
    << "<tr><th>" << L("ツール", "Tool") << "</th><td>" << escape(r.tool_name) << " " << escape(r.tool_version) << "</td></tr>"
    << "<tr><th>" << L("実行日時 (UTC)", "Run at (UTC)") << "</th><td>" << escape(r.generated_at) << "</td></tr>"
    << "<tr><th>" << L("差分監査", "Differencing audit") << "</th><td>"
    << (r.audit_differencing ? L("実施", "run") : L("省略（--no-audit）", "skipped (--no-audit)"))
    << (r.integer_bounds ? L("・整数境界", ", integer bounds") : "") << "</td></tr></table>";
  o << "<h3>" << L("入力ファイル", "Input files") << "</h3><table id=\"inputs\"><tr><th>" << L("ファイル", "File")
    << "</th><th>" << L("種別", "Role") << "</th><th>SHA-256</th></tr>";
  for (const auto& in : r.inputs)
    o << "<tr><td>" << escape(in.path) << "</td><td>" << escape(words::input_role(in.role, L.ja)) << "</td><td class=\"hash\">" << escape(in.sha256)
      << "</td></tr>";
  o << "</table>";
  if (!r.written_files.empty()) {
    o << "<h3>" << L("出力したファイル（中間生成物の廃棄報告用）", "Files written (for the disposal report)") << "</h3><ul>";
    for (const auto& f : r.written_files) o << "<li>" << escape(f) << "</li>";
    o << "</ul>";
  }
  o << "</body></html>\n";
  return o.str();
}

}  // namespace hitoku
