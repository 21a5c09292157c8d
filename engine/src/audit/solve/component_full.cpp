// The component solver for components small enough for per-cell LPs: screening (all cells down
// together, then up), then each cell's two ends by re-solving one Clp model, Cbc on request.
#include <coin/CbcModel.hpp>
#include <coin/OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>
#include <malloc.h>
#include <limits>

#include "audit/solve/component_stages.h"

namespace hitoku::audit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double tolerance(double v) { return 1e-6 * std::max(1.0, std::fabs(v)); }

double value_at(const std::vector<double>& x, const std::vector<int>& cols) {
  double v = 0;
  for (int c : cols) v += x[static_cast<std::size_t>(c)];
  return v;
}

// Branch-and-bound nodes per end. A count, not seconds, so the same input gives the same report;
// a share over an unknown base (unbounded integer columns, coefficients in the hundreds) could run
// for minutes on 21 columns without it (the end then keeps Cbc's proven bound, or the LP's).
constexpr int kMipNodes = 100;

// Exact integer optimum of sum(cols) (sense +1 min, -1 max) with Cbc. Limit: the node budget ran
// out; value is then Cbc's best possible bound and solution its best point, if any.
enum class MipResult { Optimal, Limit, Infeasible, Unbounded, Failed };
MipResult mip_bound(const Model& m, const std::vector<int>& cols, double sense, double& value,
                    std::vector<double>& solution) {
  // Cbc frees and takes back the top of the heap at every node: glibc gave it back to the system and
  // asked again each time (208,800 brk calls for one 60-cell table with three shares: 5.4 s, 0.34 s
  // with the heap's top kept). Process-wide, set once, before the first Cbc solve.
  static const bool heap_top_kept = mallopt(M_TOP_PAD, 64 << 20) == 1;
  (void)heap_top_kept;
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
  cbc.setMaximumNodes(kMipNodes);
  cbc.branchAndBound();
  solution.clear();
  if (cbc.bestSolution()) solution.assign(cbc.bestSolution(), cbc.bestSolution() + cbc.getNumCols());
  if (cbc.isProvenOptimal()) {
    value = cbc.getObjValue();
    return MipResult::Optimal;
  }
  if (cbc.isProvenInfeasible()) return MipResult::Infeasible;
  if (cbc.isProvenDualInfeasible()) return MipResult::Unbounded;
  if (cbc.isNodeLimitReached()) {
    value = cbc.getBestPossibleObjValue();  // in the model's sense
    return MipResult::Limit;
  }
  return MipResult::Failed;
}

}  // namespace

// Optimises the sum of the columns c; returns Clp's status (0 optimal, 1 infeasible, 2 unbounded).
int ComponentSolver::optimise(const std::vector<int>& c, double sense, double& value) {
  ClpSimplex& lp = *lp_;
  for (int k : last_cols_) lp.setObjectiveCoefficient(k, 0.0);
  for (int k : c) lp.setObjectiveCoefficient(k, 1.0);
  last_cols_ = c;
  lp.setOptimizationDirection(sense);
  if (c.size() == 1 && factor_kept_ && basis_still_optimal(c[0], sense)) {
    value = lp.primalColumnSolution()[c[0]];  // the vertex observed after the last solve
    ++counters_.lp_bases_kept;
    return 0;
  }
  factor_kept_ = false;
  if (fresh_) {
    lp.initialSolve();
    ++counters_.lp_solves;
    fresh_ = false;
  } else {
    // Keep Clp's work areas and factorization between re-solves (only the objective changes):
    // a re-solve of a relaxation component took 0.65 of the time (Hyogo 1.29 -> 0.82 s). Not
    // bit 4 (skip initialising the work areas), which Clp calls work in progress.
    constexpr int kKeepFactorization = 1 | 2;
    lp.primal(0, kKeepFactorization);
    ++counters_.lp_resolves;
    factor_kept_ = lp.status() == 0;
    if (lp.status() != 0 && lp.status() != 2) {  // numerical trouble: start over
      lp.allSlackBasis(true);
      lp.initialSolve();
      ++counters_.lp_solves;
    }
  }
  if (lp.status() == 0) {
    value = lp.objectiveValue();
    observe(lp.primalColumnSolution());
    if (duals_) duals_->add(lp.dualRowSolution(), c, sense, value);
  }
  return lp.status();
}

// Whether the optimal basis of the last re-solve is optimal for column col alone too (sense 1
// min, -1 max). In the simplex tableau's row of col (basic), x_col = beta - sum z_j x_j + sum s_i r_i
// over the nonbasic columns j and row activities r_i (Clp's row variables enter with -1): the basis
// is optimal when none of them may move in a direction that improves x_col. Clp's re-solve would then
// make no pivot (one in seven of Hyogo's relaxation ends) after its set-up and a factorization, the
// most of a re-solve's cost. Doubt (free or superbasic variables, no work areas) re-solves.
bool ComponentSolver::basis_still_optimal(int col, double sense) {
  ClpSimplex& lp = *lp_;
  if (!lp.rowArray(0) || !lp.factorization() || lp.getColumnStatus(col) != ClpSimplex::basic) return false;
  const int rows = lp.numberRows(), cols = lp.numberColumns();
  const int* pivots = lp.pivotVariable();
  const int row = static_cast<int>(std::find(pivots, pivots + rows, col) - pivots);
  if (row == rows) return false;
  tableau_row_.resize(static_cast<std::size_t>(cols));
  tableau_slack_.resize(static_cast<std::size_t>(rows));
  lp.getBInvARow(row, tableau_row_.data(), tableau_slack_.data());
  constexpr double kTolerance = 1e-9;  // stricter than Clp's dual tolerance (1e-7): doubt re-solves
  // May a variable with this status, bounds and effect on x_col move to improve it?
  auto improves = [&](ClpSimplex::Status st, double lo, double hi, double effect) {
    if (st == ClpSimplex::basic || st == ClpSimplex::isFixed || lo == hi) return false;
    if (st == ClpSimplex::isFree || st == ClpSimplex::superBasic) return true;
    const double gain = -sense * effect;  // improvement of the objective per unit raised
    return st == ClpSimplex::atLowerBound ? gain > kTolerance : gain < -kTolerance;
  };
  for (int j = 0; j < cols; ++j)
    if (j != col && improves(lp.getColumnStatus(j), lp.columnLower()[j], lp.columnUpper()[j], -tableau_row_[static_cast<std::size_t>(j)]))
      return false;
  for (int i = 0; i < rows; ++i)
    if (improves(lp.getRowStatus(i), lp.rowLower()[i], lp.rowUpper()[i], tableau_slack_[static_cast<std::size_t>(i)]))
      return false;
  return true;
}

// Clp's unbounded ray, made exact: r >= 0 keeping every row and range (A r = 0), so x + k*r is
// feasible for every k >= 0 and any exact point x.
bool ComponentSolver::exact_ray(std::size_t i) {
  double* ray = lp_->unboundedRay();
  if (!ray) return false;
  double smallest = kInf;
  for (int c = 0; c < n_; ++c)
    if (std::fabs(ray[c]) > 1e-9) smallest = std::min(smallest, std::fabs(ray[c]));
  std::vector<double> scaled(static_cast<std::size_t>(n_), 0.0);
  for (int c = 0; c < n_ && smallest < kInf; ++c) scaled[static_cast<std::size_t>(c)] = ray[c] / smallest;
  delete[] ray;
  ExactSystem rs = es_;
  for (auto& row : rs.rows) row.rhs = 0;
  // A range keeps its sign where it has an end: x + k*r stays inside for every k >= 0 when
  // coef*r >= 0 below a lower end and <= 0 below an upper end (a share 100x/base has two ends on
  // two rows, and its ray (x, base) += (1, 7) is not 0 on either).
  for (auto& g : rs.ranges) {
    if (!g.open_lo()) g.lo = 0;
    if (!g.open_hi()) g.hi = 0;
  }
  const auto r = exact_point(rs, scaled.data());
  return r && Fraction{0, 1} < value(*r, cols_[i]);
}

void ComponentSolver::solve_full(std::vector<ObjectiveBounds>& out) {
  lp_ = std::make_unique<ClpSimplex>();
  lp_->setLogLevel(0);
  lp_->messageHandler()->setLogLevel(0);
  // A matrix of +-1 only (published sums, no rate or percentage ranges) gains nothing from
  // scaling, which Clp redid at every re-solve (Hyogo's relaxation 0.84 -> 0.78 s).
  const double* element = m_.matrix.getElements();
  if (std::all_of(element, element + m_.matrix.getNumElements(), [](double e) { return e == 1.0 || e == -1.0; }))
    lp_->scaling(0);
  std::vector<double> zero(static_cast<std::size_t>(ncols_), 0.0);
  lp_->loadProblem(m_.matrix, m_.col_lb.data(), m_.col_ub.data(), zero.data(), m_.row_lb.data(), m_.row_ub.data());
  duals_.emplace(m_);
  if (n_ > 0 && !m_.row_lb.empty()) screen_all();
  for (std::size_t i = 0; i < no_; ++i) {
    const Objective& o = objective(i);
    ObjectiveBounds& b = out[static_cast<std::size_t>(comp_.objectives[i])];
    if (report_fixed(i, b, true)) continue;
    if (m_.row_lb.empty()) {  // nothing published covers it: anything from 0 upward
      b.lower = b.outer_lower = o.constant;
      b.upper = b.outer_upper = std::numeric_limits<std::int64_t>::max();
      b.unbounded = b.outer_unbounded = true;
      b.integral = b.outer = true;
      continue;
    }
    solve_cell_full(i, b);
  }
}

// A cell every path reports alike (b is then set): the component is infeasible, or the reductions
// fixed the cell (no variable left), with its outer ends too on request.
bool ComponentSolver::report_fixed(std::size_t i, ObjectiveBounds& b, bool with_outer) const {
  b = ObjectiveBounds{};
  if (infeasible_) {
    b.infeasible = true;
    return true;
  }
  if (!cols_[i].empty()) return false;
  b.lower = b.upper = objective(i).constant;
  b.integral = true;
  if (with_outer) {
    b.outer_lower = b.outer_upper = b.lower;
    b.outer = true;
  }
  return true;
}

// Screening: push all objectives down together, then up together.
void ComponentSolver::screen_all() {
  std::vector<int> all;
  for (auto& c : obj_cols_) all.insert(all.end(), c.begin(), c.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  double v = 0;
  const int st = optimise(all, 1.0, v);
  if (st == 1) infeasible_ = true;
  if (!infeasible_ && settings_.screening) optimise(all, -1.0, v);
}

// An end is an integer bound when an integral exact point attains its rounded value.
bool ComponentSolver::lo_attained(std::size_t i, const OuterEnds& e) const {
  return e.lo_outer && seen_int_[i] && seen_int_lo_[i] == static_cast<std::int64_t>(std::ceil(e.lo - tolerance(e.lo)));
}

bool ComponentSolver::hi_attained(std::size_t i, const OuterEnds& e) const {
  return e.hi_outer && seen_int_[i] && seen_int_hi_[i] == static_cast<std::int64_t>(std::floor(e.hi + tolerance(e.hi)));
}

// Whether an earlier LP's dual bounds objective i's end (sense 1 lower, -1 upper) where an exact
// point already reaches: that value is then the LP's optimum, and end is set to it.
bool ComponentSolver::dual_settles(std::size_t i, double sense, double& end) {
  if (!duals_ || !seen_[i]) return false;
  const Fraction& seen = sense > 0 ? seen_lo_[i] : seen_hi_[i];
  const double at = static_cast<double>(seen.num) / static_cast<double>(seen.den);
  const double bound = duals_->bound(obj_cols_[i], sense);
  if (sense * (at - bound) > 1e-9) return false;
  end = at;
  return true;
}

// One cell's ends: trivial (screened) or LP optima, Cbc optima where no integral point attains
// them (integer_bounds), then judged against the exact points.
void ComponentSolver::solve_cell_full(std::size_t i, ObjectiveBounds& b) {
  OuterEnds e;
  bool failed = false;
  if (settings_.screening && trivial_lo_reached(i)) {  // lower end
    e.lo = trivial_lo_[i];
    ++counters_.screened;
  } else if (dual_settles(i, 1.0, e.lo)) {
    ++counters_.dual_settled;
  } else {
    const int st = optimise(obj_cols_[i], 1.0, e.lo);
    if (st == 1) {
      b.infeasible = true;
      return;
    }
    if (st != 0) failed = true;
  }
  e.lo_outer = !failed;
  if (settings_.screening && trivial_hi_reached(i)) {  // upper end
    e.hi = trivial_hi_[i];
    e.hi_outer = true;
    ++counters_.screened;
  } else if (dual_settles(i, -1.0, e.hi)) {
    e.hi_outer = true;
    ++counters_.dual_settled;
  } else {
    const int st = optimise(obj_cols_[i], -1.0, e.hi);
    if (st == 2) {
      e.unbounded = true;
      if (!ray_up_[i] && exact_ray(i)) ray_up_[i] = 1;
    } else if (st == 1) {
      b.infeasible = true;
      return;
    } else if (st != 0) {
      failed = true;
    }
    e.hi_outer = st == 0;
  }
  // Cbc's integer optimum for an end no integral exact point attains; false: infeasible. Out of
  // nodes, its proven bound tightens the LP end where it lies between that end and its best point.
  std::vector<double> x;
  auto integer_end = [&](double sense, double& end, bool& outer) {
    double v = 0;
    ++counters_.mip_solves;
    const auto r = mip_bound(m_, obj_cols_[i], sense, v, x);
    if (!x.empty()) observe(x.data());
    if (r == MipResult::Optimal) {
      end = std::round(v);
      outer = true;
    } else if (r == MipResult::Limit) {
      ++counters_.mip_limits;
      const double best = x.empty() ? sense * kInf : value_at(x, obj_cols_[i]);
      if (std::isfinite(v) && sense * (v - end) > 0 && sense * (best - v) >= 0) end = v;
    } else if (r == MipResult::Infeasible) {
      return false;
    } else {
      failed = true;
    }
    return true;
  };
  if (settings_.integer_bounds && !failed) {
    if (!lo_attained(i, e) && !integer_end(1.0, e.lo, e.lo_outer)) {
      b.infeasible = true;
      return;
    }
    if (!hi_attained(i, e) && !e.unbounded && !integer_end(-1.0, e.hi, e.hi_outer)) {
      b.infeasible = true;
      return;
    }
  }
  if (failed) {
    b.failed = true;
    return;
  }
  finish(i, e, b, lo_attained(i, e), hi_attained(i, e));
}

}  // namespace hitoku::audit
