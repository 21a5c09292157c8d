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
const std::string kManifest = testing::manifest_head({testing::kTowns}) + R"(  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {area: 市町}
    count: 罹患数
    true_value_column: 真値
earlier_publications:
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
    const auto m = s.write("m.yaml", kManifest + "      - {column: 粗罹患率, kind: rate, decimals: " + std::to_string(decimals) +
                                         ", population: {file: pop.csv, column: 人口}}\n");
    const Report r = check(testing::load(m));
    // Brute force: a1 + a2 = 30 - 17 (both tables), a1's rate in e1 as printed.
    std::set<int> a1;
    for (int x = 0; x <= 13; ++x)
      if (printed_rate(x, pop, 100000, decimals) == printed) a1.insert(x);
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

TEST_CASE("earlier publication: a share over two cells suppressed there is reported as not audited, never passed") {
  Scratch s;
  s.write("t1.csv", "市町,罹患数,真値\n0,30,\na1,*,1\na2,*,12\na3,17,\n");
  s.write("e1.csv", "市町,罹患数,割合,真値\n0,*,,30\na1,*,3.3,1\na2,*,,12\na3,17,,\n");
  const auto m = s.write("m.yaml", kManifest + "      - {column: 割合, kind: percent, base: {area: \"0\"}}\n");
  const Report r = check(testing::load(m));
  const Finding* f = finding(r, "5", "割合");
  REQUIRE(f != nullptr);
  CHECK(f->reason_en.find("NOT audited") != std::string::npos);
  CHECK_FALSE(r.passed);
}
