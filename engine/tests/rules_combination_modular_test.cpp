// Rule ② combinations found modulo a prime (large systems) against the exact rational elimination
// and a brute force: the same sums, each with a computation that reproduces its value from the
// published cells in integer arithmetic (checked here from the tables, not from the engine).
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "../../benchmarks/synthetic.h"
#include "combination_bruteforce.h"
#include "rules/small_combinations.h"
#include "test_support.h"

using namespace hitoku;

namespace {

CombinationLimits rational_only() {
  CombinationLimits l;
  l.rational_max_inner_cells = 1'000'000;
  l.max_inner_cells = 1'000'000;
  return l;
}

CombinationLimits modular_only() {
  CombinationLimits l;
  l.rational_max_inner_cells = 0;
  l.max_inner_cells = 1'000'000;
  return l;
}

// A sum as the set of its cells' labels with its value: what a reviewer reads.
std::map<std::set<std::string>, std::int64_t> sums_of(const Submission& s, const CombinationScan& scan) {
  std::map<std::set<std::string>, std::int64_t> out;
  for (const DerivedSum& d : scan.small) {
    std::set<std::string> cells;
    for (const CellRef& c : d.cells) cells.insert(s.cell_label(s.tables[static_cast<std::size_t>(c.table)], c.flat));
    out[cells] = d.value;
  }
  return out;
}

// The printed computation, evaluated on the published tables: Σ k·cell / divisor must be the sum of
// the suppressed cells' true values.
void check_computations(const Submission& s, const CombinationScan& scan) {
  for (const DerivedSum& d : scan.small) {
    if (!d.from_elimination) continue;
    REQUIRE_FALSE(d.terms.empty());  // proven: the computation is printed
    std::int64_t total = 0, truth = 0;
    for (std::size_t i = 0; i < d.terms.size(); ++i) {
      const Table& t = s.tables[static_cast<std::size_t>(d.terms[i].table)];
      CHECK_FALSE(is_suppressed(t.status[d.terms[i].flat]));
      total += d.coefficients[i] * t.value[d.terms[i].flat];
    }
    for (const CellRef& c : d.cells) truth += s.tables[static_cast<std::size_t>(c.table)].value[c.flat];
    CHECK(d.divisor >= 1);
    CHECK(total == d.divisor * truth);
    CHECK(truth == d.value);
  }
}

// area (2 leaves) × sex × age margins of one 3-D array: a cyclic set; random counts and pattern.
Submission cyclic(std::mt19937& rng) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = true;
  s.policy.small_max = 6;
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  s.dimensions.push_back(test::flat_dimension("sex", "S", {"m", "f"}));
  s.dimensions.push_back(test::flat_dimension("age", "G", {"y", "o"}));
  std::uniform_int_distribution<int> count(0, 4);
  std::vector<std::int64_t> cube(8);
  for (auto& v : cube) v = count(rng);
  auto at = [&](int a, int x, int g) { return cube[static_cast<std::size_t>(a * 4 + x * 2 + g)]; };
  auto margin = [&](int keep1, int keep2) {  // a 3×3 table (total first) over two of the three dims
    std::vector<std::int64_t> v;
    for (int i = -1; i < 2; ++i)
      for (int j = -1; j < 2; ++j) {
        std::int64_t sum = 0;
        for (int a = 0; a < 2; ++a)
          for (int x = 0; x < 2; ++x)
            for (int g = 0; g < 2; ++g) {
              const int idx[3] = {a, x, g};
              if ((i < 0 || idx[keep1] == i) && (j < 0 || idx[keep2] == j)) sum += at(a, x, g);
            }
        v.push_back(sum);
      }
    return v;
  };
  s.tables.push_back(test::full_table(s, "as", {0, 1}, margin(0, 1)));
  s.tables.push_back(test::full_table(s, "ag", {0, 2}, margin(0, 2)));
  s.tables.push_back(test::full_table(s, "sg", {1, 2}, margin(1, 2)));
  std::bernoulli_distribution hide(0.35);
  for (auto& t : s.tables)
    for (std::size_t f = 1; f < t.cell_count(); ++f)  // grand totals published: the brute force stays quick
      if (hide(rng)) t.status[f] = CellStatus::SuppressedByUser;
  return s;
}

}  // namespace

TEST_CASE("rule ② combinations mod p: the same sums as the rational elimination and the brute force") {
  std::mt19937 rng(20261206);
  int with_sums = 0;
  for (int round = 0; round < 90; ++round) {
    CAPTURE(round);
    const Submission s = cyclic(rng);
    const CombinationScan rational = scan_small_combinations(s, rational_only());
    const CombinationScan modular = scan_small_combinations(s, modular_only());
    REQUIRE(modular.elimination_run);
    CHECK(sums_of(s, modular) == sums_of(s, rational));
    check_computations(s, modular);
    std::set<std::set<std::string>> brute;
    for (const auto& label : test::brute_small_sums(s, s.tables[0].value[0], s.policy.small_min, s.policy.small_max)) {
      if (label.find(" + ") == std::string::npos) continue;
      std::set<std::string> cells;
      std::string::size_type from = 0, next;
      while ((next = label.find(" + ", from)) != std::string::npos) cells.insert(label.substr(from, next - from)), from = next + 3;
      cells.insert(label.substr(from));
      brute.insert(cells);
    }
    // The elimination finds sums of up to two basis rows; each one it reports the brute force confirms.
    for (const auto& [cells, value] : sums_of(s, modular)) CHECK(brute.count(cells) == 1);
    with_sums += !modular.small.empty();
  }
  CHECK(with_sums >= 10);
}

TEST_CASE("rule ② combinations mod p: a cyclic Hyogo set (5 sites × 4 ages) gives the rational elimination's sums") {
  bench::SyntheticSpec spec;
  spec.reference_dir = HITOKU_REFERENCE;
  spec.sites = 5;
  spec.ages = 4;
  spec.cases = 8000;
  Submission s = bench::make_synthetic(spec);
  s.policy.small_combinations = true;
  const CombinationScan rational = scan_small_combinations(s, rational_only());
  const CombinationScan modular = scan_small_combinations(s, modular_only());
  REQUIRE(rational.elimination_run);
  REQUIRE(modular.elimination_run);
  const auto expected = sums_of(s, rational);
  CHECK(expected.size() >= 5);
  CHECK(sums_of(s, modular) == expected);
  check_computations(s, modular);
  check_computations(s, rational);
}
