// Rule ③ check: single-hospital areas.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "geo_fixtures.h"
#include "hitoku/geography/hospital_areas.h"

using namespace hitoku;

namespace {

// Every municipality leaf of Hyogo (Kobe as one unit), each with `value`.
Submission hyogo_by_area(const std::string& attribute, std::int64_t value) {
  Submission s = geo_test::hyogo_submission(false);
  const Dimension& d = s.dimensions[0];
  std::vector<std::string> codes;
  for (int leaf : d.leaves()) codes.push_back(d.code(leaf));
  Table t = geo_test::area_table(s, "t1", 0, codes, std::vector<std::int64_t>(codes.size(), value));
  t.hospital_dimension = "area";
  t.hospital_attribute = attribute;
  s.tables.push_back(t);
  return s;
}

// Hospitals per municipality with the attribute, counted straight from the list (Kobe's wards -> 28100).
std::map<std::string, int> count_by_hand(const Submission& s, const std::string& attribute) {
  std::map<std::string, int> n;
  for (const auto& h : s.hospitals)
    if (attribute.empty() || h.attributes.at(attribute))
      ++n[h.municipality.rfind("281", 0) == 0 ? std::string("28100") : h.municipality];
  return n;
}

std::set<std::string> areas_of(const RuleOutput& out, Severity severity) {
  std::set<std::string> areas;
  for (const auto& f : out.findings)
    if (f.severity == severity) areas.insert(f.cell.at("area"));
  return areas;
}

}  // namespace

TEST_CASE("geo rule 3: every area with exactly one hospital fails, areas without any only warn") {
  Submission s = hyogo_by_area("", 20);
  auto n = count_by_hand(s, "");
  std::set<std::string> single, none;
  for (int leaf : s.dimensions[0].leaves()) {
    const std::string& code = s.dimensions[0].code(leaf);
    if (n[code] == 1) single.insert(code);
    if (n[code] == 0) none.insert(code);
  }
  REQUIRE(single.size() >= 5);  // the synthetic list has several single-hospital towns
  REQUIRE(!none.empty());
  RuleOutput out = check_hospital_areas(s);
  CHECK(out.result.rule == "3");
  CHECK(out.result.state == RuleState::Fail);
  CHECK(areas_of(out, Severity::Error) == single);
  CHECK(areas_of(out, Severity::Warning) == none);
  CHECK(out.result.errors == static_cast<long long>(single.size()));
  // The finding names the area and its hospital count, in Japanese first.
  for (const auto& f : out.findings)
    if (f.cell.at("area") == "28226") {
      CHECK(f.reason_ja.find("淡路市") != std::string::npos);
      CHECK(f.reason_ja.find("1施設") != std::string::npos);
      CHECK(f.reason_en.find("1 hospitals") != std::string::npos);
    }
}

TEST_CASE("geo rule 3: zero counts and suppressed cells do not fail") {
  Submission zero = hyogo_by_area("", 0);
  CHECK(check_hospital_areas(zero).result.state == RuleState::Pass);
  Submission suppressed = hyogo_by_area("", 20);
  for (auto& st : suppressed.tables[0].status) st = CellStatus::SuppressedByUser;
  CHECK(check_hospital_areas(suppressed).result.state == RuleState::Pass);
}

TEST_CASE("geo rule 3: the attribute selects which hospitals count") {
  Submission s = hyogo_by_area("radiotherapy", 12);
  auto n = count_by_hand(s, "radiotherapy");
  REQUIRE(n["28205"] == 1);  // 洲本市 has one radiotherapy hospital in the synthetic list
  RuleOutput out = check_hospital_areas(s);
  auto errors = areas_of(out, Severity::Error);
  CHECK(errors.count("28205") == 1);
  for (const auto& code : errors) CHECK(n[code] == 1);
  CHECK(errors.count("28100") == 0);
}

TEST_CASE("geo rule 3: registry-built tables count the hospitals behind each cell") {
  Submission s = geo_test::hyogo_submission(false);
  Table t = geo_test::area_table(s, "t1", 0, {"28100", "28201"}, {15, 30});
  t.hospital_dimension = "area";
  t.hospitals = std::vector<std::int64_t>{1, 4};  // a rare site treated by one hospital of Kobe
  s.tables.push_back(t);
  RuleOutput out = check_hospital_areas(s);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].cell.at("area") == "28100");
  CHECK(out.findings[0].severity == Severity::Error);
  (*s.tables[0].hospitals)[0] = 2;
  CHECK(check_hospital_areas(s).result.state == RuleState::Pass);
}

TEST_CASE("geo rule 3: a larger policy minimum catches two-hospital areas") {
  Submission s = hyogo_by_area("", 20);
  s.policy.min_hospitals = 3;
  auto n = count_by_hand(s, "");
  auto errors = areas_of(check_hospital_areas(s), Severity::Error);
  CHECK(errors.count("28205") == (n["28205"] == 2 ? 1u : 0u));
  for (const auto& code : errors) CHECK((n[code] == 1 || n[code] == 2));
}

TEST_CASE("geo rule 3: missing inputs are never a pass") {
  Submission none = hyogo_by_area("", 20);
  none.hospitals.clear();
  CHECK(check_hospital_areas(none).result.state == RuleState::Fail);

  Submission bad_attr = hyogo_by_area("pet_ct", 20);
  CHECK_THROWS_AS(check_hospital_areas(bad_attr), InputError);

  Submission bad_dim = hyogo_by_area("", 20);
  bad_dim.tables[0].hospital_dimension = "site";
  CHECK_THROWS_AS(check_hospital_areas(bad_dim), InputError);

  Submission undeclared = hyogo_by_area("", 20);
  undeclared.tables[0].hospital_dimension.clear();
  CHECK(check_hospital_areas(undeclared).result.state == RuleState::NotChecked);
}

TEST_CASE("geo rule 3: a parent area counts the hospitals of all its wards") {
  Submission s = geo_test::hyogo_submission(true);
  Table t = geo_test::area_table(s, "t1", 0, {"28100", "28101", "28102"}, {40, 10, 10});
  t.hospital_dimension = "area";
  t.hospital_attribute = "radiotherapy";
  s.tables.push_back(t);
  auto n = std::map<std::string, int>{};
  for (const auto& h : s.hospitals)
    if (h.attributes.at("radiotherapy")) ++n[h.municipality];
  RuleOutput out = check_hospital_areas(s);
  auto errors = areas_of(out, Severity::Error);
  auto warnings = areas_of(out, Severity::Warning);
  CHECK(errors.count("28100") == 0);
  CHECK(errors.count("28101") == (n["28101"] == 1 ? 1u : 0u));
  CHECK(warnings.count("28102") == (n["28102"] == 0 ? 1u : 0u));
}
