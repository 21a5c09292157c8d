#include "component_solver.h"

#include <coin/CbcModel.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/CoinPackedVector.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <unordered_map>
#include <string>

namespace hitoku::audit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double tolerance(double v) { return 1e-6 * std::max(1.0, std::fabs(v)); }

struct Model {
  CoinPackedMatrix matrix{false, 0, 0};
  std::vector<double> col_lb, col_ub, row_lb, row_ub;
};

// Exact integer optimum of sum(cols) (sense +1 min, -1 max) with Cbc.
enum class MipResult { Optimal, Infeasible, Unbounded, Failed };
MipResult mip_bound(const Model& m, const std::vector<int>& cols, double sense, double& value) {
  OsiClpSolverInterface solver;
  std::vector<double> obj(m.col_lb.size(), 0.0);
  for (int c : cols) obj[static_cast<std::size_t>(c)] = 1.0;
  solver.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), obj.data(), m.row_lb.data(),
                     m.row_ub.data());
  for (int c = 0; c < static_cast<int>(obj.size()); ++c) solver.setInteger(c);
  solver.setObjSense(sense);
  solver.messageHandler()->setLogLevel(0);
  CbcModel cbc(solver);
  cbc.setLogLevel(0);
  cbc.branchAndBound();
  if (cbc.isProvenOptimal()) {
    value = cbc.getObjValue();
    return MipResult::Optimal;
  }
  if (cbc.isProvenInfeasible()) return MipResult::Infeasible;
  if (cbc.isProvenDualInfeasible()) return MipResult::Unbounded;
  return MipResult::Failed;
}

}  // namespace

void solve_component(const ReducedSystem& sys, const ComponentSpec& comp, bool screening,
                     bool integer_bounds, std::vector<int>& local, std::vector<ObjectiveBounds>& out,
                     SolveCounters& counters, bool sample_only, int samples, double seconds_per_solve) {
  const int n = static_cast<int>(comp.vars.size());
  for (int k = 0; k < n; ++k) local[static_cast<std::size_t>(comp.vars[static_cast<std::size_t>(k)])] = k;

  // Objectives in local columns.
  const std::size_t no = comp.objectives.size();
  std::vector<std::vector<int>> cols(no);
  for (std::size_t i = 0; i < no; ++i)
    for (int v : sys.objectives[static_cast<std::size_t>(comp.objectives[i])].vars)
      cols[i].push_back(local[static_cast<std::size_t>(v)]);

  // Columns: the component's variables, then one column per block used (see blocks).
  std::unordered_map<int, int> block_col;
  std::vector<int> block_ids;
  auto lp_cols = [&](const std::vector<int>& terms) {
    std::vector<int> lc;
    for (int t : terms) {
      if (t >= 0) {
        lc.push_back(local[static_cast<std::size_t>(t)]);
      } else {
        auto [it, fresh] = block_col.emplace(t, n + static_cast<int>(block_ids.size()));
        if (fresh) block_ids.push_back(-1 - t);
        lc.push_back(it->second);
      }
    }
    std::sort(lc.begin(), lc.end());
    return lc;
  };
  std::vector<std::vector<int>> row_cols;
  for (int r : comp.rows) row_cols.push_back(lp_cols(sys.residual[static_cast<std::size_t>(r)].terms));
  std::vector<std::vector<int>> obj_cols(no);
  for (std::size_t i = 0; i < no; ++i)
    obj_cols[i] = lp_cols(sys.objectives[static_cast<std::size_t>(comp.objectives[i])].terms);
  const int ncols = n + static_cast<int>(block_ids.size());

  Model m;
  m.matrix.setDimensions(0, ncols);
  m.col_lb.assign(static_cast<std::size_t>(ncols), 0.0);
  m.col_ub.assign(static_cast<std::size_t>(ncols), kInf);
  std::vector<std::vector<int>> rows_of_col(static_cast<std::size_t>(n));
  std::vector<double> rhs_of_row;
  auto add_row = [&](const std::vector<int>& lc, double lo, double hi) {
    std::vector<double> ones(lc.size(), 1.0);
    m.matrix.appendRow(static_cast<int>(lc.size()), lc.data(), ones.data());
    m.row_lb.push_back(lo);
    m.row_ub.push_back(hi);
  };
  for (std::size_t k = 0; k < comp.rows.size(); ++k) {
    const auto& rr = sys.residual[static_cast<std::size_t>(comp.rows[k])];
    for (int v : rr.vars) rows_of_col[static_cast<std::size_t>(local[static_cast<std::size_t>(v)])].push_back(static_cast<int>(k));
    rhs_of_row.push_back(static_cast<double>(rr.rhs));
    add_row(row_cols[k], static_cast<double>(rr.rhs), static_cast<double>(rr.rhs));
  }
  for (std::size_t k = 0; k < block_ids.size(); ++k) {  // block column = sum of its variables
    const auto& vars = sys.blocks[static_cast<std::size_t>(block_ids[k])];
    std::vector<int> idx{n + static_cast<int>(k)};
    std::vector<double> val{1.0};
    for (int v : vars) {
      idx.push_back(local[static_cast<std::size_t>(v)]);
      val.push_back(-1.0);
    }
    m.matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
    m.row_lb.push_back(0.0);
    m.row_ub.push_back(0.0);
  }
  std::vector<double> trivial_lo(no, 0.0), trivial_hi(no, kInf);
  for (std::size_t i = 0; i < no; ++i) {
    const Objective& o = sys.objectives[static_cast<std::size_t>(comp.objectives[i])];
    std::sort(cols[i].begin(), cols[i].end());
    if (o.has_prior) {
      const double lo = static_cast<double>(o.prior_lo - o.constant);
      const double hi = static_cast<double>(o.prior_hi - o.constant);
      trivial_lo[i] = std::max(0.0, lo);
      trivial_hi[i] = hi;
      if (!cols[i].empty()) add_row(obj_cols[i], lo, hi);
    }
    if (cols[i].empty()) continue;
    // A published cell covering all of the objective bounds it from above.
    for (int r : rows_of_col[static_cast<std::size_t>(cols[i][0])]) {
      const auto& rr = sys.residual[static_cast<std::size_t>(comp.rows[static_cast<std::size_t>(r)])];

      if (rr.vars.size() < cols[i].size()) continue;
      bool covers = true;
      for (int c : cols[i])
        if (std::find(rows_of_col[static_cast<std::size_t>(c)].begin(), rows_of_col[static_cast<std::size_t>(c)].end(), r) ==
            rows_of_col[static_cast<std::size_t>(c)].end()) { covers = false; break; }
      if (covers) trivial_hi[i] = std::min(trivial_hi[i], rhs_of_row[static_cast<std::size_t>(r)]);
    }
  }

  // Observed feasible points: per objective the least and greatest value seen and whether the
  // point showing it was integral.
  std::vector<double> seen_lo(no, kInf), seen_hi(no, -kInf);
  std::vector<char> seen_lo_int(no, 0), seen_hi_int(no, 0);
  auto observe = [&](const double* x) {
    bool integral = true;
    for (int c = 0; c < n && integral; ++c) integral = std::fabs(x[c] - std::round(x[c])) < 1e-7;
    for (std::size_t i = 0; i < no; ++i) {
      double v = 0;
      for (int c : cols[i]) v += x[c];
      if (v < seen_lo[i] - 1e-9 || (v < seen_lo[i] + 1e-9 && integral && !seen_lo_int[i])) {
        seen_lo[i] = std::min(seen_lo[i], v);
        seen_lo_int[i] = integral;
      }
      if (v > seen_hi[i] + 1e-9 || (v > seen_hi[i] - 1e-9 && integral && !seen_hi_int[i])) {
        seen_hi[i] = std::max(seen_hi[i], v);
        seen_hi_int[i] = integral;
      }
    }
  };

  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.messageHandler()->setLogLevel(0);
  std::vector<double> zero(static_cast<std::size_t>(ncols), 0.0);
  lp.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), zero.data(), m.row_lb.data(), m.row_ub.data());
  bool fresh = true;
  std::vector<int> last_cols;
  // Optimises sum of weights*x over cols; returns Clp status (0 optimal, 1 infeasible, 2 unbounded).
  auto optimise = [&](const std::vector<int>& c, const std::vector<double>& w, double sense, double& value) {
    for (int k : last_cols) lp.setObjectiveCoefficient(k, 0.0);
    for (std::size_t k = 0; k < c.size(); ++k) lp.setObjectiveCoefficient(c[k], w.empty() ? 1.0 : w[k]);
    last_cols = c;
    lp.setOptimizationDirection(sense);
    if (fresh) {
      lp.initialSolve();
      ++counters.lp_solves;
      fresh = false;
    } else {
      lp.primal();
      ++counters.lp_resolves;
      if (lp.status() != 0 && lp.status() != 2) {  // numerical trouble: start over
        lp.allSlackBasis(true);
        lp.initialSolve();
        ++counters.lp_solves;
      }
    }
    if (lp.status() == 0) {
      value = lp.objectiveValue();
      observe(lp.primalColumnSolution());
    }
    return lp.status();
  };

  bool infeasible = false;
  if (sample_only) {
    // Too large for per-cell LPs: a few solves from scratch (each under a time limit) give
    // feasible points; a cell seen at values at least 1 apart is proven not recoverable.
    std::mt19937 rng(12345);
    auto undecided = [&](std::size_t i) {
      if (cols[i].empty()) return false;
      if (seen_lo[i] > seen_hi[i]) return true;  // not seen yet
      return std::floor(seen_hi[i] + tolerance(seen_hi[i])) - std::ceil(seen_lo[i] - tolerance(seen_lo[i])) < 1;
    };
    for (int k = 0; k < samples && n > 0 && !m.row_lb.empty(); ++k) {
      // First all cells down, then up; then the cells still undecided with random signs (new
      // vertices where they are needed).
      std::vector<double> w(static_cast<std::size_t>(ncols), 0.0);
      bool any = false;
      for (std::size_t i = 0; i < no; ++i) {
        if (k >= 2 && !undecided(i)) continue;
        const double weight = k >= 2 ? ((rng() & 1) ? 1.0 : -1.0) : 1.0;
        for (int c : obj_cols[i]) w[static_cast<std::size_t>(c)] = weight;
        any = any || !obj_cols[i].empty();
      }
      if (!any) break;
      const double sense = k == 1 ? -1.0 : 1.0;
      // A fresh model each time: Clp's time limit counts from the model's first solve.
      ClpSimplex one;
      one.setLogLevel(0);
      one.messageHandler()->setLogLevel(0);
      one.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), w.data(), m.row_lb.data(), m.row_ub.data());
      one.setOptimizationDirection(sense);
      one.setMaximumSeconds(seconds_per_solve);
      one.initialSolve();
      ++counters.lp_solves;
      // Anything but an optimum (time limit, numerical trouble) just adds no point: cells
      // without two distinct points stay unproven.
      if (one.status() == 0) observe(one.primalColumnSolution());
    }
    for (std::size_t i = 0; i < no; ++i) {
      const Objective& o = sys.objectives[static_cast<std::size_t>(comp.objectives[i])];
      ObjectiveBounds& b = out[static_cast<std::size_t>(comp.objectives[i])];
      b = ObjectiveBounds{};
      if (infeasible) { b.infeasible = true; continue; }
      if (cols[i].empty()) {
        b.lower = b.upper = o.constant;
        b.integral = true;
        continue;
      }
      if (seen_lo[i] > seen_hi[i]) { b.failed = b.too_large = true; continue; }
      const bool lo_exact = seen_lo[i] <= trivial_lo[i] + tolerance(trivial_lo[i]);
      const bool hi_exact = trivial_hi[i] < kInf && seen_hi[i] >= trivial_hi[i] - tolerance(trivial_hi[i]);
      const double lo = lo_exact ? trivial_lo[i] : seen_lo[i];
      const double hi = hi_exact ? trivial_hi[i] : seen_hi[i];
      b.lower = o.constant + static_cast<std::int64_t>(std::ceil(lo - tolerance(lo)));
      b.upper = o.constant + static_cast<std::int64_t>(std::floor(hi + tolerance(hi)));
      b.inner = !(lo_exact && hi_exact);
      if (b.inner && b.upper - b.lower < 1) b.failed = b.too_large = true;  // cannot tell
      if (lo_exact && hi_exact) ++counters.screened;
    }
    for (int v : comp.vars) local[static_cast<std::size_t>(v)] = -1;
    return;
  }
  if (n > 0 && m.row_lb.size() > 0) {
    // Screening: push all objectives down together, then up together.
    std::vector<int> all;
    for (auto& c : obj_cols) all.insert(all.end(), c.begin(), c.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    double v = 0;
    int st = optimise(all, {}, 1.0, v);
    if (st == 1) infeasible = true;
    if (!infeasible && screening) optimise(all, {}, -1.0, v);
  }

  for (std::size_t i = 0; i < no; ++i) {
    const Objective& o = sys.objectives[static_cast<std::size_t>(comp.objectives[i])];
    ObjectiveBounds& b = out[static_cast<std::size_t>(comp.objectives[i])];
    b = ObjectiveBounds{};
    if (infeasible) {
      b.infeasible = true;
      continue;
    }
    if (cols[i].empty()) {
      b.lower = b.upper = o.constant;
      b.integral = true;
      continue;
    }
    if (m.row_lb.empty()) {  // nothing published covers it: anything from 0 upward
      b.lower = o.constant;
      b.upper = std::numeric_limits<std::int64_t>::max();
      b.unbounded = true;
      b.integral = true;
      continue;
    }
    double lo = 0, hi = 0;
    bool lo_int = false, hi_int = false, failed = false, unbounded = false;
    // Lower end.
    if (screening && seen_lo[i] <= trivial_lo[i] + tolerance(trivial_lo[i])) {
      lo = trivial_lo[i];
      lo_int = seen_lo_int[i];
      ++counters.screened;
    } else {
      const int st = optimise(obj_cols[i], {}, 1.0, lo);
      if (st == 1) { b.infeasible = true; continue; }
      if (st != 0) failed = true;
      lo_int = st == 0 && seen_lo[i] <= lo + tolerance(lo) && seen_lo_int[i];
    }
    // Upper end.
    if (screening && trivial_hi[i] < kInf && seen_hi[i] >= trivial_hi[i] - tolerance(trivial_hi[i])) {
      hi = trivial_hi[i];
      hi_int = seen_hi_int[i];
      ++counters.screened;
    } else {
      const int st = optimise(obj_cols[i], {}, -1.0, hi);
      if (st == 2) unbounded = true;
      else if (st == 1) { b.infeasible = true; continue; }
      else if (st != 0) failed = true;
      hi_int = st == 0 && seen_hi[i] >= hi - tolerance(hi) && seen_hi_int[i];
    }
    if (integer_bounds && !failed) {
      double v = 0;
      if (!lo_int) {
        ++counters.mip_solves;
        const auto r = mip_bound(m, obj_cols[i], 1.0, v);
        if (r == MipResult::Optimal) { lo = std::round(v); lo_int = true; }
        else if (r == MipResult::Infeasible) { b.infeasible = true; continue; }
        else failed = true;
      }
      if (!hi_int && !unbounded) {
        ++counters.mip_solves;
        const auto r = mip_bound(m, obj_cols[i], -1.0, v);
        if (r == MipResult::Optimal) { hi = std::round(v); hi_int = true; }
        else if (r == MipResult::Infeasible) { b.infeasible = true; continue; }
        else failed = true;
      }
    }
    b.failed = failed;
    b.unbounded = unbounded;
    b.integral = lo_int && (hi_int || unbounded);
    // Integer points of the LP interval; a float error below 1 cannot widen it.
    b.lower = o.constant + static_cast<std::int64_t>(std::ceil(lo - tolerance(lo)));
    b.upper = unbounded ? std::numeric_limits<std::int64_t>::max()
                        : o.constant + static_cast<std::int64_t>(std::floor(hi + tolerance(hi)));
  }
  for (int v : comp.vars) local[static_cast<std::size_t>(v)] = -1;
}

}  // namespace hitoku::audit
