// Rule ③ check (docs/rule3-merge.md).
#include "hitoku/geography/hospital_areas.h"

#include <algorithm>
#include <map>

#include "hitoku/geography/geography.h"

namespace hitoku {

std::string hospital_attribute_ja(const std::string& attribute) {
  return attribute.empty() ? std::string("病院等") : "病院等（" + attribute + "）";
}
std::string hospital_attribute_en(const std::string& attribute) {
  return attribute.empty() ? std::string("hospitals") : "hospitals with '" + attribute + "'";
}

namespace {

void require_attribute_column(const Submission& s, const Table& t) {
  if (t.hospital_attribute.empty() || s.hospitals.empty()) return;
  for (const auto& h : s.hospitals)
    if (h.attributes.count(t.hospital_attribute)) return;
  throw InputError({t.source.file, 0, "hospital_attribute"},
                   "表「" + t.id + "」の病院属性「" + t.hospital_attribute + "」は病院等一覧の列にありません",
                   "table '" + t.id + "': hospital attribute '" + t.hospital_attribute +
                       "' is no column of the hospital list");
}

int table_dimension_position(const Submission& s, const Table& t) {
  int d = s.find_dimension(t.hospital_dimension);
  auto it = std::find(t.dims.begin(), t.dims.end(), d);
  if (d < 0 || it == t.dims.end())
    throw InputError({t.source.file, 0, "hospital_dimension"},
                     "表「" + t.id + "」の病院所在地の次元「" + t.hospital_dimension + "」が表にありません",
                     "table '" + t.id + "': hospital dimension '" + t.hospital_dimension + "' is not one of its dimensions");
  return static_cast<int>(it - t.dims.begin());
}

}  // namespace

std::vector<HospitalAreaCell> find_hospital_area_problems(const Submission& s) {
  std::vector<HospitalAreaCell> out;
  const int min_h = s.policy.min_hospitals;
  // Counts per (dimension, attribute), computed once.
  std::map<std::pair<int, std::string>, std::vector<int>> counts;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (t.earlier_publication || t.hospital_dimension.empty()) continue;
    const int pos = table_dimension_position(s, t);
    require_attribute_column(s, t);
    const int d = t.dims[pos];
    auto key = std::make_pair(d, t.hospital_attribute);
    if (!counts.count(key)) counts[key] = hospitals_per_code(s.dimensions[d], s.hospitals, t.hospital_attribute);
    const std::vector<int>& per_code = counts[key];
    for (std::size_t flat = 0; flat < t.cell_count(); ++flat) {
      if (t.status[flat] != CellStatus::Published || t.value[flat] == 0) continue;
      HospitalAreaCell c;
      c.table = static_cast<int>(ti);
      c.flat = flat;
      c.dimension = d;
      c.area = t.codes[pos][t.positions(flat)[pos]];
      c.area_hospitals = per_code[c.area];
      if (t.hospitals) c.cell_hospitals = static_cast<int>((*t.hospitals)[flat]);
      const bool area_few = c.area_hospitals >= 1 && c.area_hospitals < min_h;
      const bool cell_few = c.cell_hospitals >= 1 && c.cell_hospitals < min_h;
      c.violation = area_few || cell_few;
      c.list_incomplete = !c.violation && c.area_hospitals == 0;
      if (c.violation || c.list_incomplete) out.push_back(c);
    }
  }
  return out;
}

RuleOutput check_hospital_areas(const Submission& s) {
  RuleOutput out;
  out.result.rule = "3";
  bool any_table = false;
  for (const Table& t : s.tables) {
    if (t.earlier_publication || t.hospital_dimension.empty()) continue;
    any_table = true;
    for (std::size_t flat = 0; flat < t.cell_count(); ++flat)
      if (t.status[flat] == CellStatus::Published) ++out.result.cells_checked;
  }
  for (const Table& t : s.tables)
    if (t.hospital_dimension_inferred) {
      Finding f;
      f.rule = "3";
      f.severity = Severity::Info;
      f.table = t.id;
      f.reason_ja = "表「" + t.id + "」は hospital_dimension を宣言していませんが、他の表が病院所在地として宣言した次元「" +
                    t.hospital_dimension + "」を使うため、病院等一覧のすべての施設で③を確認しました。";
      f.reason_en = "Table '" + t.id + "' declares no hospital_dimension but uses '" + t.hospital_dimension +
                    "', which another table declares as the hospitals' area: rule ③ was checked on it with every hospital of the list.";
      out.findings.push_back(std::move(f));
    }
  if (!any_table) {
    out.result.state = RuleState::NotChecked;
    out.result.summary_ja = "病院所在地の次元（hospital_dimension）を宣言した表がないため、③は確認していません";
    out.result.summary_en = "no table declares a hospital dimension, so rule 3 was not checked";
    return out;
  }
  if (s.hospitals.empty()) {
    Finding f;
    f.rule = "3";
    f.reason_ja = "病院等一覧（hospitals）が指定されていないため、③を確認できません";
    f.reason_en = "no hospital list (hospitals) is given, so rule 3 cannot be checked";
    out.findings.push_back(f);
    out.result.errors = 1;
    out.result.state = RuleState::Fail;
    out.result.summary_ja = f.reason_ja;
    out.result.summary_en = f.reason_en;
    return out;
  }
  const int min_h = s.policy.min_hospitals;
  for (const HospitalAreaCell& c : find_hospital_area_problems(s)) {
    const Table& t = s.tables[c.table];
    const Dimension& dim = s.dimensions[c.dimension];
    const std::string area = dim.code_label(c.area);
    const std::string attr_ja = hospital_attribute_ja(t.hospital_attribute);
    const std::string attr_en = hospital_attribute_en(t.hospital_attribute);
    Finding f;
    f.rule = "3";
    f.table = t.id;
    f.cell = s.cell_key(t, c.flat);
    f.cell_label = s.cell_label(t, c.flat);
    if (c.violation) {
      f.severity = Severity::Error;
      ++out.result.errors;
      if (c.area_hospitals >= 1 && c.area_hospitals < min_h) {
        f.reason_ja = "「" + area + "」の" + attr_ja + "は" + std::to_string(c.area_hospitals) + "施設です（最小" +
                      std::to_string(min_h) + "施設）。隣接する市町と統合して公表してください（hitoku merge）";
        f.reason_en = "'" + area + "' holds " + std::to_string(c.area_hospitals) + " " + attr_en + " (minimum " +
                      std::to_string(min_h) + "); publish it merged with an adjacent municipality (hitoku merge)";
      } else {
        f.reason_ja = "「" + area + "」のこの区分に計上されている病院等は" + std::to_string(c.cell_hospitals) +
                      "施設です（最小" + std::to_string(min_h) + "施設）。このセルを秘匿してください";
        f.reason_en = "only " + std::to_string(c.cell_hospitals) + " distinct hospital(s) contribute to this cell of '" +
                      area + "' (minimum " + std::to_string(min_h) + "); suppress the cell";
      }
    } else {
      f.severity = Severity::Warning;
      ++out.result.warnings;
      f.reason_ja = "「" + area + "」には計数がありますが、病院等一覧に" + attr_ja +
                    "がありません。一覧が不完全でないか確認してください";
      f.reason_en = "'" + area + "' has a count but the hospital list holds no " + attr_en +
                    " there; check that the list is complete";
    }
    out.findings.push_back(std::move(f));
  }
  out.result.state = out.result.errors ? RuleState::Fail : out.result.warnings ? RuleState::Warn : RuleState::Pass;
  // Name the reference geography version(s) so the reviewer knows what the merges were based on.
  std::string refs;
  for (const auto& g : s.geographies)
    if (!g.reference_version.empty())
      refs += (refs.empty() ? "" : ", ") + (g.reference.empty() ? g.dimension : g.reference) + " " + g.reference_version;
  const std::string n = std::to_string(out.result.cells_checked);
  out.result.summary_ja = "病院所在地のある表の公表セル" + n + "個を確認: 違反" + std::to_string(out.result.errors) +
                          "件、警告" + std::to_string(out.result.warnings) + "件";
  out.result.summary_en = "checked " + n + " published cells of tables by hospital area: " +
                          std::to_string(out.result.errors) + " violation(s), " +
                          std::to_string(out.result.warnings) + " warning(s)";
  if (!refs.empty()) {
    out.result.summary_ja += "（参照地理: " + refs + "）";
    out.result.summary_en += " (reference geography: " + refs + ")";
  }
  return out;
}

}  // namespace hitoku
