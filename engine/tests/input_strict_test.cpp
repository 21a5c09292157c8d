// Input that session 16's tester found silently accepted: unknown policy keys, a second YAML
// document, duplicate JSON keys in a report, dates that are not dates, output targets that cannot be
// written. Each must be an InputError naming the file, the line and the field.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "hitoku/ingest/load_policy.h"
#include "hitoku/io/atomic_write.h"
#include "hitoku/io/utc_time.h"
#include "hitoku/model/error.h"
#include "hitoku/registry/extract.h"
#include "hitoku/report/report_format.h"
#include "ingest/yaml_document.h"
#include "ingest_scratch.h"

using namespace hitoku;
using hitoku::testing::Scratch;
namespace fs = std::filesystem;

namespace {

// The InputError `run` throws, as "file:line [field]"; "" when it throws none.
template <class Run>
std::string where_of(Run&& run) {
  try {
    run();
  } catch (const InputError& e) {
    return e.where().describe();
  }
  return "";
}

}  // namespace

TEST_CASE("policy: an unknown or misspelled key at any level is an error naming section.key and its line") {
  Scratch s;
  const std::string p = s.write("p.yaml", "id: p\nsmall_cells:\n  min: 1\n  maks: 20\n");
  CHECK(where_of([&] { load_policy(p); }) == p + ":4 [small_cells.maks]");
  s.write("q.yaml", "id: q\nsmall_cell:\n  max: 20\n");
  CHECK(where_of([&] { load_policy(s.path("q.yaml")); }) == s.path("q.yaml") + ":2 [small_cell]");
  s.write("r.yaml", "id: r\nhospital_areas: {min_hospital: 3}\n");
  CHECK(where_of([&] { load_policy(s.path("r.yaml")); }) == s.path("r.yaml") + ":2 [hospital_areas.min_hospital]");
  s.write("t.yaml", "id: t\nsmall_cells: 20\n");  // a section must be a mapping
  CHECK(where_of([&] { load_policy(s.path("t.yaml")); }) == s.path("t.yaml") + ":2 [small_cells]");
  s.write("u.yaml", "id: u\nsmall_cells:\nsingle_hospital: {any_count: true}\n");  // an empty section sets nothing
  CHECK(load_policy(s.path("u.yaml")).single_hospital_any_count);
}

TEST_CASE("policy: policy_version other than 1 is an error, 1 or none loads") {
  Scratch s;
  s.write("v2.yaml", "policy_version: 2\nid: v\n");
  CHECK(where_of([&] { load_policy(s.path("v2.yaml")); }) == s.path("v2.yaml") + ":1 [policy_version]");
  s.write("v1.yaml", "policy_version: 1\nid: v\n");
  CHECK(load_policy(s.path("v1.yaml")).id == "v");
  CHECK(load_policy("hyogo-2018").small_max == 9);  // the shipped policy uses every section
}

TEST_CASE("yaml: a second document is an error at its --- line, one document with markers is not") {
  CHECK(where_of([] { ingest::parse_yaml_document("a: 1\nb: 2\n---\nc: 3\n", "m.yaml", "マニフェスト", "manifest"); }) ==
        "m.yaml:3");
  CHECK(where_of([] { ingest::parse_yaml_document("a: 1\n---\n", "m.yaml", "マニフェスト", "manifest"); }) == "m.yaml:2");
  CHECK(where_of([] { ingest::parse_yaml_document("a: |\n  ---\n  x\n---\nb: 1\n", "m.yaml", "マニフェスト", "manifest"); }) ==
        "m.yaml:4");  // a "---" inside a block scalar is text, not a document start
  CHECK(ingest::parse_yaml_document("---\na: 1\n...\n", "m.yaml", "マニフェスト", "manifest")["a"].as<int>() == 1);
}

TEST_CASE("report json: a key written twice in one object is an error naming the key and its line") {
  const std::string twice = "{\n  \"a\": {\"x\": 1},\n  \"verdict\": \"fail\",\n  \"b\": [{\"verdict\": 1}],\n  \"verdict\": \"pass\"\n}\n";
  CHECK(where_of([&] { parse_report_text(twice, "r.json"); }) == "r.json:5 [verdict]");
  // The same key in different objects is not a duplicate (the report then fails for other reasons).
  try {
    parse_report_text("{\"a\": {\"verdict\": 1}, \"verdict\": \"pass\"}", "r.json");
  } catch (const InputError& e) {
    CHECK(e.message_en().find("twice") == std::string::npos);
  }
}

TEST_CASE("dates: only real calendar dates written YYYY-MM-DD") {
  CHECK(is_calendar_date("2024-04-01"));
  CHECK(is_calendar_date("2024-02-29"));
  CHECK_FALSE(is_calendar_date("2023-02-29"));
  CHECK_FALSE(is_calendar_date("2024-13-45"));
  CHECK_FALSE(is_calendar_date("2024-04-31"));
  CHECK_FALSE(is_calendar_date("2024-00-10"));
  CHECK_FALSE(is_calendar_date("yesterday"));
  CHECK_FALSE(is_calendar_date("2024-4-1"));
  CHECK_FALSE(is_calendar_date("2024/04/01"));
  CHECK_FALSE(is_calendar_date("２０２４-04-01"));
}

TEST_CASE("output targets: a folder, a symlink or an unwritable folder where a file goes is refused") {
  Scratch s;
  fs::create_directories(s.path("out/report.json"));
  CHECK(where_of([&] { check_output_targets({s.path("out/a.csv"), s.path("out/report.json")}); }) == s.path("out/report.json"));
  fs::create_symlink(s.path("elsewhere.csv"), s.path("out/b.csv"));
  CHECK(where_of([&] { check_output_targets({s.path("out/b.csv")}); }) == s.path("out/b.csv"));
  s.write("out/c.csv", "old");
  CHECK(where_of([&] { check_output_targets({s.path("out/c.csv"), s.path("out/d.csv")}); }).empty());
  CHECK(where_of([&] { make_output_folder(s.path("out/c.csv")); }) == s.path("out/c.csv"));         // a file
  CHECK(where_of([&] { make_output_folder(s.path("out/c.csv/below")); }) == s.path("out/c.csv/below"));  // below one
  CHECK(where_of([] { make_output_folder(""); }) == "-o");
  CHECK(where_of([&] { make_output_folder(s.path("new/deeper")); }).empty());
  CHECK(fs::is_directory(s.path("new/deeper")));
}

TEST_CASE("extract reader: an optional needed column may be absent, a required one may not") {
  Scratch s;
  const std::string path = s.write("e.csv", "提供情報患者番号,集約性別\n7,1\n");
  CHECK(where_of([&] { ExtractReader r(path, {"提供情報患者番号", "多重がん番号"}); }) == path + ":1 [多重がん番号]");
  ExtractReader reader(path, {"提供情報患者番号", "多重がん番号"}, std::nullopt, {"多重がん番号"});
  CHECK(reader.has_column(0));
  CHECK_FALSE(reader.has_column(1));
  std::vector<std::string_view> v;
  REQUIRE(reader.next(v));
  CHECK(v[0] == "7");
  CHECK(v[1].empty());
}
