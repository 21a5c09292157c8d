#include "rules/printed_text.h"

#include <regex>

#include "ingest/numerals.h"

namespace hitoku {
namespace {

// The text without its table or figure numbers (表1, 図 2-3, Table 4): they count nothing.
std::string without_table_numbers(const std::string& line) {
  static const std::regex number("(表|図|Table|table|Fig\\.?|fig\\.?)\\s*([0-9]|０|１|２|３|４|５|６|７|８|９)+((-|－|‐)([0-9]|０|１|２|３|４|５|６|７|８|９)+)?");
  return std::regex_replace(line, number, "$1");
}

}  // namespace

void add_printed_text_findings(const Submission& s, Report& report) {
  RuleResult* four = nullptr;
  for (auto& r : report.rules)
    if (r.rule == "4") four = &r;
  for (const Table& t : s.tables) {
    if (t.earlier_publication) continue;
    for (const std::string& line : t.printed_text) {
      const bool count = looks_like_count(line);  // before table numbers go: 「本表 5例」 counts
      if (!count && !looks_numeric(without_table_numbers(line))) continue;  // 「5例」: an error; a year or a table number: a warning
      Finding f;
      f.rule = "4";
      f.severity = count ? Severity::Error : Severity::Warning;
      f.table = t.id;
      f.cell_label = "〔表の上の行〕" + line;
      f.reason_ja = "表の上に印刷される行「" + line + "」に" + (count ? "件数や割合と読める数" : "数字") +
                    "があります。hitoku はこの文字を監査しません。" +
                    (count ? "秘匿セルを明かすおそれがあるため、行から数を除くか、確認の根拠を exceptions に書いてください"
                           : "件数・率など秘匿セルを明かす値が含まれていないか確認してください") + "（規約第12(3)④）。";
      f.reason_en = "The row printed above the table, '" + line + "', holds " + (count ? "what reads as a count or share" : "a number") +
                    ". hitoku does not audit this text: " +
                    (count ? "it may reveal a suppressed cell; remove the number or record the check under exceptions"
                           : "check that it gives no count or rate that reveals a suppressed cell") + " (terms §12(3) ④).";
      report.findings.push_back(std::move(f));
      if (!four) continue;
      four->summary_ja += count ? "。表の上の行に件数と読める数" : "。表の上の行に数字（未監査）";
      four->summary_en += count ? "; a row above a table prints what reads as a count" : "; a row above a table holds a number (not audited)";
      if (count) {
        ++four->errors;
        four->state = RuleState::Fail;
      } else {
        ++four->warnings;
        if (four->state == RuleState::Pass) four->state = RuleState::Warn;
      }
    }
  }
}

}  // namespace hitoku
