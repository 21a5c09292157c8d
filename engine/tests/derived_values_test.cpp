// Derived values beside counts (issue 19): columns are never silently ignored, printed rates and
// percentages are read exactly, and a rate or percentage that gives a suppressed count away fails.
// Every verdict is cross-checked by a brute force over integer counts written here (not the audit).
#include <doctest/doctest.h>

#include <random>

#include "hitoku/audit/audit.h"
#include "hitoku/derived/derived_values.h"
#include "hitoku/rules/check.h"
#include "ingest_scratch.h"
#include "test_support.h"
#include "derived_rounding.h"
#include "manifest_fixtures.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

using testing::Wide;
using testing::printed_rate;
using testing::digits;

const std::string kManifestHead = testing::manifest_head({testing::kTowns}) + testing::kTownTable;

// area: 0 = total 30 (published), a1 = 1 (suppressed), a2 = 12 (suppressed), a3 = 17 (published).
std::string rate_table(const std::string& a1_rate) {
  return "市町,罹患数,粗罹患率,真値\n0,30,,\na1,*," + a1_rate + ",1\na2,*,,12\na3,17,,\n";
}

const std::string kRateDecl = R"(    derived:
      - column: 粗罹患率
        kind: rate
        per: 100000
        decimals: DEC
        population: {file: pop.csv, column: 人口}
)";

std::string with_decimals(std::string decl, int d) { return decl.replace(decl.find("DEC"), 3, std::to_string(d)); }

const Finding* find_finding(const Report& r, const std::string& rule, const std::string& text) {
  for (const auto& f : r.findings)
    if (f.rule == rule && f.severity == Severity::Error && f.reason_ja.find(text) != std::string::npos) return &f;
  return nullptr;
}

// All values of a1 consistent with everything published: a1 + a2 = 30 - 17, counts >= 0, and the
// printed rate of a1 (brute force; independent of the engine).
std::vector<int> brute_a1(std::int64_t pop, int decimals, std::int64_t printed) {
  std::vector<int> out;
  for (int a1 = 0; a1 <= 13; ++a1)
    if (printed_rate(a1, pop, 100000, decimals) == printed) out.push_back(a1);
  return out;
}

}  // namespace

TEST_CASE("a column that is neither dimension, count, true value nor declared is an input error") {
  Scratch s;
  s.write("t1.csv", "市町,罹患数,粗罹患率,真値\n0,30,,\na1,*,,1\na2,*,,12\na3,17,,\n");
  const auto m = s.write("m.yaml", kManifestHead);
  const InputError e = testing::expect_input_error([&] { testing::load(m); });
  CHECK(e.where().file.find("t1.csv") != std::string::npos);
  CHECK(e.where().line == 1);
  CHECK(e.where().field == "粗罹患率");
  CHECK(std::string(e.what()).find("ignore_columns") != std::string::npos);
}

TEST_CASE("ignore_columns: the reason is in the report, not_modelled: a finding that fails until checked") {
  Scratch s;
  s.write("t1.csv", "市町,罹患数,備考,生存率,真値\n0,30,,,\na1,*,,,1\na2,*,,,12\na3,17,注,,\n");
  const auto ignored = s.write("ignored.yaml", std::string(kManifestHead) + "    ignore_columns: {備考: 注記の文字だけ, 生存率: 空欄}\n");
  const Report pass = check(testing::load(ignored));
  bool reason_shown = false;
  for (const auto& f : pass.findings) reason_shown = reason_shown || f.reason_ja.find("注記の文字だけ") != std::string::npos;
  CHECK(reason_shown);
  CHECK(pass.passed);
  // A number in an ignored column would be read by every reader and by no audit: an input error.
  s.write("t1.csv", "市町,罹患数,備考,生存率,真値\n0,30,,,\na1,*,,,1\na2,*,,,12\na3,17,注,0.5,\n");
  const InputError e = testing::expect_input_error([&] { testing::load(ignored); });
  CHECK(e.where().line == 5);
  CHECK(e.where().field == "生存率");
  const auto modelled = s.write("modelled.yaml", std::string(kManifestHead) +
                                                    "    ignore_columns: {備考: 注記}\n    not_modelled: {生存率: 5年相対生存率}\n");
  const Report fail = check(testing::load(modelled));
  CHECK_FALSE(fail.passed);
  CHECK(find_finding(fail, "4", "生存率") != nullptr);
}

TEST_CASE("a wide table: a declared heading is kept apart, an undeclared one is not a code") {
  Scratch s;
  s.write("w.csv", "市町,計,男,備考\n計,30,30,\n");
  const std::string head = R"(manifest_version: 1
policy: hyogo-2018
dimensions:
  area: {label: 市町, codes: [{code: "0", label: 計}]}
  sex: {label: 性別, codes: [{code: "0", label: 計}, {code: "1", label: 男, parent: "0"}]}
tables:
  - {id: w, file: w.csv, layout: wide, rows: [area], columns: sex)";
  CHECK_THROWS_AS(testing::load(s.write("a.yaml", head + "}\n")), InputError);
  const Submission ok = testing::load(s.write("b.yaml", head + ", ignore_columns: {備考: 注記}}\n"));
  REQUIRE(ok.tables[0].unaudited.size() == 1);
  CHECK(ok.tables[0].cell_count() == 2);
}

TEST_CASE("a rate beside a suppressed 1 gives it away (brute force agrees), fewer decimals pass") {
  const std::int64_t pop = 250000;
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    const std::int64_t printed = printed_rate(1, pop, 100000, decimals);
    Scratch s;
    s.write("t1.csv", rate_table(digits(printed, decimals)));
    s.write("pop.csv", "市町,人口\n0,1000000\na1,250000\na2,250000\na3,500000\n");
    const auto m = s.write("m.yaml", std::string(kManifestHead) + with_decimals(kRateDecl, decimals));
    Submission sub = testing::load(m);
    const Report r = check(sub);
    sub.policy.attacker_knows_populations = false;  // policy derived_values: the rate then tells nothing
    CHECK(check(sub).passed);
    const auto feasible = brute_a1(pop, decimals, printed);
    REQUIRE(!feasible.empty());
    const bool pinned = feasible.size() == 1;
    CHECK(pinned == (decimals == 1));
    CHECK(r.passed == !pinned);
    const Finding* f = find_finding(r, "4", "粗罹患率");
    CHECK((f != nullptr) == pinned);
    if (f) {
      CHECK(f->cell_label.find("甲町") != std::string::npos);
      CHECK(f->reason_en.find("0.4 × 250,000 / 100,000 = 1") != std::string::npos);
    }
  }
}

TEST_CASE("a percentage of a published total gives a suppressed cell away, with no decimals it does not") {
  // total 200, a1 = 3 (suppressed), a2 = 20 (suppressed), a3 = 177; a1's share printed.
  for (int decimals : {1, 0}) {
    CAPTURE(decimals);
    const std::int64_t printed = printed_rate(3, 200, 100, decimals);  // 1.5 or 2
    Scratch s;
    s.write("t1.csv", "市町,罹患数,割合,真値\n0,200,100,\na1,*," + digits(printed, decimals) + ",3\na2,*,,20\na3,177,,\n");
    const auto m = s.write("m.yaml", std::string(kManifestHead) +
                                         "    derived:\n      - {column: 割合, kind: percent, base: {area: \"0\"}, decimals: " +
                                         std::to_string(decimals) + "}\n");
    const Report r = check(testing::load(m));
    std::vector<int> feasible;  // a1 + a2 = 23, a1's percentage of 200 prints as shown
    for (int a1 = 0; a1 <= 23; ++a1)
      if (printed_rate(a1, 200, 100, decimals) == printed) feasible.push_back(a1);
    const bool pinned = feasible.size() == 1;
    CHECK(pinned == (decimals == 1));
    CHECK(r.passed == !pinned);
    CHECK((find_finding(r, "4", "割合") != nullptr) == pinned);
  }
}

TEST_CASE("bad derived input: exit-2 errors naming file, line and field") {
  auto load_with = [](const std::string& table, const std::string& pop, const std::string& decl) {
    Scratch s;
    s.write("t1.csv", table);
    s.write("pop.csv", pop);
    return testing::expect_input_error([&] { testing::load(s.write("m.yaml", std::string(kManifestHead) + decl)); });
  };
  const std::string pop = "市町,人口\n0,1000000\na1,250000\na2,250000\na3,500000\n";
  const std::string decl = with_decimals(kRateDecl, 1);
  SUBCASE("population missing for a cell") {
    const InputError e = load_with(rate_table("0.4"), "市町,人口\n0,1000000\na2,250000\n", decl);
    CHECK(e.where().line == 3);
    CHECK(e.where().field == "粗罹患率");
  }
  SUBCASE("population 0") {
    const InputError e = load_with(rate_table("0.4"), "市町,人口\n0,1000000\na1,0\n", decl);
    CHECK(e.where().file.find("pop.csv") != std::string::npos);
    CHECK(e.where().line == 3);
  }
  SUBCASE("negative rate") {
    const InputError e = load_with(rate_table("-0.4"), pop, decl);
    CHECK(e.where().line == 3);
    CHECK(e.where().field == "粗罹患率");
  }
  SUBCASE("decimals out of range") {
    const InputError e = load_with(rate_table("0.4"), pop, with_decimals(kRateDecl, 7));
    CHECK(e.where().file.find("m.yaml") != std::string::npos);
    CHECK(e.where().field == "decimals");
  }
  SUBCASE("a printed rate inconsistent with the true count") {
    const InputError e = load_with(rate_table("0.8"), pop, decl);
    CHECK(e.where().line == 3);
    CHECK(std::string(e.what()).find("0.4") != std::string::npos);
  }
  SUBCASE("a percent whose base cell does not exist") {
    const InputError e = load_with(rate_table("0.4"), pop,
                                   "    derived:\n      - {column: 粗罹患率, kind: percent, base: {area: zz}}\n");
    CHECK(e.where().field == "base");
  }
}

TEST_CASE("randomised: audit intervals with printed rates and percentages equal a brute force") {
  std::mt19937 rng(19);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 40; ++trial) {
    CAPTURE(trial);
    Submission s;
    s.policy = test::hyogo_like_policy();
    s.dimensions.push_back(test::flat_dimension("area", "0", {"a1", "a2", "a3", "a4"}));
    std::vector<std::int64_t> v(5, 0);
    for (int i = 1; i <= 4; ++i) v[static_cast<std::size_t>(i)] = pick(0, 9);
    v[0] = v[1] + v[2] + v[3] + v[4];
    Table t = test::full_table(s, "t", {0}, v);
    std::vector<int> hidden;  // at least two leaves, so subtraction alone never recovers one
    for (int i = 1; i <= 4; ++i)
      if (pick(0, 1) == 1) hidden.push_back(i);
    while (hidden.size() < 2) {
      const int i = pick(1, 4);
      if (std::find(hidden.begin(), hidden.end(), i) == hidden.end()) hidden.push_back(i);
    }
    for (int i : hidden) t.status[static_cast<std::size_t>(i)] = CellStatus::SuppressedByUser;
    DerivedColumn rate, share;
    rate.header = "率";
    rate.per = 1000;
    rate.decimals = pick(0, 2);
    rate.population.resize(5);
    rate.values.resize(5);
    share.header = "割合";
    share.kind = DerivedKind::Percent;
    share.per = 100;
    share.decimals = pick(0, 2);
    share.base.assign(5, 0);
    share.values.resize(5);
    for (std::size_t f = 0; f < 5; ++f) {
      rate.population[f] = pick(50, 3000);
      if (pick(0, 2) > 0) {
        rate.values[f].state = DerivedValue::State::Printed;
        rate.values[f].scaled = printed_rate(v[f], rate.population[f], rate.per, rate.decimals);
      }
      if (v[0] > 0 && pick(0, 2) == 0) {
        share.values[f].state = DerivedValue::State::Printed;
        share.values[f].scaled = printed_rate(v[f], v[0], 100, share.decimals);
      }
    }
    t.derived = {rate, share};
    s.tables.push_back(t);
    REQUIRE_NOTHROW(check_derived_values(s));
    // Brute force over the hidden leaves: they add up to the total less the published leaves.
    std::int64_t rest = v[0];
    for (int i = 1; i <= 4; ++i)
      if (std::find(hidden.begin(), hidden.end(), i) == hidden.end()) rest -= v[static_cast<std::size_t>(i)];
    std::map<int, std::pair<std::int64_t, std::int64_t>> range;
    std::vector<std::int64_t> x(5, 0);
    std::function<void(std::size_t, std::int64_t)> walk = [&](std::size_t k, std::int64_t left) {
      if (k + 1 == hidden.size()) {
        x[static_cast<std::size_t>(hidden[k])] = left;
        for (int i : hidden) {
          const auto f = static_cast<std::size_t>(i);
          if (rate.values[f].published() && printed_rate(x[f], rate.population[f], 1000, rate.decimals) != rate.values[f].scaled) return;
          if (share.values[f].published() && printed_rate(x[f], v[0], 100, share.decimals) != share.values[f].scaled) return;
        }
        for (int i : hidden) {
          auto [it, fresh] = range.emplace(i, std::make_pair(x[static_cast<std::size_t>(i)], x[static_cast<std::size_t>(i)]));
          it->second.first = std::min(it->second.first, x[static_cast<std::size_t>(i)]);
          it->second.second = std::max(it->second.second, x[static_cast<std::size_t>(i)]);
        }
        return;
      }
      for (std::int64_t a = 0; a <= left; ++a) {
        x[static_cast<std::size_t>(hidden[k])] = a;
        walk(k + 1, left - a);
      }
    };
    walk(0, rest);
    const AuditResult audit = audit_cells(s, false);
    REQUIRE(audit.cells.size() == hidden.size());
    for (const CellAudit& c : audit.cells) {
      CAPTURE(c.flat);
      REQUIRE(range.count(static_cast<int>(c.flat)));
      CHECK_FALSE(c.unproven);
      CHECK(c.lower == range[static_cast<int>(c.flat)].first);
      CHECK(c.upper == range[static_cast<int>(c.flat)].second);
      CHECK(c.recoverable == (c.lower == c.upper));
    }
  }
}
