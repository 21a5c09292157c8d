// Table plans: recodes, filters, counting units, distinct patients and hospitals, bad rows.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "hitoku/registry/table_plan.h"
#include "registry/recode.h"
#include "registry_test_util.h"

using namespace hitoku;
using hitoku::test::ScratchDir;

namespace {

const std::string kHeader =
    "行番号,提供情報患者番号,多重がん番号,集約性別,診断時年齢,集約診断時患者住所市区町村コード,ICD-10 コード,"
    "集約診断日,集約診断病院コード,統計対象区分\n";

// Nine records. Record 6 is 統計対象区分 2 and record 9 is diagnosed in 2016: both are filtered out.
const std::string kSmall = kHeader +
    "1,1,1,1,67,28201,C169,20170305,A0001,1\n"   // p1 男 姫路市 胃
    "2,1,2,1,68,28201,C180,20180101,A0002,1\n"   // p1 second cancer: 結腸
    "3,2,0,2,72,28202,C509,20170610,A0003,1\n"   // p2 女 尼崎市 乳房
    "4,3,0,2,45,28101,C539,20170101,A0004,1\n"   // p3 女 神戸市東灘区 子宮頸部
    "5,4,0,1,999,28205,C341,20170707,A0005,1\n"  // p4 男 洲本市 肺, age unknown
    "6,5,0,1,81,28201,C169,20170808,A0001,2\n"   // p5: not counted (統計対象区分 2)
    "7,6,0,2,55,28201,C162,20170909,A0002,1\n"   // p6 女 姫路市 胃
    "8,7,0,1,88,,C61,20171010,,1\n"              // p7 男 residence unknown, no hospital
    "9,8,0,1,60,28201,C169,20160101,A0001,1\n";  // p8: not counted (2016)

std::string plan_text(const std::string& extract, const std::string& extra_tables = "") {
  return "plan_version: 1\n"
         "submission: {title: テスト}\n"
         "policy: hyogo-2018\n"
         "extract: {path: " + extract + "}\n"
         "allowed_folders: [" HITOKU_REFERENCE "]\n"
         "reference: " HITOKU_REFERENCE "/hyogo_municipalities.csv\n"
         "filters: [{field: 統計対象区分, in: [1]},\n"
         "          {dimension: year, range: [2017, 2018]}]\n"
         "dimensions:\n"
         "  - {id: area, label: 市町, field: 集約診断時患者住所市区町村コード, recode: municipality,\n"
         "     adjacency: " HITOKU_REFERENCE "/hyogo_adjacency.csv}\n"
         "  - {id: sex, label: 性別, field: 集約性別, recode: sex}\n"
         "  - {id: age, label: 年齢, field: 診断時年齢, recode: age10}\n"
         "  - {id: site, label: 部位, field: ICD-10コード, recode: icd10_sites}\n"
         "  - {id: year, label: 診断年, field: 集約診断日, recode: {base: year, from: 2016, to: 2018}}\n"
         "tables:\n"
         "  - {id: by_area, title: 表1, dimensions: [area, sex]}\n"
         "  - {id: by_site, title: 表2, dimensions: [site, sex], unit: patients}\n"
         "  - {id: by_age, title: 表3, dimensions: [age, year], totals: false}\n" +
         extra_tables;
}

// Value of a cell given its codes in the plan's dimension order, from a built table (a fixed
// dimension, from a one-code table filter, has its one code and is not named).
struct Cells {
  const Submission& sub;
  const Table& t;
  const SubmissionLayout& layout;
  std::size_t flat(const std::vector<std::string>& codes) const {
    std::vector<int> pos;
    std::size_t i = 0;
    for (std::size_t d = 0; d < t.dims.size(); ++d) {
      if (layout.of(t.id).is_fixed(d)) {
        pos.push_back(0);
        continue;
      }
      REQUIRE(i < codes.size());
      int code = sub.dimensions[t.dims[d]].find(codes[i]);
      REQUIRE_MESSAGE(code >= 0, codes[i]);
      auto it = std::find(t.codes[d].begin(), t.codes[d].end(), code);
      REQUIRE_MESSAGE(it != t.codes[d].end(), codes[i]);
      pos.push_back(static_cast<int>(it - t.codes[d].begin()));
      ++i;
    }
    REQUIRE(i == codes.size());
    return t.flat_index(pos);
  }
  std::int64_t value(const std::vector<std::string>& c) const { return t.value[flat(c)]; }
  std::int64_t patients(const std::vector<std::string>& c) const { return (*t.contributors)[flat(c)]; }
  std::int64_t hospitals(const std::vector<std::string>& c) const { return (*t.hospitals)[flat(c)]; }
};

Submission build(const ScratchDir& dir, const std::string& extract, const std::string& extra_tables = "",
                 SubmissionLayout* layout = nullptr) {
  auto e = dir.file("extract.csv", extract);
  auto p = dir.file("plan.yaml", plan_text(e, extra_tables));
  return build_submission_from_plan(p, nullptr, layout);
}

}  // namespace

TEST_CASE("registry recodes: ages, ICD-10 sites, municipalities, years") {
  using registry::Recoder;
  using registry::RecodeOutcome;
  const auto& builtin = builtin_recodes();
  Recoder age(builtin.at("age5"), "age", "年齢", true);
  CHECK(age.dimension().code(age.apply("0").code) == "00-04");
  CHECK(age.dimension().code(age.apply("84").code) == "80-84");
  CHECK(age.dimension().code(age.apply("85").code) == "85+");
  CHECK(age.dimension().code(age.apply("120").code) == "85+");
  CHECK(age.apply("999").outcome == RecodeOutcome::Unknown);
  CHECK(age.dimension().code(age.apply("999").code) == "unknown");
  CHECK(age.dimension().leaves().size() == 19);  // 18 five-year groups + 不明

  Recoder sites(builtin.at("icd10_sites"), "site", "部位", false);
  auto site = [&](const char* v) {
    const auto& h = sites.apply(v);
    return h.outcome == RecodeOutcome::Leaf ? sites.dimension().code(h.code) : std::string("?");
  };
  CHECK(site("C00") == "oral");
  CHECK(site("C14.8") == "oral");
  CHECK(site("C169") == "stomach");
  CHECK(site("c18.7") == "colon");
  CHECK(site("C20") == "rectum");
  CHECK(site("C21") == "other");  // anus is not in 大腸
  CHECK(site("C68") == "kidney");
  CHECK(site("C67") == "bladder");
  CHECK(site("C96") == "lymphoma");
  CHECK(site("C88") == "myeloma");
  CHECK(site("D05") == "other");
  CHECK(sites.apply("16").outcome == RecodeOutcome::Invalid);
  CHECK(sites.apply("C1").outcome == RecodeOutcome::Invalid);
  CHECK(sites.apply("").outcome == RecodeOutcome::Unknown);
  CHECK(sites.apply("").code == -1);  // unknown is an error without the 不明 category
  const Dimension& sd = sites.dimension();
  CHECK(sd.code(sd.parent(sd.find("colon"))) == "colorectum");
  CHECK(sd.code(sd.parent(sd.find("corpus"))) == "uterus");

  RecodeSpec muni = builtin.at("municipality");
  muni.reference = HITOKU_REFERENCE "/hyogo_municipalities.csv";
  Recoder city(muni, "area", "市町", true);
  const Dimension& cd = city.dimension();
  CHECK(cd.code(cd.root()) == "28000");
  CHECK(cd.code_label(cd.root()) == "兵庫県");
  CHECK(cd.code(city.apply("28101").code) == "28100");  // a ward counts as Kobe
  CHECK(cd.code(cd.parent(city.apply("28205").code)) == "28-08");  // 洲本市 in 淡路
  CHECK(cd.code(city.apply("282014").code) == "28201");              // with check digit
  CHECK(cd.code(city.apply("28201001001").code) == "28201");         // an address code
  CHECK(city.apply("28999").outcome == RecodeOutcome::Unknown);
  CHECK(city.apply("27100").outcome == RecodeOutcome::Outside);       // Osaka: not in the reference
  CHECK(city.apply("2820").outcome == RecodeOutcome::Outside);        // 02820 (Hokkaido form) not Hyogo
  CHECK(city.apply("28a01").outcome == RecodeOutcome::Invalid);
  CHECK(cd.leaves().size() == 41 + 1);  // 41 municipalities + 不明
  muni.kobe_wards = true;
  Recoder wards(muni, "area", "市町", false);
  CHECK(wards.dimension().leaves().size() == 40 + 9);
  CHECK(wards.dimension().code(wards.apply("28101").code) == "28101");
  CHECK(wards.apply("28100").outcome == RecodeOutcome::Unknown);  // Kobe without its ward

  RecodeSpec year = builtin.at("year");
  year.from = 2016;
  year.to = 2018;
  Recoder y(year, "year", "年", true);
  CHECK(y.dimension().code(y.apply("20170305").code) == "2017");
  CHECK(y.dimension().code(y.apply("20179999").code) == "2017");  // month and day unknown
  CHECK(y.apply("20150101").outcome == RecodeOutcome::Outside);
  CHECK(y.apply("20171301").outcome == RecodeOutcome::Invalid);
  CHECK(y.apply("2017-03-05").outcome == RecodeOutcome::Invalid);
  CHECK(y.apply("").outcome == RecodeOutcome::Unknown);
}

TEST_CASE("registry build: hand-counted small extract") {
  ScratchDir dir;
  SubmissionLayout layout;
  Submission sub = build(dir, kSmall, "", &layout);
  REQUIRE(sub.tables.size() == 3);
  CHECK(sub.policy.id == "hyogo-2018");
  CHECK(sub.info.title == "テスト");

  // 表1 area × sex, tumours. Counted: records 1,2,3,4,5,7,8.
  Cells a{sub, sub.tables[0], layout};
  CHECK(a.value({"28201", "1"}) == 2);      // records 1, 2
  CHECK(a.patients({"28201", "1"}) == 1);   // both p1
  CHECK(a.hospitals({"28201", "1"}) == 2);  // A0001, A0002
  CHECK(a.value({"28201", "2"}) == 1);      // record 7
  CHECK(a.value({"28201", "total"}) == 3);
  CHECK(a.patients({"28201", "total"}) == 2);   // p1, p6
  CHECK(a.hospitals({"28201", "total"}) == 2);  // A0001, A0002
  CHECK(a.value({"28-05", "total"}) == 3);      // 播磨姫路: Himeji only
  CHECK(a.value({"28100", "2"}) == 1);          // ward 28101 counts in Kobe
  CHECK(a.value({"28205", "1"}) == 1);
  CHECK(a.value({"unknown", "1"}) == 1);        // record 8: residence unknown
  CHECK(a.hospitals({"unknown", "1"}) == 0);    // ... and no hospital code
  CHECK(a.value({"28000", "1"}) == 4);          // records 1, 2, 5, 8
  CHECK(a.patients({"28000", "1"}) == 3);       // p1, p4, p7
  CHECK(a.hospitals({"28000", "1"}) == 3);      // A0001, A0002, A0005
  CHECK(a.value({"28000", "total"}) == 7);
  CHECK(a.patients({"28000", "total"}) == 6);
  CHECK(a.hospitals({"28000", "total"}) == 5);
  CHECK(a.value({"28204", "total"}) == 0);      // 西宮市: nobody
  for (auto s : sub.tables[0].status) CHECK(s == CellStatus::Published);

  // 表2 site × sex, distinct patients.
  Cells s{sub, sub.tables[1], layout};
  CHECK(s.value({"stomach", "total"}) == 2);     // p1, p6
  CHECK(s.value({"colorectum", "1"}) == 1);      // p1 (colon)
  CHECK(s.value({"total", "1"}) == 3);           // p1 counted once for two tumours, p4, p7
  CHECK(s.value({"total", "total"}) == 6);
  CHECK(s.value({"uterus", "2"}) == 1);
  CHECK(s.value({"prostate", "1"}) == 1);        // C61 without a fourth digit
  CHECK_FALSE(sub.tables[1].additive);            // p1 falls under 胃 and 結腸: 1 + 1 parts, total 1
  CHECK(sub.tables[0].additive);

  // 表3 age10 × year, leaves only: no total codes.
  const Table& t3 = sub.tables[2];
  const Dimension& age = sub.dimensions[t3.dims[0]];
  for (int c : t3.codes[0]) CHECK(age.is_leaf(c));
  Cells g{sub, t3, layout};
  CHECK(g.value({"60-69", "2017"}) == 1);   // record 1 (67)
  CHECK(g.value({"60-69", "2018"}) == 1);   // record 2 (68)
  CHECK(g.value({"unknown", "2017"}) == 1); // record 5 (999)
  CHECK(g.value({"80+", "2017"}) == 1);     // record 8 (88); record 6 (81) is filtered out
  CHECK(g.value({"60-69", "2016"}) == 0);   // record 9 is outside the year filter

  // Rule ③ inputs: Hyogo adjacency between municipality leaves, hashed inputs.
  REQUIRE(sub.geographies.size() == 1);
  CHECK(sub.geographies[0].dimension == "area");
  CHECK(sub.geographies[0].adjacency.size() == 86);
  std::set<std::string> roles;
  for (const auto& in : sub.inputs) {
    roles.insert(in.role);
    CHECK(in.sha256.size() == 64);
  }
  CHECK(roles == std::set<std::string>{"plan", "extract", "reference", "policy"});
}

TEST_CASE("registry build: table filters and code selections") {
  ScratchDir dir;
  SubmissionLayout layout;
  Submission sub = build(dir, kSmall,
                         "  - {id: men_2017, dimensions: [site], filters: [{dimension: sex, in: [\"1\"]},"
                         " {dimension: year, in: [\"2017\"]}]}\n"
                         "  - {id: areas, dimensions: [area], show: {area: {depths: [0, 1]}}}\n"
                         "  - {id: two, dimensions: [site], show: {site: [stomach, lung]}}\n",
                         &layout);
  Cells m{sub, sub.tables[3], layout};
  // The filters on one sex and one year make the table about 男 in 2017: fixed dimensions, so the
  // table is not read as both sexes and all years when compared with the others.
  REQUIRE(m.t.dims.size() == 3);
  CHECK(sub.dimensions[m.t.dims[0]].id() == "sex");
  CHECK(sub.dimensions[m.t.dims[0]].code(m.t.codes[0][0]) == "1");
  CHECK(sub.dimensions[m.t.dims[1]].id() == "year");
  CHECK(sub.dimensions[m.t.dims[1]].code(m.t.codes[1][0]) == "2017");
  CHECK(layout.of(m.t.id).fixed == std::vector<bool>{true, true, false});
  CHECK(m.value({"total"}) == 3);  // records 1, 5, 8 (record 2 is 2018)
  CHECK(m.value({"colorectum"}) == 0);
  const Table& areas = sub.tables[4];
  CHECK(areas.codes[0].size() == 1 + 8 + 1);  // prefecture + 8 medical areas + 不明 (under the total)
  Cells ar{sub, areas, layout};
  CHECK(ar.value({"28-05"}) == 3);
  CHECK(ar.value({"28000"}) == 7);
  const Table& two = sub.tables[5];
  CHECK(two.cell_count() == 2);
  CHECK(Cells{sub, two, layout}.value({"lung"}) == 1);
}

TEST_CASE("registry build: every kind of bad row is reported with line and field") {
  ScratchDir dir;
  std::string extract = kHeader +
      "1,1,0,3,67,28201,C169,20170305,A0001,1\n"      // line 2: sex 3
      "2,2,0,1,130,28201,C169,20170305,A0001,1\n"     // line 3: age 130
      "3,3,0,1,67,27100,C169,20170305,A0001,1\n"      // line 4: Osaka, not in the reference
      "4,4,0,1,67,28201,16.9,20170305,A0001,1\n"      // line 5: not ICD-10
      "5,5,0,1,67,28201,C169,20171305,A0001,1\n"      // line 6: month 13
      "6,6,0,1,67,28201,C169,20170305,A00011,1\n"     // line 7: hospital code too long
      "7,7,0,1,67,28201,C169,20170305,A-001,1\n"      // line 8: hospital code not alphanumeric
      "8,8,0,1,67,28201,C169,20170305,A0001,3\n"      // line 9: 統計対象区分 3
      "9,9,0,1,67,28201,C169,20170305,A0001\n"        // line 10: a column short
      "10,,0,1,67,28201,C169,20170305,A0001,1\n"      // line 11: no patient number
      "11,11,0,1,67,28201,C169,20170305,A0001,1\n";   // line 12: fine
  auto e = dir.file("bad.csv", extract);
  auto p = dir.file("plan.yaml", plan_text(e));
  try {
    build_submission_from_plan(p);
    FAIL("bad rows accepted");
  } catch (const ExtractError& err) {
    std::map<long, std::string> got;
    for (const auto& b : err.rows()) got[b.line] = b.field;
    CHECK(err.total() == 10);
    CHECK(got[2] == "集約性別");
    CHECK(got[3] == "診断時年齢");
    CHECK(got[4] == "集約診断時患者住所市区町村コード");
    CHECK(got[5] == "ICD-10 コード");
    CHECK(got[6] == "集約診断日");
    CHECK(got[7] == "集約診断病院コード");
    CHECK(got[8] == "集約診断病院コード");
    CHECK(got[9] == "統計対象区分");
    CHECK(got.count(10) == 1);
    CHECK(got[11] == "提供情報患者番号");
    CHECK(got.count(12) == 0);
    CHECK(err.where().line == 2);
  }
}

TEST_CASE("registry build: unknown values as a 不明 category or as errors") {
  ScratchDir dir;
  auto e = dir.file("extract.csv", kSmall);
  std::string text = plan_text(e);
  // By default record 5 (age 999) and record 8 (residence unknown) land in 不明.
  auto p = dir.file("plan.yaml", text);
  CHECK_NOTHROW(build_submission_from_plan(p));
  auto strict = dir.file("strict.yaml", "unknown: error\n" + text);
  try {
    build_submission_from_plan(strict);
    FAIL("unknown accepted");
  } catch (const ExtractError& err) {
    std::set<std::pair<long, std::string>> got;
    for (const auto& b : err.rows()) got.insert({b.line, b.field});
    // Line 9 (record 8): residence unknown in 表1; line 6 (record 5): age unknown in 表3.
    CHECK(got == std::set<std::pair<long, std::string>>{{9, "集約診断時患者住所市区町村コード"}, {6, "診断時年齢"}});
  }
}

TEST_CASE("registry build: CP932 extract gives the same tables as UTF-8") {
  ScratchDir dir;
  Submission u = build(dir, kSmall);
  ScratchDir dir2;
  Submission c = build(dir2, encode_text(kSmall, TextEncoding::Cp932));
  REQUIRE(u.tables.size() == c.tables.size());
  for (std::size_t i = 0; i < u.tables.size(); ++i) {
    CHECK(u.tables[i].value == c.tables[i].value);
    CHECK(*u.tables[i].contributors == *c.tables[i].contributors);
    CHECK(*u.tables[i].hospitals == *c.tables[i].hospitals);
  }
}

TEST_CASE("registry plan: mistakes name the plan line and key") {
  ScratchDir dir;
  auto e = dir.file("extract.csv", kSmall);
  auto bad_field = dir.file("p1.yaml", plan_text(e) + "  - {id: x, dimensions: [nosuch]}\n");
  try {
    load_table_plan(bad_field);
    FAIL("unknown dimension accepted");
  } catch (const InputError& err) {
    CHECK(err.where().line == 20);
    CHECK(err.where().field == "tables.dimensions");
  }
  std::string t = plan_text(e);
  auto typo = dir.file("p2.yaml", t.replace(t.find("field: 集約性別"), 20, "field: 性別      "));
  CHECK_THROWS_AS(load_table_plan(typo), InputError);
  CHECK(is_table_plan(bad_field));
  CHECK_FALSE(is_table_plan(dir.file("m.yaml", "manifest_version: 1\n")));
}
