// Derived values of tables built from a table plan (issue 19): the plan declares rates, percentages
// and age-standardised rates; the built tables carry the values computed from the true counts; the
// audit treats them as manifest-declared ones; protect withholds those of suppressed counts and
// writes them. Verdicts are cross-checked by brute force over integer counts written here.
#include <doctest/doctest.h>

#include "derived_rounding.h"

#include <set>
#include <map>
#include <tuple>

#include "hitoku/ingest/csv.h"
#include "hitoku/ingest/load_submission.h"
#include "hitoku/ingest/table_writer.h"
#include "hitoku/registry/table_plan.h"
#include "hitoku/rules/check.h"
#include "hitoku/workflow/protect.h"
#include "hitoku/workflow/tables.h"
#include "registry_test_util.h"

using namespace hitoku;
using hitoku::test::ScratchDir;

namespace {

using testing::Wide;
using testing::printed_rate;
using testing::digits;

const std::string kHeader = "行番号,提供情報患者番号,多重がん番号,集約性別,診断時年齢,集約診断病院コード\n";

// One record per patient: sex, age; hospitals spread over five codes.
std::string extract(const std::vector<std::pair<int, int>>& records) {
  std::string s = kHeader;
  for (std::size_t i = 0; i < records.size(); ++i)
    s += std::to_string(i + 1) + "," + std::to_string(i + 1) + ",0," + std::to_string(records[i].first) + "," +
         std::to_string(records[i].second) + ",A000" + std::to_string(i % 5 + 1) + "\n";
  return s;
}

// 男 1 record (age 67), 女 12 records (ages 30..85).
std::vector<std::pair<int, int>> kRecords() {
  std::vector<std::pair<int, int>> r = {{1, 67}};
  for (int i = 0; i < 12; ++i) r.push_back({2, 30 + 5 * i});
  return r;
}

std::string plan(const std::string& tables) {
  return "plan_version: 1\n"
         "policy: hyogo-2018\n"
         "extract: {path: extract.csv}\n"
         "dimensions:\n"
         "  - {id: sex, label: 性別, field: 集約性別, recode: sex, unknown: error}\n"
         "  - {id: age, label: 年齢, field: 診断時年齢, recode: {kind: age, width: 40, top: 80}, unknown: error}\n"
         "tables:\n" +
         tables;
}

std::string rate_table(int decimals) {
  return "  - id: by_sex\n"
         "    title: 表1\n"
         "    dimensions: [sex]\n"
         "    derived:\n"
         "      - {column: 粗罹患率, kind: rate, per: 100000, decimals: " + std::to_string(decimals) +
         ", population: {file: pop.csv, column: 人口}}\n";
}

const std::string kPop = "sex,人口\ntotal,1000000\n1,250000\n2,750000\n";

std::size_t flat_of(const Submission& sub, const Table& t, const std::vector<std::string>& codes) {
  std::vector<int> pos;
  for (std::size_t d = 0; d < t.dims.size(); ++d) {
    const int code = sub.dimensions[t.dims[d]].find(codes[d]);
    const auto it = std::find(t.codes[d].begin(), t.codes[d].end(), code);
    REQUIRE(it != t.codes[d].end());
    pos.push_back(static_cast<int>(it - t.codes[d].begin()));
  }
  return t.flat_index(pos);
}

Submission build(const ScratchDir& dir, const std::string& tables, const std::string& pop = kPop,
                 SubmissionLayout* layout = nullptr) {
  dir.file("extract.csv", extract(kRecords()));
  dir.file("pop.csv", pop);
  return build_submission_from_plan(dir.file("plan.yaml", plan(tables)), nullptr, layout);
}

InputError plan_error(const std::string& tables, const std::string& pop = kPop, const std::string& extra_file = "",
                      const std::string& extra_text = "") {
  ScratchDir dir;
  if (!extra_file.empty()) dir.file(extra_file, extra_text);
  try {
    build(dir, tables, pop);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no input error");
  return InputError({}, "", "");
}

const Finding* finding(const Report& r, const std::string& text) {
  for (const auto& f : r.findings)
    if ((f.rule == "4" || f.rule == "5") && f.severity == Severity::Error && f.reason_ja.find(text) != std::string::npos) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("plan: a rate column is computed from the true counts and rounded as declared") {
  ScratchDir dir;
  SubmissionLayout layout;
  const Submission sub = build(dir, rate_table(2), kPop, &layout);
  const Table& t = sub.tables[0];
  REQUIRE(t.derived.size() == 1);
  const DerivedColumn& c = t.derived[0];
  CHECK(c.header == "粗罹患率");
  CHECK(layout.of(t.id).other_headers == std::vector<std::string>{"粗罹患率"});
  for (const auto& [code, count, pop] : std::vector<std::tuple<std::string, int, int>>{{"total", 13, 1000000}, {"1", 1, 250000}, {"2", 12, 750000}}) {
    const std::size_t f = flat_of(sub, t, {code});
    CHECK(t.value[f] == count);
    CHECK(c.values[f].published());
    CHECK(c.values[f].text == digits(printed_rate(count, pop, 100000, 2), 2));  // 1.30, 0.40, 1.60
  }
  // The population file is an input of the report.
  CHECK(std::any_of(sub.inputs.begin(), sub.inputs.end(), [](const InputFile& f) { return f.role == "population"; }));
}

TEST_CASE("plan: a rate revealing a user-suppressed 1 fails naming the rate (brute force agrees), fewer decimals pass") {
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    ScratchDir dir;
    Submission sub = build(dir, rate_table(decimals));
    Table& t = sub.tables[0];
    const std::size_t m = flat_of(sub, t, {"1"}), w = flat_of(sub, t, {"2"});
    t.status[m] = CellStatus::SuppressedByUser;  // the user hides 男 = 1 and 女 = 12; the rates stay printed
    t.status[w] = CellStatus::SuppressedByUser;
    const Report r = check(sub);
    // Brute force: m + w = 13 (the total is published), each printed rate as built.
    std::set<int> values_m;
    for (int x = 0; x <= 13; ++x)
      if (t.derived[0].values[m].scaled == printed_rate(x, 250000, 100000, decimals) &&
          t.derived[0].values[w].scaled == printed_rate(13 - x, 750000, 100000, decimals))
        values_m.insert(x);
    REQUIRE(values_m.count(1) == 1);
    const bool pinned = values_m.size() == 1;
    CHECK(pinned == (decimals == 1));
    const Finding* f = finding(r, "粗罹患率");
    CHECK((f != nullptr) == pinned);
    CHECK(r.passed == !pinned);
    if (f) CHECK(f->reason_en.find("0.4 × 250,000 / 100,000 = 1") != std::string::npos);
  }
}

TEST_CASE("plan: percentages of a base cell and age-standardised rates match an independent computation") {
  ScratchDir dir;
  dir.file("std.csv", "age,重み\n00-39,50\n40-79,40\n80+,10\n");
  const std::string tables =
      "  - id: sex_age\n"
      "    dimensions: [sex, age]\n"
      "    derived:\n"
      "      - {column: 構成比, kind: percent, base: {age: total}, decimals: 1}\n"
      "      - {column: 年齢調整率, kind: standardised_rate, age: age, decimals: 2, rounding: half_even,\n"
      "         population: {file: pop2.csv, column: 人口}, standard: {file: std.csv, column: 重み}}\n";
  std::string pop = "sex,age,人口\n";
  for (const char* s : {"total", "1", "2"})
    for (const char* a : {"00-39", "40-79", "80+"}) pop += std::string(s) + "," + a + ",100000\n";
  dir.file("pop2.csv", pop);
  const Submission sub = build(dir, tables);
  const Table& t = sub.tables[0];
  REQUIRE(t.derived.size() == 2);
  // 女: ages 30..85 step 5: 00-39 = 2 (30, 35), 40-79 = 8, 80+ = 2; 男: 40-79 = 1.
  const std::size_t w_young = flat_of(sub, t, {"2", "00-39"}), w_total = flat_of(sub, t, {"2", "total"});
  CHECK(t.value[w_young] == 2);
  CHECK(t.derived[0].values[w_young].text == "16.7");  // 2 / 12 = 16.666…%
  CHECK(t.derived[0].values[w_total].text == "100.0");
  // Direct method: (50·2 + 40·8 + 10·2) / 100 per 100,000 of 100,000 each = 4.40.
  CHECK(t.derived[1].values[w_total].text == "4.40");
  CHECK(t.derived[1].values[w_young].state == DerivedValue::State::Blank);  // a single age band: not printed
  const std::size_t m_total = flat_of(sub, t, {"1", "total"});
  CHECK(t.derived[1].values[m_total].text == "0.40");  // 40·1 / 100
  // A percent whose base is 0 is left blank: 男 has no record aged 00-39, so its base (男, total) = 1 > 0 is used.
  const std::size_t m_young = flat_of(sub, t, {"1", "00-39"});
  CHECK(t.derived[0].values[m_young].text == "0.0");
}

TEST_CASE("plan: bad derived declarations and populations exit 2 naming file, line and field") {
  SUBCASE("an unknown key") {
    const InputError e = plan_error("  - id: by_sex\n    dimensions: [sex]\n    derived:\n"
                                    "      - {column: r, kind: rate, perr: 1000, population: {file: pop.csv, column: 人口}}\n");
    CHECK(e.where().file.find("plan.yaml") != std::string::npos);
    CHECK(e.where().line == 11);
    CHECK(e.where().field == "perr");
  }
  SUBCASE("decimals out of range") {
    const InputError e = plan_error("  - id: by_sex\n    dimensions: [sex]\n    derived:\n"
                                    "      - {column: r, kind: rate, decimals: 7, population: {file: pop.csv, column: 人口}}\n");
    CHECK(e.where().line == 11);
    CHECK(e.where().field == "decimals");
  }
  SUBCASE("a population missing for a cell") {
    const InputError e = plan_error(rate_table(1), "sex,人口\ntotal,1000000\n1,250000\n");
    CHECK(e.where().file.find("plan.yaml") != std::string::npos);
    CHECK(e.where().line == 12);
    CHECK(e.where().field == "population");
    CHECK(std::string(e.what()).find("sex=2") != std::string::npos);
  }
  SUBCASE("a population of 0") {
    const InputError e = plan_error(rate_table(1), "sex,人口\ntotal,1000000\n1,0\n2,750000\n");
    CHECK(e.where().file.find("pop.csv") != std::string::npos);
    CHECK(e.where().line == 3);
  }
  SUBCASE("a negative population") {
    const InputError e = plan_error(rate_table(1), "sex,人口\ntotal,1000000\n1,-5\n2,750000\n");
    CHECK(e.where().file.find("pop.csv") != std::string::npos);
    CHECK(e.where().line == 3);
  }
  SUBCASE("a base dimension not in the table") {
    const InputError e = plan_error("  - id: by_sex\n    dimensions: [sex]\n    derived:\n"
                                    "      - {column: p, kind: percent, base: {age: total}}\n");
    CHECK(e.where().line == 11);
    CHECK(e.where().field == "base");
  }
  SUBCASE("a base code not in the table") {
    const InputError e = plan_error("  - id: by_sex\n    dimensions: [sex]\n    derived:\n"
                                    "      - {column: p, kind: percent, base: {sex: \"9\"}}\n");
    CHECK(e.where().file.find("plan.yaml") != std::string::npos);
    CHECK(e.where().line == 11);
  }
  SUBCASE("a column header taken by a dimension") {
    const InputError e = plan_error("  - id: by_sex\n    dimensions: [sex]\n    derived:\n"
                                    "      - {column: 性別, kind: percent, base: {sex: total}}\n");
    CHECK(e.where().line == 11);
    CHECK(e.where().field == "column");
  }
  SUBCASE("a population file outside the plan's folder") {
    const InputError e = plan_error("  - id: by_sex\n    dimensions: [sex]\n    derived:\n"
                                    "      - {column: r, kind: rate, population: {file: /etc/passwd, column: 人口}}\n");
    CHECK(e.where().line == 11);
    CHECK(e.where().field == "tables.derived.population.file");
  }
}

TEST_CASE("plan protect: rates of suppressed counts are withheld, the written tables carry them and read back safe") {
  ScratchDir in, out;
  SubmissionLayout layout;
  const Submission input = build(in, rate_table(1), kPop, &layout);
  const workflow::GatedProtection run = workflow::protect_and_gate(input, {});
  REQUIRE(run.ok());
  workflow::ProtectOutputs outputs;
  outputs.outdir = out.path("publish");
  workflow::GatedProtection copy = run;
  workflow::write_protected(copy, input, layout, {}, outputs);
  // Read the written table as a user would: its header, and per row the count and the rate.
  std::vector<std::vector<std::string>> rows;
  for (const CsvRow& row : read_csv_file(out.path("publish/by_sex.csv")).rows) rows.push_back(row.fields);
  REQUIRE(rows.size() == 4);
  REQUIRE(rows[0].size() == 3);
  CHECK(rows[0][2] == "粗罹患率");
  std::map<std::string, std::pair<std::string, std::string>> shown;  // code -> (count, rate)
  for (std::size_t i = 1; i < rows.size(); ++i) shown[rows[i][0]] = {rows[i][1], rows[i][2]};
  REQUIRE(shown.count("1") == 1);
  CHECK(shown["1"].first == "*");   // 男 = 1: rule ②
  CHECK(shown["1"].second == "*");  // and its rate withheld with it
  CHECK(shown["2"].first == "*");   // 女: the complement
  CHECK(shown["2"].second == "*");
  CHECK(shown["total"].first == "13");
  CHECK(shown["total"].second == digits(printed_rate(13, 1000000, 100000, 1), 1));
  // Independent re-audit of what is printed: every integer split of the total consistent with the
  // printed values leaves each hidden cell at least two values.
  auto consistent = [&](int x) {  // 男 = x, 女 = 13 - x against every printed count and rate
    const std::vector<std::tuple<std::string, int, int>> cells = {{"1", x, 250000}, {"2", 13 - x, 750000}};
    for (const auto& [code, value, pop] : cells) {
      const auto& [count, rate] = shown[code];
      if (count != "*" && std::stoi(count) != value) return false;
      if (rate != "*" && rate != digits(printed_rate(value, pop, 100000, 1), 1)) return false;
    }
    return true;
  };
  std::set<int> m_values;
  for (int x = 0; x <= 13; ++x)
    if (consistent(x)) m_values.insert(x);
  CHECK(m_values.count(1) == 1);
  CHECK(m_values.size() >= 2);
  // The written manifest reads back with the derived column and passes.
  const Report again = check(load_submission(out.path("publish/manifest.yaml")));
  CHECK(again.passed);
}

TEST_CASE("plan tables: the wide copies carry each derived column as a block of the same layout") {
  ScratchDir in, out;
  SubmissionLayout layout;
  const Submission input = build(in, rate_table(1), kPop, &layout);
  workflow::TablesRequest request;
  request.outdir = out.path("tables");
  const workflow::TablesRun run = workflow::write_tables(input, layout, request);
  const std::string block = out.path("tables/by_sex_粗罹患率_wide.csv");
  CHECK(std::find(run.written.begin(), run.written.end(), block) != run.written.end());
  // The block has the counts' wide shape: one row of headings, one row of values (sex runs across).
  const auto counts = read_csv_file(out.path("tables/by_sex_wide.csv")).rows;
  const auto rates = read_csv_file(block).rows;
  REQUIRE(rates.size() == counts.size());
  REQUIRE(rates.size() == 2);
  CHECK(rates[0].fields == counts[0].fields);
  REQUIRE(rates[1].fields.size() == 3);
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected = {{13, 1000000}, {1, 250000}, {12, 750000}};
  for (std::size_t k = 0; k < expected.size(); ++k)
    CHECK(rates[1].fields[k] == digits(printed_rate(expected[k].first, expected[k].second, 100000, 1), 1));
}
