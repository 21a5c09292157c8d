// Rule ② combinations found modulo a prime (large systems) against the exact rational elimination
// and a brute force: the same sums, each with a computation that reproduces its value from the
// published cells in integer arithmetic (checked here from the tables, not from the engine).
#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <algorithm>
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
    if (d.cells.empty()) continue;  // counts no table shows alone (the cross-classification's): joint_counts test
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
    if (!d.hidden.empty()) continue;  // a count no table shows: its truth is not a cell's (joint_counts test)
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

// An independent exact oracle: is the 0/1 vector `v` over the inner cells a rational combination of
// the published cells' vectors? (Fraction-free row reduction in arbitrary-precision integers.)
bool in_row_space(std::vector<std::vector<boost::multiprecision::cpp_int>> rows, std::vector<boost::multiprecision::cpp_int> v) {
  using Int = boost::multiprecision::cpp_int;
  std::vector<std::vector<Int>> basis;
  std::vector<std::size_t> lead;
  auto reduce = [&](std::vector<Int>& x) {
    for (std::size_t b = 0; b < basis.size(); ++b) {
      if (x[lead[b]] == 0) continue;
      const Int a = basis[b][lead[b]], c = x[lead[b]];
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = x[i] * a - c * basis[b][i];
    }
  };
  for (auto& r : rows) {
    reduce(r);
    for (std::size_t i = 0; i < r.size(); ++i)
      if (r[i] != 0) {
        basis.push_back(r);
        lead.push_back(i);
        break;
      }
  }
  reduce(v);
  for (const auto& x : v)
    if (x != 0) return false;
  return true;
}

// Every set of two or more suppressed cells whose sum the published cells determine linearly, with
// a true value in [lo, hi], that does not split into two parts each determined (then the parts say
// it all): the sums the elimination must find, keyed by their inner cells.
std::map<std::vector<int>, std::string> minimal_determined_sums(const Submission& s, std::int64_t lo, std::int64_t hi) {
  using Int = boost::multiprecision::cpp_int;
  std::vector<test::BruteCell> cells;
  std::set<std::vector<int>> seen;
  std::vector<std::vector<Int>> published;
  int n = 1;
  for (const auto& d : s.dimensions) n *= static_cast<int>(d.leaves().size());
  for (const auto& t : s.tables)
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      test::BruteCell c = test::brute_cell(s, t, f);
      if (!is_suppressed(t.status[f])) {
        std::vector<Int> row(static_cast<std::size_t>(n), 0);
        for (int i : c.inner) row[static_cast<std::size_t>(i)] = 1;
        published.push_back(std::move(row));
      } else if (!t.earlier_publication && seen.insert(c.inner).second) {
        c.value = t.value[f];
        cells.push_back(std::move(c));
      }
    }
  const std::size_t k = cells.size();
  std::vector<char> determined(std::size_t{1} << k, 0);
  for (std::size_t mask = 1; mask < determined.size(); ++mask) {
    std::vector<Int> v(static_cast<std::size_t>(n), 0);
    for (std::size_t j = 0; j < k; ++j)
      if (mask >> j & 1)
        for (int i : cells[j].inner) v[static_cast<std::size_t>(i)] += 1;
    determined[mask] = in_row_space(published, v);
  }
  std::map<std::vector<int>, std::string> out;  // inner cells (with repeats) -> the cells' labels
  for (std::size_t mask = 1; mask < determined.size(); ++mask) {
    if (!determined[mask] || (mask & (mask - 1)) == 0) continue;
    std::int64_t value = 0;
    std::string labels;
    std::vector<int> inner;
    for (std::size_t j = 0; j < k; ++j)
      if (mask >> j & 1) {
        value += cells[j].value;
        labels += (labels.empty() ? "" : " + ") + cells[j].label;
        inner.insert(inner.end(), cells[j].inner.begin(), cells[j].inner.end());
      }
    std::sort(inner.begin(), inner.end());
    if (value < lo || value > hi) continue;
    bool splits = false;
    for (std::size_t part = (mask - 1) & mask; part && !splits; part = (part - 1) & mask)
      splits = determined[part] && determined[mask ^ part];
    // The same people as one suppressed cell: that cell's recovery is rule ④'s finding.
    const bool one_cell = std::any_of(cells.begin(), cells.end(), [&](const test::BruteCell& c) { return c.inner == inner; });
    if (!splits && !one_cell) out.emplace(std::move(inner), labels);
  }
  return out;
}

}  // namespace

// One 5 × 5 table (4 × 4 inner cells and their totals) with a random pattern: sums over three or more
// cells that need as many basis rows arise here.
Submission square(std::mt19937& rng) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = true;
  s.policy.small_max = 6;
  s.dimensions.push_back(test::flat_dimension("row", "R", {"r1", "r2", "r3", "r4"}));
  s.dimensions.push_back(test::flat_dimension("col", "C", {"c1", "c2", "c3", "c4"}));
  std::uniform_int_distribution<int> count(0, 3);
  std::vector<std::int64_t> z(16);
  for (auto& v : z) v = count(rng);
  std::vector<std::int64_t> cells;
  for (int i = -1; i < 4; ++i)
    for (int j = -1; j < 4; ++j) {
      std::int64_t sum = 0;
      for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b)
          if ((i < 0 || a == i) && (j < 0 || b == j)) sum += z[static_cast<std::size_t>(a * 4 + b)];
      cells.push_back(sum);
    }
  s.tables.push_back(test::full_table(s, "t", {0, 1}, cells));
  std::bernoulli_distribution hide(0.4);
  for (std::size_t f = 1; f < s.tables[0].cell_count(); ++f)
    if (hide(rng)) s.tables[0].status[f] = CellStatus::SuppressedByUser;
  return s;
}

// The inner cells of each sum the scan reports (the same people named by other cells count alike).
std::set<std::vector<int>> inner_sets(const Submission& s, const CombinationScan& scan) {
  std::set<std::vector<int>> out;
  for (const DerivedSum& d : scan.small) {
    std::vector<int> inner;
    for (const CellRef& c : d.cells)
      for (int i : test::brute_cell(s, s.tables[static_cast<std::size_t>(c.table)], c.flat).inner) inner.push_back(i);
    std::sort(inner.begin(), inner.end());
    out.insert(inner);
  }
  return out;
}

TEST_CASE("rule ② combinations: every sum of suppressed cells the published cells determine is found, however many basis rows it needs") {
  // The exact oracle above, not the engine, lists the sums; both eliminations must report each
  // (session 16 found three-cell sums that needed three basis rows and were missed).
  std::mt19937 rng(20261207);
  int beyond_pairs = 0;
  for (int round = 0; round < 120; ++round) {
    CAPTURE(round);
    const Submission s = round % 2 ? cyclic(rng) : square(rng);
    const auto suppressed = std::count_if(s.tables[0].status.begin(), s.tables[0].status.end(), is_suppressed);
    if (s.tables.size() == 1 && suppressed > 13) continue;  // the oracle tries every subset
    const auto expected = minimal_determined_sums(s, s.policy.small_min, s.policy.small_max);
    for (const auto& limits : {rational_only(), modular_only()}) {
      const auto found = inner_sets(s, scan_small_combinations(s, limits));
      for (const auto& [inner, named] : expected) {
        CAPTURE(named);
        CHECK(found.count(inner) == 1);
      }
    }
    for (const auto& [inner, named] : expected) beyond_pairs += std::count(named.begin(), named.end(), '+') >= 2;
  }
  CHECK(beyond_pairs > 0);  // the generator makes the case this test is about
}

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

TEST_CASE("rule ② combinations: a subset search cut short by its budget says so, and only then misses a sum") {
  // The same oracle and tables as above, with a search budget too small for some of them: a sum the
  // scan misses must come with subsets_complete false, and the check then shows a warning.
  std::mt19937 rng(20261207);
  int cut = 0;
  for (int round = 0; round < 120; ++round) {
    CAPTURE(round);
    const Submission s = round % 2 ? cyclic(rng) : square(rng);
    const auto suppressed = std::count_if(s.tables[0].status.begin(), s.tables[0].status.end(), is_suppressed);
    if (s.tables.size() == 1 && suppressed > 13) continue;
    const auto expected = minimal_determined_sums(s, s.policy.small_min, s.policy.small_max);
    for (auto limits : {rational_only(), modular_only()}) {
      limits.subsets.max_steps = 3;
      limits.subsets.sure_rows = limits.subsets.max_rows;  // every depth counted: a miss must be told
      const CombinationScan scan = scan_small_combinations(s, limits);
      const auto found = inner_sets(s, scan);
      const bool missed = std::any_of(expected.begin(), expected.end(), [&](const auto& e) { return !found.count(e.first); });
      if (missed) CHECK_FALSE(scan.subsets_complete);
      if (scan.subsets_complete) continue;
      ++cut;
      RuleOutput rule2;
      add_small_combination_findings(s, rule2, limits);
      CHECK(std::any_of(rule2.findings.begin(), rule2.findings.end(), [](const Finding& f) {
        return f.severity == Severity::Warning && f.reason_en.find("reached its limit") != std::string::npos;
      }));
      CHECK(rule2.result.state != RuleState::Pass);
    }
  }
  CHECK(cut > 0);  // the budget does run out here
}
