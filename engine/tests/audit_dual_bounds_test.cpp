// Dual certificates kept from per-cell LPs (audit/solve/dual_bounds.h, docs/audit.md step 5): a
// kept certificate bounds every other objective from the right side (checked against that
// objective's own LP, solved fresh), reproduces its own optimum, and is kept whatever sign
// convention the solver reports its duals in.
#include <doctest/doctest.h>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "audit/solve/dual_bounds.h"

using hitoku::audit::DualBounds;
using hitoku::audit::Model;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A random row-ordered model: sums of random column subsets (equalities, some ranged), columns
// from 0 with a few upper bounds and the odd coefficient 2 or -1 (a derived value's row).
Model random_model(std::mt19937& rng, int rows, int cols) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Model m;
  m.matrix.setDimensions(0, cols);
  m.col_lb.assign(static_cast<std::size_t>(cols), 0.0);
  m.col_ub.assign(static_cast<std::size_t>(cols), kInf);
  for (int c = 0; c < cols; ++c)
    if (pick(0, 5) == 0) m.col_ub[static_cast<std::size_t>(c)] = pick(1, 6);
  std::vector<double> truth(static_cast<std::size_t>(cols));
  for (auto& v : truth) v = pick(0, 9);
  for (int r = 0; r < rows; ++r) {
    std::vector<int> idx;
    std::vector<double> el;
    double at = 0;
    for (int c = 0; c < cols; ++c) {
      if (pick(0, 2) != 0) continue;
      const double e = pick(0, 7) == 0 ? (pick(0, 1) ? 2.0 : -1.0) : 1.0;
      idx.push_back(c);
      el.push_back(e);
      at += e * std::min(truth[static_cast<std::size_t>(c)], m.col_ub[static_cast<std::size_t>(c)]);
    }
    if (idx.empty()) continue;
    m.matrix.appendRow(static_cast<int>(idx.size()), idx.data(), el.data());
    const bool ranged = pick(0, 4) == 0;
    m.row_lb.push_back(ranged ? at - pick(0, 3) : at);
    m.row_ub.push_back(ranged ? at + pick(0, 3) : at);
  }
  return m;
}

// The optimum of sense * sum(cols) solved fresh; false unless optimal.
bool optimum(const Model& m, const std::vector<int>& cols, double sense, double& value, ClpSimplex* keep = nullptr) {
  ClpSimplex own;
  ClpSimplex& lp = keep ? *keep : own;
  lp.setLogLevel(0);
  std::vector<double> obj(m.col_lb.size(), 0.0);
  for (int c : cols) obj[static_cast<std::size_t>(c)] = 1.0;
  lp.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), obj.data(), m.row_lb.data(), m.row_ub.data());
  lp.setOptimizationDirection(sense);
  lp.initialSolve();
  if (lp.status() != 0) return false;
  value = lp.objectiveValue();
  return true;
}

}  // namespace

TEST_CASE("dual bounds: kept certificates bound every objective from the right side") {
  std::mt19937 rng(4242);
  int kept = 0, tight_by_others = 0, checked = 0;
  struct Solved {
    std::vector<int> cols;
    double sense, value;
    std::vector<double> y;
  };
  for (int trial = 0; trial < 150; ++trial) {
    const int cols = 4 + static_cast<int>(rng() % 9);
    const Model m = random_model(rng, 2 + static_cast<int>(rng() % 6), cols);
    std::vector<std::vector<int>> objectives;
    for (int c = 0; c < cols; ++c) objectives.push_back({c});
    objectives.push_back({0, cols - 1});
    std::vector<Solved> solved;
    for (const auto& o : objectives)
      for (double sense : {1.0, -1.0}) {
        ClpSimplex lp;
        double v = 0;
        if (!optimum(m, o, sense, v, &lp)) continue;
        solved.push_back({o, sense, v, std::vector<double>(lp.dualRowSolution(), lp.dualRowSolution() + lp.numberRows())});
        DualBounds own(m);
        const bool added = own.add(solved.back().y.data(), o, sense, v);
        kept += added;
        if (added) CHECK(std::fabs(own.bound(o, sense) - v) <= 1e-6 * std::max(1.0, std::fabs(v)));
      }
    // Each optimum against the certificates of every other objective (never its own).
    for (std::size_t t = 0; t < solved.size(); ++t) {
      DualBounds others(m);
      for (std::size_t k = 0; k < solved.size(); ++k)
        if (k != t) others.add(solved[k].y.data(), solved[k].cols, solved[k].sense, solved[k].value);
      const Solved& target = solved[t];
      const double b = others.bound(target.cols, target.sense);
      ++checked;
      INFO("trial " << trial << " sense " << target.sense << " optimum " << target.value << " bound " << b);
      // A lower bound on a minimum, an upper bound on a maximum.
      CHECK(target.sense * (target.value - b) >= -1e-7 * std::max(1.0, std::fabs(target.value)));
      tight_by_others += std::fabs(target.value - b) <= 1e-9;
    }
  }
  MESSAGE(kept << " certificates kept, " << checked << " optima checked, " << tight_by_others << " met by another's bound");
  CHECK(kept > 500);
  CHECK(tight_by_others > 100);
  CHECK(tight_by_others < checked);
}

TEST_CASE("dual bounds: a certificate is refused when it does not reproduce its optimum") {
  std::mt19937 rng(7);
  const Model m = random_model(rng, 4, 6);
  DualBounds duals(m);
  ClpSimplex lp;
  double v = 0;
  REQUIRE(optimum(m, {0}, -1.0, v, &lp));
  CHECK_FALSE(duals.add(lp.dualRowSolution(), {0}, -1.0, v + 1.0));  // a wrong optimum is not trusted
  CHECK(duals.bound({0}, -1.0) == kInf);                              // nothing kept: no bound
  CHECK(duals.add(lp.dualRowSolution(), {0}, -1.0, v));
  CHECK(duals.bound({0}, -1.0) == doctest::Approx(v));
}
