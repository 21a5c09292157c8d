// Writing tables back: same bytes for an unchanged table, and a written set reads back the same.
#include <doctest/doctest.h>

#include "hitoku/io/sha256.h"
#include "hitoku/ingest/table_writer.h"
#include "ingest_scratch.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

const std::string kSample = std::string(HITOKU_TESTDATA) + "/sample/pass/";

void check_same_tables(const Submission& a, const SubmissionLayout& a_layout, const Submission& b,
                       const SubmissionLayout& b_layout) {
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t i = 0; i < a.tables.size(); ++i) {
    const Table& x = a.tables[i];
    const Table& y = b.tables[i];
    CAPTURE(x.id);
    CHECK(x.id == y.id);
    CHECK(x.title == y.title);
    CHECK(x.dims == y.dims);
    CHECK(x.codes == y.codes);
    CHECK(x.value == y.value);
    CHECK(x.status == y.status);
    const TableFormat& xf = a_layout.of(x.id);
    const TableFormat& yf = b_layout.of(y.id);
    CHECK(xf.layout == yf.layout);
    CHECK(xf.encoding == yf.encoding);
    CHECK(xf.marker == yf.marker);
    CHECK(xf.show_labels == yf.show_labels);
  }
}

}  // namespace

TEST_CASE("writer: an unchanged sample table renders to the bytes it was read from") {
  SubmissionLayout layout;
  Submission sub = testing::load(kSample + "manifest.yaml", &layout);
  REQUIRE(sub.tables.size() == 3);
  // t1 long UTF-8 with a true-value column, t2 wide CP932, t3 wide UTF-8 with BOM.
  for (const Table& t : sub.tables) {
    CAPTURE(t.id);
    const TableFormat& f = layout.of(t.id);
    CHECK(render_table(sub, t, f) == read_file_bytes(kSample + f.file));
    if (!f.true_values_file.empty())
      CHECK(render_table(sub, t, f, TableContent::TrueValues) == read_file_bytes(kSample + f.true_values_file));
  }
  CHECK(layout.of(sub.tables[1].id).encoding == TextEncoding::Cp932);
  CHECK(layout.of(sub.tables[2].id).encoding == TextEncoding::Utf8Bom);
}

TEST_CASE("writer: a written submission reads back the same, CP932 included") {
  SubmissionLayout layout;
  Submission sub = testing::load(kSample + "manifest.yaml", &layout);
  // Suppress one more published cell, as hitoku protect would, so the written set differs from the input.
  Table& t2 = sub.tables[1];
  std::size_t extra = 0;
  while (is_suppressed(t2.status[extra])) ++extra;
  t2.status[extra] = CellStatus::SuppressedSecondary;
  Scratch s;
  auto written = write_submission(sub, layout, s.path("out.yaml"));
  // t1 (true values in its 真値 column), t2 and t2_true, t3 (nothing suppressed, no true values), manifest.
  CHECK(written.size() == 5);
  SubmissionLayout back_layout;
  Submission back = testing::load(s.path("out.yaml"), &back_layout);
  // Statuses read back as "suppressed by user"; everything else is identical.
  t2.status[extra] = CellStatus::SuppressedByUser;
  check_same_tables(sub, layout, back, back_layout);
  CHECK(back.info.approval_number == sub.info.approval_number);
  CHECK(back.info.attribution == sub.info.attribution);
  REQUIRE(back.dimensions.size() == sub.dimensions.size());
  for (std::size_t d = 0; d < sub.dimensions.size(); ++d) {
    CHECK(back.dimensions[d].size() == sub.dimensions[d].size());
    for (int c = 0; c < sub.dimensions[d].size(); ++c) {
      CHECK(back.dimensions[d].code(c) == sub.dimensions[d].code(c));
      CHECK(back.dimensions[d].parent(c) == sub.dimensions[d].parent(c));
    }
  }
  // The input folder is untouched and the written t2 is still CP932 (no valid UTF-8 for its labels).
  CHECK(first_invalid_utf8(s.read("t2.csv")).has_value());
}

TEST_CASE("writer: refuses to overwrite its inputs") {
  Scratch s;
  s.write("t.csv", "市町,計,男,女\n兵庫県,3,2,1\n");
  const std::string manifest =
      "manifest_version: 1\npolicy: hyogo-2018\ndimensions:\n"
      "  area: {label: 市町, codes: [{code: \"28000\", label: 兵庫県}]}\n"
      "  sex: {label: 性別, codes: [{code: \"0\", label: 計}, {code: \"1\", label: 男, parent: \"0\"}, {code: \"2\", label: 女, parent: \"0\"}]}\n"
      "tables:\n  - {id: t, file: t.csv, layout: wide, rows: [area], columns: sex}\n";
  SubmissionLayout layout;
  Submission sub = testing::load(s.write("m.yaml", manifest), &layout);
  const std::string before = sha256_hex(s.read("t.csv"));
  CHECK_THROWS_AS(write_submission(sub, layout, s.path("again.yaml")), InputError);
  CHECK(sha256_hex(s.read("t.csv")) == before);
}

TEST_CASE("writer: a table built in memory gets headers and reads back") {
  Scratch s;
  s.write("t.csv", "市町,計,男,女\n兵庫県,3,2,1\n");
  const std::string manifest =
      "manifest_version: 1\npolicy: hyogo-2018\ndimensions:\n"
      "  area: {label: 市町, codes: [{code: \"28000\", label: 兵庫県}]}\n"
      "  sex: {label: 性別, codes: [{code: \"0\", label: 計}, {code: \"1\", label: 男, parent: \"0\"}, {code: \"2\", label: 女, parent: \"0\"}]}\n"
      "tables:\n  - {id: t, file: t.csv, layout: wide, rows: [area], columns: sex}\n";
  SubmissionLayout layout;
  Submission sub = testing::load(s.write("m.yaml", manifest), &layout);
  Table built;
  built.id = "b";
  built.dims = {1};
  built.codes = {{0, 1, 2}};
  built.value = {3, 2, 1};
  built.status = {CellStatus::Published, CellStatus::SuppressedPrimary, CellStatus::SuppressedPrimary};
  sub.tables.push_back(built);
  Scratch out;
  write_submission(sub, layout, out.path("m.yaml"));  // no format for "b": the defaults
  // Long by default: header 性別,件数; codes and the marker "*" only, so the file can be printed as it is.
  // The true values of the suppressed cells go to a file of their own.
  CHECK(out.read("b.csv") == "性別,件数\r\n0,3\r\n1,*\r\n2,*\r\n");
  CHECK(out.read("b_true.csv") == "性別,件数\r\n0,3\r\n1,2\r\n2,1\r\n");
  Submission back = testing::load(out.path("m.yaml"));
  CHECK(back.tables[1].value == built.value);
}
