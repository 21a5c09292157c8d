// Reference geography and hospital list loaders.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "geo_fixtures.h"
#include "hitoku/geography/geography.h"

using namespace hitoku;
using geo_test::ref;

TEST_CASE("geo reference: the shipped files load with the row counts SOURCES.md states") {
  CHECK(load_reference_municipalities(ref("hyogo_municipalities.csv")).size() == 50);
  CHECK(load_adjacency_csv(ref("hyogo_adjacency.csv")).size() == 86);
  CHECK(load_adjacency_csv(ref("hyogo_adjacency_wards.csv")).size() == 104);
  CHECK(load_reference_municipalities(ref("japan_municipalities.csv")).size() == 1747);
  CHECK(load_adjacency_csv(ref("japan_adjacency.csv")).size() == 4403);
  auto hyogo = load_reference_municipalities(ref("hyogo_municipalities.csv"));
  CHECK(hyogo[1].code == "28101");
  CHECK(hyogo[1].parent == "28100");
  CHECK(hyogo[1].medical_area == "神戸");
  CHECK(hyogo[1].prefecture == "28");
}

TEST_CASE("geo reference: a shipped geography carries the version id of reference/VERSION") {
  GeographyInfo g = load_reference_geography("area", "hyogo-wards", HITOKU_REFERENCE);
  CHECK(g.reference_version == load_reference_version(HITOKU_REFERENCE));
  CHECK_FALSE(g.reference_version.empty());
  CHECK(g.adjacency.size() == 104);
  CHECK(g.medical_area.at("28226") == "淡路");
  CHECK_THROWS_AS(load_reference_geography("area", "osaka", HITOKU_REFERENCE), InputError);
}

TEST_CASE("geo reference: hospital list columns and flags") {
  auto hospitals = load_hospital_csv(geo_test::hospitals_csv());
  REQUIRE_FALSE(hospitals.empty());
  std::set<std::string> flags;
  for (const auto& [k, v] : hospitals[0].attributes) flags.insert(k);
  CHECK(flags == std::set<std::string>{"reports_registry", "designated", "radiotherapy", "surgery"});
  CHECK(hospitals[0].source.line == 2);
}

TEST_CASE("geo reference: malformed hospital lists name file, line and column") {
  const std::string dir = std::string(HITOKU_TESTDATA) + "/hospitals/invalid/";
  try {
    load_hospital_csv(dir + "bad_flag.csv");
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.where().line == 3);
    CHECK(e.where().field == "surgery");
  }
  try {
    load_hospital_csv(dir + "bad_code.csv");
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().field == "municipality_code");
  }
  CHECK_THROWS_AS(load_hospital_csv(dir + "missing_column.csv"), InputError);
  CHECK_THROWS_AS(load_hospital_csv(dir + "no_such_file.csv"), InputError);
}

TEST_CASE("geo reference: ward hospitals count under Kobe when the dimension has no wards") {
  Dimension flat = geo_test::hyogo_dimension(false);
  Dimension wards = geo_test::hyogo_dimension(true);
  auto hospitals = load_hospital_csv(geo_test::hospitals_csv());
  // Independent count: rows whose municipality code starts with 281 (Kobe's wards).
  int kobe = 0, total = 0;
  for (const auto& h : hospitals) {
    ++total;
    if (h.municipality.rfind("281", 0) == 0) ++kobe;
  }
  auto flat_counts = hospitals_per_code(flat, hospitals, "");
  auto ward_counts = hospitals_per_code(wards, hospitals, "");
  CHECK(flat_counts[flat.find("28100")] == kobe);
  CHECK(ward_counts[wards.find("28100")] == kobe);
  CHECK(flat_counts[flat.find("28000")] == total);
  CHECK(dimension_code_for_municipality(flat, "28101") == flat.find("28100"));
  CHECK(dimension_code_for_municipality(flat, "13101") == -1);

  Dimension kanagawa("area", "市区町村");
  kanagawa.add_code("14000", "神奈川県", "");
  kanagawa.add_code("14100", "横浜市", "14000");
  kanagawa.add_code("14130", "川崎市", "14000");
  kanagawa.finalize();
  CHECK(dimension_code_for_municipality(kanagawa, "14118") == kanagawa.find("14100"));
  CHECK(dimension_code_for_municipality(kanagawa, "14131") == kanagawa.find("14130"));
  CHECK(dimension_code_for_municipality(kanagawa, "14151") == -1);  // 相模原市 is not listed
}
