// Earlier publications' derived values over their suppressed cells and over another grouping (issue 19,
// rule ⑤): random town tables audited with an earlier table by district whose rates and shares are printed
// beside suppressed districts. Every audit interval of this submission's suppressed towns is compared
// with a brute force over the integer town counts written here (not the engine's audit).
#include <doctest/doctest.h>

#include <functional>
#include <random>

#include "hitoku/audit/audit.h"
#include "hitoku/derived/derived_values.h"
#include "derived_rounding.h"
#include "ingest_scratch.h"
#include "manifest_fixtures.h"
#include "test_support.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

using testing::Wide;
using testing::digits;

// Towns a1..a4 by district d1 = {a1, a3}, d2 = {a2, a4} (another grouping of the variable).
const std::string kHead = testing::kTownsByDistrict;

// Half-up rounding of num / den to `decimals`, as the printed digits.
std::int64_t half_up(Wide num, Wide den, int decimals) {
  for (int k = 0; k < decimals; ++k) num *= 10;
  return static_cast<std::int64_t>((2 * num + den) / (2 * den));
}

struct Earlier {
  int rate_decimals = 0, share_decimals = 0;
  std::int64_t pop[3] = {0, 0, 0};       // per district cell: 0, d1, d2
  bool hidden[3] = {false, false, false};
  bool rate[3] = {false, false, false}, share[3] = {false, false, false};  // printed
  std::int64_t rate_of(std::int64_t count, std::size_t k) const { return half_up(Wide(count) * 1000, pop[k], rate_decimals); }
  std::int64_t share_of(std::int64_t count, std::int64_t total) const { return half_up(Wide(count) * 100, total, share_decimals); }
};

}  // namespace

TEST_CASE("earlier publication by district: rates and shares over its suppressed cells bound the towns as a brute force does") {
  std::mt19937 rng(20261206);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int pinned_by_earlier = 0, trials_with_ranges = 0;
  for (int trial = 0; trial < 40; ++trial) {
    CAPTURE(trial);
    std::vector<std::int64_t> town(4);
    for (auto& v : town) v = pick(0, 12);
    const std::int64_t total = town[0] + town[1] + town[2] + town[3];
    const std::int64_t district[3] = {total, town[0] + town[2], town[1] + town[3]};
    std::vector<bool> hide(4, false);
    for (int n = pick(2, 3); n > 0;) {
      const auto k = static_cast<std::size_t>(pick(0, 3));
      if (hide[k]) continue;
      hide[k] = true;
      --n;
    }
    Earlier e;
    e.rate_decimals = pick(0, 2);
    e.share_decimals = pick(0, 1);
    e.hidden[1] = pick(0, 1) == 1;
    e.hidden[2] = !e.hidden[1] || pick(0, 1) == 1;
    e.hidden[0] = pick(0, 2) == 0;
    for (std::size_t k = 0; k < 3; ++k) {
      e.pop[k] = pick(50, 500);
      e.rate[k] = pick(0, 1) == 1;
      e.share[k] = k > 0 && total > 0 && pick(0, 1) == 1;
    }
    std::string t1 = "市町,罹患数,真値\n0," + std::to_string(total) + ",\n", e1 = "地区,罹患数,率,割合,真値\n", pop = "地区,人口\n";
    for (std::size_t k = 0; k < 4; ++k)
      t1 += "a" + std::to_string(k + 1) + "," + (hide[k] ? "*," + std::to_string(town[k]) : std::to_string(town[k]) + ",") + "\n";
    const char* codes[3] = {"0", "d1", "d2"};
    for (std::size_t k = 0; k < 3; ++k) {
      e1 += std::string(codes[k]) + "," + (e.hidden[k] ? "*" : std::to_string(district[k])) + ",";
      e1 += (e.rate[k] ? digits(e.rate_of(district[k], k), e.rate_decimals) : "") + ",";
      e1 += (e.share[k] ? digits(e.share_of(district[k], total), e.share_decimals) : "") + ",";
      e1 += (e.hidden[k] ? std::to_string(district[k]) : "") + "\n";
      pop += std::string(codes[k]) + "," + std::to_string(e.pop[k]) + "\n";
    }
    Scratch s;
    s.write("t1.csv", t1);
    s.write("e1.csv", e1);
    s.write("pop.csv", pop);
    const std::string derived = "      - {column: 率, kind: rate, per: 1000, decimals: " + std::to_string(e.rate_decimals) +
                                ", population: {file: pop.csv, column: 人口}}\n      - {column: 割合, kind: percent, base: {district: \"0\"}, decimals: " +
                                std::to_string(e.share_decimals) + "}\n";
    Submission sub = testing::load(s.write("m.yaml", kHead + derived));
    sub.policy.attacker_knows_small_range = false;  // the brute force knows no prior either
    const DerivedAnalysis analysis = analyse_derived_values(sub);
    CHECK(analysis.unaudited.empty());
    if (!analysis.ranges.empty()) ++trials_with_ranges;

    // Brute force: town counts >= 0 adding to the published total, every published district count and
    // every printed rate and share of the earlier table reproduced.
    std::vector<std::pair<std::int64_t, std::int64_t>> range(4, {1 << 30, -1});
    std::vector<std::int64_t> x = town;
    std::function<void(std::size_t)> walk = [&](std::size_t k) {
      if (k == 4) {
        if (x[0] + x[1] + x[2] + x[3] != total) return;
        const std::int64_t d[3] = {total, x[0] + x[2], x[1] + x[3]};
        for (std::size_t j = 0; j < 3; ++j) {
          if (!e.hidden[j] && d[j] != district[j]) return;
          if (e.rate[j] && e.rate_of(d[j], j) != e.rate_of(district[j], j)) return;
          if (e.share[j] && e.share_of(d[j], total) != e.share_of(district[j], total)) return;
        }
        for (std::size_t t = 0; t < 4; ++t)
          range[t] = {std::min(range[t].first, x[t]), std::max(range[t].second, x[t])};
        return;
      }
      if (!hide[k]) return walk(k + 1);
      for (x[k] = 0; x[k] <= total; ++x[k]) walk(k + 1);
      x[k] = town[k];
    };
    walk(0);
    const AuditResult with_earlier = audit_cells(sub, true);
    const AuditResult alone = audit_cells(sub, false);
    REQUIRE(with_earlier.cells.size() == alone.cells.size());
    for (std::size_t c = 0; c < with_earlier.cells.size(); ++c) {
      const CellAudit& a = with_earlier.cells[c];
      REQUIRE(a.table == 0);
      const std::size_t t = a.flat - 1;  // t1's cells: 0, a1..a4
      CAPTURE(t);
      CHECK_FALSE(a.unproven);
      CHECK(a.lower == range[t].first);
      CHECK(a.upper == range[t].second);
      CHECK(a.recoverable == (range[t].first == range[t].second));
      if (a.recoverable && !alone.cells[c].recoverable) ++pinned_by_earlier;
    }
  }
  MESSAGE("trials with earlier ranges: " << trials_with_ranges << ", towns pinned only with the earlier values: " << pinned_by_earlier);
  // The generator must exercise the new rows, and some of them must give a town away.
  CHECK(trials_with_ranges >= 20);
  CHECK(pinned_by_earlier >= 3);
}
