// Derived values of wide tables (issue 19): the rates are printed as a second wide table of the same
// layout (manifest `derived: [{name, file, ...}]`, docs/formats.md §2.1). A rate that gives a suppressed
// count away fails, with fewer decimals the table passes; each verdict is cross-checked by a brute force
// over the integer counts written here (not the engine's audit). Bad blocks are input errors naming
// file, line and field.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "hitoku/derived/derived_values.h"
#include "hitoku/ingest/table_writer.h"
#include "hitoku/rules/check.h"
#include "derived_rounding.h"
#include "ingest_scratch.h"
#include "manifest_fixtures.h"
#include "test_support.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

using testing::digits;
using testing::printed_rate;

// Rows area (0 = total, a1, a2, a3), columns sex (0 = total, 1 = 男, 2 = 女). The four cells a1/a2 × 男/女
// are suppressed; everything else is published (and at least 10, rule ②). With x = a1 男:
// a1 女 = 12 - x, a2 男 = 13 - x, a2 女 = 12 + x.
const std::map<std::string, std::vector<std::int64_t>> kCounts = {
    {"0", {77, 33, 44}}, {"a1", {12, 1, 11}}, {"a2", {25, 12, 13}}, {"a3", {40, 20, 20}}};
const std::vector<std::string> kRows = {"0", "a1", "a2", "a3"};

std::int64_t population(const std::string& area, int sex) {
  if ((area == "a1" || area == "a2") && sex == 2) return 1000000;
  if (area == "a1" || area == "a2") return 250000;
  return 500000;
}

std::string manifest(const std::string& derived) {
  return testing::manifest_head({testing::kTowns, testing::kSexes}) + R"(  - id: w
    title: 表
    file: w.csv
    layout: wide
    rows: [area]
    columns: sex
    true_values: w_true.csv
    derived:
)" + derived;
}

std::string rate_decl(int decimals, const std::string& file = "w_rate.csv") {
  return "      - {name: 粗罹患率, file: " + file + ", kind: rate, decimals: " + std::to_string(decimals) +
         ", population: {file: pop.csv, column: 人口}}\n";
}

// Writes the counts, their true values, the populations and the block of rates with `decimals`.
void write_tables(Scratch& s, int decimals) {
  std::string counts = "市町,0,1,2\n", truth = counts, rates = counts, pop = "市町,性別,人口\n";
  for (const auto& area : kRows) {
    counts += area;
    truth += area;
    rates += area;
    for (int sex = 0; sex < 3; ++sex) {
      const std::int64_t v = kCounts.at(area)[static_cast<std::size_t>(sex)];
      const bool hidden = (area == "a1" || area == "a2") && sex > 0;
      counts += "," + (hidden ? std::string("*") : std::to_string(v));
      truth += "," + std::to_string(v);
      rates += "," + digits(printed_rate(v, population(area, sex), 100000, decimals), decimals);
      pop += area + "," + std::to_string(sex) + "," + std::to_string(population(area, sex)) + "\n";
    }
    counts += "\n";
    truth += "\n";
    rates += "\n";
  }
  s.write("w.csv", counts);
  s.write("w_true.csv", truth);
  s.write("w_rate.csv", rates);
  s.write("pop.csv", pop);
}

// Brute force: every x = a1 男 in 0..12 whose four suppressed cells print the rates shown.
std::set<int> feasible_x(int decimals) {
  std::set<int> out;
  for (int x = 0; x <= 12; ++x) {
    const std::vector<std::pair<std::int64_t, std::int64_t>> cells = {
        {x, population("a1", 1)}, {12 - x, population("a1", 2)}, {13 - x, population("a2", 1)}, {12 + x, population("a2", 2)}};
    const std::vector<std::int64_t> truth = {1, 11, 12, 13};
    bool ok = true;
    for (std::size_t k = 0; k < cells.size(); ++k)
      ok = ok && cells[k].first >= 0 &&
           printed_rate(cells[k].first, cells[k].second, 100000, decimals) == printed_rate(truth[k], cells[k].second, 100000, decimals);
    if (ok) out.insert(x);
  }
  return out;
}

// The error is at `line` of the block file (and its `field`, when given).
void at_block(const InputError& e, long line, const std::string& field = "") {
  CHECK(e.where().file.find("w_rate.csv") != std::string::npos);
  CHECK(e.where().line == line);
  if (!field.empty()) CHECK(e.where().field == field);
}

bool names_rate(const Report& r, const std::string& cell) {
  for (const auto& f : r.findings)
    if (f.rule == "4" && f.severity == Severity::Error && f.cell_label.find(cell) != std::string::npos &&
        f.reason_ja.find("粗罹患率") != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("wide table: a block of rates that pins a suppressed count fails, with no decimals it passes (brute force)") {
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    Scratch s;
    write_tables(s, decimals);
    Submission sub = testing::load(s.write("m.yaml", manifest(rate_decl(decimals))));
    REQUIRE(sub.tables[0].derived.size() == 1);
    const DerivedColumn& c = sub.tables[0].derived[0];
    CHECK(c.file == "w_rate.csv");
    long long printed = 0;
    for (const auto& v : c.values) printed += v.published() ? 1 : 0;
    CHECK(printed == 12);
    const Report r = check(sub);
    const std::set<int> x = feasible_x(decimals);
    REQUIRE(x.count(1) == 1);
    const bool pinned = x.size() == 1;
    CHECK(pinned == (decimals == 1));
    CHECK(r.passed == !pinned);
    CHECK(names_rate(r, "甲町 × 男") == pinned);
    sub.policy.attacker_knows_populations = false;  // the rates then tell nothing: the 2 x 2 rectangle stays open
    CHECK(check(sub).passed);
  }
}

TEST_CASE("wide table: withheld rates are written back as the marker in the block, in the table's layout") {
  Scratch s;
  write_tables(s, 1);
  SubmissionLayout layout;
  Submission sub = testing::load(s.write("m.yaml", manifest(rate_decl(1))), &layout);
  CHECK(withhold_dependent_derived_values(sub) == 4);
  const Table& t = sub.tables[0];
  const std::string block = render_derived_block(sub, t, layout.of(t.id), t.derived[0]);
  CHECK(block.find("市町,0,1,2") == 0);  // the counts' header, not a long layout
  CHECK(block.find("a1,4.8,*,*") != std::string::npos);  // a1's total (12 of 250,000) is published: its rate stays
  CHECK(block.find("a3,8.0,4.0,4.0") != std::string::npos);
}

TEST_CASE("wide table: bad blocks of derived values are input errors naming file, line and field") {
  Scratch s;
  write_tables(s, 1);
  auto error_with = [&](const std::string& decl) {
    return testing::expect_input_error([&] { testing::load(s.write("m.yaml", manifest(decl))); });
  };
  SUBCASE("a value for a cell the table does not have") {
    s.write("w.csv", "市町,0,1,2\na1,5,*,*\na2,17,*,*\n");
    s.write("w_true.csv", "市町,0,1,2\na1,5,1,4\na2,17,5,12\n");
    s.write("w_rate.csv", "市町,0,1,2\na1,2.0,0.4,1.6\na2,6.8,2.0,1.2\na3,7.6,4.0,3.6\n");
    const InputError e = error_with(rate_decl(1));
    at_block(e, 4);
    CHECK(std::string(e.what()).find("a3") != std::string::npos);
  }
  SUBCASE("a population missing for a printed rate: the block's cell") {
    s.write("pop.csv", "市町,性別,人口\n0,0,500000\n");
    at_block(error_with(rate_decl(1)), 2, "1");
  }
  SUBCASE("a negative rate") {
    s.write("w_rate.csv", "市町,0,1,2\n0,-1.0,,\n");
    at_block(error_with(rate_decl(1)), 2);
  }
  SUBCASE("a heading of the block that is no column code stays an error") {
    s.write("w_rate.csv", "市町,0,1,2,備考\n0,12.0,5.2,6.8,\n");
    at_block(error_with(rate_decl(1)), 1, "備考");
  }
  SUBCASE("more decimals than declared") {
    at_block(error_with(rate_decl(0)), 2);
  }
  SUBCASE("a long table's `column` on a wide table, a missing file, a sheet of a CSV file") {
    CHECK(error_with("      - {column: 率, kind: rate, population: {file: pop.csv, column: 人口}}\n").where().field == "column");
    CHECK(error_with("      - {name: 率, kind: rate, population: {file: pop.csv, column: 人口}}\n").where().field == "file");
    CHECK(error_with("      - {name: 率, file: w_rate.csv, sheet: 表1, kind: rate, population: {file: pop.csv, column: 人口}}\n")
              .where()
              .field == "sheet");
  }
  SUBCASE("the block file does not exist") {
    const InputError e = error_with(rate_decl(1, "nothing.csv"));
    CHECK(e.where().file.find("nothing.csv") != std::string::npos);
  }
}
