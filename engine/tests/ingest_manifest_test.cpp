// Reading manifests and long/wide tables into the model.
#include <doctest/doctest.h>

#include "hitoku/io/sha256.h"
#include "hitoku/ingest/text_encoding.h"
#include "ingest_scratch.h"
#include "manifest_fixtures.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

// Three areas under a total, sex 計/男/女. All numbers below are hand-made so totals add up:
// 28000 計 = 60 = 28100 (40) + 28201 (12) + 28202 (8); 男 = 35 = 25+7+3; 女 = 25 = 15+5+5.
const char* kHeaderTop = R"(manifest_version: 1
policy: hyogo-2018
submission:
  title: テスト
  approval: {date: "2024-04-01", number: "兵庫県指令 健第123号"}
  purpose: 研究
  publication: {venue: 学会, date: "2024-10"}
  attribution: 本成果は...
dimensions:
  area:
    label: 市町
    codes_file: area.csv
)";

// The header: submission block, areas from area.csv, and the shared sex block.
const std::string kHeader = std::string(kHeaderTop) + testing::kSexes;

const char* kAreaCodes = "code,label,parent\r\n28000,兵庫県,\r\n28100,神戸市,28000\r\n28201,姫路市,28000\r\n28202,尼崎市,28000\r\n";

std::string long_manifest(const std::string& extra = "") {
  return kHeader + R"(tables:
  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {area: 市町コード, sex: 性別}
    count: 罹患数
    true_value_column: 真値
)" + extra;
}

const char* kLong =
    "市町コード,性別,罹患数,真値\r\n"
    "28000,計,60,\r\n28000,男,35,\r\n28000,女,25,\r\n"
    "28100,計,40,\r\n28100,男,25,\r\n28100,女,15,\r\n"
    "28201,計,12,\r\n28201,男,*,7\r\n28201,女,*,5\r\n"
    "28202,計,8,\r\n28202,男,3,\r\n28202,女,5,\r\n";

}  // namespace

TEST_CASE("ingest: long table with codes file, inline codes and a true-value column") {
  Scratch s;
  s.write("area.csv", kAreaCodes);
  s.write("t1.csv", kLong);
  SubmissionLayout layout;
  Submission sub = testing::load(s.write("m.yaml", long_manifest()), &layout);
  CHECK(sub.info.approval_number == "兵庫県指令 健第123号");
  CHECK(sub.policy.id == "hyogo-2018");
  REQUIRE(sub.tables.size() == 1);
  const Table& t = sub.tables[0];
  CHECK(t.cell_count() == 12);
  const Dimension& area = sub.dimensions[0];
  // Cell 姫路市 × 男 is suppressed with true value 7; its neighbour 姫路市 × 計 is published 12.
  std::size_t himeji_male = t.flat_index({2, 1});
  CHECK(area.code(t.codes[0][2]) == "28201");
  CHECK(t.value[himeji_male] == 7);
  CHECK(t.status[himeji_male] == CellStatus::SuppressedByUser);
  CHECK(t.cell_source[himeji_male].line == 9);
  CHECK(t.cell_source[himeji_male].field == "罹患数");
  CHECK(t.status[t.flat_index({2, 0})] == CellStatus::Published);
  const TableFormat& f = layout.of(t.id);
  CHECK(f.marker == "*");
  CHECK(f.show_labels == std::vector<bool>{false, true});
  CHECK(f.encoding == TextEncoding::Utf8);
  // Every file read is hashed: manifest, code list, table.
  REQUIRE(sub.inputs.size() == 3);
  CHECK(sub.inputs[2].role == "table");
  CHECK(sub.inputs[2].sha256 == sha256_hex(kLong));
}

TEST_CASE("ingest: wide CP932 table with labels, full-width digits and a true-values file") {
  Scratch s;
  s.write("area.csv", kAreaCodes);
  const std::string wide = "市町,計,男,女\r\n兵庫県,６０,35,25\r\n神戸市,\"40\",25,15\r\n姫路市,12,＊,ｘ\r\n28202,8,3,5\r\n";
  const std::string truth = "市町,計,男,女\r\n兵庫県,60,35,25\r\n神戸市,40,25,15\r\n姫路市,12,7,5\r\n28202,8,3,5\r\n";
  s.write("t2.csv", encode_text(wide, TextEncoding::Cp932));
  s.write("t2_true.csv", truth);
  SubmissionLayout layout;
  Submission sub = testing::load(s.write("m.yaml", kHeader + R"(tables:
  - id: t2
    file: t2.csv
    layout: wide
    rows: [area]
    columns: sex
    true_values: t2_true.csv
)"), &layout);
  const Table& t = sub.tables[0];
  const TableFormat& f = layout.of(t.id);
  CHECK(f.encoding == TextEncoding::Cp932);
  CHECK(f.layout == TableLayout::Wide);
  CHECK(f.show_labels == std::vector<bool>{true, true});
  CHECK(f.marker == "*");  // "＊" folds to the configured "*"
  CHECK(t.value[t.flat_index({0, 0})] == 60);
  CHECK(t.value[t.flat_index({2, 2})] == 5);
  CHECK(t.status[t.flat_index({2, 2})] == CellStatus::SuppressedByUser);
  CHECK(t.cell_source[t.flat_index({2, 2})].field == "女");
  CHECK(t.cell_source[t.flat_index({2, 2})].line == 4);
  CHECK(sub.inputs.back().role == "true_values");
}

TEST_CASE("ingest: the table's code list restricts and orders codes") {
  Scratch s;
  s.write("area.csv", kAreaCodes);
  // Only the two areas listed; a row for 28202 would be an error.
  s.write("t1.csv", "市町コード,性別,罹患数\n28100,1,25\n28100,2,15\n28201,1,7\n28201,2,5\n");
  std::string m = kHeader + R"(tables:
  - id: t1
    file: t1.csv
    dimensions: {area: 市町コード, sex: 性別}
    count: 罹患数
    codes: {area: ["28201", "28100"], sex: ["1", "2"]}
)";
  Submission sub = testing::load(s.write("m.yaml", m));
  CHECK(sub.dimensions[0].code(sub.tables[0].codes[0][0]) == "28201");
  CHECK(sub.tables[0].value[0] == 7);
  s.write("t1.csv", "市町コード,性別,罹患数\n28100,1,25\n28100,2,15\n28201,1,7\n28201,2,5\n28202,1,3\n");
  auto e = testing::expect_input_error([&] { testing::load(s.path("m.yaml")); });
  CHECK(e.where().line == 6);
  CHECK(e.where().field == "市町コード");
}

TEST_CASE("ingest: each kind of bad input names file, line and field") {
  Scratch s;
  s.write("area.csv", kAreaCodes);
  s.write("m.yaml", long_manifest());
  auto table_error = [&](const std::string& t1) {
    s.write("t1.csv", t1);
    return testing::expect_input_error([&] { testing::load(s.path("m.yaml")); });
  };
  auto replace = [](std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  SUBCASE("unreadable file") {
    auto e = testing::expect_input_error([&] { testing::load(s.path("m.yaml")); });
    CHECK(e.where().file == "t1.csv");
  }
  SUBCASE("mis-encoded file") {
    s.write("m.yaml", replace(long_manifest(), "layout: long", "layout: long\n    encoding: utf-8"));
    // A UTF-8 file whose last line was pasted in CP932.
    auto e = table_error(replace(kLong, "28202,女,5", encode_text("28202,女,5", TextEncoding::Cp932)));
    CHECK(e.where().file == "t1.csv");
    CHECK(e.where().line == 13);
  }
  SUBCASE("unknown column") {
    auto e = table_error(replace(kLong, "罹患数", "件数"));
    CHECK(e.where().line == 1);
    CHECK(e.where().field == "罹患数");
  }
  SUBCASE("code missing from its dimension") {
    auto e = table_error(replace(kLong, "28202,計", "28999,計"));
    CHECK(e.where().line == 11);
    CHECK(e.where().field == "市町コード");
    CHECK(e.message_en().find("28999") != std::string::npos);
  }
  SUBCASE("duplicate cell") {
    auto e = table_error(replace(kLong, "28100,女", "28100,男"));
    CHECK(e.where().line == 7);
    CHECK(e.message_en().find("line 6") != std::string::npos);
  }
  SUBCASE("negative count, full-width minus") {
    auto e = table_error(replace(kLong, "28202,男,3", "28202,男,－3"));
    CHECK(e.where().line == 12);
    CHECK(e.where().field == "罹患数");
    CHECK(e.message_en().find("negative") != std::string::npos);
  }
  SUBCASE("non-integer count") {
    auto e = table_error(replace(kLong, "28202,男,3", "28202,男,3.5"));
    CHECK(e.where().line == 12);
    CHECK(e.message_en().find("not a count") != std::string::npos);
  }
  SUBCASE("missing cell") {
    auto e = table_error(replace(kLong, "28202,女,5,\r\n", ""));
    CHECK(e.where().file == "t1.csv");
    CHECK(e.where().field == "area=28202, sex=2");
  }
  SUBCASE("total that is not the sum of its children") {
    // 尼崎市 男 says 4: then 尼崎市 計 8 != 4 + 5, and 兵庫県 男 35 != 25 + 7 + 4 = 36. Cells are
    // checked in table order, so the first total hit is 兵庫県 × 男 (line 3), summed over areas.
    auto e = table_error(replace(kLong, "28202,男,3", "28202,男,4"));
    CHECK(e.where().line == 3);
    CHECK(e.message_ja().find("兵庫県 × 男") != std::string::npos);
    CHECK(e.message_ja().find("神戸市, 姫路市, 尼崎市") != std::string::npos);
    CHECK(e.message_en().find("is 35 but") != std::string::npos);
    CHECK(e.message_en().find("sum to 36") != std::string::npos);
  }
  SUBCASE("total that is not the sum of its children, in the second dimension") {
    // 尼崎市 計 says 9 but 男 3 + 女 5 = 8. The 兵庫県 rows are left out so no area total is involved.
    auto e = table_error(replace(replace(kLong, "28000,計,60,\r\n28000,男,35,\r\n28000,女,25,\r\n", ""),
                                 "28202,計,8", "28202,計,9"));
    CHECK(e.where().line == 8);
    CHECK(e.message_ja().find("尼崎市 × 計") != std::string::npos);
    CHECK(e.message_ja().find("男, 女") != std::string::npos);
    CHECK(e.message_en().find("is 9 but") != std::string::npos);
    CHECK(e.message_en().find("sum to 8") != std::string::npos);
  }
  SUBCASE("suppression marker without a true value") {
    auto e = table_error(replace(kLong, "28201,女,*,5", "28201,女,*,"));
    CHECK(e.where().line == 10);
    CHECK(e.where().field == "罹患数");
  }
  SUBCASE("true value that disagrees with the published number") {
    auto e = table_error(replace(kLong, "28100,男,25,", "28100,男,25,24"));
    CHECK(e.where().line == 6);
    CHECK(e.where().field == "真値");
  }
  SUBCASE("unknown policy") {
    s.write("m.yaml", replace(long_manifest(), "policy: hyogo-2018", "policy: osaka-2099"));
    auto e = testing::expect_input_error([&] { testing::load(s.path("m.yaml")); });
    CHECK(e.where().file == s.path("m.yaml"));
    CHECK(e.where().line == 2);
    CHECK(e.where().field == "policy");
  }
  SUBCASE("unknown manifest key") {
    s.write("m.yaml", replace(long_manifest(), "true_value_column", "true_value_colum"));
    auto e = testing::expect_input_error([&] { testing::load(s.path("m.yaml")); });
    CHECK(e.where().field == "true_value_colum");
    CHECK(e.where().line == 26);
  }
  SUBCASE("unknown parent in a code list") {
    s.write("area.csv", std::string(kAreaCodes) + "28203,明石市,28999\r\n");
    auto e = testing::expect_input_error([&] { testing::load(s.path("m.yaml")); });
    CHECK(e.where().file == "area.csv");
    CHECK(e.where().line == 6);
    CHECK(e.where().field == "parent");
  }
}

TEST_CASE("ingest: an ambiguous label names both codes") {
  Scratch s;
  // 府中 is a label of two codes (as 府中市 exists in Tokyo and Hiroshima).
  s.write("area.csv", "code,label,parent\n0,計,\n13206,府中,0\n34207,府中,0\n");
  s.write("t.csv", "市町,計,男,女\n府中,3,2,1\n");
  std::string m = kHeader + "tables:\n  - {id: t, file: t.csv, layout: wide, rows: [area], columns: sex}\n";
  auto e = testing::expect_input_error([&] { testing::load(s.write("m.yaml", m)); });
  CHECK(e.where().line == 2);
  CHECK(e.message_en().find("13206, 34207") != std::string::npos);
}

TEST_CASE("ingest: totals are checked against leaves when the middle level is absent") {
  Scratch s;
  s.write("area.csv", "code,label,parent\n28000,兵庫県,\nMA01,神戸,28000\nMA02,阪神,28000\n28100,神戸市,MA01\n28202,尼崎市,MA02\n28204,西宮市,MA02\n");
  // 兵庫県 = 40 + 8 + 13 = 61, but the file says 60; the medical areas are not in the table.
  s.write("t.csv", "市町,計,男,女\n兵庫県,60,35,25\n神戸市,40,25,15\n尼崎市,8,3,5\n西宮市,13,7,6\n");
  std::string m = kHeader + "tables:\n  - {id: t, file: t.csv, layout: wide, rows: [area], columns: sex}\n";
  m.replace(m.find("codes_file: area.csv"), 20, "codes_file: area.csv");
  auto e = testing::expect_input_error([&] { testing::load(s.write("m.yaml", m)); });
  CHECK(e.where().line == 2);
  CHECK(e.where().field == "計");
  CHECK(e.message_en().find("sum to 61") != std::string::npos);
}

TEST_CASE("ingest: geography and hospitals from the manifest, hashed with their roles") {
  Scratch s;
  s.write("area.csv", kAreaCodes);
  s.write("t1.csv", kLong);
  s.write("adj.csv", "code_a,code_b\n28100,28201\n28201,28202\n");
  s.write("hosp.csv", "hospital_code,name,municipality_code,surgery\nH0001,A病院,28100,1\n");
  Submission sub = testing::load(s.write("m.yaml", long_manifest(R"(    hospital_dimension: area
    hospital_attribute: surgery
geography: {dimension: area, adjacency_file: adj.csv, reference: test-geo, reference_version: "1"}
hospitals: {file: hosp.csv}
)")));
  REQUIRE(sub.geographies.size() == 1);
  CHECK(sub.geographies[0].adjacency.size() == 2);
  CHECK(sub.geographies[0].reference == "test-geo");
  REQUIRE(sub.hospitals.size() == 1);
  CHECK(sub.tables[0].hospital_attribute == "surgery");
  std::vector<std::string> roles;
  for (const auto& in : sub.inputs) roles.push_back(in.role);
  CHECK(roles == std::vector<std::string>{"manifest", "dimension", "adjacency", "hospitals", "table"});
}
