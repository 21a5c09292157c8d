// Tables and dimensions built from in-memory records are checked like table files.
#include <doctest/doctest.h>

#include <functional>

#include "hitoku/ingest/tables_from_records.h"
#include "manifest_fixtures.h"

using namespace hitoku;

namespace {

// area: 28000 (total) = 28100 + 28201; sex: 0 (計) = 1 + 2. Hand-made counts that add up:
// 28100: 男 25 + 女 15 = 40; 28201: 男 7 + 女 5 = 12; 28000: 男 32 + 女 20 = 52.
std::vector<Dimension> dims() {
  return {build_dimension("area", "市町",
                          {{"28000", "兵庫県", "", 1}, {"28100", "神戸市", "28000", 2}, {"28201", "姫路市", "28000", 3}},
                          "area"),
          build_dimension("sex", "性別", {{"0", "計", "", 1}, {"1", "男", "0", 2}, {"2", "女", "0", 3}}, "sex")};
}

TableRecords records() {
  TableRecords r;
  r.id = "t1";
  r.dimensions = {"area", "sex"};
  r.dimension_fields = {"area", "sex"};
  const char* rows[][3] = {{"28000", "0", "52"}, {"28000", "1", "32"}, {"28000", "2", "20"},
                           {"28100", "0", "40"}, {"28100", "1", "25"}, {"28100", "2", "15"},
                           {"28201", "0", "12"}, {"28201", "1", "7"},  {"28201", "2", "5"}};
  long line = 1;
  for (auto& row : rows) r.cells.push_back({{row[0], row[1]}, row[2], "", "", line++});
  return r;
}

}  // namespace

TEST_CASE("build_table: a valid table keeps every cell in grid order") {
  TableFormat format;
  Table t = build_table(dims(), records(), &format);
  CHECK(t.id == "t1");
  REQUIRE(t.cell_count() == 9);
  CHECK(t.value == std::vector<std::int64_t>{52, 32, 20, 40, 25, 15, 12, 7, 5});
  CHECK(format.file == "t1.csv");
  for (CellStatus s : t.status) CHECK(s == CellStatus::Published);
}

TEST_CASE("build_table: a suppressed status makes the count the true value, a marker needs one") {
  TableRecords r = records();
  r.cells[7].status = "suppressed";              // 28201 男 7
  r.cells[8].status = "suppressed_secondary";    // 28201 女 5
  r.cells[4].status = "published";
  Table t = build_table(dims(), r);
  CHECK(t.status[7] == CellStatus::SuppressedByUser);
  CHECK(t.status[8] == CellStatus::SuppressedSecondary);
  CHECK(t.value[7] == 7);

  r = records();
  r.cells[7].count = "*";
  InputError e = testing::expect_input_error([&] { build_table(dims(), r); });
  CHECK(e.where().file == "t1");
  CHECK(e.where().line == 8);
  r.cells[7].true_value = "7";
  CHECK(build_table(dims(), r).status[7] == CellStatus::SuppressedByUser);
  // With 8, 28000 男 (row 2: 32 ≠ 25 + 8) and 28201 計 (row 7: 12 ≠ 8 + 5) fail; grid order reports row 2.
  r.cells[7].true_value = "8";
  CHECK(testing::expect_input_error([&] { build_table(dims(), r); }).where().line == 2);
}

TEST_CASE("build_table: each bad record is named by source, row and column") {
  struct Case {
    const char* what;
    std::function<void(TableRecords&)> spoil;
    long line;
    std::string field;
  };
  std::vector<Case> cases = {
      {"unknown code", [](TableRecords& r) { r.cells[3].codes[0] = "28199"; }, 4, "area"},
      {"negative", [](TableRecords& r) { r.cells[5].count = "-15"; }, 6, "count"},
      {"not an integer", [](TableRecords& r) { r.cells[5].count = "15.5"; }, 6, "count"},
      {"empty count", [](TableRecords& r) { r.cells[5].count = ""; }, 6, "count"},
      {"duplicate", [](TableRecords& r) { r.cells[5].codes = {"28100", "1"}; }, 6, "count"},
      {"missing cell", [](TableRecords& r) { r.cells.erase(r.cells.begin() + 5); }, 0, "area=28100, sex=2"},
      {"total", [](TableRecords& r) { r.cells[0].count = "53"; }, 1, "count"},
      {"status", [](TableRecords& r) { r.cells[2].status = "hidden"; }, 3, "status"},
      {"marker and published", [](TableRecords& r) { r.cells[2].count = "*"; r.cells[2].status = "published"; }, 3, "status"},
      {"true value differs", [](TableRecords& r) { r.cells[2].status = "suppressed"; r.cells[2].true_value = "21"; }, 3, "true_value"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    TableRecords r = records();
    c.spoil(r);
    InputError e = testing::expect_input_error([&] { build_table(dims(), r); });
    CHECK(e.where().file == "t1");
    CHECK(e.where().line == c.line);
    CHECK(e.where().field == c.field);
    CHECK(!e.message_ja().empty());
    CHECK(!e.message_en().empty());
  }
}

TEST_CASE("build_table: unknown or repeated dimensions are refused") {
  TableRecords r = records();
  r.dimensions = {"area", "age"};
  CHECK(testing::expect_input_error([&] { build_table(dims(), r); }).where().field == "age");
  r.dimensions = {"area", "area"};
  CHECK(testing::expect_input_error([&] { build_table(dims(), r); }).where().field == "area");
}

TEST_CASE("build_dimension: codes are checked as in a manifest") {
  InputError dup = testing::expect_input_error([] { build_dimension("sex", "", {{"0", "計", "", 1}, {"0", "男", "0", 2}}, "sex"); });
  CHECK(dup.where().line == 2);
  CHECK(dup.where().field == "code");
  InputError two_roots = testing::expect_input_error([] { build_dimension("sex", "", {{"0", "計", "", 1}, {"1", "男", "", 2}}, "sex"); });
  CHECK(two_roots.where().line == 2);
  InputError parent = testing::expect_input_error([] { build_dimension("sex", "", {{"0", "計", "", 1}, {"1", "男", "9", 2}}, "sex"); });
  CHECK(parent.where().field == "parent");
  CHECK(build_dimension("sex", "", {{"0", "計", "", 1}}, "sex").label() == "sex");
}
