// Rule ②, the cross-classification's cells no table has (rules/hidden_cells.h joint_forms): three
// two-way margins of a 2×2×3 array, all published. Every cell of the array the scan reports as a small
// count must be fixed at that value in every nonnegative integer array with the same margins (brute
// force over the margins' one free direction per pair of the third dimension's codes), and the scan
// finds some: margins with zeros fix cells.
#include <doctest/doctest.h>

#include <array>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "rules/small_combinations.h"
#include "test_support.h"

using namespace hitoku;

namespace {

constexpr int kA = 2, kB = 2, kC = 3;
using Cube = std::array<std::int64_t, kA * kB * kC>;
int at(int a, int b, int c) { return (a * kB + b) * kC + c; }

// The margin over two of the three dimensions (0 A, 1 B, 2 C), totals first, row-major.
std::vector<std::int64_t> margin(const Cube& cube, int keep1, int keep2) {
  const int size[3] = {kA, kB, kC};
  std::vector<std::int64_t> v;
  for (int i = -1; i < size[keep1]; ++i)
    for (int j = -1; j < size[keep2]; ++j) {
      std::int64_t sum = 0;
      for (int a = 0; a < kA; ++a)
        for (int b = 0; b < kB; ++b)
          for (int c = 0; c < kC; ++c) {
            const int idx[3] = {a, b, c};
            if ((i < 0 || idx[keep1] == i) && (j < 0 || idx[keep2] == j)) sum += cube[static_cast<std::size_t>(at(a, b, c))];
          }
      v.push_back(sum);
    }
  return v;
}

// Every nonnegative integer array with the same three margins: the array plus integer moves in the
// margins' kernel, spanned for 2×2×K by one +1/-1 interaction per code c ≥ 1 against code 0.
std::vector<Cube> completions(const Cube& truth) {
  std::vector<Cube> out;
  constexpr int kRange = 12;  // counts are at most 4 × 3: a move beyond this breaks nonnegativity
  std::array<int, kC - 1> t{};
  t.fill(-kRange);
  while (true) {
    Cube x = truth;
    bool ok = true;
    for (int k = 1; k < kC && ok; ++k)
      for (int a = 0; a < kA; ++a)
        for (int b = 0; b < kB; ++b) {
          const int sign = (a == b) ? 1 : -1;
          x[static_cast<std::size_t>(at(a, b, 0))] += sign * t[static_cast<std::size_t>(k - 1)];
          x[static_cast<std::size_t>(at(a, b, k))] -= sign * t[static_cast<std::size_t>(k - 1)];
        }
    for (auto v : x) ok = ok && v >= 0;
    if (ok) out.push_back(x);
    std::size_t q = 0;
    while (q < t.size() && ++t[q] > kRange) t[q++] = -kRange;
    if (q == t.size()) break;
  }
  return out;
}

}  // namespace

TEST_CASE("rule ② joint cells: every small count of the cross-classification reported is fixed by the margins") {
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<int> count(0, 4);
  int reported = 0, rounds_with = 0;
  for (int round = 0; round < 150; ++round) {
    CAPTURE(round);
    Cube cube{};
    for (auto& v : cube) v = count(rng);
    Submission s;
    s.policy = test::hyogo_like_policy();
    s.policy.small_combinations = true;
    s.dimensions.push_back(test::flat_dimension("A", "AT", {"a1", "a2"}));
    s.dimensions.push_back(test::flat_dimension("B", "BT", {"b1", "b2"}));
    s.dimensions.push_back(test::flat_dimension("C", "CT", {"c1", "c2", "c3"}));
    s.tables.push_back(test::full_table(s, "ab", {0, 1}, margin(cube, 0, 1)));
    s.tables.push_back(test::full_table(s, "ac", {0, 2}, margin(cube, 0, 2)));
    s.tables.push_back(test::full_table(s, "bc", {1, 2}, margin(cube, 1, 2)));
    const auto all = completions(cube);
    REQUIRE(!all.empty());
    const auto scan = scan_small_combinations(s, CombinationLimits{});
    bool any = false;
    for (const DerivedSum& d : scan.small) {
      REQUIRE(d.cells.empty());  // nothing is suppressed: only counts no table shows
      REQUIRE(d.hidden.size() == 1);
      const auto& cell = d.hidden.front().cell;
      const int a = cell.at("A") == "a1" ? 0 : 1, b = cell.at("B") == "b1" ? 0 : 1;
      const int c = cell.at("C") == "c1" ? 0 : cell.at("C") == "c2" ? 1 : 2;
      INFO(d.hidden.front().label << " reported as " << d.value);
      for (const Cube& x : all) CHECK(x[static_cast<std::size_t>(at(a, b, c))] == d.value);
      CHECK(s.policy.in_small_range(d.value));
      ++reported;
      any = true;
    }
    rounds_with += any;
  }
  MESSAGE(reported << " small cells of the cross-classification reported in " << rounds_with << " rounds");
  CHECK(rounds_with >= 10);
}
