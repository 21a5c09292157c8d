#include <doctest/doctest.h>

#include "hitoku/rules/check.h"
#include "hitoku/rules/rules.h"
#include "test_support.h"

using namespace hitoku;

namespace {

// Area (total A, leaves a1 a2) × sex (total T, leaves m f): a 3×3 table with totals.
Submission two_by_two(std::vector<std::int64_t> values) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  s.dimensions.push_back(test::flat_dimension("sex", "T", {"m", "f"}));
  s.tables.push_back(test::full_table(s, "t1", {0, 1}, std::move(values)));
  return s;
}

}  // namespace

TEST_CASE("rule ② flags every published count from 1 to 9, totals included, and names the cell") {
  //            T   m   f
  auto s = two_by_two({30, 21, 9,    // A
                       12, 12, 0,    // a1: zero is published, not small
                       18, 9, 9});   // a2
  auto out = check_small_cells(s);
  CHECK(out.result.state == RuleState::Fail);
  CHECK(out.result.cells_checked == 9);
  REQUIRE(out.findings.size() == 3);
  CHECK(out.findings[0].cell == std::map<std::string, std::string>{{"area", "A"}, {"sex", "f"}});
  CHECK(out.findings[1].cell == std::map<std::string, std::string>{{"area", "a2"}, {"sex", "m"}});
  CHECK(out.findings[0].rule == "2");
  CHECK(out.findings[0].table == "t1");
}

TEST_CASE("rule ② accepts suppressed small cells and respects the policy range") {
  auto s = two_by_two({30, 21, 9, 12, 12, 0, 18, 9, 9});
  s.tables[0].status[2] = CellStatus::SuppressedByUser;
  s.tables[0].status[7] = CellStatus::SuppressedByUser;
  s.tables[0].status[8] = CellStatus::SuppressedByUser;
  CHECK(check_small_cells(s).result.state == RuleState::Pass);
  CHECK(check_small_cells(s).result.cells_checked == 6);
  s.policy.small_max = 12;  // a stricter prefecture: 1..12
  auto out = check_small_cells(s);
  CHECK(out.findings.size() == 2);  // the two 12s
}

TEST_CASE("rule ② ignores earlier publications: they are already public") {
  auto s = two_by_two({30, 21, 9, 12, 12, 0, 18, 9, 9});
  s.tables[0].earlier_publication = true;
  CHECK(check_small_cells(s).findings.empty());
}

TEST_CASE("rule ① catches a large count from few patients when patient counts are known") {
  auto s = two_by_two({30, 21, 9, 12, 12, 0, 18, 9, 9});
  for (auto i : {2, 7, 8}) s.tables[0].status[static_cast<std::size_t>(i)] = CellStatus::SuppressedByUser;
  s.tables[0].contributors = std::vector<std::int64_t>{25, 18, 8, 3, 3, 0, 15, 8, 7};
  auto out = check_contributors(s);
  CHECK(out.result.state == RuleState::Fail);
  REQUIRE(out.findings.size() == 2);  // a1×T and a1×m: 12 tumours from 3 patients
  CHECK(out.findings[0].cell.at("area") == "a1");
  s.tables[0].contributors.reset();
  CHECK(check_contributors(s).result.state == RuleState::NotChecked);
}

TEST_CASE("check never passes while a required rule was not checked") {
  auto s = two_by_two({40, 20, 20, 20, 10, 10, 20, 10, 10});
  s.info.attribution = "本成果物は…";
  CheckOptions no_audit;
  no_audit.audit_differencing = false;
  Report r = check(s, no_audit);
  CHECK_FALSE(r.passed);
  REQUIRE(r.rules.size() == 5);
  CHECK(r.rules[1].state == RuleState::Pass);
  CHECK(r.rules[3].state == RuleState::NotChecked);
}

TEST_CASE("a missing attribution statement is reported") {
  auto s = two_by_two({40, 20, 20, 20, 10, 10, 20, 10, 10});
  Report r = check(s);
  bool found = false;
  for (const auto& f : r.findings) found = found || f.rule == "12(4)";
  CHECK(found);
}

TEST_CASE("a suppressed cell of a table of distinct patients can never pass the audit") {
  // Patients: total 25 < 14 + 13 (one patient in both areas). The audit cannot model this table.
  auto s = two_by_two({25, 14, 11, 14, 14, 0, 13, 0, 13});
  s.info.attribution = "本成果物は…";
  s.tables[0].additive = false;
  Report all_published = check(s);
  CHECK(all_published.rules[3].state == RuleState::Warn);  // not used as knowledge, said so
  s.tables[0].status[4] = CellStatus::SuppressedByUser;
  s.tables[0].status[7] = CellStatus::SuppressedByUser;
  Report r = check(s);
  CHECK_FALSE(r.passed);
  CHECK(r.rules[3].state == RuleState::Fail);
  int errors = 0;
  for (const auto& f : r.findings)
    if (f.rule == "4" && f.severity == Severity::Error) ++errors;
  CHECK(errors == 2);
}
