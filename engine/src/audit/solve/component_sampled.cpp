// The component solver for components too large for per-cell LPs (docs/audit.md step 8): blocks
// around the truth point first (component_blocks.cpp), then rounds of two solves from scratch
// whose vertices are made exact, exact moves, own LPs for a few cells and local repairs.
#include <algorithm>
#include <cmath>
#include <deque>
#include <thread>

#include "audit/solve/component_stages.h"

namespace hitoku::audit {

void ComponentSolver::solve_sampled(std::vector<ObjectiveBounds>& out) {
  start_from_truth();
  if (truth_base_ && settings_.truth_blocks->partitions) truth_blocks();
  if (settings_.settled_elsewhere) elsewhere_ = (*settings_.settled_elsewhere)(comp_.objectives);
  sample_rounds();
  std::vector<double> lp_lo(no_, std::nan("")), lp_hi(no_, std::nan(""));
  own_cell_lps(lp_lo, lp_hi);
  repair_open_cells();
  report_sampled(out, lp_lo, lp_hi);
}

// One solve from scratch. A fresh model each time: Clp's time limit counts from the model's
// first solve. Anything but an optimum (iteration limit, numerical trouble, no memory) just adds
// no point: cells without two distinct points stay unproven.
ComponentSolver::Point ComponentSolver::solve_fresh(const std::vector<double>& w, double sense) const {
  Point p;
  try {
    ClpSimplex one;
    solve_from_scratch(one, m_, w, sense, solve_iterations_);
    p.status = one.status();
    if (p.status == 0) {
      p.value = one.objectiveValue();
      p.x.assign(one.primalColumnSolution(), one.primalColumnSolution() + ncols_);
    }
  } catch (...) {
    p.status = -1;
  }
  return p;
}

void ComponentSolver::solve_from_scratch(ClpSimplex& one, const Model& m, const std::vector<double>& w, double sense,
                                         int max_iterations, ClpSolve::SolveType method) {
  one.setLogLevel(0);
  one.messageHandler()->setLogLevel(0);
  one.loadProblem(m.matrix, m.col_lb.data(), m.col_ub.data(), w.data(), m.row_lb.data(), m.row_ub.data());
  one.setOptimizationDirection(sense);
  one.setMaximumIterations(max_iterations);
  ClpSolve how;  // presolve stays on: without it the block LPs took twice as long
  how.setSolveType(method);
  one.initialSolve(how);
}

// Two solves at once: separate Clp models on two threads (the machine has two cores).
std::pair<ComponentSolver::Point, ComponentSolver::Point> ComponentSolver::solve_two(const std::vector<double>& w1,
                                                                                   double s1,
                                                                                   const std::vector<double>& w2,
                                                                                   double s2) {
  std::pair<Point, Point> r;
  std::thread other([&] { r.second = solve_fresh(w2, s2); });
  r.first = solve_fresh(w1, s1);
  other.join();
  counters_.lp_solves += 2;
  return r;
}

// Signs for the cells still open. Cells in a common row compete (the row's total is fixed), so
// each takes the sign opposite to the pull of its rows' cells signed before it (a greedy cut, in a
// seeded random order): one solve pushes them apart, the other the other way.
std::vector<double> ComponentSolver::cut_signs(std::vector<int> order) {
  std::vector<double> cut_sign(no_, 1.0);
  std::shuffle(order.begin(), order.end(), rng_);
  std::vector<long long> pull_of_row(es_.rows.size(), 0);
  std::vector<int> rows_i;
  for (int i : order) {
    rows_i.clear();
    for (int c : cols_[static_cast<std::size_t>(i)])
      for (const auto& [r, sg] : es_.rows_of_col[static_cast<std::size_t>(c)]) rows_i.push_back(r);
    std::sort(rows_i.begin(), rows_i.end());
    rows_i.erase(std::unique(rows_i.begin(), rows_i.end()), rows_i.end());
    long long pull = 0;
    for (int r : rows_i) pull += pull_of_row[static_cast<std::size_t>(r)];
    const int sign = pull > 0 ? -1 : pull < 0 ? 1 : ((rng_() & 1) ? 1 : -1);
    cut_sign[static_cast<std::size_t>(i)] = sign;
    for (int r : rows_i) pull_of_row[static_cast<std::size_t>(r)] += sign;
  }
  return cut_sign;
}

// Rounds of two solves: first all cells down and all up; then the cells still undecided, pushed
// apart by signs that oppose cells sharing a row, and at the end all up and all down.
void ComponentSolver::sample_rounds() {
  std::size_t open_before = no_ + 1;
  int tail_rounds = 0;
  const long long big_before = counters_.points_big;
  for (int round = 0; n_ > 0 && !m_.row_lb.empty(); ++round) {
    const int k = 2 * round;  // solves so far
    if (!(k < settings_.samples || k < settings_.samples_max)) break;
    std::vector<double> w1(static_cast<std::size_t>(ncols_), 0.0), w2 = w1;
    bool any = false;
    std::size_t open = 0;
    // Cut signs for the cells still open (cut_signs); once few cells are left (kTail) they hardly
    // compete: all up, and all down.
    constexpr std::size_t kTail = 64;
    std::size_t still_open = 0;
    for (std::size_t q = 0; q < no_; ++q) still_open += undecided(q) ? 1 : 0;
    // One or two cells left: their own LPs (below) settle them in as many rounds.
    if (round >= 1 && still_open <= 2 && k >= 4) break;
    // The tail alternates with cut rounds: two cells sharing a row are better pushed apart.
    if (round >= 1 && still_open <= kTail) ++tail_rounds;
    const bool tail = round >= 1 && still_open <= kTail && tail_rounds % 2 == 1;
    std::vector<double> cut_sign(no_, 1.0);
    if (round >= 1 && !tail) {
      std::vector<int> order;
      for (std::size_t i = 0; i < no_; ++i)
        if (undecided(i)) order.push_back(static_cast<int>(i));
      cut_sign = cut_signs(order);
    }
    for (std::size_t i = 0; i < no_; ++i) {
      if ((round >= 1 || truth_base_) && !undecided(i)) continue;
      ++open;
      // Both solves minimise, except round 0's second, which maximises: round 0 and the tail push
      // every cell down, then up; the cut rounds push by the signs, then the other way.
      const double a = cut_sign[i];
      const double b = round == 0 ? 1.0 : tail ? -1.0 : -cut_sign[i];
      for (int c : obj_cols_[i]) {
        w1[static_cast<std::size_t>(c)] = a;
        w2[static_cast<std::size_t>(c)] = b;
      }
      any = any || !obj_cols_[i].empty();
    }
    if (!any) break;
    // Beyond the first `samples` solves, go on only while the last round decided something.
    if (k >= settings_.samples && round >= 2 && open >= open_before) break;
    if (round >= 1) open_before = open;
    const auto [p1, p2] = solve_two(w1, 1.0, w2, round == 0 ? -1.0 : 1.0);
    if (p1.status == 0) observe(p1.x.data());
    if (p2.status == 0) observe(p2.x.data());
    // No exact point from the first vertices (not even by the exact solve): more vertices of the
    // same kind would not prove anything either, so stop here; the cells stay not proven.
    if (round == 0 && bases_.empty() && counters_.points_big == big_before) {
      hopeless_ = true;
      break;
    }
    // Exact moves from the points so far settle many of the cells still open, without a solve.
    // Where moves hardly apply (cyclic sets: few lifted rectangles), the search is cut short once
    // 256 cells have been tried and fewer than one in 64 was settled (a count, so the result stays
    // the same on any machine).
    if (settings_.screening && round == 0) {
      long long tried = 0, settled = 0;
      for (std::size_t i = 0; i < no_; ++i)
        if (undecided(i)) {
          if (tried >= 256 && settled * 64 < tried) break;
          ++tried;
          try_moves(i);
          if (!undecided(i)) {
            ++counters_.move_screened;
            ++settled;
          }
        }
    }
  }
}

// Cells still undecided get LPs of their own (min and max at once, fresh models, each limited in
// iterations; at most cell_lps cells): an optimum is the outer end, and its point (if exact) is
// evidence like any other.
void ComponentSolver::own_cell_lps(std::vector<double>& lp_lo, std::vector<double>& lp_hi) {
  int cell_lps = 0;
  for (std::size_t i = 0; i < no_ && n_ > 0 && !m_.row_lb.empty(); ++i) {
    if (hopeless_ || !undecided(i) || cell_lps >= settings_.cell_lps) continue;
    ++cell_lps;
    std::vector<double> w(static_cast<std::size_t>(ncols_), 0.0);
    for (int c : obj_cols_[i]) w[static_cast<std::size_t>(c)] = 1.0;
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
}

void ComponentSolver::repair_open_cells() {
  constexpr int kRepairCells = 64;  // cells tried (a count: the same input, the same cells)
  int repaired_cells = 0;
  for (std::size_t i = 0; i < no_ && !hopeless_ && settings_.cell_lps > 0; ++i) {
    if (!undecided(i)) continue;
    if (++repaired_cells > kRepairCells) break;
    for (std::size_t long_row : {64, 1024, 1 << 20})
      if (undecided(i)) local_repair(i, long_row);
    if (!undecided(i)) ++counters_.local_repaired;
  }
}

// A local LP for a cell still undecided: from an exact point, only the variables near the cell
// move (rows longer than long_row are kept as constraints but not followed; a wider neighbourhood
// is tried when the narrow one pins the cell), the rest stay at the point's exact values. The LP
// is small, so its optimum can be made exact; the moved point is verified against the whole
// component before it counts.
void ComponentSolver::local_repair(std::size_t i, std::size_t long_row) {
  constexpr std::size_t kLocalVars = 3000;
  std::vector<int> pos(static_cast<std::size_t>(n_), -1), vars;
  std::deque<int> queue;
  auto take = [&](int c) {
    if (pos[static_cast<std::size_t>(c)] >= 0 || vars.size() >= kLocalVars) return;
    pos[static_cast<std::size_t>(c)] = static_cast<int>(vars.size());
    vars.push_back(c);
    queue.push_back(c);
  };
  for (int c : cols_[i]) take(c);
  if (vars.size() < cols_[i].size()) return;  // the cell alone is too large
  while (!queue.empty()) {
    const int c = queue.front();
    queue.pop_front();
    for (const auto& [r, sg] : es_.rows_of_col[static_cast<std::size_t>(c)]) {
      const auto& row = es_.rows[static_cast<std::size_t>(r)];
      if (row.cols.size() <= long_row)
        for (int d : row.cols) take(d);
    }
  }
  std::vector<int> near_rows, near_ranges;
  rows_near(es_, vars, near_rows, near_ranges);
  const std::vector<ExactPoint> starts = bases_;
  for (const ExactPoint& base : starts) {
    if (!undecided(i)) return;
    repair_from(i, base, pos, vars, near_rows, near_ranges);
  }
}

// The local LPs (down, then up) of cell i around one base point.
void ComponentSolver::repair_from(std::size_t i, const ExactPoint& base, const std::vector<int>& pos,
                                  const std::vector<int>& vars, const std::vector<int>& near_rows,
                                  const std::vector<int>& near_ranges) {
  const auto restricted =
      block_system_of_rows(es_, near_rows, near_ranges, pos, static_cast<int>(vars.size()), base);
  if (!restricted) return;
  const ExactSystem& ls = *restricted;
  const Model lm = model_of(ls);
  std::vector<double> w(static_cast<std::size_t>(ls.n), 0.0);
  for (int c : cols_[i]) w[static_cast<std::size_t>(pos[static_cast<std::size_t>(c)])] = 1.0;
  for (double sense : {1.0, -1.0}) {
    if (!undecided(i)) return;
    std::optional<ExactPoint> q;
    try {
      ClpSimplex one;
      solve_from_scratch(one, lm, w, sense, 100000);
      ++counters_.lp_solves;
      if (one.status() != 0) continue;
      q = exact_point(ls, one.primalColumnSolution(), 64, true);
    } catch (...) {
      continue;
    }
    if (!q) {
      ++counters_.points_rejected;
      continue;
    }
    const Wide128 den = static_cast<Wide128>(base.den) * q->den;
    if (den > (std::int64_t{1} << 40)) continue;
    ExactPoint g;
    g.den = static_cast<std::int64_t>(den);
    g.num.resize(static_cast<std::size_t>(n_));
    bool fits = true;
    for (int c = 0; c < n_ && fits; ++c) {
      const int at = pos[static_cast<std::size_t>(c)];
      const Wide128 v = at >= 0 ? static_cast<Wide128>(q->num[static_cast<std::size_t>(at)])
                                 : static_cast<Wide128>(base.num[static_cast<std::size_t>(c)]) * q->den;
      fits = v <= (std::int64_t{1} << 60);
      g.num[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(v);
    }
    if (g.den > 1 && std::all_of(g.num.begin(), g.num.end(), [&](std::int64_t v) { return v % g.den == 0; })) {
      for (auto& v : g.num) v /= g.den;  // back to lowest terms when the moved point is integral
      g.den = 1;
    }
    if (!fits || !verify(es_, g)) {
      ++counters_.points_rejected;
      continue;
    }
    ++(g.integral() ? counters_.points_integral : counters_.points_fractional);
    record(g);
  }
}

void ComponentSolver::report_sampled(std::vector<ObjectiveBounds>& out, const std::vector<double>& lp_lo,
                                     const std::vector<double>& lp_hi) {
  for (std::size_t i = 0; i < no_; ++i) {
    ObjectiveBounds& b = out[static_cast<std::size_t>(comp_.objectives[i])];
    if (report_fixed(i, b, false)) continue;
    const bool lo_trivial = trivial_lo_reached(i), hi_trivial = trivial_hi_reached(i);
    const bool lo_lp = !std::isnan(lp_lo[i]), hi_lp = !std::isnan(lp_hi[i]);
    OuterEnds e;
    e.lo_outer = lo_trivial || lo_lp;
    e.hi_outer = hi_trivial || hi_lp;
    e.lo = lo_trivial ? trivial_lo_[i] : lo_lp ? lp_lo[i] : 0;
    e.hi = hi_trivial ? trivial_hi_[i] : hi_lp ? lp_hi[i] : 0;
    finish(i, e, b, int_at_seen_lo(i), int_at_seen_hi(i));
    // Own LPs pinning the cell: not proven here (no certificate search in large components).
    if ((lo_lp || hi_lp) && !b.failed && b.upper - b.lower < 1) b.failed = true;
    // Sampling could not tell: too large.
    if (b.failed) {
      b.too_large = true;
      b.integral = false;
    }
    if (lo_trivial && hi_trivial && !lo_lp && !hi_lp) ++counters_.screened;
  }
}

}  // namespace hitoku::audit
