#include <doctest/doctest.h>

#include "hitoku/rules/check.h"
#include "test_support.h"

using namespace hitoku;

namespace {

Submission small_cell_submission() {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.info.attribution = "本成果物は…";
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  s.tables.push_back(test::full_table(s, "t1", {0}, {27, 20, 7}));  // a2 = 7 is published: rule ②
  return s;
}

const Finding* rule_two_error(const Report& r) {
  for (const auto& f : r.findings)
    if (f.rule == "2" && f.severity == Severity::Error) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("a declared exception covers its finding visibly and never hides it") {
  Submission s = small_cell_submission();
  s.exceptions.push_back({"2", "t1", {{{"area", "a2"}}}, "committee", "専門委員会 2024-03-01 第3号", {}});
  CheckOptions o;
  o.audit_differencing = false;
  Report r = check(s, o);
  const Finding* f = rule_two_error(r);
  REQUIRE(f);  // still listed
  CHECK(f->exception_basis == "committee");
  CHECK(f->exception_reference == "専門委員会 2024-03-01 第3号");
  CHECK(r.rules[1].state == RuleState::Warn);  // not "pass"
  CHECK(r.rules[1].summary_ja.find("例外適用 1 件") != std::string::npos);
  REQUIRE(r.exceptions.size() == 1);
  CHECK(r.exceptions[0].findings_covered == 1);
}

TEST_CASE("an exception for another cell or rule covers nothing and is itself reported") {
  Submission s = small_cell_submission();
  s.exceptions.push_back({"2", "t1", {{{"area", "a1"}}}, "consent", "同意書 12", {}});
  s.exceptions.push_back({"4", "", {}, "approval", "病院承認 7", {}});
  CheckOptions o;
  o.audit_differencing = false;
  Report r = check(s, o);
  CHECK(rule_two_error(r)->exception_basis.empty());
  CHECK(r.rules[1].state == RuleState::Fail);
  int stale = 0;
  for (const auto& f : r.findings)
    if (f.severity == Severity::Warning && f.reason_en.find("covers no finding") != std::string::npos) ++stale;
  CHECK(stale == 2);
}
