// Text and HTML renderings of a re-report's changes (Japanese first; --lang en for English).
#include <map>
#include <sstream>

#include "hitoku/report/report_diff.h"
#include "html_writer.h"
#include "report_html_style.h"

namespace hitoku {
namespace {

const char* kind_ja(const std::string& kind) {
  static const std::map<std::string, const char*> names = {
      {"verdict", "判定"}, {"rule", "規則"}, {"submission", "提出内容"}, {"table_added", "表の追加"},
      {"table_removed", "表の削除"}, {"cell_added", "セルの追加"}, {"cell_removed", "セルの削除"},
      {"suppression_added", "秘匿の追加"}, {"suppression_removed", "秘匿の解除"}, {"status", "秘匿の種類"},
      {"value", "公表値"}, {"finding_added", "指摘の追加"}, {"finding_removed", "指摘の解消"}, {"interval", "推定区間"}};
  auto it = names.find(kind);
  return it == names.end() ? "?" : it->second;
}

std::string verdict_word(bool passed, bool ja) { return ja ? (passed ? "適合" : "不適合") : (passed ? "pass" : "fail"); }

}  // namespace

std::string report_diff_to_text(const ReportDiff& d, const std::string& lang) {
  const bool ja = lang != "en";
  std::ostringstream o;
  o << (ja ? "再報告の差分: " : "Changes since the earlier report: ") << verdict_word(d.old_passed, ja) << " → "
    << verdict_word(d.new_passed, ja) << "  (" << d.changes.size() << (ja ? " 件の変更)\n" : " change(s))\n");
  o << (ja ? "前回: " : "before: ") << d.old_title << " " << d.old_generated_at << "\n"
    << (ja ? "今回: " : "now:    ") << d.new_title << " " << d.new_generated_at << "\n";
  if (d.unchanged()) o << (ja ? "変更はありません。\n" : "Nothing changed.\n");
  for (const auto& c : d.changes) {
    o << "  [" << (ja ? kind_ja(c.kind) : c.kind.c_str()) << "] ";
    if (!c.label.empty()) o << c.label << "  ";
    o << (ja ? c.message_ja : c.message_en);
    if (!c.before.empty() || !c.after.empty()) o << "  (" << c.before << " → " << c.after << ")";
    o << "\n";
  }
  return o.str();
}

std::string report_diff_to_html(const ReportDiff& d, const std::string& lang) {
  const html::Lang L{lang != "en"};
  std::ostringstream o;
  o << "<!DOCTYPE html><html lang=\"" << (L.ja ? "ja" : "en") << "\"><head><meta charset=\"utf-8\">"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    << "<title>" << L("再報告の差分", "Changes since the earlier report") << "</title><style>" << html::kReportStyle
    << "</style></head><body><h1>" << L("再報告の差分", "Changes since the earlier report") << "</h1>";
  o << "<div class=\"verdict " << (d.new_passed ? "pass" : "fail") << "\" id=\"verdict\">"
    << verdict_word(d.old_passed, L.ja) << " → " << verdict_word(d.new_passed, L.ja) << "</div>";
  o << "<table><tr><th>" << L("前回", "Before") << "</th><td>" << html::escape(d.old_title) << " " << html::escape(d.old_generated_at)
    << "</td></tr><tr><th>" << L("今回", "Now") << "</th><td>" << html::escape(d.new_title) << " " << html::escape(d.new_generated_at)
    << "</td></tr></table>";
  o << "<h2>" << L("変更", "Changes") << " (" << d.changes.size() << ")</h2>";
  if (d.unchanged()) o << "<p>" << L("変更はありません。", "Nothing changed.") << "</p>";
  else {
    o << "<table id=\"changes\"><tr><th>" << L("種類", "Kind") << "</th><th>" << L("表", "Table") << "</th><th>"
      << L("セル", "Cell") << "</th><th>" << L("内容", "What") << "</th><th>" << L("前回", "Before") << "</th><th>"
      << L("今回", "Now") << "</th></tr>";
    for (const auto& c : d.changes)
      o << "<tr><td>" << (L.ja ? kind_ja(c.kind) : c.kind.c_str()) << "</td><td>" << html::escape(c.table) << "</td><td>"
        << html::escape(c.label) << "</td><td>" << html::escape(L.ja ? c.message_ja : c.message_en) << "</td><td>" << html::escape(c.before)
        << "</td><td>" << html::escape(c.after) << "</td></tr>";
    o << "</table>";
  }
  o << "</body></html>\n";
  return o.str();
}

}  // namespace hitoku
