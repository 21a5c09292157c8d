#include "component_solver.h"

#include <coin/CbcModel.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/CoinPackedVector.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <unordered_map>
#include <string>
#include <thread>

#include "exact_point.h"
#include "grown_block.h"
#include "restricted_system.h"

namespace hitoku::audit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double tolerance(double v) { return 1e-6 * std::max(1.0, std::fabs(v)); }

// Exact integer optimum of sum(cols) (sense +1 min, -1 max) with Cbc.
enum class MipResult { Optimal, Infeasible, Unbounded, Failed };
MipResult mip_bound(const Model& m, const std::vector<int>& cols, double sense, double& value,
                    std::vector<double>& solution) {
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
    if (cbc.bestSolution()) solution.assign(cbc.bestSolution(), cbc.bestSolution() + cbc.getNumCols());
    return MipResult::Optimal;
  }
  if (cbc.isProvenInfeasible()) return MipResult::Infeasible;
  if (cbc.isProvenDualInfeasible()) return MipResult::Unbounded;
  return MipResult::Failed;
}

}  // namespace

void judge_ends(const OuterEnds& e, const Evidence& ev, std::int64_t constant, bool lo_int, bool hi_int,
                ObjectiveBounds& b) {
  const std::int64_t L = static_cast<std::int64_t>(std::ceil(e.lo - tolerance(e.lo)));
  const std::int64_t U = static_cast<std::int64_t>(std::floor(e.hi + tolerance(e.hi)));
  if (e.lo_outer && (e.hi_outer || e.unbounded)) {
    b.outer = true;
    b.outer_unbounded = e.unbounded;
    b.outer_lower = constant + L;
    b.outer_upper = e.unbounded ? std::numeric_limits<std::int64_t>::max() : constant + U;
  }
  if (e.lo_outer && e.hi_outer && !e.unbounded && U - L < 1) {  // pinned: recoverable (alarm side)
    b.lower = constant + L;
    b.upper = constant + U;
    b.integral = lo_int && hi_int;
    return;
  }
  if (!ev.seen) {  // no exact point at all: nothing is proven
    b.failed = true;
    return;
  }
  const std::int64_t pl = ceil_of(ev.lo), pu = floor_of(ev.hi);
  const bool lo_ok = e.lo_outer && pl == L;
  const bool hi_ok = e.unbounded ? ev.ray_up : (e.hi_outer && pu == U);
  b.lower = constant + (lo_ok ? L : pl);
  b.unbounded = e.unbounded && hi_ok;
  b.upper = b.unbounded ? std::numeric_limits<std::int64_t>::max() : constant + (hi_ok ? U : pu);
  b.inner = !(lo_ok && hi_ok);
  b.integral = lo_ok && hi_ok && lo_int && (hi_int || b.unbounded);
  if (!b.unbounded && b.upper - b.lower < 1) b.failed = true;  // exact points do not tell
}

void solve_component(const ReducedSystem& sys, const ComponentSpec& comp, bool screening,
                     bool integer_bounds, std::vector<int>& local, std::vector<ObjectiveBounds>& out,
                     SolveCounters& counters, bool sample_only, int samples, long long iterations_per_solve,
                     int samples_max, int cell_lps_max, bool use_moves,
                     const TruthBlocks* truth_blocks,
                     const std::function<std::vector<char>(const std::vector<int>&)>* settled_elsewhere) {
  const std::vector<std::int64_t>* truth = truth_blocks ? truth_blocks->truth : nullptr;
  const std::vector<std::vector<int>>* block_partitions = truth_blocks ? truth_blocks->partitions : nullptr;
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
  {  // room for every row at once (appending without it copies the matrix each time)
    CoinBigIndex entries = 0;
    for (const auto& lc : row_cols) entries += static_cast<CoinBigIndex>(lc.size());
    for (int b : block_ids) entries += static_cast<CoinBigIndex>(sys.blocks[static_cast<std::size_t>(b)].size()) + 1;
    for (std::size_t i = 0; i < no; ++i) entries += static_cast<CoinBigIndex>(cols[i].size());
    m.matrix.reserve(static_cast<int>(comp.rows.size() + block_ids.size() + no) + 1, entries + 1);
  }
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
    rhs_of_row.push_back(static_cast<double>(rr.rhs));
    if (!rr.coef.empty()) {  // a link (table space): signed coefficients, bounds nothing alone
      std::vector<int> lc;
      for (int v : rr.vars) lc.push_back(local[static_cast<std::size_t>(v)]);
      m.matrix.appendRow(static_cast<int>(lc.size()), lc.data(), rr.coef.data());
      m.row_lb.push_back(static_cast<double>(rr.rhs));
      m.row_ub.push_back(static_cast<double>(rr.rhs));
      continue;
    }
    for (int v : rr.vars) rows_of_col[static_cast<std::size_t>(local[static_cast<std::size_t>(v)])].push_back(static_cast<int>(k));
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

  // The exact system of the component (local variables; a cell's known range is part of it).
  ExactSystem es;
  es.n = n;
  for (int r : comp.rows) {
    const auto& rr = sys.residual[static_cast<std::size_t>(r)];
    ExactSystem::Row row;
    row.rhs = rr.rhs;
    for (std::size_t k = 0; k < rr.vars.size(); ++k) {
      row.cols.push_back(local[static_cast<std::size_t>(rr.vars[k])]);
      if (!rr.coef.empty()) row.sign.push_back(rr.coef[k] < 0 ? -1 : 1);
    }
    es.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < no; ++i) {
    const Objective& o = sys.objectives[static_cast<std::size_t>(comp.objectives[i])];
    if (o.has_prior && !cols[i].empty())
      es.ranges.push_back({cols[i], o.prior_lo - o.constant, o.prior_hi - o.constant});
  }
  es.index();
  std::vector<std::vector<int>> objectives_of_col(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < no; ++i)
    for (int c : cols[i]) objectives_of_col[static_cast<std::size_t>(c)].push_back(static_cast<int>(i));

  // Observed exact points: per objective the least and greatest value seen and whether an
  // integral point showed it. Only points verified in exact arithmetic count.
  std::vector<Fraction> seen_lo(no), seen_hi(no);
  std::vector<char> seen(no, 0), seen_lo_int(no, 0), seen_hi_int(no, 0);
  // A point shows the cell at most `at_most` (lower end) and at least `at_least` (upper end);
  // both are its exact value except for points kept only as outward-rounded values (BigPoint).
  auto note_range = [&](std::size_t i, Fraction at_most, Fraction at_least, bool integral) {
    if (!seen[i]) {
      seen[i] = 1;
      seen_lo[i] = at_most;
      seen_hi[i] = at_least;
      seen_lo_int[i] = seen_hi_int[i] = integral;
      return;
    }
    if (at_most < seen_lo[i] || (at_most == seen_lo[i] && integral)) {
      if (at_most < seen_lo[i]) seen_lo_int[i] = 0;
      seen_lo[i] = at_most;
      seen_lo_int[i] = seen_lo_int[i] || integral;
    }
    if (seen_hi[i] < at_least || (at_least == seen_hi[i] && integral)) {
      if (seen_hi[i] < at_least) seen_hi_int[i] = 0;
      seen_hi[i] = at_least;
      seen_hi_int[i] = seen_hi_int[i] || integral;
    }
  };
  auto note = [&](std::size_t i, Fraction v, bool integral) { note_range(i, v, v, integral); };
  // Exact points kept as starting points for moves (the first integral ones, else rational).
  std::vector<ExactPoint> bases;
  auto record = [&](const ExactPoint& p) {
    for (std::size_t i = 0; i < no; ++i)
      if (!cols[i].empty()) note(i, value(p, cols[i]), p.integral());
    if (bases.size() < 2) bases.push_back(p);
    else if (p.integral() && !bases[1].integral()) bases[1] = p;
  };
  // The first two big points are move bases too (moves shift their cell values by integers).
  std::vector<BigPoint> big_bases;
  auto record_big = [&](const BigPoint& p) {
    for (std::size_t i = 0; i < no; ++i) {
      if (cols[i].empty()) continue;
      const auto at_most = value_at_most(p, cols[i]), at_least = value_at_least(p, cols[i]);
      if (at_most && at_least) note_range(i, *at_most, *at_least, false);
    }
    if (big_bases.size() < 2) big_bases.push_back(p);
  };
  // The LP's own system (block columns included): a vertex is determined there, so a vertex
  // with large denominators can be solved exactly in it (exact_point's last step). Built on
  // first need; its points are restricted to the variables and verified against `es`.
  std::optional<ExactSystem> lifted;
  // Exact solves of large-denominator coordinates take up to seconds each: a component spends
  // at most this much work on them (counted by the modular solver, not in seconds: the same
  // input gives the same points; about a minute here); then such points are rejected, and
  // cells may stay not proven.
  constexpr long long kExactSolveWork = 40'000'000'000;
  long long solve_work = 0;
  auto lifted_point = [&](const double* x, BigPoint* big) -> std::optional<ExactPoint> {
    if (!lifted) {
      lifted.emplace();
      lifted->n = ncols;
      const CoinPackedMatrix& mat = m.matrix;
      for (int r = 0; r < mat.getNumRows(); ++r) {
        const CoinShallowPackedVector v = mat.getVector(r);
        const double lo = m.row_lb[static_cast<std::size_t>(r)], hi = m.row_ub[static_cast<std::size_t>(r)];
        if (lo == hi) {
          ExactSystem::Row row;
          row.rhs = static_cast<std::int64_t>(lo);
          for (int k = 0; k < v.getNumElements(); ++k) {
            row.cols.push_back(v.getIndices()[k]);
            row.sign.push_back(v.getElements()[k] < 0 ? -1 : 1);
          }
          lifted->rows.push_back(std::move(row));
        } else {  // a known range over ones
          ExactSystem::Range g;
          g.lo = static_cast<std::int64_t>(lo);
          g.hi = static_cast<std::int64_t>(hi);
          g.cols.assign(v.getIndices(), v.getIndices() + v.getNumElements());
          std::sort(g.cols.begin(), g.cols.end());
          lifted->ranges.push_back(std::move(g));
        }
      }
      lifted->index();
    }
    BigPoint full_big;
    auto full = exact_point(*lifted, x, 64, true, &full_big, &solve_work);
    if (!full) {
      if (big && !full_big.num.empty()) {
        full_big.num.resize(static_cast<std::size_t>(n));
        if (verify(es, full_big)) *big = std::move(full_big);
      }
      return std::nullopt;
    }
    full->num.resize(static_cast<std::size_t>(n));
    if (!verify(es, *full)) return std::nullopt;
    return full;
  };
  auto observe = [&](const double* x) {
    const bool allow = solve_work < kExactSolveWork;
    BigPoint big;
    auto p = exact_point(es, x, 64, allow, &big, &solve_work);
    if (!p && big.num.empty() && ncols > n && allow) p = lifted_point(x, &big);
    if (!p && !big.num.empty()) {  // exact, but only its values are kept
      ++counters.points_big;
      record_big(big);
      return true;
    }
    if (!p) {
      ++counters.points_rejected;
      return false;
    }
    ++(p->integral() ? counters.points_integral : counters.points_fractional);
    record(*p);
    return true;
  };
  auto trivial_lo_reached = [&](std::size_t i) {
    return seen[i] && seen_lo[i] == Fraction{static_cast<std::int64_t>(trivial_lo[i]), 1};
  };
  auto trivial_hi_reached = [&](std::size_t i) {
    return seen[i] && trivial_hi[i] < kInf && seen_hi[i] == Fraction{static_cast<std::int64_t>(trivial_hi[i]), 1};
  };
  auto width_proven = [&](std::size_t i) {  // two exact points at least one integer apart
    return seen[i] && floor_of(seen_hi[i]) - ceil_of(seen_lo[i]) >= 1;
  };
  // Moves from the kept exact points: each applied as far as it stays feasible, both ways.
  std::optional<MoveFinder> finder;
  constexpr std::int64_t kFar = std::int64_t{1} << 40;
  std::vector<char> ray_up(no, 0);  // an exact ray raises the cell without limit
  // The cells a move touches, and by how much it changes each (sum of its deltas on the cell).
  auto effects_of = [&](const Move& d, int dir) {
    std::vector<int> touched;
    for (int c : d.cols)
      for (int j : objectives_of_col[static_cast<std::size_t>(c)]) touched.push_back(j);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    std::vector<std::pair<int, std::int64_t>> effects;
    for (int j : touched) {
      const auto& cj = cols[static_cast<std::size_t>(j)];
      std::int64_t effect = 0;
      for (std::size_t t = 0; t < d.cols.size(); ++t)
        if (std::binary_search(cj.begin(), cj.end(), d.cols[t])) effect += dir * d.delta[t];
      effects.emplace_back(j, effect);
    }
    return effects;
  };
  // A move applied k times to a big point shifts each cell's outward-rounded values by k*effect.
  auto big_moves = [&](const std::vector<Move>& moves) {
    for (const auto& base : big_bases)
      for (const auto& d : moves)
        for (int dir : {1, -1}) {
          bool touches_range = false;
          BigInt k = kFar;
          for (std::size_t t = 0; t < d.cols.size(); ++t) {
            const int c = d.cols[t];
            touches_range = touches_range || !es.ranges_of_col[static_cast<std::size_t>(c)].empty();
            const std::int64_t delta = dir * d.delta[t];
            if (delta < 0) {
              const BigInt room = base.num[static_cast<std::size_t>(c)] / (base.den * -delta);
              if (room < k) k = room;
            }
          }
          if (touches_range || k <= 0) continue;  // known ranges: left to 64-bit points
          ++counters.moves;
          const auto steps = static_cast<std::int64_t>(k);
          for (const auto& [j, effect] : effects_of(d, dir)) {
            if (effect == 0) continue;
            const auto& cj = cols[static_cast<std::size_t>(j)];
            auto at_most = value_at_most(base, cj), at_least = value_at_least(base, cj);
            if (!at_most || !at_least) continue;
            __extension__ const Wide128 shift = static_cast<Wide128>(steps) * effect * at_most->den;
            const Wide128 lo = at_most->num + shift, hi = at_least->num + shift;
            constexpr Wide128 kLimit = Wide128(1) << 62;
            if (lo > kLimit || lo < -kLimit || hi > kLimit || hi < -kLimit) continue;
            note_range(static_cast<std::size_t>(j), Fraction{static_cast<std::int64_t>(lo), at_most->den},
                       Fraction{static_cast<std::int64_t>(hi), at_least->den}, false);
          }
        }
  };
  auto try_moves = [&](std::size_t i) {
    if (!use_moves || (bases.empty() && big_bases.empty()) || cols[i].empty()) return;
    if (!finder) finder.emplace(es);
    const auto moves = finder->moves_for(cols[i], 4, 4000);
    big_moves(moves);
    for (const auto& base : bases) {
      for (const auto& d : moves) {
        for (int dir : {1, -1}) {
          Move step = d;
          for (auto& x : step.delta) x *= dir;
          const std::int64_t k = max_steps(es, base, step, kFar);
          if (k == 0) continue;
          ++counters.moves;
          // A ray: nothing decreases and no known range changes, so x + k*d is feasible for all k.
          bool ray = std::all_of(step.delta.begin(), step.delta.end(), [](std::int64_t x) { return x >= 0; });
          for (std::size_t t = 0; t < step.cols.size() && ray; ++t)
            ray = es.ranges_of_col[static_cast<std::size_t>(step.cols[t])].empty();
          for (const auto& [j, effect] : effects_of(step, 1)) {
            if (ray && effect > 0) ray_up[static_cast<std::size_t>(j)] = 1;
            Fraction v = value(base, cols[static_cast<std::size_t>(j)]);
            __extension__ const Wide128 moved_num = static_cast<Wide128>(v.num) + static_cast<Wide128>(k) * effect * v.den;
            // A value beyond 64 bits is not noted (no evidence rather than an overflowed one).
            if (moved_num > std::numeric_limits<std::int64_t>::max() || moved_num < std::numeric_limits<std::int64_t>::min())
              continue;
            v.num = static_cast<std::int64_t>(moved_num);
            note(static_cast<std::size_t>(j), v, base.integral());
          }
        }
      }
    }
  };

  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.messageHandler()->setLogLevel(0);
  std::vector<double> zero(static_cast<std::size_t>(ncols), 0.0);
  if (!sample_only)  // sampled components solve fresh models of their own
    lp.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), zero.data(), m.row_lb.data(), m.row_ub.data());
  bool fresh = true;
  std::vector<int> last_cols;
  // Clp's unbounded ray, made exact: r >= 0 keeping every row and range (A r = 0), so x + k*r
  // is feasible for every k >= 0 and any exact point x.
  auto exact_ray = [&](std::size_t i) {
    double* ray = lp.unboundedRay();
    if (!ray) return false;
    double smallest = kInf;
    for (int c = 0; c < n; ++c)
      if (std::fabs(ray[c]) > 1e-9) smallest = std::min(smallest, std::fabs(ray[c]));
    std::vector<double> scaled(static_cast<std::size_t>(n), 0.0);
    for (int c = 0; c < n && smallest < kInf; ++c) scaled[static_cast<std::size_t>(c)] = ray[c] / smallest;
    delete[] ray;
    ExactSystem rs = es;
    for (auto& row : rs.rows) row.rhs = 0;
    for (auto& g : rs.ranges) g.lo = g.hi = 0;
    const auto r = exact_point(rs, scaled.data());
    return r && Fraction{0, 1} < value(*r, cols[i]);
  };
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
  // Reported ends: the outer end (an LP optimum rounded outward, a trivial bound, or a Cbc
  // optimum) when exact points reach it; otherwise what exact points showed (an inner bound).
  // A cell with no two exact points one integer apart is never reported safe.
  auto finish = [&](std::size_t i, const OuterEnds& e, ObjectiveBounds& b, bool lo_int, bool hi_int) {
    const Objective& o = sys.objectives[static_cast<std::size_t>(comp.objectives[i])];
    judge_ends(e, Evidence{seen[i] != 0, seen_lo[i], seen_hi[i], ray_up[i] != 0}, o.constant, lo_int, hi_int, b);
  };

  if (sample_only) {
    // Too large for per-cell LPs: a few solves from scratch (each under a time limit) give
    // feasible points; a cell seen at exact points at least 1 apart is proven not recoverable.
    std::mt19937 rng(12345);
    // Cells decided elsewhere (pinned by the relaxation) once the caller knows: no full solve.
    std::vector<char> elsewhere(no, 0);
    auto undecided = [&](std::size_t i) { return !cols[i].empty() && !elsewhere[i] && !width_proven(i); };
    const int solve_iterations = static_cast<int>(std::clamp<long long>(iterations_per_solve, 1, INT_MAX));
    // One solve from scratch. A fresh model each time: Clp's time limit counts from the
    // model's first solve. Anything but an optimum (time limit, numerical trouble, no memory)
    // just adds no point: cells without two distinct points stay unproven.
    struct Point {
      int status = -1;
      double value = 0;
      std::vector<double> x;
    };
    auto solve_fresh = [&](const std::vector<double>& w, double sense) {
      Point p;
      try {
        ClpSimplex one;
        one.setLogLevel(0);
        one.messageHandler()->setLogLevel(0);
        one.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), w.data(), m.row_lb.data(), m.row_ub.data());
        one.setOptimizationDirection(sense);
        one.setMaximumIterations(solve_iterations);
        one.initialSolve();
        p.status = one.status();
        if (p.status == 0) {
          p.value = one.objectiveValue();
          p.x.assign(one.primalColumnSolution(), one.primalColumnSolution() + ncols);
        }
      } catch (...) {
        p.status = -1;
      }
      return p;
    };
    // Two solves at once: separate Clp models on two threads (the machine has two cores).
    auto solve_two = [&](const std::vector<double>& w1, double s1, const std::vector<double>& w2, double s2) {
      std::pair<Point, Point> r;
      std::thread other([&] { r.second = solve_fresh(w2, s2); });
      r.first = solve_fresh(w1, s1);
      other.join();
      counters.lp_solves += 2;
      return r;
    };
    // The truth point (an integer point rich in positive coordinates, truth_point.h): moves from
    // it settle most cells without a solve.
    // Signs for the cells still open. Cells in a common row compete (the row's total is fixed),
    // so each takes the sign opposite to the pull of its rows' cells signed before it (a greedy
    // cut, in a seeded random order): one solve pushes them apart, the other the other way.
    auto cut_signs = [&](std::vector<int> order) {
      std::vector<double> cut_sign(no, 1.0);
      std::shuffle(order.begin(), order.end(), rng);
      std::vector<long long> pull_of_row(es.rows.size(), 0);
      std::vector<int> rows_i;
      for (int i : order) {
        rows_i.clear();
        for (int c : cols[static_cast<std::size_t>(i)])
          for (const auto& [r, sg] : es.rows_of_col[static_cast<std::size_t>(c)]) rows_i.push_back(r);
        std::sort(rows_i.begin(), rows_i.end());
        rows_i.erase(std::unique(rows_i.begin(), rows_i.end()), rows_i.end());
        long long pull = 0;
        for (int r : rows_i) pull += pull_of_row[static_cast<std::size_t>(r)];
        const int sign = pull > 0 ? -1 : pull < 0 ? 1 : ((rng() & 1) ? 1 : -1);
        cut_sign[static_cast<std::size_t>(i)] = sign;
        for (int r : rows_i) pull_of_row[static_cast<std::size_t>(r)] += sign;
      }
      return cut_sign;
    };
    // Local LPs for the cells still undecided: from an exact point, only the variables near the
    // cell move (rows longer than kLongRow are kept as constraints but not followed; a wider
    // neighbourhood is tried when the narrow one pins the cell), the rest
    // stay at the point's exact values. The LP is small, so its optimum can be made exact; the
    // moved point is verified against the whole component before it counts.
    auto local_repair = [&](std::size_t i, std::size_t kLongRow) {
      constexpr std::size_t kLocalVars = 3000;
      std::vector<int> pos(static_cast<std::size_t>(n), -1), vars;
      std::deque<int> queue;
      auto take = [&](int c) {
        if (pos[static_cast<std::size_t>(c)] >= 0 || vars.size() >= kLocalVars) return;
        pos[static_cast<std::size_t>(c)] = static_cast<int>(vars.size());
        vars.push_back(c);
        queue.push_back(c);
      };
      for (int c : cols[i]) take(c);
      if (vars.size() < cols[i].size()) return;  // the cell alone is too large
      while (!queue.empty()) {
        const int c = queue.front();
        queue.pop_front();
        for (const auto& [r, sg] : es.rows_of_col[static_cast<std::size_t>(c)]) {
          const auto& row = es.rows[static_cast<std::size_t>(r)];
          if (row.cols.size() <= kLongRow)
            for (int d : row.cols) take(d);
        }
      }
      std::vector<int> near_rows, near_ranges;
      rows_near(es, vars, near_rows, near_ranges);
      const std::vector<ExactPoint> starts = bases;
      for (const ExactPoint& base : starts) {
        const auto restricted = restricted_system(es, near_rows, near_ranges, pos, static_cast<int>(vars.size()), base);
        if (!restricted) continue;
        const ExactSystem& ls = *restricted;
        const Model lm = model_of(ls);
        std::vector<double> w(static_cast<std::size_t>(ls.n), 0.0);
        for (int c : cols[i]) w[static_cast<std::size_t>(pos[static_cast<std::size_t>(c)])] = 1.0;
        for (double sense : {1.0, -1.0}) {
          if (!undecided(i)) return;
          std::optional<ExactPoint> q;
          try {
            ClpSimplex one;
            one.setLogLevel(0);
            one.messageHandler()->setLogLevel(0);
            one.loadProblem(lm.matrix, lm.col_lb.data(), lm.col_ub.data(), w.data(), lm.row_lb.data(), lm.row_ub.data());
            one.setOptimizationDirection(sense);
            one.setMaximumIterations(100000);
            one.initialSolve();
            ++counters.lp_solves;
            if (one.status() != 0) continue;
            q = exact_point(ls, one.primalColumnSolution(), 64, true);
          } catch (...) {
            continue;
          }
          if (!q) {
            ++counters.points_rejected;
            continue;
          }
          const Wide128 den = static_cast<Wide128>(base.den) * q->den;
          if (den > (std::int64_t{1} << 40)) continue;
          ExactPoint g;
          g.den = static_cast<std::int64_t>(den);
          g.num.resize(static_cast<std::size_t>(n));
          bool fits = true;
          for (int c = 0; c < n && fits; ++c) {
            const int at = pos[static_cast<std::size_t>(c)];
            const Wide128 v = at >= 0 ? static_cast<Wide128>(q->num[static_cast<std::size_t>(at)])
                                       : static_cast<Wide128>(base.num[static_cast<std::size_t>(c)]) * q->den;
            fits = v <= (std::int64_t{1} << 60);
            g.num[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(v);
          }
          if (g.den > 1) {  // back to lowest terms when the moved point is integral
            bool integral = true;
            for (auto v : g.num)
              if (v % g.den != 0) { integral = false; break; }
            if (integral) {
              for (auto& v : g.num) v /= g.den;
              g.den = 1;
            }
          }
          if (!fits || !verify(es, g)) {
            ++counters.points_rejected;
            continue;
          }
          ++(g.integral() ? counters.points_integral : counters.points_fractional);
          record(g);
        }
      }
    };

    // One block's LPs from an integral base point: rows near the block with the rest fixed at the
    // base; first the open cells touching the block all down and all up, then pushed apart.
    // Block points are checked on the whole component too up to this size (the tests' sets);
    // beyond it the block check stands alone (it is exact: only the block's rows can change).
    const long long kWholeCheck = truth_blocks ? truth_blocks->whole_check_variables : 0;
    std::vector<std::int64_t> base_value;  // each cell's value at the truth point
    std::function<bool(int)> pushed_here;   // open cells a block pushes (empty: all it touches)
    // A block solution, made exact. It differs from the base only inside the block, so every
    // row away from the block still holds; the rows through the block are checked from the
    // component's own rows (block_change_holds), and smaller components check the whole point
    // once more. Each open cell touching the block gets its value there: its value at the base
    // plus the block's change to it.
    auto take_block_point = [&](const ExactSystem& ls, const std::vector<int>& vars, const std::vector<int>& pos,
                                const ExactPoint& base, const PointSums& sums, const std::vector<double>& x) {
      BigPoint big;
      auto q = exact_point(ls, x.data(), 64, true, &big);
      if (!q && big.num.empty()) {
        ++counters.points_rejected;
        return;
      }
      if (q) {
        const std::int64_t d = q->den;
        std::vector<Wide128> wide(q->num.begin(), q->num.end());
        if (!block_change_holds<Wide128>(es, sums, base, vars, wide, d)) {
          ++counters.points_rejected;
          return;
        }
        if (n <= kWholeCheck) {
          ExactPoint g;
          g.den = d;
          g.num.resize(static_cast<std::size_t>(n));
          for (int c = 0; c < n; ++c) {
            const int at = pos[static_cast<std::size_t>(c)];
            g.num[static_cast<std::size_t>(c)] =
                at >= 0 ? q->num[static_cast<std::size_t>(at)] : base.num[static_cast<std::size_t>(c)] * d;
          }
          if (!verify(es, g)) {
            ++counters.points_rejected;
            return;
          }
        }
        ++(q->integral() ? counters.points_integral : counters.points_fractional);
        std::unordered_map<int, Wide128> change;  // per cell touched by the block
        for (std::size_t k = 0; k < vars.size(); ++k) {
          const auto c = static_cast<std::size_t>(vars[k]);
          const Wide128 dc = q->num[k] - static_cast<Wide128>(base.num[c]) * d;
          if (dc != 0)
            for (int j : objectives_of_col[c]) change[j] += dc;
        }
        for (const auto& [j, dv] : change) {
          const Wide128 v = static_cast<Wide128>(base_value[static_cast<std::size_t>(j)]) * d + dv;
          if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) continue;
          note(static_cast<std::size_t>(j), Fraction{static_cast<std::int64_t>(v), d}, d == 1);
        }
      } else {
        if (!block_change_holds<BigInt>(es, sums, base, vars, big.num, big.den)) {
          ++counters.points_rejected;
          return;
        }
        if (n <= kWholeCheck) {
          BigPoint g;
          g.den = big.den;
          g.num.resize(static_cast<std::size_t>(n));
          for (int c = 0; c < n; ++c) {
            const int at = pos[static_cast<std::size_t>(c)];
            g.num[static_cast<std::size_t>(c)] =
                at >= 0 ? big.num[static_cast<std::size_t>(at)] : BigInt(base.num[static_cast<std::size_t>(c)]) * big.den;
          }
          if (!verify(es, g)) {
            ++counters.points_rejected;
            return;
          }
        }
        ++counters.points_big;
        std::unordered_map<int, BigInt> change;
        for (std::size_t k = 0; k < vars.size(); ++k) {
          const auto c = static_cast<std::size_t>(vars[k]);
          const BigInt dc = big.num[k] - BigInt(base.num[c]) * big.den;
          if (dc != 0)
            for (int j : objectives_of_col[c]) change[j] += dc;
        }
        for (const auto& [j, dv] : change) {
          BigPoint one;  // the cell's value as a one-coordinate point, rounded outward below
          one.den = big.den;
          one.num.push_back(BigInt(base_value[static_cast<std::size_t>(j)]) * big.den + dv);
          const auto at_most = value_at_most(one, {0}), at_least = value_at_least(one, {0});
          if (at_most && at_least) note_range(static_cast<std::size_t>(j), *at_most, *at_least, false);
        }
      }
    };
    auto block_phase = [&](const std::vector<int>& vars, const std::vector<int>& pos, const ExactPoint& base,
                           const PointSums& sums) {
      // Open cells touching the block, found through the block's own columns.
      auto open_in_block = [&](bool pushed_only = true) {
        std::vector<int> open_cells;
        for (int c : vars)
          for (int j : objectives_of_col[static_cast<std::size_t>(c)])
            if (undecided(static_cast<std::size_t>(j)) && (!pushed_only || !pushed_here || pushed_here(j)))
              open_cells.push_back(j);
        std::sort(open_cells.begin(), open_cells.end());
        open_cells.erase(std::unique(open_cells.begin(), open_cells.end()), open_cells.end());
        return open_cells;
      };
      if (open_in_block().empty()) return;
      const auto restricted = block_system(es, vars, base, sums);
      if (!restricted) return;
      const ExactSystem& ls = *restricted;
      const Model lm = model_of(ls);
      auto take = [&](const std::vector<double>& x) { take_block_point(ls, vars, pos, base, sums, x); };
      auto solve_local = [&](const std::vector<double>& w, double sense, std::vector<double>& x) {
        try {
          ClpSimplex one;
          one.setLogLevel(0);
          one.messageHandler()->setLogLevel(0);
          one.loadProblem(lm.matrix, lm.col_lb.data(), lm.col_ub.data(), w.data(), lm.row_lb.data(), lm.row_ub.data());
          one.setOptimizationDirection(sense);
          one.setMaximumIterations(solve_iterations);
          one.initialSolve();
          if (one.status() != 0) return false;
          x.assign(one.primalColumnSolution(), one.primalColumnSolution() + ls.n);
          return true;
        } catch (...) {
          return false;
        }
      };
      for (int pass = 0; pass < 2; ++pass) {
        const auto open_cells = open_in_block();
        if (open_cells.empty()) return;
        const auto sign = pass == 0 ? std::vector<double>(no, 1.0) : cut_signs(open_cells);
        std::vector<double> w1(static_cast<std::size_t>(ls.n), 0.0), w2 = w1;
        for (int i : open_cells)
          for (int c : cols[static_cast<std::size_t>(i)]) {
            const int at = pos[static_cast<std::size_t>(c)];
            if (at < 0) continue;
            w1[static_cast<std::size_t>(at)] = sign[static_cast<std::size_t>(i)];
            w2[static_cast<std::size_t>(at)] = pass == 0 ? 1.0 : -sign[static_cast<std::size_t>(i)];
          }
        std::vector<double> x1, x2;
        bool ok1 = false, ok2 = false;
        std::thread other([&] { ok2 = solve_local(w2, pass == 0 ? -1.0 : 1.0, x2); });
        ok1 = solve_local(w1, 1.0, x1);
        other.join();
        counters.block_lp_solves += 2;
        const auto settled_before = open_in_block(false).size();  // spread cells settled here count too
        if (ok1) take(x1);
        if (ok2) take(x2);
        counters.block_settled += static_cast<long long>(settled_before - open_in_block(false).size());
      }
    };
    bool truth_base = false;
    if (truth) {
      ExactPoint p;
      p.num.resize(static_cast<std::size_t>(n));
      for (int k = 0; k < n; ++k) p.num[static_cast<std::size_t>(k)] = (*truth)[static_cast<std::size_t>(comp.vars[static_cast<std::size_t>(k)])];
      if (verify(es, p)) {
        ++counters.points_integral;
        record(p);
        truth_base = true;
      }
    }

    // Block LPs around the truth point: only the variables of one block (a medical area, a
    // group of ages or sites) move, the rest stay at the truth; every block point is verified
    // against the whole component. Small LPs, so this settles most cells before any full solve.
    if (truth_base && block_partitions) {
      const ExactPoint base = bases.front();
      const PointSums sums = point_sums(es, base);
      base_value.assign(no, 0);
      for (std::size_t i = 0; i < no; ++i)
        for (int c : cols[i]) base_value[i] += base.num[static_cast<std::size_t>(c)];
      std::vector<int> pos(static_cast<std::size_t>(n), -1);
      auto open_count = [&] {
        long long open = 0;
        for (std::size_t i = 0; i < no; ++i) open += undecided(i) ? 1 : 0;
        return open;
      };
      const bool far_blocks = truth_blocks->open_cell_blocks;
      const bool grow = truth_blocks->grown_blocks;
      // Progress: the component's cells proven so far, of all.
      auto stage = [&](const char* what) {
        if (truth_blocks->progress) truth_blocks->progress(what, static_cast<long long>(no) - open_count(), static_cast<long long>(no));
      };
      // Blocks around each cell still open: its own inner cells and those of the suppressed
      // cells reached through short published rows, two steps out (at most kAroundVars). Run
      // once few cells are left after a partition (cheaper then than the next, wider one), and
      // for each cell once.
      std::vector<char> tried_around(no, 0);  // each cell gets one block around it at most
      // The inner cells of the given cells, each once, at most `cap` (in the cells' order).
      auto inner_cells_of = [&](const std::vector<int>& cells, std::size_t cap) {
        std::vector<int> vars;
        for (int j : cells)
          for (int c : cols[static_cast<std::size_t>(j)])
            if (pos[static_cast<std::size_t>(c)] < 0 && vars.size() < cap) {
              pos[static_cast<std::size_t>(c)] = 0;
              vars.push_back(c);
            }
        for (int c : vars) pos[static_cast<std::size_t>(c)] = -1;
        return vars;
      };
      // Block LPs over these columns (ascending, as block_system expects).
      auto run_block = [&](std::vector<int> vars) {
        std::sort(vars.begin(), vars.end());
        for (std::size_t k = 0; k < vars.size(); ++k) pos[static_cast<std::size_t>(vars[k])] = static_cast<int>(k);
        block_phase(vars, pos, base, sums);
        for (int c : vars) pos[static_cast<std::size_t>(c)] = -1;
      };
      auto around_open_cells = [&] {
        constexpr std::size_t kAroundVars = 4000, kShortRow = 64;
        std::vector<char> cell_in(no, 0);
        for (std::size_t i = 0; i < no; ++i) {
          if (!undecided(i) || tried_around[i]) continue;
          tried_around[i] = 1;
          std::vector<int> cells{static_cast<int>(i)}, frontier{static_cast<int>(i)};
          std::fill(cell_in.begin(), cell_in.end(), 0);
          cell_in[i] = 1;
          for (int step = 0; step < 2; ++step) {
            std::vector<int> next;
            for (int j : frontier)
              for (int c : cols[static_cast<std::size_t>(j)])
                for (const auto& [r, sg] : es.rows_of_col[static_cast<std::size_t>(c)]) {
                  const auto& row = es.rows[static_cast<std::size_t>(r)];
                  if (row.cols.size() > kShortRow) continue;
                  for (int d : row.cols)
                    for (int k : objectives_of_col[static_cast<std::size_t>(d)])
                      if (!cell_in[static_cast<std::size_t>(k)]) {
                        cell_in[static_cast<std::size_t>(k)] = 1;
                        next.push_back(k);
                      }
                }
            cells.insert(cells.end(), next.begin(), next.end());
            frontier = std::move(next);
          }
          run_block(inner_cells_of(cells, kAroundVars));
        }
        stage("audit: around blocks");
      };
      // One block of every open cell's own inner cells: moves that trade a cell against one far
      // away (a prefecture's rectangle of ages against another prefecture's, a site's national
      // rectangle against another site's) lie in it, and in no block of a partition.
      constexpr long long kUnionCells = 256;  // run once at most this many cells are open
      auto union_of_open_cells = [&] {
        constexpr std::size_t kUnionVars = 80000;
        std::vector<int> open_cells;
        for (std::size_t i = 0; i < no; ++i)
          if (undecided(i)) open_cells.push_back(static_cast<int>(i));
        auto vars = inner_cells_of(open_cells, kUnionVars + 1);
        if (vars.empty() || vars.size() > kUnionVars) return;
        run_block(std::move(vars));
        stage("audit: union block");
      };
      // Blocks of each cell still open with its siblings: the suppressed cells lying wholly inside
      // a published row through it (the other municipalities of its prefecture, its other ages,
      // its other sex), and their siblings in turn. A cell fixed by its own municipality's rows
      // moves only together with such cells elsewhere (a rectangle of two ages and two sexes
      // traded between two municipalities of one prefecture), which no partition block holds.
      auto siblings_of_open_cells = [&] {
        constexpr std::size_t kSiblingVars = 50000, kSiblingRow = 6000;
        std::vector<int> in_row(static_cast<std::size_t>(n), 0), cell_in(no, 0);
        int stamp = 0;
        auto table_of = [&](int k) { return sys.objectives[static_cast<std::size_t>(comp.objectives[static_cast<std::size_t>(k)])].table; };
        auto siblings = [&](int j, std::vector<int>& found) {
          for (int c : cols[static_cast<std::size_t>(j)])
            for (const auto& [r, sg] : es.rows_of_col[static_cast<std::size_t>(c)]) {
              const auto& row = es.rows[static_cast<std::size_t>(r)];
              if (row.cols.size() > kSiblingRow) continue;
              ++stamp;
              for (int d : row.cols) in_row[static_cast<std::size_t>(d)] = stamp;
              for (int d : row.cols)
                for (int k : objectives_of_col[static_cast<std::size_t>(d)]) {
                  if (cell_in[static_cast<std::size_t>(k)] || table_of(k) != table_of(j)) continue;
                  const auto& kc = cols[static_cast<std::size_t>(k)];
                  if (std::all_of(kc.begin(), kc.end(), [&](int e) { return in_row[static_cast<std::size_t>(e)] == stamp; })) {
                    cell_in[static_cast<std::size_t>(k)] = 1;
                    found.push_back(k);
                  }
                }
            }
        };
        for (std::size_t i = 0; i < no; ++i) {
          if (!undecided(i)) continue;
          std::fill(cell_in.begin(), cell_in.end(), 0);
          cell_in[i] = 1;
          std::vector<int> cells{static_cast<int>(i)}, frontier{static_cast<int>(i)};
          for (int step = 0; step < 2; ++step) {
            std::vector<int> next;
            for (int j : frontier) siblings(j, next);
            cells.insert(cells.end(), next.begin(), next.end());
            frontier = std::move(next);
          }
          run_block(inner_cells_of(cells, kSiblingVars));
          stage("audit: sibling block");
        }
      };
      // Blocks grown by column generation around each cell still open (docs/audit.md step 8b):
      // the block LP lowers (then raises) the cell with every other column at the truth point;
      // the outside columns whose reduced costs say they would let it go further join the block
      // (half as many again as it holds, at least kGrowBatch), until the cell has moved a whole
      // unit (proven by the block's point, made exact and checked like any block's) or no column
      // would (the block's optimum is then the whole component's LP optimum that way).
      // A grown block's point, made exact through the block's restated rows.
      auto take_grown_point = [&](const GrownBlock& block) {
        std::vector<int> vars = block.columns();
        std::sort(vars.begin(), vars.end());
        for (std::size_t k = 0; k < vars.size(); ++k) pos[static_cast<std::size_t>(vars[k])] = static_cast<int>(k);
        if (const auto ls = block_system(es, vars, base, sums)) {
          std::vector<double> x(vars.size());
          for (std::size_t k = 0; k < vars.size(); ++k) x[k] = block.value(vars[k]);
          take_block_point(*ls, vars, pos, base, sums, x);
        }
        for (int c : vars) pos[static_cast<std::size_t>(c)] = -1;
      };
      auto grown_blocks = [&] {
        constexpr std::size_t kGrowVars = 150000, kGrowBatch = 2000;
        constexpr int kGrowRounds = 30, kGrowIterations = 1'000'000;
        for (std::size_t i = 0; i < no; ++i) {
          if (!undecided(i)) continue;
          GrownBlock block(es, base);
          block.add_columns(cols[i]);
          for (const double objective_sign : {1.0, -1.0}) {  // lower the cell, then raise it
            if (!undecided(i)) break;
            block.set_objective(cols[i], objective_sign);
            for (int round = 0; round < kGrowRounds && undecided(i); ++round) {
              const bool optimal = block.solve(kGrowIterations);
              ++counters.block_lp_solves;
              if (!optimal) break;
              double moved = 0;  // the cell's change from the base at the block's optimum
              for (int c : cols[i]) moved += block.value(c) - static_cast<double>(base.num[static_cast<std::size_t>(c)]);
              if (std::fabs(moved) >= 1 - 1e-7) {  // the reach: a unit move
                take_grown_point(block);
                break;
              }
              const auto more = block.attractive_columns(std::max(kGrowBatch, block.columns().size() / 2));
              if (more.empty() || block.columns().size() + more.size() > kGrowVars) break;
              block.add_columns(more);
            }
          }
        }
        stage("audit: grown blocks");
      };
      constexpr std::size_t kAroundCells = 64;
      // Few cells open: grown blocks settle them for less than another sweep over every block of
      // a partition (all-Japan: 68 cells in 21 s against 27 s for two wide partitions).
      constexpr long long kGrowCells = 128;
      for (const auto& block_of_var : *block_partitions) {
        if (grow && &block_of_var != &block_partitions->front() && open_count() <= kGrowCells) break;
        std::vector<std::vector<int>> block_cols;
        std::unordered_map<int, std::size_t> block_index;
        for (int c = 0; c < n; ++c) {
          const int b = block_of_var[static_cast<std::size_t>(comp.vars[static_cast<std::size_t>(c)])];
          auto [it, fresh_block] = block_index.emplace(b, block_cols.size());
          if (fresh_block) block_cols.emplace_back();
          block_cols[it->second].push_back(c);
        }
        // An open cell spread over many blocks (a national cell over municipalities) is pushed
        // only in the kSpreadBlocks blocks holding most of its value at the truth point: every
        // block touching it would otherwise solve its LPs for it (85 s on all-Japan's wide
        // municipality blocks, for no cell settled).
        constexpr std::size_t kSpreadBlocks = 8;
        std::unordered_map<int, std::vector<std::size_t>> spread_targets;
        for (std::size_t i = 0; i < no; ++i) {
          if (!undecided(i)) continue;
          std::unordered_map<std::size_t, std::int64_t> mass;
          for (int c : cols[i]) {
            const int b = block_of_var[static_cast<std::size_t>(comp.vars[static_cast<std::size_t>(c)])];
            mass[block_index.at(b)] += base.num[static_cast<std::size_t>(c)];
          }
          if (mass.size() <= kSpreadBlocks) continue;
          std::vector<std::pair<std::int64_t, std::size_t>> by_mass;
          for (const auto& [b, value] : mass) by_mass.emplace_back(-value, b);
          std::sort(by_mass.begin(), by_mass.end());
          auto& targets = spread_targets[static_cast<int>(i)];
          for (std::size_t k = 0; k < kSpreadBlocks; ++k) targets.push_back(by_mass[k].second);
          std::sort(targets.begin(), targets.end());
        }
        for (std::size_t b = 0; b < block_cols.size(); ++b) {
          pushed_here = [&spread_targets, b](int j) {
            const auto it = spread_targets.find(j);
            return it == spread_targets.end() || std::binary_search(it->second.begin(), it->second.end(), b);
          };
          run_block(std::move(block_cols[b]));
        }
        pushed_here = nullptr;
        const auto open_now = open_count();
        stage("audit: partition blocks");
        if (far_blocks && open_now > 0 && open_now <= kUnionCells) union_of_open_cells();
        if (open_now > 0 && open_now <= static_cast<long long>(kAroundCells)) around_open_cells();
      }
      around_open_cells();
      if (grow && open_count() > 0 && open_count() <= kGrowCells) grown_blocks();
      if (far_blocks && open_count() > 0 && open_count() <= static_cast<long long>(kAroundCells)) siblings_of_open_cells();
      stage("audit: blocks done");
    }
    if (settled_elsewhere) elsewhere = (*settled_elsewhere)(comp.objectives);
    std::size_t open_before = no + 1;
    int tail_rounds = 0;
    bool hopeless = false;
    const long long big_before = counters.points_big;
    // Rounds of two solves: first all cells down and all up; then the cells still undecided,
    // pushed apart by signs that oppose cells sharing a row, and at the end all up and all down.
    for (int round = 0; n > 0 && !m.row_lb.empty(); ++round) {
      const int k = 2 * round;  // solves so far
      if (!(k < samples || k < samples_max)) break;
      std::vector<double> w1(static_cast<std::size_t>(ncols), 0.0), w2 = w1;
      bool any = false;
      std::size_t open = 0;
      // Cut signs for the cells still open (cut_signs); once few cells are left (kTail) they
      // hardly compete: all up, and all down.
      constexpr std::size_t kTail = 64;
      std::size_t still_open = 0;
      for (std::size_t q = 0; q < no; ++q) still_open += undecided(q) ? 1 : 0;
      // One or two cells left: their own LPs (below) settle them in as many rounds.
      if (round >= 1 && still_open <= 2 && k >= 4) break;
      // The tail alternates with cut rounds: two cells sharing a row are better pushed apart.
      if (round >= 1 && still_open <= kTail) ++tail_rounds;
      const bool tail = round >= 1 && still_open <= kTail && tail_rounds % 2 == 1;
      std::vector<double> cut_sign(no, 1.0);
      if (round >= 1 && !tail) {
        std::vector<int> order;
        for (std::size_t i = 0; i < no; ++i)
          if (undecided(i)) order.push_back(static_cast<int>(i));
        cut_sign = cut_signs(order);
      }
      for (std::size_t i = 0; i < no; ++i) {
        if ((round >= 1 || truth_base) && !undecided(i)) continue;
        ++open;
        // Both solves minimise, except round 0's second, which maximises: round 0 and the tail
        // push every cell down, then up; the cut rounds push by the signs, then the other way.
        const double a = cut_sign[i];
        const double b = round == 0 ? 1.0 : tail ? -1.0 : -cut_sign[i];
        for (int c : obj_cols[i]) {
          w1[static_cast<std::size_t>(c)] = a;
          w2[static_cast<std::size_t>(c)] = b;
        }
        any = any || !obj_cols[i].empty();
      }
      if (!any) break;
      // Beyond the first `samples` solves, go on only while the last round decided something.
      if (k >= samples && round >= 2 && open >= open_before) break;
      if (round >= 1) open_before = open;
      const auto [p1, p2] = solve_two(w1, 1.0, w2, round == 0 ? -1.0 : 1.0);
      if (p1.status == 0) observe(p1.x.data());
      if (p2.status == 0) observe(p2.x.data());
      // No exact point from the first vertices (not even by the exact solve): more vertices of
      // the same kind would not prove anything either, so stop here; the cells stay not proven.
      if (round == 0 && bases.empty() && counters.points_big == big_before) {
        hopeless = true;
        break;
      }
      // Exact moves from the points so far settle many of the cells still open, without a solve.
      // Where moves hardly apply (cyclic sets: few lifted rectangles), the search is cut short
      // once 256 cells have been tried and fewer than one in 64 was settled (a count, so the
      // result stays the same on any machine).
      if (screening && round == 0) {
        long long tried = 0, settled = 0;
        for (std::size_t i = 0; i < no; ++i)
          if (undecided(i)) {
            if (tried >= 256 && settled * 64 < tried) break;
            ++tried;
            try_moves(i);
            if (!undecided(i)) {
              ++counters.move_screened;
              ++settled;
            }
          }
      }
    }
    // Cells still undecided get LPs of their own (min and max at once, fresh models, each
    // limited in iterations; at most cell_lps_max cells): an optimum is the outer end, and its
    // point (if exact) is evidence like any other.
    std::vector<double> lp_lo(no, std::nan("")), lp_hi(no, std::nan(""));
    int cell_lps = 0;
    for (std::size_t i = 0; i < no && n > 0 && !m.row_lb.empty(); ++i) {
      if (hopeless || !undecided(i) || cell_lps >= cell_lps_max) continue;
      ++cell_lps;
      std::vector<double> w(static_cast<std::size_t>(ncols), 0.0);
      for (int c : obj_cols[i]) w[static_cast<std::size_t>(c)] = 1.0;
      const auto [down, up] = solve_two(w, 1.0, w, -1.0);
      if (down.status == 0) {  // otherwise that end stays unproven
        observe(down.x.data());
        lp_lo[i] = down.value;
      }
      if (up.status == 0) {
        observe(up.x.data());
        lp_hi[i] = up.value;
      }
    }
    {
      constexpr int kRepairCells = 64;  // cells tried (a count: the same input, the same cells)
      int repaired_cells = 0;
      for (std::size_t i = 0; i < no && !hopeless && cell_lps_max > 0; ++i) {
        if (!undecided(i)) continue;
        if (++repaired_cells > kRepairCells) break;
        for (std::size_t long_row : {64, 1024, 1 << 20})
          if (undecided(i)) local_repair(i, long_row);
        if (!undecided(i)) ++counters.local_repaired;
      }
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
      const bool lo_trivial = trivial_lo_reached(i), hi_trivial = trivial_hi_reached(i);
      const bool lo_lp = !std::isnan(lp_lo[i]), hi_lp = !std::isnan(lp_hi[i]);
      OuterEnds e;
      e.lo_outer = lo_trivial || lo_lp;
      e.hi_outer = hi_trivial || hi_lp;
      e.lo = lo_trivial ? trivial_lo[i] : lo_lp ? lp_lo[i] : 0;
      e.hi = hi_trivial ? trivial_hi[i] : hi_lp ? lp_hi[i] : 0;
      finish(i, e, b, seen_lo_int[i] != 0, seen_hi_int[i] != 0);
      // Own LPs pinning the cell: not proven here (no certificate search in large components).
      if ((lo_lp || hi_lp) && !b.failed && b.upper - b.lower < 1) b.failed = true;
      // Sampling could not tell: too large.
      if (b.failed) {
        b.too_large = true;
        b.integral = false;
      }
      if (lo_trivial && hi_trivial && !lo_lp && !hi_lp) ++counters.screened;
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
      b.lower = b.upper = b.outer_lower = b.outer_upper = o.constant;
      b.integral = b.outer = true;
      continue;
    }
    if (m.row_lb.empty()) {  // nothing published covers it: anything from 0 upward
      b.lower = b.outer_lower = o.constant;
      b.upper = b.outer_upper = std::numeric_limits<std::int64_t>::max();
      b.unbounded = b.outer_unbounded = true;
      b.integral = b.outer = true;
      continue;
    }
    OuterEnds e;
    bool failed = false;
    // Lower end.
    if (screening && trivial_lo_reached(i)) {
      e.lo = trivial_lo[i];
      ++counters.screened;
    } else {
      const int st = optimise(obj_cols[i], {}, 1.0, e.lo);
      if (st == 1) { b.infeasible = true; continue; }
      if (st != 0) failed = true;
    }
    e.lo_outer = !failed;
    // Upper end.
    if (screening && trivial_hi_reached(i)) {
      e.hi = trivial_hi[i];
      e.hi_outer = true;
      ++counters.screened;
    } else {
      const int st = optimise(obj_cols[i], {}, -1.0, e.hi);
      if (st == 2) {
        e.unbounded = true;
        if (!ray_up[i] && exact_ray(i)) ray_up[i] = 1;
      } else if (st == 1) { b.infeasible = true; continue; }
      else if (st != 0) failed = true;
      e.hi_outer = st == 0;
    }
    // An end is an integer bound when an integral exact point attains its rounded value.
    auto lo_attained = [&] {
      return e.lo_outer && seen[i] && seen_lo_int[i] &&
             seen_lo[i] == Fraction{static_cast<std::int64_t>(std::ceil(e.lo - tolerance(e.lo))), 1};
    };
    auto hi_attained = [&] {
      return e.hi_outer && seen[i] && seen_hi_int[i] &&
             seen_hi[i] == Fraction{static_cast<std::int64_t>(std::floor(e.hi + tolerance(e.hi))), 1};
    };
    if (integer_bounds && !failed) {
      double v = 0;
      std::vector<double> x;
      if (!lo_attained()) {
        ++counters.mip_solves;
        const auto r = mip_bound(m, obj_cols[i], 1.0, v, x);
        if (r == MipResult::Optimal) {
          e.lo = std::round(v);
          e.lo_outer = true;
          if (!x.empty()) observe(x.data());
        } else if (r == MipResult::Infeasible) { b.infeasible = true; continue; }
        else failed = true;
      }
      if (!hi_attained() && !e.unbounded) {
        ++counters.mip_solves;
        const auto r = mip_bound(m, obj_cols[i], -1.0, v, x);
        if (r == MipResult::Optimal) {
          e.hi = std::round(v);
          e.hi_outer = true;
          if (!x.empty()) observe(x.data());
        } else if (r == MipResult::Infeasible) { b.infeasible = true; continue; }
        else failed = true;
      }
    }
    if (failed) {
      b.failed = true;
      continue;
    }
    finish(i, e, b, lo_attained(), hi_attained());
  }
  for (int v : comp.vars) local[static_cast<std::size_t>(v)] = -1;
}

}  // namespace hitoku::audit
