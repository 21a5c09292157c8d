// Age-standardised rates and percentages whose base is suppressed (issue 19): a value over one
// suppressed cell is an exact bound on it; a value over two or more is a row of the audit.
// Verdicts are cross-checked by a brute force over integer counts written here.
#include <doctest/doctest.h>

#include "derived_rounding.h"

#include "hitoku/rules/check.h"
#include "ingest_scratch.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

using testing::Wide;
using testing::printed_rate;
using testing::digits;

// Half-up rounding of num / den to `decimals`, as printed digits: floor((2 num 10^d + den) / (2 den)).
std::int64_t half_up(Wide num, Wide den, int decimals) {
  for (int k = 0; k < decimals; ++k) num *= 10;
  return static_cast<std::int64_t>((2 * num + den) / (2 * den));
}

const Finding* error_naming(const Report& r, const std::string& text) {
  for (const auto& f : r.findings)
    if (f.rule == "4" && f.severity == Severity::Error && f.reason_ja.find(text) != std::string::npos) return &f;
  return nullptr;
}

const char* kTwoDims = R"(manifest_version: 1
policy: hyogo-2018
dimensions:
  area:
    label: 市町
    codes: [{code: "0", label: 計}, {code: a1, label: 甲町, parent: "0"}, {code: a2, label: 乙町, parent: "0"}]
  DIM
tables:
  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {area: 市町, KEY}
    count: 罹患数
    true_value_column: 真値
)";

std::string manifest(const std::string& dim, const std::string& key, const std::string& decl) {
  std::string m = kTwoDims;
  m.replace(m.find("DIM"), 3, dim);
  m.replace(m.find("KEY"), 3, key);
  return m + decl;
}

// Populations and the standard population: young 60,000 and old 40,000 (weights).
constexpr std::int64_t kPy1 = 20000, kPo1 = 10000, kPy2 = 30000, kPo2 = 15000, kWy = 60000, kWo = 40000, kPer = 1000;

// Direct standardisation of (young, old) per 1,000 with the weights above, half-up.
std::int64_t asr(std::int64_t young, std::int64_t old, std::int64_t py, std::int64_t po, int decimals) {
  const Wide num = (static_cast<Wide>(kWy) * young * po + static_cast<Wide>(kWo) * old * py) * kPer;
  return half_up(num, static_cast<Wide>(py) * po * (kWy + kWo), decimals);
}

}  // namespace

TEST_CASE("an age-standardised rate pins a suppressed age cell (brute force agrees), with fewer decimals it does not") {
  // Young cells of both areas and the areas' totals are suppressed: young a1 + young a2 = 11.
  const std::string age = "age: {label: 年齢, codes: [{code: T, label: 計}, {code: y, label: 若年, parent: T}, {code: o, label: 高齢, parent: T}]}";
  for (int decimals : {2, 0}) {
    CAPTURE(decimals);
    const std::int64_t r1 = asr(2, 30, kPy1, kPo1, decimals), r2 = asr(9, 40, kPy2, kPo2, decimals);
    Scratch s;
    s.write("t1.csv", "市町,年齢,罹患数,年齢調整率,真値\n0,T,81,,\n0,y,11,,\n0,o,70,,\na1,T,*," + digits(r1, decimals) +
                          ",32\na1,y,*,,2\na1,o,30,,\na2,T,*," + digits(r2, decimals) + ",49\na2,y,*,,9\na2,o,40,,\n");
    s.write("pop.csv", "市町,年齢,人口\na1,y,20000\na1,o,10000\na2,y,30000\na2,o,15000\n");
    s.write("std.csv", "年齢,基準人口\ny,60000\no,40000\n");
    const std::string decl = "    derived:\n      - {column: 年齢調整率, kind: standardised_rate, age: age, per: 1000, decimals: " +
                             std::to_string(decimals) +
                             ", population: {file: pop.csv, column: 人口}, standard: {file: std.csv, column: 基準人口}}\n";
    const Report r = check(testing::load(s.write("m.yaml", manifest(age, "age: 年齢", decl))));
    int feasible = 0;
    for (std::int64_t y1 = 0; y1 <= 11; ++y1)
      feasible += asr(y1, 30, kPy1, kPo1, decimals) == r1 && asr(11 - y1, 40, kPy2, kPo2, decimals) == r2;
    REQUIRE(feasible >= 1);
    CHECK((feasible == 1) == (decimals == 2));
    CHECK(r.passed == (feasible > 1));
    CHECK((error_naming(r, "年齢調整率") != nullptr) == (feasible == 1));
  }
}

TEST_CASE("a percentage beside a published count with a suppressed base pins the base (brute force agrees)") {
  const std::string sex = "sex: {label: 性別, codes: [{code: T, label: 計}, {code: m, label: 男, parent: T}, {code: f, label: 女, parent: T}]}";
  Scratch s;
  // a1: total 25 and women 15 suppressed, men 10 published with their share of the area's total.
  s.write("t1.csv", "市町,性別,罹患数,割合,真値\n0,T,60,,\n0,m,20,,\n0,f,40,,\na1,T,*,,25\na1,m,10,40.0,\na1,f,*,,15\n"
                    "a2,T,*,,35\na2,m,10,,\na2,f,*,,25\n");
  const std::string decl = "    derived:\n      - {column: 割合, kind: percent, base: {sex: T}, decimals: 1}\n";
  const Report r = check(testing::load(s.write("m.yaml", manifest(sex, "sex: 性別", decl))));
  int feasible = 0;  // a1 women w: a1 total 10 + w, a2 women 40 - w, and 10 / (10 + w) prints as 40.0 %
  for (std::int64_t w = 0; w <= 40; ++w) feasible += half_up(1000, 10 + w, 1) == 400;
  CHECK(feasible == 1);
  CHECK_FALSE(r.passed);
  const Finding* f = error_naming(r, "割合");
  REQUIRE(f != nullptr);
  CHECK(f->cell_label.find("甲町") != std::string::npos);
}

TEST_CASE("a percentage over a suppressed count and its suppressed base: the audit finds what it pins, or passes it") {
  const std::string sex = "sex: {label: 性別, codes: [{code: T, label: 計}, {code: m, label: 男, parent: T}, {code: f, label: 女, parent: T}]}";
  const std::string decl = "    derived:\n      - {column: 割合, kind: percent, base: {sex: T}, decimals: 0}\n";
  SUBCASE("with 女 published, 40% of the suppressed total pins 男 to 10 (100 x / (x + 15) rounds to 40 only there)") {
    Scratch s;
    s.write("t1.csv", "市町,性別,罹患数,割合,真値\n0,T,60,,\n0,m,20,,\n0,f,40,,\na1,T,*,,25\na1,m,*,40,10\na1,f,15,,\n"
                      "a2,T,*,,35\na2,m,*,,10\na2,f,25,,\n");
    const Report r = check(testing::load(s.write("m.yaml", manifest(sex, "sex: 性別", decl))));
    CHECK_FALSE(r.passed);
    const Finding* f = error_naming(r, "派生値「割合」40");
    REQUIRE(f != nullptr);
    CHECK(f->cell_label.find("甲町") != std::string::npos);
    CHECK(f->reason_en.find("constrains the suppressed cells") != std::string::npos);
    // Brute force over 男 of 甲町 (its total is 男 + 15, 男 of 乙町 is 20 less it): one value.
    std::vector<int> fits;
    for (int m = 0; m <= 20; ++m)
      if (half_up(100 * m, m + 15, 0) == 40) fits.push_back(m);
    CHECK(fits == std::vector<int>{10});
  }
  SUBCASE("with 女 suppressed as well, 40% leaves many counts: no finding on the share, the table passes") {
    Scratch s;
    s.write("t1.csv", "市町,性別,罹患数,割合,真値\n0,T,60,,\n0,m,20,,\n0,f,40,,\na1,T,*,,25\na1,m,*,40,10\na1,f,*,,15\n"
                      "a2,T,*,,35\na2,m,*,,10\na2,f,*,,25\n");
    const Report r = check(testing::load(s.write("m.yaml", manifest(sex, "sex: 性別", decl))));
    CHECK(error_naming(r, "派生値「割合」") == nullptr);
    CHECK(error_naming(r, "監査していません") == nullptr);
    CHECK(r.passed);
    int fits = 0;  // brute force: (男, 女) of 甲町 within the column totals giving 40%
    for (int m = 0; m <= 20; ++m)
      for (int w = 0; w <= 40; ++w) fits += m + w > 0 && half_up(100 * m, m + w, 0) == 40;
    CHECK(fits >= 2);
  }
}

TEST_CASE("integer counts pin what the LP relaxation leaves open: 41% with every cell of the rows suppressed") {
  // 甲町 男 x and 女 y are suppressed, so are their total and all of 乙町; only the margins 男 20, 女 12 and
  // 計 32 are published. 41% (no decimals) of 甲町's total: x / (x + y) in [40.5%, 41.5%). Over the reals x
  // ranges over about [0.2, 8.5]; over integers with y <= 12 only (7, 10) fits, so every cell is pinned.
  const std::string sex = "sex: {label: 性別, codes: [{code: T, label: 計}, {code: m, label: 男, parent: T}, {code: f, label: 女, parent: T}]}";
  const std::string decl = "    derived:\n      - {column: 割合, kind: percent, base: {sex: T}, decimals: 0}\n";
  Scratch s;
  s.write("t1.csv", "市町,性別,罹患数,割合,真値\n0,T,32,,\n0,m,20,,\n0,f,12,,\na1,T,*,,17\na1,m,*,41,7\na1,f,*,,10\n"
                    "a2,T,*,,15\na2,m,*,,13\na2,f,*,,2\n");
  std::vector<std::pair<int, int>> fits;  // brute force over (x, y) within the published margins
  for (int x = 0; x <= 20; ++x)
    for (int y = 0; y <= 12; ++y)
      if (x + y > 0 && half_up(100 * x, x + y, 0) == 41) fits.emplace_back(x, y);
  CHECK(fits == std::vector<std::pair<int, int>>{{7, 10}});
  const Report r = check(testing::load(s.write("m.yaml", manifest(sex, "sex: 性別", decl))));
  CHECK_FALSE(r.passed);
  int pinned = 0, naming = 0;
  for (const auto& f : r.findings) {
    if (f.rule != "4" || f.severity != Severity::Error) continue;
    ++pinned;
    naming += f.reason_ja.find("派生値「割合」41") != std::string::npos;
  }
  CHECK(pinned == 6);  // x, y, their total, and 乙町's three cells by subtraction from the margins
  CHECK(naming == 2);  // the share's own cells (甲町 男 and 計) name it
}
