// Derived values over two or more suppressed cells (issue 19): each printed value is a row of the
// attacker's system with integer coefficients. Audit intervals are compared with a brute force over
// integer counts written here (not the engine's audit), on random tables with percentages of a
// suppressed base and standardised rates over suppressed cells.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <random>

#include "hitoku/audit/audit.h"
#include "hitoku/derived/derived_values.h"
#include "test_support.h"

using namespace hitoku;

namespace {

__extension__ typedef __int128 Wide;

// Half-up rounding of num / den to `decimals`: the printed digits as an integer.
std::int64_t half_up(Wide num, Wide den, int decimals) {
  for (int k = 0; k < decimals; ++k) num *= 10;
  return static_cast<std::int64_t>((2 * num + den) / (2 * den));
}

constexpr std::size_t kAreas = 4, kSexes = 3;  // codes with their totals: 0 a1 a2 a3, T m f
std::size_t at(std::size_t area, std::size_t sex) { return area * kSexes + sex; }

struct Printed {
  DerivedColumn share, asr;
};

// What would be printed for counts x: a share of the area's total (-1: no total), a
// standardised rate of the area's two sexes.
std::int64_t share_of(const Printed& p, const std::vector<std::int64_t>& x, std::size_t f) {
  const std::int64_t base = x[at(f / kSexes, 0)];
  return base == 0 ? -1 : half_up(Wide(100) * x[f], base, p.share.decimals);
}
std::int64_t asr_of(const Printed& p, const std::vector<std::int64_t>& x, std::size_t f) {
  const std::size_t m = at(f / kSexes, 1), w = at(f / kSexes, 2);
  const Wide pm = p.asr.population[m], pw = p.asr.population[w];
  const Wide num = (Wide(p.asr.weight[1]) * x[m] * pw + Wide(p.asr.weight[2]) * x[w] * pm) * p.asr.per;
  return half_up(num, pm * pw * (p.asr.weight[1] + p.asr.weight[2]), p.asr.decimals);
}
bool matches(const Printed& p, const std::vector<std::int64_t>& x) {
  for (std::size_t f = 0; f < x.size(); ++f) {
    if (p.share.values[f].published() && share_of(p, x, f) != p.share.values[f].scaled) return false;
    if (p.asr.values[f].published() && asr_of(p, x, f) != p.asr.values[f].scaled) return false;
  }
  return true;
}

// Every cell from the six leaves (area 1..3 x sex m, f).
std::vector<std::int64_t> cells_of(const std::vector<std::int64_t>& leaf) {
  std::vector<std::int64_t> x(kAreas * kSexes, 0);
  for (std::size_t a = 1; a < kAreas; ++a)
    for (std::size_t s = 1; s < kSexes; ++s) {
      const std::int64_t v = leaf[(a - 1) * 2 + (s - 1)];
      x[at(a, s)] += v;
      x[at(a, 0)] += v;
      x[at(0, s)] += v;
      x[at(0, 0)] += v;
    }
  return x;
}

}  // namespace

TEST_CASE("randomised: percentages of a suppressed base and standardised rates over suppressed cells equal a brute force") {
  std::mt19937 rng(1919);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int pinned_by_derived = 0, trials_with_ranges = 0;
  for (int trial = 0; trial < 60; ++trial) {
    CAPTURE(trial);
    Submission s;
    s.policy = test::hyogo_like_policy();
    s.dimensions.push_back(test::flat_dimension("area", "0", {"a1", "a2", "a3"}));
    s.dimensions.push_back(test::flat_dimension("sex", "T", {"m", "f"}));
    std::vector<std::int64_t> leaf(6);
    for (auto& v : leaf) v = pick(0, 5);
    const auto truth = cells_of(leaf);
    Table t = test::full_table(s, "t", {0, 1}, truth);
    // Suppress up to four leaves (the brute force walks them) and some margins, never the grand total.
    std::vector<std::size_t> hidden_leaves;
    for (std::size_t a = 1; a < kAreas; ++a)
      for (std::size_t x = 1; x < kSexes; ++x)
        if (hidden_leaves.size() < 4 && pick(0, 1) == 1) hidden_leaves.push_back((a - 1) * 2 + (x - 1));
    for (std::size_t k : hidden_leaves) t.status[at(k / 2 + 1, k % 2 + 1)] = CellStatus::SuppressedByUser;
    for (std::size_t f = 1; f < t.status.size(); ++f)
      if ((f / kSexes == 0 || f % kSexes == 0) && pick(0, 2) == 0) t.status[f] = CellStatus::SuppressedByUser;
    Printed p;
    p.share.header = "割合";
    p.share.kind = DerivedKind::Percent;
    p.share.per = 100;
    p.share.decimals = pick(0, 1);
    p.share.values.resize(truth.size());
    p.share.base.resize(truth.size());
    p.asr.header = "年齢調整率";
    p.asr.kind = DerivedKind::StandardisedRate;
    p.asr.per = 1000;
    p.asr.decimals = pick(0, 2);
    p.asr.age_position = 1;
    p.asr.weight = {0, pick(1, 5), pick(1, 5)};
    p.asr.population.resize(truth.size());
    p.asr.values.resize(truth.size());
    for (std::size_t f = 0; f < truth.size(); ++f) {
      p.share.base[f] = static_cast<std::int64_t>(at(f / kSexes, 0));
      p.asr.population[f] = pick(20, 400);
      if (f % kSexes != 0 && truth[at(f / kSexes, 0)] > 0 && pick(0, 1) == 1)
        p.share.values[f].state = DerivedValue::State::Printed;
      if (f % kSexes == 0 && pick(0, 1) == 1) p.asr.values[f].state = DerivedValue::State::Printed;
    }
    // The printed digits are the rounding of the true values (the loader checks this for real input).
    for (std::size_t f = 0; f < truth.size(); ++f) {
      if (p.share.values[f].published()) p.share.values[f].scaled = share_of(p, truth, f);
      if (p.asr.values[f].published()) p.asr.values[f].scaled = asr_of(p, truth, f);
    }
    REQUIRE(matches(p, truth));
    t.derived = {p.share, p.asr};
    s.tables.push_back(t);
    REQUIRE_NOTHROW(check_derived_values(s));
    const DerivedAnalysis analysis = analyse_derived_values(s);
    CHECK(analysis.unaudited.empty());
    if (!analysis.ranges.empty()) ++trials_with_ranges;

    // Brute force: every nonnegative integer value of the hidden leaves that reproduces every
    // published count and every printed value.
    std::map<std::size_t, std::pair<std::int64_t, std::int64_t>> range;
    std::vector<std::int64_t> x = leaf;
    std::function<void(std::size_t)> walk = [&](std::size_t k) {
      if (k == hidden_leaves.size()) {
        const auto cells = cells_of(x);
        for (std::size_t f = 0; f < cells.size(); ++f)
          if (!is_suppressed(t.status[f]) && cells[f] != truth[f]) return;
        if (!matches(p, cells)) return;
        for (std::size_t f = 0; f < cells.size(); ++f) {
          if (!is_suppressed(t.status[f])) continue;
          auto [it, fresh] = range.emplace(f, std::make_pair(cells[f], cells[f]));
          it->second.first = std::min(it->second.first, cells[f]);
          it->second.second = std::max(it->second.second, cells[f]);
        }
        return;
      }
      for (std::int64_t v = 0; v <= truth[0]; ++v) {
        x[hidden_leaves[k]] = v;
        walk(k + 1);
      }
      x[hidden_leaves[k]] = leaf[hidden_leaves[k]];
    };
    walk(0);
    const AuditResult audit = audit_cells(s, false);
    for (const CellAudit& c : audit.cells) {
      CAPTURE(c.flat);
      REQUIRE(range.count(c.flat));
      CHECK_FALSE(c.unproven);
      CHECK(c.lower == range[c.flat].first);
      CHECK(c.upper == range[c.flat].second);
      CHECK(c.recoverable == (c.lower == c.upper));
    }
    // Without the derived values the same cells are wider (or equal): count those they pin.
    Submission bare = s;
    bare.tables[0].derived.clear();
    const AuditResult without = audit_cells(bare, false);
    for (std::size_t k = 0; k < audit.cells.size() && k < without.cells.size(); ++k)
      if (audit.cells[k].recoverable && !without.cells[k].recoverable) ++pinned_by_derived;
  }
  // The generator must exercise the new rows: values over several cells, some of which pin a cell.
  CHECK(trials_with_ranges >= 20);
  CHECK(pinned_by_derived >= 3);
}
