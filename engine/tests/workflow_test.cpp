// The workflow facades the front ends call: inputs on disk, the output guard, the protect request
// and its release gate, changes.csv, and the one small-range predicate of the policy.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "hitoku/model/error.h"
#include "hitoku/workflow/input.h"
#include "hitoku/workflow/output_guard.h"
#include "hitoku/workflow/protect.h"
#include "ingest_scratch.h"

using namespace hitoku;
namespace fs = std::filesystem;

namespace {

const std::string kSample = std::string(HITOKU_TESTDATA) + "/sample/fail/manifest.yaml";

bool refused(const std::string& output, const std::vector<std::string>& inputs, bool force = false) {
  try {
    workflow::refuse_input_overwrite(output, inputs, force);
    return false;
  } catch (const InputError& e) {
    CHECK(e.where().file == output);  // the message names the path as the user gave it
    CHECK(e.message_en().find("overwrite") != std::string::npos);
    return true;
  }
}

bool ends_with(const std::vector<std::string>& paths, const std::string& tail) {
  return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return p.ends_with(tail); });
}

}  // namespace

TEST_CASE("the output guard refuses an input, its folder and a link to it, unless forced") {
  testing::Scratch dir;
  const std::string input = dir.write("t1.csv", "a,b\r\n");
  fs::create_directories(dir.path("sub"));
  fs::create_symlink(input, dir.path("link.csv"));
  const std::vector<std::string> inputs{input};
  CHECK(refused(input, inputs));
  CHECK(refused(dir.path("sub/../t1.csv"), inputs));       // the same file by another spelling
  CHECK(refused(dir.path("link.csv"), inputs));            // a symlink is followed
  CHECK(refused(dir.path("."), inputs));                   // the folder that holds the input
  CHECK_FALSE(refused(dir.path("report.txt"), inputs));    // a new file beside the inputs is fine
  CHECK_FALSE(refused(dir.path("sub"), inputs));           // as is a folder below them
  CHECK_FALSE(refused(input, inputs, /*force=*/true));
  CHECK_FALSE(refused("", inputs));                        // standard output
}

TEST_CASE("input_files names the manifest, its tables and code lists as paths on disk") {
  const workflow::LoadedInput in = workflow::load_input(kSample);
  CHECK_FALSE(in.from_plan);
  const auto files = workflow::input_files(in.submission);
  CHECK(ends_with(files, "fail/manifest.yaml"));
  CHECK(ends_with(files, "fail/t1.csv"));
  CHECK(ends_with(files, "area_codes.csv"));
  for (const auto& f : files) CHECK(fs::is_regular_file(f));
}

TEST_CASE("protect options are validated once, naming the option") {
  auto bad = [](auto change) {
    workflow::ProtectRequest r;
    change(r);
    try {
      r.validate();
      return std::string();
    } catch (const InputError& e) {
      return e.where().file;
    }
  };
  CHECK(bad([](auto&) {}).empty());  // the defaults are valid
  CHECK(bad([](auto& r) { r.protect.time_limit_seconds = 0; }) == "--time-limit");
  CHECK(bad([](auto& r) { r.protect.cleanup_audits = -1; }) == "--cleanup-audits");
  CHECK(bad([](auto& r) { r.protect.polish_max_groups = -1; }) == "--polish-groups");
  CHECK(bad([](auto& r) { r.cost = "weights"; }) == "--cost");
  CHECK_THROWS_AS(workflow::parse_protect_method("fast"), InputError);
  CHECK(workflow::parse_protect_method("optimal") == ProtectMethod::Optimal);
}

TEST_CASE("protect through the release gate: a passing pattern and its changes without values") {
  const Submission input = workflow::load_input(kSample).submission;
  workflow::GatedProtection run = workflow::protect_and_gate(input, workflow::ProtectRequest{});
  REQUIRE(run.ok());
  CHECK(run.report.passed);
  const auto rows = workflow::change_rows(run.result);
  REQUIRE(!rows.empty());
  for (const auto& row : rows) {
    CHECK(input.find_table(row.table) >= 0);
    CHECK(!row.cell.empty());
    CHECK((row.status == "suppressed_primary" || row.status == "suppressed_secondary"));
  }
  const std::string csv = workflow::changes_csv(run.result);
  CHECK(csv.starts_with("\xEF\xBB\xBFtable,cell,label,status,rule,reason_ja,reason_en\r\n"));
  CHECK(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == rows.size() + 1);
  const auto summary = workflow::protect_summary(workflow::ProtectRequest{}, run.result);
  CHECK(summary["method"] == "greedy");
  CHECK(summary["changes_file"] == "changes.csv");
}

TEST_CASE("the small range is one inclusive predicate of the policy") {
  Policy p;
  p.small_min = 1;
  p.small_max = 9;
  CHECK_FALSE(p.in_small_range(0));
  CHECK(p.in_small_range(1));
  CHECK(p.in_small_range(9));
  CHECK_FALSE(p.in_small_range(10));
}
