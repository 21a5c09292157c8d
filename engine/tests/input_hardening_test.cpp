// Bounds on bad input (issue 16): overflowing sums, duplicate YAML keys, files that are not files,
// size and width limits, and CSV rows handed over as they are parsed.
#include <doctest/doctest.h>

#include <string>

#include "hitoku/model/checked_count.h"
#include "hitoku/ingest/csv.h"
#include "hitoku/model/error.h"
#include "hitoku/ingest/input_limits.h"
#include "ingest/input_file.h"
#include "ingest/yaml_document.h"

using namespace hitoku;

TEST_CASE("checked counts: a sum past int64 or past the bound is refused and left unchanged") {
  std::int64_t sum = INT64_MAX - 5;
  CHECK_FALSE(add_count(sum, 6));
  CHECK(sum == INT64_MAX - 5);
  CHECK(add_count(sum, 5));
  CHECK(sum == INT64_MAX);
  std::int64_t table_sum = kMaxTableSum - 1;
  CHECK_FALSE(add_count(table_sum, 2, kMaxTableSum));
  CHECK(add_count(table_sum, 1, kMaxTableSum));
  try {
    throw_count_overflow({"t1.csv", 7, "件数"}, 6, INT64_MAX, "合計「兵庫県」の内訳", "the parts of total (area=28000)");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().describe() == "t1.csv:7 [件数]");
    CHECK(e.message_ja().find("桁あふれ") != std::string::npos);
    CHECK(e.message_en().find("overflow") != std::string::npos);
  }
}

TEST_CASE("yaml: a key written twice at any depth names the second line and the first") {
  const std::string text =
      "tables:\n"
      "  - id: t1\n"
      "    dimensions: {area: 市町, sex: 性別, area: 地域}\n";
  try {
    ingest::parse_yaml_document(text, "m.yaml", "マニフェスト", "manifest");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().describe() == "m.yaml:3 [area]");
    CHECK(e.message_en().find("first on line 3") != std::string::npos);
  }
  CHECK_NOTHROW(ingest::parse_yaml_document("a: {b: 1}\nc: [ {b: 2}, {b: 3} ]\n", "m.yaml", "マニフェスト", "manifest"));
  try {
    ingest::parse_yaml_document("a: [1,\n", "m.yaml", "マニフェスト", "manifest");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().file == "m.yaml");
    CHECK(e.where().line > 0);
  }
}

TEST_CASE("input files: a folder or an oversized file is named and never read") {
  const std::string folder = HITOKU_TESTDATA;
  try {
    ingest::check_input_file(folder, "testdata", 1000, "表ファイル", "table file");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().file == "testdata");
    CHECK(e.message_en().find("folder") != std::string::npos);
  }
  const std::string table = folder + "/bad/duplicate_cell/t1.csv";
  CHECK_NOTHROW(ingest::check_input_file(table, "t1.csv", 1000, "表ファイル", "table file"));
  try {
    ingest::check_input_file(table, "t1.csv", 10, "表ファイル", "table file");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.message_en().find("too large") != std::string::npos);
    CHECK(e.message_ja().find("上限 10 バイト") != std::string::npos);
  }
  CHECK_FALSE(ingest::is_regular_input(folder));
  CHECK_FALSE(ingest::is_regular_input("/dev/null"));
  CHECK(ingest::is_regular_input(table));
}

TEST_CASE("csv: rows are handed over as parsed, so an error in a row stops before a later bad quote") {
  long seen = 0;
  try {
    for_each_csv_row("a,b\n1,2\nbad,3\n4,\"open\n", "t.csv", [&](CsvRow&& row) {
      ++seen;
      if (row.fields[0] == "bad") throw InputError({"t.csv", row.line, "a"}, "悪い行", "bad row");
    });
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().line == 3);
    CHECK(e.message_en() == "bad row");
  }
  CHECK(seen == 3);
}

TEST_CASE("csv: a row wider than the limit is an error naming the line") {
  struct Restore {
    std::size_t saved = input_limits().max_columns;
    ~Restore() { input_limits().max_columns = saved; }
  } restore;
  input_limits().max_columns = 4;
  CHECK(parse_csv("a,b,c,d\n", "t.csv").size() == 1);
  try {
    parse_csv("a,b\n1,2,3,4,5\n", "t.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().line == 2);
    CHECK(e.message_en().find("too many fields") != std::string::npos);
  }
}
