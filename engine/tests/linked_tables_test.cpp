// Contradictions between tables of one submission are input errors naming both cells.
#include <doctest/doctest.h>

#include "hitoku/model/linked_tables.h"
#include "ingest_scratch.h"
#include "manifest_fixtures.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

// Areas 28000 = 28100 + 28201, sex 0 = 1 + 2. t1: area × sex (long). t2: sex only (the prefecture).
const std::string kManifest = testing::manifest_head({testing::kHyogoAreas, testing::kSexes}) + R"(  - id: t1
    file: t1.csv
    layout: long
    dimensions: {area: 市町コード, sex: 性別}
    count: 罹患数
    true_value_column: 真値
  - id: t2
    file: t2.csv
    layout: wide
    rows: [sex]
    columns: area
)";

// 神戸市 男 40, 女 35; 姫路市 男 *(7), 女 12: 兵庫県 男 47, 女 47, 計 94.
const char* kT1 = "市町コード,性別,罹患数,真値\n"
                  "28000,0,94,\n28000,1,47,\n28000,2,47,\n"
                  "28100,0,75,\n28100,1,40,\n28100,2,35,\n"
                  "28201,0,19,\n28201,1,*,7\n28201,2,12,\n";

}  // namespace

TEST_CASE("linked tables: consistent tables load, including a cross-tab showing only the prefecture") {
  Scratch s;
  s.write("t1.csv", kT1);
  s.write("t2.csv", "性別,28000\n計,94\n男,47\n女,47\n");
  CHECK(testing::load(s.write("m.yaml", kManifest)).tables.size() == 2);
  // The shipped samples are consistent too.
  CHECK_NOTHROW(testing::load(std::string(HITOKU_TESTDATA) + "/sample/pass/manifest.yaml"));
  CHECK_NOTHROW(testing::load(std::string(HITOKU_TESTDATA) + "/sample/fixed/manifest.yaml"));
}

TEST_CASE("linked tables: the same cell with two values names both files and lines") {
  Scratch s;
  s.write("t1.csv", kT1);
  // 兵庫県 × 男 is 47 in t1 (line 3) but 48 in t2 (line 3, column 28000); t2 adds up by itself.
  s.write("t2.csv", "性別,28000\n計,94\n男,48\n女,46\n");
  InputError e = testing::expect_input_error([&] { testing::load(s.write("m.yaml", kManifest)); });
  const std::string both = e.where().describe() + " " + e.message_en();
  CAPTURE(both);
  CHECK(both.find("t1.csv:3 [罹患数]") != std::string::npos);
  CHECK(both.find("t2.csv:3 [28000]") != std::string::npos);
  CHECK(e.message_ja().find("食い違います") != std::string::npos);
}

TEST_CASE("linked tables: a total against the parts another table shows, true values included") {
  Scratch s;
  // t1 without the prefecture rows: 兵庫県 in t2 must be the sum of 神戸市 and 姫路市.
  s.write("t1.csv", "市町コード,性別,罹患数,真値\n28100,0,75,\n28100,1,40,\n28100,2,35,\n"
                    "28201,0,19,\n28201,1,*,7\n28201,2,12,\n");
  s.write("t2.csv", "性別,28000\n計,94\n男,47\n女,47\n");
  CHECK_NOTHROW(testing::load(s.write("ok.yaml", kManifest)));
  // 男 = 40 + 7 (a true value) = 47, so 46 contradicts.
  s.write("t2.csv", "性別,28000\n計,93\n男,46\n女,47\n");
  InputError e = testing::expect_input_error([&] { testing::load(s.write("m.yaml", kManifest)); });
  const std::string text = e.where().describe() + " " + e.message_en();
  CHECK(text.find("t2.csv:2 [28000]") != std::string::npos);  // 計 93 first: 75 + 19 = 94
  CHECK(text.find("t1.csv:2 [罹患数]") != std::string::npos);
  CHECK(text.find("t1.csv:5 [罹患数]") != std::string::npos);
  CHECK(text.find("sum to 94") != std::string::npos);
}

TEST_CASE("linked tables: an earlier publication's suppressed cells are not compared, its published ones are") {
  Scratch s;
  s.write("t1.csv", kT1);
  s.write("t2.csv", "性別,28000\n計,94\n男,47\n女,47\n");
  const std::string m = std::string(kManifest) + R"(earlier_publications:
  - id: e1
    file: e1.csv
    layout: long
    dimensions: {area: 市町コード}
    count: 件数
    true_value_column: 真値
)";
  // 姫路市's suppressed value is whatever was written as its true value: nobody knows it.
  s.write("e1.csv", "市町コード,件数,真値\n28000,*,93\n28100,75,\n28201,*,18\n");
  CHECK_NOTHROW(testing::load(s.write("ok.yaml", m)));
  s.write("e1.csv", "市町コード,件数,真値\n28000,*,94\n28100,76,\n28201,*,18\n");
  InputError e = testing::expect_input_error([&] { testing::load(s.write("bad.yaml", m)); });
  const std::string text = e.where().describe() + " " + e.message_en();
  CHECK(text.find("e1.csv:3 [件数]") != std::string::npos);
  CHECK(text.find("t1.csv:5 [罹患数]") != std::string::npos);
}

TEST_CASE("totals: parts shown may not add up to more than their total") {
  Scratch s;
  // area 28000 with 28100 shown and 28201 left out: 28100 = 50 > 28000 = 45 cannot be.
  s.write("t1.csv", "市町コード,性別,罹患数\n28000,0,45\n28100,0,50\n");
  std::string m = std::string(kManifest).substr(0, std::string(kManifest).find("  - id: t2"));
  const std::string true_column = "    true_value_column: 真値\n";
  m.erase(m.find(true_column), true_column.size());
  InputError e = testing::expect_input_error([&] { testing::load(s.write("m.yaml", m)); });
  CHECK(e.where().describe() == "t1.csv:2 [罹患数]");
  CHECK(e.message_en().find("less than 50") != std::string::npos);
  s.write("t1.csv", "市町コード,性別,罹患数\n28000,0,45\n28100,0,40\n");
  CHECK_NOTHROW(testing::load(s.write("ok.yaml", m)));
}
