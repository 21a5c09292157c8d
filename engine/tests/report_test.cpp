#include <doctest/doctest.h>

#include "hitoku/rules/check.h"
#include "hitoku/report/report_format.h"
#include "test_support.h"

using namespace hitoku;

TEST_CASE("JSON report round-trips and carries no true value of a suppressed cell") {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.info.title = "テスト";
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  // A distinctive true value (7331) that must not leak into the report.
  s.tables.push_back(test::full_table(s, "t1", {0}, {7338, 7331, 7}));
  s.tables[0].status[1] = CellStatus::SuppressedByUser;
  Report r = check(s);
  auto j = report_to_json(r);
  CHECK(j["verdict"] == "fail");
  CHECK(j["schema_version"] == kReportSchemaVersion);
  const std::string text = j.dump();
  CHECK(text.find("7331") == std::string::npos);
  CHECK(report_to_text(r).find("7331") == std::string::npos);
  Report back = report_from_json(j);
  CHECK(report_to_json(back) == j);
}

TEST_CASE("a malformed report JSON is a clear input error") {
  nlohmann::json j = {{"verdict", "maybe"}};
  CHECK_THROWS_AS(report_from_json(j), InputError);
}
