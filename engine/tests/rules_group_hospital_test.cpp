// Rule ① group disclosure and single-hospital cells: findings, safe controls, and protect's repair
// re-checked by brute force (combination_bruteforce.h).
#include <doctest/doctest.h>

#include "combination_bruteforce.h"
#include "hitoku/rules/check.h"
#include "hitoku/protect/protect.h"
#include "test_support.h"

using namespace hitoku;

namespace {

// Town (t1 t2) × stage (local regional distant) with totals; stage declared sensitive by variable.
Submission towns(std::vector<std::int64_t> t1, std::vector<std::int64_t> t2) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.sensitive_variables = {"stage"};
  s.dimensions.push_back(test::flat_dimension("area", "A", {"t1", "t2"}));
  Dimension stage = test::flat_dimension("進展度", "S", {"local", "regional", "distant"});
  stage.set_variable("stage");
  s.dimensions.push_back(stage);
  std::vector<std::int64_t> v(12, 0);
  for (std::size_t c = 0; c < 3; ++c) {
    v[4 + c + 1] = t1[c];
    v[8 + c + 1] = t2[c];
    v[4] += t1[c];
    v[8] += t2[c];
    v[c + 1] = t1[c] + t2[c];
  }
  v[0] = v[4] + v[8];
  s.tables.push_back(test::full_table(s, "t", {0, 1}, v));
  return s;
}

std::vector<const Finding*> rule_findings(const Report& r, const std::string& rule) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.rule == rule && f.severity == Severity::Error) out.push_back(&f);
  return out;
}

}  // namespace

TEST_CASE("group disclosure: a town whose 40 patients are all distant-stage is a rule ① finding") {
  auto s = towns({0, 0, 40}, {20, 10, 0});
  const Report r = check(s);
  CHECK_FALSE(r.passed);
  const auto found = rule_findings(r, "1");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->cell == std::map<std::string, std::string>{{"area", "t1"}, {"進展度", "distant"}});
  CHECK(found[0]->reason_ja.find("進展度「distant」") != std::string::npos);
  CHECK(found[0]->reason_en.find("規約") == std::string::npos);
  CHECK(found[0]->reason_en.find("§12(3) ①") != std::string::npos);
  CHECK(r.rules.front().state == RuleState::Fail);
  // Safe controls: a dimension not named sensitive, and a town with two stages.
  s.policy.sensitive_variables = {"vital_status"};
  CHECK(rule_findings(check(s), "1").empty());
  CHECK(check(s).passed);
  CHECK(rule_findings(check(towns({0, 12, 28}, {20, 10, 0})), "1").empty());
  // The dimension id names it as well as `variable:`.
  s.policy.sensitive_variables = {"進展度"};
  CHECK(rule_findings(check(s), "1").size() == 1);
}

TEST_CASE("group disclosure: a suppressed zero the published values pin to 0 counts as 0") {
  auto s = towns({0, 0, 40}, {20, 10, 12});
  s.tables[0].status[5] = CellStatus::SuppressedByUser;  // t1 local = 40 - 0 - 40 = 0
  const Report r = check(s);
  CHECK(rule_findings(r, "1").size() == 1);
  CHECK(rule_findings(r, "4").size() == 1);  // and the zero itself is recoverable
}

TEST_CASE("group disclosure: protect suppresses the shared category and a zero, no completion pins the group") {
  const auto s = towns({0, 0, 40}, {20, 10, 12});
  const ProtectResult r = protect(s);
  REQUIRE(r.ok);
  CHECK(check(r.submission).passed);
  // Independent check: some completion of the published values gives t1 a patient outside 'distant'.
  const auto all = test::brute_completions(r.submission, 82);
  REQUIRE_FALSE(all.empty());
  const auto local = test::brute_cell(r.submission, r.submission.tables[0], 5);
  const auto regional = test::brute_cell(r.submission, r.submission.tables[0], 6);
  bool other = false;
  for (const auto& z : all) {
    for (int i : local.inner) other = other || z[static_cast<std::size_t>(i)] > 0;
    for (int i : regional.inner) other = other || z[static_cast<std::size_t>(i)] > 0;
  }
  CHECK(other);
  bool rule1 = false;
  for (const auto& c : r.changes) rule1 = rule1 || c.rule == "1";
  CHECK(rule1);
}

namespace {

// Area (a1 a2) × sex, with the distinct hospitals behind each cell (as tables built from the extract).
Submission with_hospitals(std::vector<std::int64_t> hospitals) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  s.dimensions.push_back(test::flat_dimension("sex", "T", {"m", "f"}));
  s.tables.push_back(test::full_table(s, "t", {0, 1}, {100, 50, 50, 45, 25, 20, 55, 25, 30}));
  s.tables[0].hospitals = std::move(hospitals);
  return s;
}

}  // namespace

TEST_CASE("single-hospital cells: any positive count from one hospital when the policy says so") {
  auto s = with_hospitals({4, 3, 3, 2, 1, 2, 3, 2, 2});  // a1·m: 25 patients, one hospital
  CHECK(rule_findings(check(s), "3").empty());           // 25 is not small: allowed by default
  s.policy.single_hospital_any_count = true;
  const Report r = check(s);
  const auto found = rule_findings(r, "3");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->cell == std::map<std::string, std::string>{{"area", "a1"}, {"sex", "m"}});
  CHECK(found[0]->reason_ja.find("1つの病院等") != std::string::npos);
  CHECK_FALSE(r.passed);
  // protect treats it as primary; the output passes the check and the cell is not recoverable.
  const ProtectResult p = protect(s);
  REQUIRE(p.ok);
  CHECK(is_suppressed(p.submission.tables[0].status[4]));
  CHECK(check(p.submission).passed);
  const auto singles = test::brute_small_sums(p.submission, 100, 1, 9);
  for (const auto& label : singles) CHECK(label.find(" + ") != std::string::npos);  // no cell pinned
  // Safe control: two hospitals behind every cell.
  CHECK(rule_findings(check(with_hospitals({4, 3, 3, 2, 2, 2, 3, 2, 2})), "3").empty());
}

TEST_CASE("single-hospital cells: a small count from one hospital is a finding beside rule ②") {
  auto s = with_hospitals({4, 3, 3, 2, 2, 2, 3, 2, 2});
  s.policy.single_hospital_any_count = true;
  s.tables[0].value = {100, 50, 50, 45, 37, 8, 55, 13, 42};
  s.tables[0].hospitals = std::vector<std::int64_t>{4, 3, 3, 2, 2, 1, 3, 2, 2};  // a1·f: 8 from one hospital
  const Report r = check(s);
  CHECK(rule_findings(r, "3").size() == 1);
  CHECK(rule_findings(r, "2").size() == 1);
}
