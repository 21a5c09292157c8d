#include <doctest/doctest.h>

#include "hitoku/rules/check.h"
#include "hitoku/protect/protect.h"
#include "test_support.h"

using namespace hitoku;

TEST_CASE("protect suppresses a cell whose count is large but whose patients are few (rule ①)") {
  // Area (A: a1 a2 a3) × sex (T: m f). a1 × m counts 12 tumours from only 3 patients.
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.info.attribution = "本成果物は…";
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2", "a3"}));
  s.dimensions.push_back(test::flat_dimension("sex", "T", {"m", "f"}));
  //                        T   m   f
  s.tables.push_back(test::full_table(s, "t1", {0, 1}, {130, 70, 60,    // A
                                                         42, 12, 30,    // a1
                                                         44, 28, 16,    // a2
                                                         44, 30, 14})); // a3
  std::vector<std::int64_t> patients = s.tables[0].value;
  patients[4] = 3;  // a1 × m
  s.tables[0].contributors = patients;
  REQUIRE_FALSE(check(s).passed);  // rule ① fails as published

  ProtectResult r = protect(s);
  REQUIRE(r.ok);
  CHECK(r.submission.tables[0].status[4] == CellStatus::SuppressedPrimary);
  bool rule_one = false;
  for (const auto& c : r.changes) rule_one = rule_one || (c.flat == 4 && c.rule == "1");
  CHECK(rule_one);
  Report after = check(r.submission);
  CHECK(after.passed);  // ① ② ④ ⑤ all hold on the proposed pattern
}
