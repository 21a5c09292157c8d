// Excel workbooks: numbers as their format shows them (decimal rounding, never binary), cells named
// 表1!C7, and a workbook written by hitoku reading back to the rows it was written from.
#include <doctest/doctest.h>

#include "hitoku/ingest/load_submission.h"
#include "hitoku/ingest/table_writer.h"
#include "ingest/table_rows.h"
#include "ingest/xlsx_reader.h"
#include "ingest_scratch.h"

using namespace hitoku;
using hitoku::testing::Scratch;

TEST_CASE("xlsx: numbers read as their number format shows them, rounded in decimal") {
  using ingest::format_cell_number;
  CHECK(format_cell_number("28000", "") == "28000");
  CHECK(format_cell_number("1234", "#,##0") == "1234");  // separators do not change the value
  CHECK(format_cell_number("12.0", "General") == "12");
  CHECK(format_cell_number("12.345", "0.0") == "12.3");
  CHECK(format_cell_number("12.35", "0.0") == "12.4");    // half away from zero, in decimal
  CHECK(format_cell_number("1.005", "0.00") == "1.01");   // binary 1.005 lies below it; Excel shows 1.01 too
  CHECK(format_cell_number("-2.25", "0.0") == "-2.3");
  CHECK(format_cell_number("9.96", "0.0") == "10.0");
  CHECK(format_cell_number("0.1234", "0.0%") == "12.3");
  CHECK(format_cell_number("1.5E-2", "0.00") == "0.02");
  CHECK(format_cell_number("3.1", "0.0#") == "3.1");
  CHECK(format_cell_number("3.14159", "0.0#") == "3.14");
}

TEST_CASE("xlsx: a number format that hides stored digits, and date formats") {
  using ingest::format_hides_digits;
  CHECK(format_hides_digits("0.005333333333333333", "0%"));  // shows 1, stores 0.5333…%
  CHECK(format_hides_digits("16953.4", "#,##0"));
  CHECK(format_hides_digits("12.345", "0.0"));
  CHECK_FALSE(format_hides_digits("0.01", "0%"));
  CHECK_FALSE(format_hides_digits("0.123", "0.0%"));
  CHECK_FALSE(format_hides_digits("12.3", "0.00"));               // shown 12.30: the same number
  CHECK_FALSE(format_hides_digits("0.30000000000000004", "0.0"));  // Excel's 15 significant digits
  CHECK_FALSE(format_hides_digits("0.12345678", "General"));       // General shows what is stored
  CHECK_FALSE(format_hides_digits("28000", ""));
  CHECK_FALSE(format_hides_digits("0", "0.0"));
  CHECK(format_hides_digits("-0.001", "0.0"));
  using ingest::date_format;
  CHECK(date_format("m月d日"));
  CHECK(date_format("yyyy/m/d"));
  CHECK(date_format("[$-411]ge.m.d"));
  CHECK(date_format("h:mm"));
  CHECK(date_format("[h]:mm:ss"));
  CHECK_FALSE(date_format("General"));
  CHECK_FALSE(date_format("#,##0\"人\""));
  CHECK_FALSE(date_format("[Red]#,##0;[Blue]-#,##0"));
  CHECK_FALSE(date_format("0.0%"));
  CHECK_FALSE(date_format("#,##0_);(#,##0)"));
  CHECK(ingest::date_text("45300") == "2024/1/9");
  CHECK(ingest::date_text("1826") == "1904/12/30");
}

TEST_CASE("xlsx: a workbook cell is named as Excel names it") {
  SourcePos p{"tables.xlsx", 7, "罹患数"};
  p.sheet = "表1";
  p.column = 3;
  CHECK(p.describe() == "tables.xlsx 表1!C7 [罹患数]");
  p.column = 0;
  CHECK(p.describe() == "tables.xlsx 表1!7:7 [罹患数]");
  CHECK(column_letters(27) == "AA");
  CHECK(column_letters(16384) == "XFD");
  CHECK(SourcePos("t1.csv", 7, "罹患数").describe() == "t1.csv:7 [罹患数]");
}

TEST_CASE("xlsx: a workbook written by hitoku reads back to the rows it was written from") {
  SubmissionLayout layout;
  const Submission sub = load_submission(std::string(HITOKU_TESTDATA) + "/sample/pass/manifest.yaml", &layout);
  Scratch dir;
  std::vector<WorkbookSheetOut> sheets;
  for (const Table& t : sub.tables) sheets.push_back({t.id, &t, layout.of(t.id), TableContent::Published});
  const std::string path = dir.write("book.xlsx", render_workbook(sub, sheets, dir.path("")));
  for (const Table& t : sub.tables) {
    CAPTURE(t.id);
    const ingest::WorkbookSheet read = ingest::read_workbook_sheet(path, "book.xlsx", t.id);
    std::vector<std::vector<std::string>> expected = table_rows(sub, t, layout.of(t.id), TableContent::Published).rows;
    REQUIRE(read.rows.size() == expected.size());
    for (std::size_t r = 0; r < expected.size(); ++r) {
      while (!expected[r].empty() && expected[r].back().empty()) expected[r].pop_back();
      std::vector<std::string> got = read.rows[r].fields;
      while (!got.empty() && got.back().empty()) got.pop_back();
      CHECK(got == expected[r]);
      CHECK(read.rows[r].line == static_cast<long>(r) + 1);
    }
  }
  // Nothing but the workbook itself was left in the folder.
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path(""))) files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 1);
}

TEST_CASE("xlsx: a file that is not a zip, and .xls, are input errors naming the file") {
  Scratch dir;
  const std::string bad = dir.write("t.xlsx", "not a zip at all");
  CHECK_THROWS_AS(ingest::read_workbook_sheet(bad, "t.xlsx", ""), InputError);
  CHECK_THROWS_AS(ingest::refuse_other_spreadsheets("old.xls", "old.xls"), InputError);
  CHECK_NOTHROW(ingest::refuse_other_spreadsheets("t1.csv", "t1.csv"));
}
