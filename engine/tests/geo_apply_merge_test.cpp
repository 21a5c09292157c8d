// merge_submission / apply_merge: the merged geography reaches every table that uses it.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "geo_fixtures.h"
#include "hitoku/rules/check.h"
#include "hitoku/geography/hospital_areas.h"
#include "hitoku/geography/merge.h"

using namespace hitoku;

namespace {

const std::vector<std::string> kRows{"28000", "28201", "28205", "28213", "28224", "28226", "28365"};

// t1: area x sex with user suppression of small cells; t2: the same areas, both sexes together.
// Synthetic hospital counts (any hospital): 姫路 30, 洲本 2, 西脇 2, 南あわじ 1, 淡路 1, 多可 1.
Submission linked_submission() {
  Submission s = geo_test::hyogo_submission(false);
  s.policy.small_min = 1;
  s.policy.small_max = 9;
  Dimension sex("sex", "性別");
  sex.add_code("0", "総数", "");
  sex.add_code("1", "男", "0");
  sex.add_code("2", "女", "0");
  sex.finalize();
  s.dimensions.push_back(sex);
  Table t1;
  t1.id = "t1";
  t1.title = "表1";
  t1.dims = {0, 1};
  t1.codes.resize(2);
  for (const auto& c : kRows) t1.codes[0].push_back(s.dimensions[0].find(c));
  t1.codes[1] = {1, 2};
  t1.value = {600, 400, 50, 40, 12, 19, 15, 11, 13, 14, 16, 15, 12, 11};
  t1.status.assign(t1.value.size(), CellStatus::Published);
  for (std::size_t i = 0; i < t1.value.size(); ++i)
    if (t1.value[i] < 10) t1.status[i] = CellStatus::SuppressedByUser;
  t1.hospital_dimension = "area";
  s.tables.push_back(t1);
  Table t2 = geo_test::area_table(s, "t2", 0, kRows, {1000, 90, 31, 26, 27, 31, 23});
  s.tables.push_back(t2);
  return s;
}

std::vector<std::string> row_codes(const Submission& s, const Table& t) {
  std::vector<std::string> out;
  for (int c : t.codes[0]) out.push_back(s.dimensions[t.dims[0]].code(c));
  return out;
}

}  // namespace

TEST_CASE("geo apply merge: one merged geography for two linked tables") {
  Submission s = linked_submission();
  REQUIRE(check_hospital_areas(s).result.state == RuleState::Fail);  // 南あわじ市, 淡路市, 多可町 published
  MergeResult r = merge_submission(s);
  // 南あわじ市 and 淡路市 border only 洲本市 -> one Awaji group; 多可町 -> 西脇市 (same 北播磨, smaller code
  // than 加西市, both with 2 hospitals).
  const std::vector<std::string> expected{"28000", "28201", "28205+28224+28226", "28213+28365"};
  const Submission& m = r.merged;
  CHECK(row_codes(m, m.tables[0]) == expected);
  CHECK(row_codes(m, m.tables[1]) == expected);
  CHECK(r.changed_tables == std::vector<std::string>{"t1", "t2"});
  const Dimension& area = m.dimensions[0];
  CHECK(area.code_label(area.find("28205+28224+28226")) == "洲本市・南あわじ市・淡路市");
  // Members stay leaves under their group, so earlier publications keep their codes.
  CHECK(area.parent(area.find("28226")) == area.find("28205+28224+28226"));
  CHECK(area.parent(area.find("28205+28224+28226")) == area.find("28000"));
  // Values summed by hand: Awaji 男 12+13+16=41, 女 19+14+15=48; 西脇・多可 男 15+12=27, 女 11+11=22.
  CHECK(m.tables[0].value == std::vector<std::int64_t>{600, 400, 50, 40, 41, 48, 27, 22});
  CHECK(m.tables[1].value == std::vector<std::int64_t>{1000, 90, 89, 49});
  for (std::size_t i = 4; i < 8; ++i) CHECK(m.tables[0].status[i] == CellStatus::Published);
  // After merging, rule ③ holds for every table.
  CHECK(check_hospital_areas(m).result.state == RuleState::Pass);
  Report report = check(m);
  auto three = std::find_if(report.rules.begin(), report.rules.end(), [](const RuleResult& x) { return x.rule == "3"; });
  REQUIRE(three != report.rules.end());
  CHECK(three->state == RuleState::Pass);
}

TEST_CASE("geo apply merge: the explanation says which area, why and with whom") {
  MergeResult r = merge_submission(linked_submission());
  REQUIRE(r.explanation.findings.size() == 2);
  CHECK(r.explanation.result.state == RuleState::Pass);
  const Finding& takacho = r.explanation.findings[1];
  CHECK(takacho.rule == "3");
  CHECK(takacho.severity == Severity::Info);
  CHECK(takacho.cell.at("area") == "28213+28365");
  CHECK(takacho.cell_label == "西脇市・多可町");
  CHECK(takacho.reason_ja.find("多可町（病院等 1施設）") != std::string::npos);
  CHECK(takacho.reason_ja.find("西脇市と統合") != std::string::npos);
  CHECK(takacho.reason_ja.find("北播磨") != std::string::npos);
  CHECK(takacho.reason_en.find("with the adjacent 西脇市") != std::string::npos);
}

TEST_CASE("geo apply merge: a merged cell with a small sum is suppressed") {
  Submission s = linked_submission();
  // 女: 西脇市 3 and 多可町 2, both suppressed by the user; 多可町 男 12 is published, so the
  // merge happens, and 西脇・多可 女 = 3 + 2 = 5 is in the small range 1..9.
  s.tables[0].value[7] = 3;
  s.tables[0].value[13] = 2;
  s.tables[0].status[7] = s.tables[0].status[13] = CellStatus::SuppressedByUser;
  MergeResult r = merge_submission(s);
  CHECK(r.merged.tables[0].value[7] == 5);
  CHECK(r.merged.tables[0].status[7] == CellStatus::SuppressedPrimary);
  CHECK(r.merged.tables[0].status[6] == CellStatus::Published);
}

TEST_CASE("geo apply merge: a table showing part of a merged area is refused") {
  Submission s = linked_submission();
  // t2 drops 淡路市: the Awaji group cannot be summed for it.
  Table& t2 = s.tables[1];
  t2.codes[0].erase(t2.codes[0].begin() + 5);
  t2.value.erase(t2.value.begin() + 5);
  t2.status.erase(t2.status.begin() + 5);
  CHECK_THROWS_AS(merge_submission(s), InputError);
}

TEST_CASE("geo apply merge: earlier publications keep the codes they printed") {
  Submission s = linked_submission();
  Table e = geo_test::area_table(s, "e1", 0, {"28205", "28226"}, {30, 12});
  e.earlier_publication = true;
  s.tables.push_back(e);
  MergeResult r = merge_submission(s);
  CHECK(row_codes(r.merged, r.merged.tables[2]) == std::vector<std::string>{"28205", "28226"});
  CHECK(r.merged.tables[2].value == std::vector<std::int64_t>{30, 12});
}

TEST_CASE("geo apply merge: a ward merged across Kobe's border drops the Kobe row") {
  // Only 東灘区 (1) among Kobe's wards has a hospital; 芦屋市 has 3: the group must leave Kobe.
  Submission s;
  s.dimensions.push_back(geo_test::hyogo_dimension(true));
  s.geographies.push_back(geo_test::hyogo_geography(true));
  s.hospitals = {{"A0001", "東灘", "28101", {}, {}}, {"A0002", "芦屋1", "28206", {}, {}},
                 {"A0003", "芦屋2", "28206", {}, {}}, {"A0004", "芦屋3", "28206", {}, {}}};
  std::vector<std::string> rows{"28100", "28101", "28102", "28109", "28206"};
  Table t = geo_test::area_table(s, "t1", 0, rows, {50, 20, 10, 20, 30});
  t.hospital_dimension = "area";
  s.tables.push_back(t);
  MergeResult r = merge_submission(s);
  REQUIRE(r.plans.size() == 1);
  REQUIRE(r.plans[0].groups.size() == 1);
  CHECK(r.plans[0].groups[0].code == "28101+28206");
  CHECK(r.merged.dimensions[0].find("28100") == -1);
  CHECK(row_codes(r.merged, r.merged.tables[0]) == std::vector<std::string>{"28101+28206", "28102", "28109"});
  CHECK(r.merged.tables[0].value == std::vector<std::int64_t>{50, 10, 20});
}

TEST_CASE("geo apply merge: an island with one hospital stays unresolved and fails") {
  Submission s = geo_test::hyogo_submission(false);
  Table t = geo_test::area_table(s, "t1", 0, {"28205", "28224", "28226"}, {30, 12, 15});
  t.hospital_dimension = "area";
  t.hospital_attribute = "radiotherapy";  // Awaji: 洲本市 1, the others 0
  s.tables.push_back(t);
  MergeResult r = merge_submission(s);
  CHECK(r.explanation.result.state == RuleState::Fail);
  REQUIRE(r.explanation.findings.size() == 1);
  CHECK(r.explanation.findings[0].severity == Severity::Error);
  CHECK(r.explanation.findings[0].cell.at("area") == "28205");
  CHECK(r.merged.tables[0].codes == s.tables[0].codes);  // nothing guessed
}

TEST_CASE("geo apply merge: without adjacency the merge is refused") {
  Submission s = linked_submission();
  s.geographies.clear();
  CHECK_THROWS_AS(merge_submission(s), InputError);
}

TEST_CASE("geo apply merge: all of Japan, check then merge, leaves only the unrepairable areas") {
  Submission s;
  Dimension japan("area", "市区町村");
  japan.add_code("00000", "全国", "");
  auto munis = load_reference_municipalities(geo_test::ref("japan_municipalities.csv"));
  std::set<std::string> prefs;
  for (const auto& m : munis)
    if (prefs.insert(m.prefecture).second) japan.add_code(m.prefecture + "000", m.prefecture, "00000");
  for (const auto& m : munis) japan.add_code(m.code, m.name, m.prefecture + "000");
  japan.finalize();
  s.dimensions.push_back(japan);
  GeographyInfo g;
  g.dimension = "area";
  g.adjacency = load_adjacency_csv(geo_test::ref("japan_adjacency.csv"));
  s.geographies.push_back(g);
  std::mt19937 rng(11);
  int serial = 0;
  for (const auto& m : munis) {
    int n = static_cast<int>(rng() % 4);  // 0..3 hospitals
    for (int i = 0; i < n; ++i) s.hospitals.push_back({"J" + std::to_string(++serial), "", m.code, {}, {}});
  }
  std::vector<std::string> codes;
  for (const auto& m : munis) codes.push_back(m.code);
  Table t = geo_test::area_table(s, "t1", 0, codes, std::vector<std::int64_t>(codes.size(), 20));
  t.hospital_dimension = "area";
  s.tables.push_back(t);
  REQUIRE(check_hospital_areas(s).result.errors > 100);

  MergeResult r = merge_submission(s);
  REQUIRE(r.plans.size() == 1);
  std::set<std::string> unresolved;
  for (const auto& u : r.plans[0].unresolved) unresolved.insert(u.code);
  // Every remaining violation is an area the plan reported as unrepairable, and vice versa.
  std::set<std::string> still;
  for (const auto& f : check_hospital_areas(r.merged).findings)
    if (f.severity == Severity::Error) still.insert(f.cell.at("area"));
  CHECK_FALSE(unresolved.empty());  // islands with a single hospital
  CHECK(still == unresolved);
  // Rows: every municipality is either printed alone or inside exactly one group.
  std::size_t rows_covered = 0;
  for (int c : r.merged.tables[0].codes[0]) {
    const std::string& code = r.merged.dimensions[0].code(c);
    rows_covered += static_cast<std::size_t>(std::count(code.begin(), code.end(), '+')) + 1;
  }
  CHECK(rows_covered == codes.size());
  std::int64_t total = 0;
  for (auto v : r.merged.tables[0].value) total += v;
  CHECK(total == 20 * static_cast<std::int64_t>(codes.size()));
}
