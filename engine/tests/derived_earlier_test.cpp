// Derived values in earlier publications (rule ⑤, issue 19): a rate printed in an earlier publication
// beside a count suppressed there bounds the same cell of this submission; one that pins a count now
// suppressed gives it away. Verdicts cross-checked by a brute force over integer counts written here.
#include <doctest/doctest.h>

#include <set>

#include "hitoku/rules/check.h"
#include "ingest_scratch.h"
#include "derived_rounding.h"
#include "manifest_fixtures.h"
#include "test_support.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

using testing::Wide;
using testing::printed_rate;
using testing::digits;

// This submission: total 30, a1 = 1 and a2 = 12 suppressed, a3 = 17; no derived values of its own.
const std::string kManifest = testing::manifest_head({testing::kTowns}) + testing::kTownTable + R"(earlier_publications:
  - id: e1
    title: 年報2019
    file: e1.csv
    layout: long
    dimensions: {area: 市町}
    count: 罹患数
    true_value_column: 真値
    derived:
)";

const Finding* finding(const Report& r, const std::string& rule, const std::string& text) {
  for (const auto& f : r.findings)
    if (f.rule == rule && f.severity == Severity::Error && f.reason_ja.find(text) != std::string::npos) return &f;
  return nullptr;
}

// Brute force: the values x in 0..max_x of a suppressed count whose derived value, computed by `shown`,
// prints as `printed`.
template <class Shown>
std::set<int> feasible(int max_x, std::int64_t printed, Shown shown) {
  std::set<int> out;
  for (int x = 0; x <= max_x; ++x)
    if (shown(x) == printed) out.insert(x);
  return out;
}

std::string rate_entry(int decimals) {
  return "      - {column: 粗罹患率, kind: rate, decimals: " + std::to_string(decimals) +
         ", population: {file: pop.csv, column: 人口}}\n";
}

// The rule's error finding on a cell whose label holds `label`.
const Finding* cell_error(const Report& r, const std::string& rule, const std::string& label) {
  for (const auto& f : r.findings)
    if (f.rule == rule && f.severity == Severity::Error && f.cell_label.find(label) != std::string::npos) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("earlier publication: a rate beside a count suppressed there pins the count suppressed now (rule 5)") {
  const std::int64_t pop = 250000;
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    const std::int64_t printed = printed_rate(1, pop, 100000, decimals);
    Scratch s;
    s.write("t1.csv", "市町,罹患数,真値\n0,30,\na1,*,1\na2,*,12\na3,17,\n");
    s.write("e1.csv", "市町,罹患数,粗罹患率,真値\n0,30,,\na1,*," + digits(printed, decimals) + ",1\na2,*,,12\na3,17,,\n");
    s.write("pop.csv", "市町,人口\n0,1000000\na1,250000\na2,250000\na3,500000\n");
    const Report r = check(testing::load(s.write("m.yaml", kManifest + rate_entry(decimals))));
    // Brute force: a1 + a2 = 30 - 17 (both tables), a1's rate in e1 as printed.
    const std::set<int> a1 = feasible(13, printed, [&](int x) { return printed_rate(x, pop, 100000, decimals); });
    REQUIRE(a1.count(1) == 1);
    const bool pinned = a1.size() == 1;
    CHECK(pinned == (decimals == 1));
    const Finding* f = finding(r, "5", "粗罹患率");
    CHECK((f != nullptr) == pinned);
    if (f) {
      CHECK(f->table == "t1");
      CHECK(f->reason_ja.find("既公表「e1」") != std::string::npos);
    }
    CHECK(finding(r, "4", "粗罹患率") == nullptr);  // rule ④ is this submission alone
    CHECK(r.passed == !pinned);
  }
}

TEST_CASE("earlier publication: a share over two cells suppressed there is an exact range of the audit (brute force)") {
  // This submission: total 300, a1 = 1 and a2 = 112 suppressed, a3 = 187. The earlier table suppressed
  // its total too and printed a1's share of it: 100·a1/T over two suppressed cells of e1.
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    const std::int64_t printed = printed_rate(1, 300, 100, decimals);  // 0.3 or 0
    Scratch s;
    s.write("t1.csv", "市町,罹患数,真値\n0,300,\na1,*,1\na2,*,112\na3,187,\n");
    s.write("e1.csv", "市町,罹患数,割合,真値\n0,*,,300\na1,*," + digits(printed, decimals) + ",1\na2,*,,112\na3,187,,\n");
    const auto m = s.write("m.yaml", kManifest + "      - {column: 割合, kind: percent, base: {area: \"0\"}, decimals: " +
                                         std::to_string(decimals) + "}\n");
    const Report r = check(testing::load(m));
    // Brute force: a1 + a2 = 300 - 187 (t1), the total is 300 (t1), a1's share of it prints as in e1.
    const std::set<int> a1 = feasible(113, printed, [&](int x) { return printed_rate(x, 300, 100, decimals); });
    REQUIRE(a1.count(1) == 1);
    const bool pinned = a1.size() == 1;
    CHECK(pinned == (decimals == 1));
    const Finding* f = cell_error(r, "5", "甲町");
    CHECK((f != nullptr) == pinned);
    if (f) {
      CHECK(f->table == "t1");
      CHECK(f->reason_ja.find("既公表「e1」の派生値「割合」") != std::string::npos);
      CHECK(f->reason_en.find("NOT audited") == std::string::npos);
    }
    CHECK(cell_error(r, "4", "甲町") == nullptr);  // rule ④: this submission alone
    CHECK(r.passed == !pinned);
  }
}

TEST_CASE("earlier publication in another grouping: a rate of a suppressed district pins a town suppressed now (brute force)") {
  // Towns a1..a4; districts d1 = {a1, a3}, d2 = {a2, a4}: another grouping of the same variable.
  // This submission by town: total 60, a1 = 1 and a2 = 14 suppressed, a3 = 20, a4 = 25. The earlier table by
  // district suppressed d1 = 21 and d2 = 39 and printed d1's rate per 100,000 of 1,000,000.
  const std::string dims = testing::kTownsByDistrict;
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    const std::int64_t printed = printed_rate(21, 1000000, 100000, decimals);  // 2.1 or 2
    Scratch s;
    s.write("t1.csv", "市町,罹患数,真値\n0,60,\na1,*,1\na2,*,14\na3,20,\na4,25,\n");
    s.write("e1.csv", "地区,罹患数,粗罹患率,真値\n0,60,,\nd1,*," + digits(printed, decimals) + ",21\nd2,*,,39\n");
    s.write("pop.csv", "地区,人口\n0,2000000\nd1,1000000\nd2,1000000\n");
    const Report r = check(testing::load(s.write("m.yaml", dims + rate_entry(decimals))));
    // Brute force over the towns: a1 + a2 = 60 - 20 - 25, d1 = a1 + a3, d1's rate prints as in e1.
    const std::set<int> a1 = feasible(15, printed, [&](int x) { return printed_rate(x + 20, 1000000, 100000, decimals); });
    REQUIRE(a1.count(1) == 1);
    const bool pinned = a1.size() == 1;
    CHECK(pinned == (decimals == 1));
    const Finding* f = cell_error(r, "5", "甲町");
    CHECK((f != nullptr) == pinned);
    if (f) CHECK(f->reason_ja.find("既公表「e1」の派生値「粗罹患率」") != std::string::npos);
    for (const auto& g : r.findings) CHECK(g.reason_en.find("NOT audited") == std::string::npos);
    CHECK(r.passed == !pinned);
  }
}
