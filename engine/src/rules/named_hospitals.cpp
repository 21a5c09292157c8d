#include "rules/named_hospitals.h"

#include <set>
#include <string>
#include <vector>

namespace hitoku {
namespace {

bool has(const std::string& s, const char* word) { return s.find(word) != std::string::npos; }

// A hospital's name (A病院（尼崎市）, 病院A, Aメディカルセンター, B Cancer Center), not a kind of facility
// (病院, 診療所, がん診療連携拠点病院, それ以外の病院, 病院等): a kind names no one.
bool hospital_name(const std::string& label) {
  bool facility = false;
  for (const char* word : {"病院", "診療所", "クリニック", "医院", "医療センター", "メディカルセンター", "がんセンター", "Hospital",
                           "hospital", "Clinic", "clinic", "Medical Center", "Cancer Center", "Medical Centre"})
    facility = facility || has(label, word);
  if (!facility) return false;
  for (const char* word : {"以外", "その他", "拠点", "指定", "一般", "種別", "区分", "病院等", "診療所等", "不明", "計"})
    if (has(label, word)) return false;
  for (const char* kind : {"病院", "診療所", "クリニック", "医院", "Hospital", "Clinic", "hospital", "clinic"})
    if (label == kind) return false;
  return true;
}

}  // namespace

void add_named_hospital_findings(const Submission& s, RuleOutput& rule3) {
  std::set<std::string> codes, names;
  for (const HospitalRecord& h : s.hospitals) {
    codes.insert(h.code);
    if (!h.name.empty()) names.insert(h.name);
  }
  for (const Table& t : s.tables) {
    if (t.earlier_publication) continue;
    for (std::size_t k = 0; k < t.dims.size(); ++k) {
      const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[k])];
      if (dim.id() == t.hospital_dimension) continue;  // the hospitals' areas, not the hospitals
      std::vector<std::string> shown;
      for (int c : t.codes[k])
        if (dim.is_leaf(c) && (codes.count(dim.code(c)) || names.count(dim.code_label(c)) || hospital_name(dim.code_label(c))))
          shown.push_back(dim.code_label(c));
      if (shown.empty()) continue;
      std::string list;
      for (std::size_t i = 0; i < shown.size() && i < 3; ++i) list += (i ? "、" : "") + shown[i];
      if (shown.size() > 3) list += " ほか " + std::to_string(shown.size() - 3) + " 件";
      Finding f;
      f.rule = "3";
      f.severity = Severity::Error;
      f.table = t.id;
      f.cell_label = "〔病院別の表〕" + dim.label() + ": " + list;
      f.reason_ja = "表「" + t.title + "」は" + dim.label() + "ごとの件数を載せ、" + list +
                    "は病院等です。病院等ごとの件数は病院等を特定するため、その病院等の承諾がなければ公表できません"
                    "（規約第12(3)②「病院等別」、③）。承諾があれば根拠を exceptions に書いてください。";
      f.reason_en = "Table '" + t.id + "' prints a count per " + dim.id() + ", and " + std::to_string(shown.size()) +
                    " of its codes are hospitals (" + list + "). A count per hospital identifies the hospital and needs "
                    "its consent (terms §12(3) ② \"by hospital\", ③); record the consent under exceptions.";
      rule3.findings.push_back(std::move(f));
      RuleResult& r = rule3.result;
      ++r.errors;
      r.state = RuleState::Fail;
      const std::string ja = "表「" + t.id + "」は病院等別", en = "table '" + t.id + "' is by hospital";
      r.summary_ja = r.summary_ja.empty() ? ja : r.summary_ja + "。" + ja;
      r.summary_en = r.summary_en.empty() ? en : r.summary_en + "; " + en;
    }
  }
}

}  // namespace hitoku
