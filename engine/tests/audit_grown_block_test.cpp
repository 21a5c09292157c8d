// Column generation around a base point (audit/grown_block.h, docs/audit.md step 8b): when no
// outside column prices as attractive, the grown block's optimum is the optimum of the whole
// LP; the block's points meet every row; a reach stops the LP at a unit move.
#include <doctest/doctest.h>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "audit/solve/grown_block.h"

using hitoku::audit::ExactPoint;
using hitoku::audit::ExactSystem;
using hitoku::audit::GrownBlock;

namespace {

// An I×J×K array of counts (some zero) with its I×J and J×K margins published, and its I×K
// margins for i > 0: cyclic margins, so LP vertices are often fractional.
struct Cube {
  int I, J, K;
  int at(int i, int j, int k) const { return (i * J + j) * K + k; }
};

ExactSystem margins_of(const Cube& cube, const ExactPoint& truth) {
  ExactSystem es;
  es.n = cube.I * cube.J * cube.K;
  auto add = [&](const std::vector<int>& cols) {
    ExactSystem::Row row;
    row.cols = cols;
    for (int c : cols) row.rhs += truth.num[static_cast<std::size_t>(c)];
    es.rows.push_back(row);
  };
  for (int i = 0; i < cube.I; ++i)
    for (int j = 0; j < cube.J; ++j) {
      std::vector<int> cols;
      for (int k = 0; k < cube.K; ++k) cols.push_back(cube.at(i, j, k));
      add(cols);
    }
  for (int j = 0; j < cube.J; ++j)
    for (int k = 0; k < cube.K; ++k) {
      std::vector<int> cols;
      for (int i = 0; i < cube.I; ++i) cols.push_back(cube.at(i, j, k));
      add(cols);
    }
  for (int i = 1; i < cube.I; ++i)
    for (int k = 0; k < cube.K; ++k) {
      std::vector<int> cols;
      for (int j = 0; j < cube.J; ++j) cols.push_back(cube.at(i, j, k));
      add(cols);
    }
  es.index();
  return es;
}

// min (sense 1) or max (sense -1) of sum(x[cols]) over every x >= 0 meeting the rows, by Clp.
double whole_lp_optimum(const ExactSystem& es, const std::vector<int>& cols, double sense) {
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> index;
  std::vector<double> element, lo, hi;
  for (const auto& row : es.rows) {
    for (int c : row.cols) {
      index.push_back(c);
      element.push_back(1.0);
    }
    starts.push_back(static_cast<CoinBigIndex>(index.size()));
    lo.push_back(static_cast<double>(row.rhs));
    hi.push_back(static_cast<double>(row.rhs));
  }
  const CoinPackedMatrix by_row(false, es.n, static_cast<int>(es.rows.size()), static_cast<CoinBigIndex>(index.size()),
                                element.data(), index.data(), starts.data(), nullptr);
  std::vector<double> col_lo(static_cast<std::size_t>(es.n), 0.0), col_hi(static_cast<std::size_t>(es.n), COIN_DBL_MAX),
      objective(static_cast<std::size_t>(es.n), 0.0);
  for (int c : cols) objective[static_cast<std::size_t>(c)] = sense;
  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.loadProblem(by_row, col_lo.data(), col_hi.data(), objective.data(), lo.data(), hi.data());
  lp.initialSolve();
  REQUIRE(lp.status() == 0);
  return sense * lp.objectiveValue();
}

double block_sum(const GrownBlock& block, const std::vector<int>& cols) {
  double v = 0;
  for (int c : cols) v += block.value(c);
  return v;
}

// Every row holds at the block's point (the base outside the block), and every value is >= 0.
void check_point(const ExactSystem& es, const ExactPoint& base, const GrownBlock& block) {
  auto at = [&](int c) { return block.contains(c) ? block.value(c) : static_cast<double>(base.num[static_cast<std::size_t>(c)]); };
  for (int c = 0; c < es.n; ++c) CHECK(at(c) >= -1e-7);
  for (const auto& row : es.rows) {
    double sum = 0;
    for (int c : row.cols) sum += at(c);
    CHECK(sum == doctest::Approx(static_cast<double>(row.rhs)).epsilon(1e-9));
  }
}

}  // namespace

TEST_CASE("grown block: when no outside column prices as attractive, its optimum is the whole LP's") {
  // 40 random cubes, a random cell (one to three inner cells) each, both directions: the block
  // starts at the cell's own columns and takes the attractive columns a few at a time.
  std::mt19937 rng(20261122);
  int grown_beyond_start = 0, stopped_short = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const Cube cube{3 + trial % 2, 3, 3 + trial % 3};
    const int n = cube.I * cube.J * cube.K;
    ExactPoint truth;
    for (int c = 0; c < n; ++c) truth.num.push_back(std::uniform_int_distribution<int>(0, 4)(rng) == 0 ? 0 : std::uniform_int_distribution<int>(1, 6)(rng));
    const ExactSystem es = margins_of(cube, truth);
    std::vector<int> cell;
    const int size = 1 + trial % 3;
    while (static_cast<int>(cell.size()) < size) {
      const int c = std::uniform_int_distribution<int>(0, n - 1)(rng);
      if (std::find(cell.begin(), cell.end(), c) == cell.end()) cell.push_back(c);
    }
    for (const double sense : {1.0, -1.0}) {
      INFO("trial " << trial << " sense " << sense);
      GrownBlock block(es, truth);
      block.add_columns(cell);
      block.set_objective(cell, sense, 1e9);  // no reach: the optimum itself
      int rounds = 0;
      for (; rounds < 100; ++rounds) {
        REQUIRE(block.solve(100000));
        check_point(es, truth, block);
        const auto more = block.attractive_columns(3);
        if (more.empty()) break;
        for (int c : more) CHECK_FALSE(block.contains(c));
        block.add_columns(more);
      }
      REQUIRE(rounds < 100);
      CHECK(block_sum(block, cell) == doctest::Approx(whole_lp_optimum(es, cell, sense)).epsilon(1e-9));
      grown_beyond_start += static_cast<int>(block.columns().size() > cell.size());
      if (sense > 0) {  // the same block with a reach stops at one unit below the base
        double at_base = 0;
        for (int c : cell) at_base += static_cast<double>(truth.num[static_cast<std::size_t>(c)]);
        block.set_objective(cell, 1.0, 1.0);
        REQUIRE(block.solve(100000));
        const double optimum = whole_lp_optimum(es, cell, 1.0);
        CHECK(block_sum(block, cell) == doctest::Approx(std::max(optimum, at_base - 1)).epsilon(1e-9));
        stopped_short += static_cast<int>(optimum < at_base - 1 - 1e-9);
        check_point(es, truth, block);
      }
    }
  }
  CHECK(grown_beyond_start > 40);  // the pricing had work to do, not only the cell's own columns
  CHECK(stopped_short > 10);       // and the reach bound mattered
}

TEST_CASE("grown block: a block that already holds every column prices nothing as attractive") {
  const Cube cube{3, 3, 3};
  ExactPoint truth;
  for (int c = 0; c < 27; ++c) truth.num.push_back(1 + c % 4);
  const ExactSystem es = margins_of(cube, truth);
  GrownBlock block(es, truth);
  std::vector<int> all(27);
  for (int c = 0; c < 27; ++c) all[static_cast<std::size_t>(c)] = c;
  block.add_columns(all);
  block.add_columns({0, 5});  // again: nothing joins twice
  CHECK(block.columns().size() == 27);
  block.set_objective({0}, -1.0, 1e9);
  REQUIRE(block.solve(100000));
  CHECK(block.attractive_columns(100).empty());
  CHECK(block.value(0) == doctest::Approx(whole_lp_optimum(es, {0}, -1.0)));
}
