#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "hitoku/model/error.h"
#include "hitoku/ingest/load_policy.h"

using namespace hitoku;

TEST_CASE("the Hyogo policy loads by id with its rule settings and hash") {
  Policy p = load_policy("hyogo-2018");
  CHECK(p.id == "hyogo-2018");
  CHECK(p.small_min == 1);
  CHECK(p.small_max == 9);
  CHECK(p.min_hospitals == 2);
  CHECK(p.sha256.size() == 64);
  CHECK(p.small_combinations);  // rule ② "alone or in combination" (issue 18)
  CHECK_FALSE(p.primary_upper_reach);
  CHECK(p.sensitive_variables == std::vector<std::string>{"stage", "vital_status"});
  CHECK_FALSE(p.single_hospital_any_count);
  CHECK(std::find(p.default_markers.begin(), p.default_markers.end(), "秘匿") != p.default_markers.end());
}

TEST_CASE("an unknown policy or a bad setting is an input error naming the field") {
  CHECK_THROWS_AS(load_policy("no-such-prefecture"), InputError);
  auto dir = std::filesystem::temp_directory_path() / "hitoku-policy-test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "bad.yaml").string();
  std::ofstream(path) << "id: bad\nsmall_cells:\n  min: 5\n  max: 2\n";
  try {
    load_policy(path);
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.where().field == "small_cells");
    CHECK(e.where().line == 3);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("primary_upper_reach with attacker_knows_small_range is an input error naming the field") {
  auto dir = std::filesystem::temp_directory_path() / "hitoku-policy-reach-test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "both.yaml").string();
  std::ofstream(path) << "id: both\ndifferencing:\n  attacker_knows_small_range: true\n  primary_upper_reach: true\n";
  try {
    load_policy(path);
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.where().field == "differencing.primary_upper_reach");
  }
  std::ofstream(path) << "id: list\ngroup_disclosure:\n  sensitive: stage\n";
  CHECK_THROWS_AS(load_policy(path), InputError);  // a list is required
  std::filesystem::remove_all(dir);
}
