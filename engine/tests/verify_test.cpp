// verify covers every field of a report: reproducible fields against a fresh run, run-specific
// fields (time, written files) by form and by the report's seal, and no field it does not know.
#include <doctest/doctest.h>

#include <algorithm>

#include "hitoku/rules/check.h"
#include "hitoku/report/report_format.h"
#include "hitoku/report/verify.h"
#include "test_support.h"

using namespace hitoku;
using nlohmann::json;

namespace {

Submission small_submission() {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.info.title = "テスト";
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  s.tables.push_back(test::full_table(s, "t1", {0}, {40, 25, 15}));
  s.inputs.push_back({"t1.csv", std::string(64, 'a'), "table"});
  return s;
}

// The report as check wrote it (time and written files set as a run would set them), and a fresh run.
struct Pair {
  json written;
  Report fresh;
};

Pair report_and_rerun() {
  const Submission s = small_submission();
  Report r = check(s);
  r.generated_at = "2026-01-05T09:30:00Z";
  r.written_files = {"out/report.json"};
  return {report_to_json(r), check(s)};
}

std::vector<std::string> kinds(const Verification& v) {
  std::vector<std::string> out;
  for (const auto& d : v.differences) out.push_back(d.what);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

}  // namespace

TEST_CASE("verify: an untouched report matches and its run-specific fields are shown") {
  auto [written, fresh] = report_and_rerun();
  const Verification v = verify_report(written, fresh);
  CHECK(v.differences.empty());
  REQUIRE(v.run_specific.size() >= 2);
  CHECK(v.run_specific[0].field == "generated_at");
  CHECK(v.run_specific[0].value == "2026-01-05T09:30:00Z");
  CHECK(v.run_specific[1].field == "written_files");
  CHECK(v.run_specific[1].value == "out/report.json");
  CHECK(run_specific_report_fields() == std::vector<std::string>{"generated_at", "written_files", "seal"});
}

TEST_CASE("verify: an added top-level field is a difference naming it") {
  auto [written, fresh] = report_and_rerun();
  written["note"] = "reviewer approved";
  const Verification v = verify_report(written, fresh);
  REQUIRE(has(kinds(v), "field"));
  const auto it = std::find_if(v.differences.begin(), v.differences.end(), [](const auto& d) { return d.what == "field"; });
  CHECK(it->message_en.find("'note'") != std::string::npos);
  CHECK(it->claimed == "\"reviewer approved\"");
}

TEST_CASE("verify: an edited time or list of written files breaks the seal") {
  SUBCASE("generated_at") {
    auto [written, fresh] = report_and_rerun();
    written["generated_at"] = "2025-12-24T09:30:00Z";  // a valid, earlier time
    CHECK(kinds(verify_report(written, fresh)) == std::vector<std::string>{"seal"});
  }
  SUBCASE("written_files") {
    auto [written, fresh] = report_and_rerun();
    written["written_files"] = json::array();
    CHECK(kinds(verify_report(written, fresh)) == std::vector<std::string>{"seal"});
  }
}

TEST_CASE("verify: a time that is not a UTC time, or lies in the future, is a difference even when resealed") {
  for (const std::string at : {"yesterday", "2026-02-30T09:30:00Z", "2026-01-05T24:00:00Z", "9999-01-01T00:00:00Z"}) {
    CAPTURE(at);
    auto [written, fresh] = report_and_rerun();
    written["generated_at"] = at;
    written["seal"]["digest"] = report_seal_digest(written);
    CHECK(kinds(verify_report(written, fresh)) == std::vector<std::string>{"generated_at"});
  }
}

TEST_CASE("verify: a report without a seal cannot match") {
  auto [written, fresh] = report_and_rerun();
  written.erase("seal");
  CHECK(kinds(verify_report(written, fresh)) == std::vector<std::string>{"seal"});
}

TEST_CASE("verify: fields without a named comparison are still compared") {
  SUBCASE("policy title") {
    auto [written, fresh] = report_and_rerun();
    written["policy"]["title"] = "別のポリシー";
    CHECK(has(kinds(verify_report(written, fresh)), "policy"));
  }
  SUBCASE("schema version") {
    auto [written, fresh] = report_and_rerun();
    written["schema_version"] = "0.9";
    CHECK(has(kinds(verify_report(written, fresh)), "schema_version"));
  }
  SUBCASE("an input's role") {
    auto [written, fresh] = report_and_rerun();
    REQUIRE(!written["inputs"].empty());
    written["inputs"][0]["role"] = "manifest";
    CHECK(has(kinds(verify_report(written, fresh)), "input"));
  }
  SUBCASE("a field added inside a table") {
    auto [written, fresh] = report_and_rerun();
    written["tables"][0]["note"] = "checked by hand";
    CHECK(has(kinds(verify_report(written, fresh)), "table"));
  }
}

TEST_CASE("verify: compare_reports on reports in memory ignores only the run time and written files") {
  const Submission s = small_submission();
  Report a = check(s), b = check(s);
  a.generated_at = "2026-01-05T09:30:00Z";
  a.written_files = {"r.json"};
  CHECK(compare_reports(a, b).empty());
  a.policy_title = "edited";
  CHECK_FALSE(compare_reports(a, b).empty());
}
