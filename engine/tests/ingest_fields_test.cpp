// Count fields, suppression markers, and the rule ③ reference files.
#include <doctest/doctest.h>

#include "ingest/count_field.h"
#include "ingest/reference_reader.h"
#include "ingest_scratch.h"

using namespace hitoku;
using namespace hitoku::ingest;

namespace {
const SourcePos kAt{"t.csv", 4, "罹患数"};
const SuppressionMarkers kMarkers(builtin_markers());

std::int64_t count(const std::string& s) { return parse_count(s, kMarkers, true, kAt).value; }
}  // namespace

TEST_CASE("count fields: digits, full-width digits and thousands groups") {
  CHECK(count("0") == 0);
  CHECK(count("007") == 7);
  CHECK(count("１２３") == 123);
  CHECK(count("1,234") == 1234);
  CHECK(count("１，２３４") == 1234);
  CHECK(count("12,345,678") == 12345678);
  for (const char* bad : {"12,34", "1,2345", ",123", "1,", "3.5", "3.0", "+3", "abc", "1e3", "1 000"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(count(bad), InputError);
  }
}

TEST_CASE("count fields: negatives in every spelling are errors at the cell") {
  for (const char* neg : {"-3", "－３", "\xE2\x88\x92" "3", "- 3"}) {
    CAPTURE(neg);
    try {
      count(neg);
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.where().line == 4);
      CHECK(e.where().field == "罹患数");
      CHECK(e.message_en().find("negative") != std::string::npos);
    }
  }
}

TEST_CASE("count fields: markers, folded widths, and markers where a number is required") {
  for (const char* m : {"*", "＊", "x", "ｘ", "X", "-", "－", "…", "χ", "秘匿"}) {
    CAPTURE(m);
    CHECK(parse_count(m, kMarkers, true, kAt).suppressed);
    CHECK_THROWS_AS(parse_count(m, kMarkers, false, kAt), InputError);
  }
  SuppressionMarkers only_star({"*"});
  CHECK_THROWS_AS(parse_count("x", only_star, true, kAt), InputError);
  CHECK_THROWS_AS(parse_count("", kMarkers, true, kAt), InputError);
}

TEST_CASE("reference files: adjacency keeps pairs inside the dimension, hospitals read flags") {
  Dimension area("area", "市町");
  area.add_code("28000", "兵庫県", "");
  for (const char* c : {"28100", "28203", "28204"}) area.add_code(c, c, "28000");
  area.finalize();
  CsvFile adj;
  adj.path = "adj.csv";
  adj.rows = parse_csv("code_a,name_a,code_b,name_b\n28100,神戸市,28203,明石市\n28203,明石市,28100,神戸市\n"
                       "28100,神戸市,27100,大阪市\n28100,神戸市,28204,西宮市\n", "adj.csv");
  auto pairs = read_adjacency(adj, area);
  // The reversed duplicate folds into one pair; the pair leaving the dimension (大阪市) is dropped.
  CHECK(pairs == std::vector<std::pair<std::string, std::string>>{{"28100", "28203"}, {"28100", "28204"}});

  CsvFile hosp;
  hosp.path = "h.csv";
  hosp.rows = parse_csv("hospital_code,name,municipality_code,surgery\nH0001,A病院,28100,1\nH0002,B病院,28203,0\n", "h.csv");
  auto list = read_hospitals(hosp);
  REQUIRE(list.size() == 2);
  CHECK(list[0].attributes.at("surgery"));
  CHECK(!list[1].attributes.at("surgery"));
  CHECK(list[1].source.line == 3);
  hosp.rows = parse_csv("hospital_code,name,municipality_code,surgery\nH0001,A病院,28100,yes\n", "h.csv");
  try {
    read_hospitals(hosp);
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().field == "surgery");
  }
}
