// Tables about one code of a dimension without a column for it (manifest `fixed: {site: C25}`).
#include <doctest/doctest.h>

#include "hitoku/io/sha256.h"
#include "hitoku/ingest/table_writer.h"
#include "ingest_scratch.h"
#include "manifest_fixtures.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

const std::string kSample = std::string(HITOKU_TESTDATA) + "/sample/";

// The cells of a table by dimension id -> code, with value and status.
std::map<std::map<std::string, std::string>, std::pair<std::int64_t, CellStatus>> cells_of(const Submission& s,
                                                                                          const Table& t) {
  std::map<std::map<std::string, std::string>, std::pair<std::int64_t, CellStatus>> out;
  for (std::size_t f = 0; f < t.cell_count(); ++f) out[s.cell_key(t, f)] = {t.value[f], t.status[f]};
  return out;
}

const std::string kHeader = testing::manifest_head({testing::kHyogoAreas, testing::kSites}) + R"(  - id: t1
    file: t1.csv
    layout: long
    dimensions: {area: 市町コード}
    count: 罹患数
)";

}  // namespace

TEST_CASE("fixed: the sample's 表1 without a site column is the same table as with one") {
  Submission with_column = testing::load(kSample + "pass/manifest.yaml");
  SubmissionLayout layout;
  Submission fixed = testing::load(kSample + "fixed/manifest.yaml", &layout);
  const Table& a = with_column.tables[0];
  const Table& b = fixed.tables[0];
  REQUIRE(b.dims.size() == 3);
  CHECK(fixed.dimensions[b.dims[0]].id() == "site");  // fixed dimensions come first
  REQUIRE(b.codes[0].size() == 1);
  CHECK(fixed.dimensions[b.dims[0]].code(b.codes[0][0]) == "C25");
  CHECK(layout.of(b.id).fixed == std::vector<bool>{true, false, false});
  CHECK(cells_of(fixed, b) == cells_of(with_column, a));
  // 表4 is 表1 as a cross-tab (area down, sex across), also without a site column.
  const Table& t4 = fixed.tables[3];
  CHECK(layout.of(t4.id).layout == TableLayout::Wide);
  CHECK(cells_of(fixed, t4) == cells_of(with_column, a));
}

TEST_CASE("fixed: tables are written back without the fixed column, byte for byte, and read back the same") {
  SubmissionLayout layout;
  Submission sub = testing::load(kSample + "fixed/manifest.yaml", &layout);
  for (std::size_t i : {std::size_t{0}, std::size_t{3}}) {
    const Table& t = sub.tables[i];
    const TableFormat& f = layout.of(t.id);
    CAPTURE(t.id);
    CHECK(dimensions_without_column(t, f) == std::vector<bool>{true, false, false});
    CHECK(render_table(sub, t, f) == read_file_bytes(kSample + "fixed/" + f.file));
    if (!f.true_values_file.empty())
      CHECK(render_table(sub, t, f, TableContent::TrueValues) == read_file_bytes(kSample + "fixed/" + f.true_values_file));
  }
  Scratch s;
  write_submission(sub, layout, s.path("out.yaml"));
  CHECK(s.read("t1.csv").rfind("市町コード,性別,罹患数,真値\r\n", 0) == 0);
  CHECK(s.read("t4.csv").rfind("市町,計,男,女\r\n", 0) == 0);
  CHECK(s.read("out.yaml").find("fixed: {site: \"C25\"}") != std::string::npos);
  SubmissionLayout back_layout;
  Submission back = testing::load(s.path("out.yaml"), &back_layout);
  REQUIRE(back.tables.size() == sub.tables.size());
  for (std::size_t i = 0; i < sub.tables.size(); ++i) {
    CAPTURE(sub.tables[i].id);
    CHECK(back.tables[i].dims == sub.tables[i].dims);
    CHECK(back_layout.of(back.tables[i].id).fixed == layout.of(sub.tables[i].id).fixed);
    CHECK(cells_of(back, back.tables[i]) == cells_of(sub, sub.tables[i]));
  }
}

TEST_CASE("fixed: an unknown code, a fixed dimension that is also a column, and codes: for it are errors") {
  Scratch s;
  s.write("t1.csv", "市町コード,罹患数\n28000,30\n28100,20\n28201,10\n");
  // Without `fixed` the table is all sites; with it, pancreas only. Both read.
  CHECK(testing::load(s.write("ok.yaml", std::string(kHeader) + "    fixed: {site: C25}\n")).tables[0].codes[0].size() == 1);

  InputError unknown = testing::expect_input_error([&] { testing::load(s.write("m1.yaml", std::string(kHeader) + "    fixed: {site: C99}\n")); });
  CHECK(unknown.where().file == s.path("m1.yaml"));
  CHECK(unknown.where().line == 22);
  CHECK(unknown.where().field == "fixed");
  CHECK(unknown.message_en().find("'C99'") != std::string::npos);

  InputError both = testing::expect_input_error([&] { testing::load(s.write("m2.yaml", std::string(kHeader) + "    fixed: {area: \"28000\"}\n")); });
  CHECK(both.where().line == 22);
  CHECK(both.where().field == "fixed");
  CHECK(both.message_en().find("both fixed and a column") != std::string::npos);

  InputError codes = testing::expect_input_error([&] {
    testing::load(s.write("m3.yaml", std::string(kHeader) + "    fixed: {site: C25}\n    codes: {site: [C25]}\n"));
  });
  CHECK(codes.where().line == 23);
  CHECK(codes.where().field == "codes");
}
