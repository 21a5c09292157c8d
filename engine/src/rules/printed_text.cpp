#include "rules/printed_text.h"

#include <regex>
#include <set>

#include "hitoku/ingest/text_encoding.h"
#include "hitoku/model/label_twins.h"
#include "ingest/numerals.h"

namespace hitoku {
namespace {

// The text without its table or figure numbers (表1, 図 2-3, Table 4): they count nothing.
std::string without_table_numbers(const std::string& line) {
  static const std::regex number("(表|図|Table|table|Fig\\.?|fig\\.?)\\s*([0-9]|０|１|２|３|４|５|６|７|８|９)+((-|－|‐)([0-9]|０|１|２|３|４|５|６|７|８|９)+)?");
  return std::regex_replace(line, number, "$1");
}

// A title without its years (2016-2018年, 平成30年度) and codes (C16, ICD-10, M1): they count nothing.
std::string without_years(const std::string& text) {
  static const std::regex year("((19|20)[0-9]{2}|(平成|令和|昭和)\\s*[0-9]{1,2})\\s*(年度|年)?");
  static const std::regex code("[A-Za-z]+-?[0-9]+(\\.[0-9]+)?");
  return std::regex_replace(std::regex_replace(fold_width(text), year, ""), code, "");
}

// Without spaces (ASCII, U+3000) and with full-width ASCII folded: 「多　い　順」, 「（ ４ ）」.
// Brackets of every kind read as parentheses: 男［6］, 男【6】, 男〔6〕, 男〈6〉.
std::string compact(const std::string& text) {
  std::string out = printed_name(fold_width(text));
  for (const auto& [from, to] : {std::pair{"［", "("}, {"］", ")"}, {"【", "("}, {"】", ")"}, {"〔", "("}, {"〕", ")"}, {"〈", "("},
                                 {"〉", ")"}, {"[", "("}, {"]", ")"}, {"<", "("}, {">", ")"}})
    for (std::size_t at; (at = out.find(from)) != std::string::npos;) out.replace(at, std::string(from).size(), to);
  return out;
}

// A number standing alone in parentheses (胃（4）, （計4）, （n 4）, （四）) or a list of names with numbers
// (部位（胃4・肺6）): a count beside its label, with no counter word. Years (2016) and bands (40-49歳) are not.
bool parenthesized_count(const std::string& text) {
  static const std::regex inner("\\(([^()]*)\\)");
  static const std::regex bare("(計|総数|合計|n|N)?[:=]?[0-9]{1,7}(\\.[0-9]+)?");
  // a word with a number (うち6, 患者6, 約6, 男6), not a code (C16) nor an era year (平成30)
  static const std::regex worded("([^0-9,]*[^\\x00-\\x7F][^0-9,]*)[0-9]{1,7}");
  static const std::regex era("(平成|令和|昭和|ステージ|第|グレード|レベル|Stage|stage|Grade|grade).*");
  static const std::regex year("(19|20)[0-9]{2}");
  static const std::regex kanji("(一|二|三|四|五|六|七|八|九|十|百)+");
  static const std::regex listed("[^0-9,]+[0-9]+((・|、|,|/)[^0-9,]+[0-9]+)+");
  const std::string t = compact(text);
  for (std::sregex_iterator it(t.begin(), t.end(), inner), end; it != end; ++it) {
    const std::string content = (*it)[1].str();
    if (std::regex_match(content, year)) continue;
    if (std::regex_match(content, bare) || std::regex_match(content, kanji) || std::regex_match(content, listed)) return true;
    if (std::regex_match(content, worded) && !std::regex_match(content, era)) return true;
  }
  static const std::regex assigned("[^0-9]*[^\\x00-\\x7F][^0-9]*[:=][0-9]{1,7}");  // 男:6, 男=6
  return std::regex_match(t, assigned);
}

// Where the text is printed, for the finding's label and reason.
struct Place {
  const char* label_ja;  // 〔…〕 before the text
  const char* ja;
  const char* en;
  bool numbers_warn;     // a number that is not a count: a warning (labels: 40-49歳 is no news)
  bool years_pass;       // the manifest's titles: years and codes say nothing (a printed row shows them all)
};

constexpr Place kRowAbove{"表の上の行", "表の上に印刷される行", "The row printed above the table", true, false};
constexpr Place kTableTitle{"表題", "表の表題", "The table's title", true, true};
constexpr Place kSubmissionTitle{"提出の表題", "提出の表題", "The submission's title", true, true};
constexpr Place kLabel{"名称", "表に印刷される名称", "A label printed in the table", false, false};

class TextFindings {
 public:
  TextFindings(Report& report) : report_(report) {
    for (auto& r : report.rules)
      if (r.rule == "4") four_ = &r;
  }

  void add(const std::string& table, const Place& place, const std::string& text) {
    const bool count = looks_like_count(text) || parenthesized_count(text);  // before table numbers go: 「本表 5例」
    const std::string rest = without_table_numbers(text);
    if (!count && (!place.numbers_warn || !looks_numeric(place.years_pass ? without_years(rest) : rest))) return;
    Finding f;
    f.rule = "4";
    f.severity = count ? Severity::Error : Severity::Warning;
    f.table = table;
    f.cell_label = std::string("〔") + place.label_ja + "〕" + text;
    f.reason_ja = std::string(place.ja) + "「" + text + "」に" + (count ? "件数や割合と読める数" : "数字") +
                  "があります。hitoku はこの文字を監査しません。" +
                  (count ? "秘匿セルを明かすおそれがあるため、数を除くか、確認の根拠を exceptions に書いてください"
                         : "件数・率など秘匿セルを明かす値が含まれていないか確認してください") + "（規約第12(3)④）。";
    f.reason_en = std::string(place.en) + ", '" + text + "', holds " + (count ? "what reads as a count or share" : "a number") +
                  ". hitoku does not audit this text: " +
                  (count ? "it may reveal a suppressed cell; remove the number or record the check under exceptions"
                         : "check that it gives no count or rate that reveals a suppressed cell") + " (terms §12(3) ④).";
    report_.findings.push_back(std::move(f));
    if (!four_) return;
    four_->summary_ja += std::string("。") + place.label_ja + (count ? "に件数と読める数" : "に数字（未監査）");
    four_->summary_en += std::string("; ") + place.en + (count ? " prints what reads as a count" : " holds a number (not audited)");
    if (count) {
      ++four_->errors;
      four_->state = RuleState::Fail;
    } else {
      ++four_->warnings;
      if (four_->state == RuleState::Pass) four_->state = RuleState::Warn;
    }
  }

 private:
  Report& report_;
  RuleResult* four_ = nullptr;
};

// Words that say the rows are in order of their counts (「罹患数の多い順」, 上位10部位, 順位).
bool says_ranked(const std::string& text) {
  const std::string folded = compact(text);  // 「多　い　順」 reads as 多い順
  for (const char* word : {"多い", "少ない", "高い順", "低い順", "大きい順", "小さい順", "数順", "数の順", "降順", "昇順", "順位",
                           "上位", "下位", "ランキング", "ワースト", "ベスト", "頻度", "頻出", "多発", "最多", "→小", "rank", "Rank",
                           "RANK", "top", "Top", "TOP", "sorted", "Sorted", "descending", "Descending", "frequen", "Frequen",
                           "leading", "Leading", "mostcommon", "Mostcommon"})
    if (folded.find(word) != std::string::npos) return true;
  return false;
}

// Rows printed in order of their counts tell which hidden count is larger than which printed one: an
// inequality the audit does not model (胃 15, 大腸 *, 肺 15 in that order pins 大腸 at 15).
void add_ranked_finding(const Table& t, const std::string& text, Report& report) {
  bool hidden = false;
  for (CellStatus c : t.status) hidden = hidden || is_suppressed(c);
  if (!hidden || !says_ranked(text)) return;
  Finding f;
  f.rule = "4";
  f.severity = Severity::Error;
  f.table = t.id;
  f.cell_label = "〔順位の表〕" + text;
  f.reason_ja = "「" + text + "」は行が件数の順に並ぶことを示します。並び順は秘匿した件数が前後の公表値の間にあることを明かしますが、"
                "hitoku は順序を監査しません。秘匿セルのある表は件数順に並べないでください（規約第12(3)④）。";
  f.reason_en = "'" + text + "' says the rows are in order of their counts. The order tells that a hidden count lies between "
                "the printed counts around it, which hitoku does not audit; do not sort a table with suppressed cells by count "
                "(terms §12(3) ④).";
  report.findings.push_back(std::move(f));
  for (auto& r : report.rules)
    if (r.rule == "4") {
      ++r.errors;
      r.state = RuleState::Fail;
      r.summary_ja += "。件数順の表に秘匿セル（順序は未監査）";
      r.summary_en += "; a table in order of its counts has suppressed cells (order not audited)";
    }
}

}  // namespace

void add_printed_text_findings(const Submission& s, Report& report) {
  TextFindings out(report);
  out.add("", kSubmissionTitle, s.info.title);
  std::set<int> printed_dimensions;
  for (const Table& t : s.tables) {
    if (t.earlier_publication) continue;
    out.add(t.id, kTableTitle, t.title);
    for (const std::string& line : t.printed_text) out.add(t.id, kRowAbove, line);
    add_ranked_finding(t, t.title, report);
    for (const std::string& line : t.printed_text) add_ranked_finding(t, line, report);
    for (const std::string& heading : t.headings) out.add(t.id, kLabel, heading);
    for (int d : t.dims) printed_dimensions.insert(d);
  }
  // Headings and row names (男（n=55）) print the dimension's and its codes' labels.
  for (int d : printed_dimensions) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(d)];
    out.add("", kLabel, dim.label());
    for (int c = 0; c < dim.size(); ++c) out.add("", kLabel, dim.code_label(c));
  }
}

}  // namespace hitoku
