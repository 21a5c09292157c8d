// The component solver's entry and its first stage: the component's LP (Clp) and exact system.
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

#include "audit/solve/component_stages.h"

namespace hitoku::audit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double tolerance(double v) { return 1e-6 * std::max(1.0, std::fabs(v)); }

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
  // Integer ends (Cbc, for a derived value's rows or --integer) can lie inside the rational points:
  // 100x/base in [14.2, 14.3) has the rational point x = 1/7, base = 1 but no integer base below 7.
  // Points beyond an integer end show nothing there, so the shown interval stops at the end.
  std::int64_t pl = ceil_of(ev.lo), pu = floor_of(ev.hi);
  if (e.lo_outer) pl = std::max(pl, L);
  if (e.hi_outer && !e.unbounded) pu = std::min(pu, U);
  const bool lo_ok = e.lo_outer && pl == L;
  const bool hi_ok = e.unbounded ? ev.ray_up : (e.hi_outer && pu == U);
  b.lower = constant + (lo_ok ? L : pl);
  b.unbounded = e.unbounded && hi_ok;
  b.upper = b.unbounded ? std::numeric_limits<std::int64_t>::max() : constant + (hi_ok ? U : pu);
  b.inner = !(lo_ok && hi_ok);
  b.integral = lo_ok && hi_ok && lo_int && (hi_int || b.unbounded);
  if (!b.unbounded && b.upper - b.lower < 1) b.failed = true;  // exact points do not tell
}

void solve_component(const ReducedSystem& sys, const ComponentSpec& comp, const ComponentSettings& settings,
                     std::vector<int>& scratch_local, std::vector<ObjectiveBounds>& out, SolveCounters& counters) {
  ComponentSolver(sys, comp, settings, scratch_local, counters).solve(out);
}

ComponentSolver::ComponentSolver(const ReducedSystem& sys, const ComponentSpec& comp,
                                 const ComponentSettings& settings, std::vector<int>& local, SolveCounters& counters)
    : sys_(sys), comp_(comp), settings_(settings), local_(local), counters_(counters) {
  n_ = static_cast<int>(comp.vars.size());
  no_ = comp.objectives.size();
  for (int k = 0; k < n_; ++k) local_[static_cast<std::size_t>(comp.vars[static_cast<std::size_t>(k)])] = k;
  map_columns();
  build_model();
  find_trivial_bounds();
  build_exact_system();
  add_derived_rows();
  add_known_ranges();
  seen_lo_.assign(no_, Fraction{});
  seen_hi_.assign(no_, Fraction{});
  seen_.assign(no_, 0);
  seen_int_.assign(no_, 0);
  seen_int_lo_.assign(no_, 0);
  seen_int_hi_.assign(no_, 0);
  ray_up_.assign(no_, 0);
  elsewhere_.assign(no_, 0);
  solve_iterations_ = static_cast<int>(std::clamp<long long>(settings.iterations_per_solve, 1, INT_MAX));
  whole_check_ = settings.truth_blocks ? settings.truth_blocks->whole_check_variables : 0;
}

ComponentSolver::~ComponentSolver() {
  for (int v : comp_.vars) local_[static_cast<std::size_t>(v)] = -1;
}

void ComponentSolver::solve(std::vector<ObjectiveBounds>& out) {
  if (settings_.sample_only) solve_sampled(out);
  else solve_full(out);
}

const Objective& ComponentSolver::objective(std::size_t i) const {
  return sys_.objectives[static_cast<std::size_t>(comp_.objectives[i])];
}

// Local columns of a sparse form: variables, or the column of a block (added on first use).
std::vector<int> ComponentSolver::lp_columns(const std::vector<int>& terms) {
  std::vector<int> lc;
  for (int t : terms) {
    if (t >= 0) {
      lc.push_back(local_[static_cast<std::size_t>(t)]);
    } else {
      auto [it, fresh] = block_col_.emplace(t, n_ + static_cast<int>(block_ids_.size()));
      if (fresh) block_ids_.push_back(-1 - t);
      lc.push_back(it->second);
    }
  }
  std::sort(lc.begin(), lc.end());
  return lc;
}

// Objectives in local columns; the LP's columns: the component's variables, then one column per
// block used.
void ComponentSolver::map_columns() {
  cols_.assign(no_, {});
  for (std::size_t i = 0; i < no_; ++i)
    for (int v : objective(i).vars) cols_[i].push_back(local_[static_cast<std::size_t>(v)]);
  for (int r : comp_.rows) row_cols_.push_back(lp_columns(sys_.residual[static_cast<std::size_t>(r)].terms));
  obj_cols_.assign(no_, {});
  for (std::size_t i = 0; i < no_; ++i) obj_cols_[i] = lp_columns(objective(i).terms);
  for (int o : comp_.known) {
    const Objective& k = sys_.objectives[static_cast<std::size_t>(o)];
    if (!k.has_prior || k.vars.empty()) continue;
    known_.push_back(&k);
    std::vector<int> cols;
    for (int v : k.vars) cols.push_back(local_[static_cast<std::size_t>(v)]);
    std::sort(cols.begin(), cols.end());
    known_cols_.push_back(std::move(cols));
    known_lp_cols_.push_back(lp_columns(k.terms));
  }
  ncols_ = n_ + static_cast<int>(block_ids_.size());
}

void ComponentSolver::add_row(const std::vector<int>& lc, double lo, double hi) {
  std::vector<double> ones(lc.size(), 1.0);
  m_.matrix.appendRow(static_cast<int>(lc.size()), lc.data(), ones.data());
  m_.row_lb.push_back(lo);
  m_.row_ub.push_back(hi);
}

void ComponentSolver::build_model() {
  m_.matrix.setDimensions(0, ncols_);
  {  // room for every row at once (appending without it copies the matrix each time)
    CoinBigIndex entries = 0;
    for (const auto& lc : row_cols_) entries += static_cast<CoinBigIndex>(lc.size());
    for (int b : block_ids_) entries += static_cast<CoinBigIndex>(sys_.blocks[static_cast<std::size_t>(b)].size()) + 1;
    for (std::size_t i = 0; i < no_; ++i) entries += static_cast<CoinBigIndex>(cols_[i].size());
    m_.matrix.reserve(static_cast<int>(comp_.rows.size() + block_ids_.size() + no_) + 1, entries + 1);
  }
  m_.col_lb.assign(static_cast<std::size_t>(ncols_), 0.0);
  m_.col_ub.assign(static_cast<std::size_t>(ncols_), kInf);
  rows_of_col_.assign(static_cast<std::size_t>(n_), {});
  for (std::size_t k = 0; k < comp_.rows.size(); ++k) {
    const auto& rr = sys_.residual[static_cast<std::size_t>(comp_.rows[k])];
    rhs_of_row_.push_back(static_cast<double>(rr.rhs));
    if (!rr.coef.empty()) {  // a link (table space): signed coefficients, bounds nothing alone
      std::vector<int> lc;
      for (int v : rr.vars) lc.push_back(local_[static_cast<std::size_t>(v)]);
      m_.matrix.appendRow(static_cast<int>(lc.size()), lc.data(), rr.coef.data());
      m_.row_lb.push_back(static_cast<double>(rr.rhs));
      m_.row_ub.push_back(static_cast<double>(rr.rhs));
      continue;
    }
    for (int v : rr.vars)
      rows_of_col_[static_cast<std::size_t>(local_[static_cast<std::size_t>(v)])].push_back(static_cast<int>(k));
    add_row(row_cols_[k], static_cast<double>(rr.rhs), static_cast<double>(rr.rhs));
  }
  for (std::size_t k = 0; k < block_ids_.size(); ++k) {  // block column = sum of its variables
    const auto& vars = sys_.blocks[static_cast<std::size_t>(block_ids_[k])];
    std::vector<int> idx{n_ + static_cast<int>(k)};
    std::vector<double> val{1.0};
    for (int v : vars) {
      idx.push_back(local_[static_cast<std::size_t>(v)]);
      val.push_back(-1.0);
    }
    m_.matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
    m_.row_lb.push_back(0.0);
    m_.row_ub.push_back(0.0);
  }
}

// Bounds of each variable implied by the published rows one at a time (a row's total less the
// other variables' bounds), in a few sweeps. They hold at every point, so an exact point at such a
// bound is the LP's optimum there: screening without a solve. Empty when they contradict (the
// solves find that out).
ComponentSolver::VariableBounds ComponentSolver::propagated_bounds() const {
  constexpr int kSweeps = 4;
  VariableBounds b;
  b.lo.assign(static_cast<std::size_t>(n_), 0);
  b.hi.assign(static_cast<std::size_t>(n_), kNoBound);
  b.row_lo.assign(comp_.rows.size(), 0);
  b.row_hi.assign(comp_.rows.size(), 0);
  b.row_open.assign(comp_.rows.size(), 0);
  auto row_of = [&](std::size_t k) -> const ResidualRow& { return sys_.residual[static_cast<std::size_t>(comp_.rows[k])]; };
  auto sum_row = [&](std::size_t k) {  // the row's sums of bounds, into b.row_*
    Wide128 sum_lo = 0, sum_hi = 0;
    int open = 0;
    for (int v : row_of(k).vars) {
      const auto c = static_cast<std::size_t>(local_[static_cast<std::size_t>(v)]);
      sum_lo += b.lo[c];
      if (b.hi[c] == kNoBound) ++open;
      else sum_hi += b.hi[c];
    }
    b.row_lo[k] = sum_lo;
    b.row_hi[k] = sum_hi;
    b.row_open[k] = open;
  };
  for (int sweep = 0; sweep < kSweeps; ++sweep) {
    bool changed = false;
    for (std::size_t k = 0; k < comp_.rows.size(); ++k) {
      const ResidualRow& rr = row_of(k);
      if (!rr.coef.empty()) continue;  // a link: signed coefficients
      sum_row(k);
      for (int v : rr.vars) {
        auto& lo = b.lo[static_cast<std::size_t>(local_[static_cast<std::size_t>(v)])];
        auto& hi = b.hi[static_cast<std::size_t>(local_[static_cast<std::size_t>(v)])];
        const std::int64_t lo0 = lo, hi0 = hi;
        // Both new ends lie between the old ones and the row's total, or they cross: 64 bits.
        const Wide128 new_hi = rr.rhs - (b.row_lo[k] - lo0);
        if (new_hi < lo) return {};
        hi = std::min<std::int64_t>(hi, static_cast<std::int64_t>(std::min<Wide128>(new_hi, hi)));
        if (b.row_open[k] - (hi0 == kNoBound ? 1 : 0) == 0) {
          const Wide128 new_lo = rr.rhs - (b.row_hi[k] - (hi0 == kNoBound ? 0 : hi0));
          if (new_lo > hi) return {};
          lo = std::max<std::int64_t>(lo, static_cast<std::int64_t>(std::max<Wide128>(new_lo, lo)));
        }
        changed = changed || lo != lo0 || hi != hi0;
      }
    }
    if (!changed) break;
  }
  for (std::size_t k = 0; k < comp_.rows.size(); ++k)
    if (row_of(k).coef.empty()) sum_row(k);
  return b;
}

// Trivial ends: a known range, a published cell covering all of the objective bounds it from
// above, and the propagated bounds of its variables and of the rest of a covering cell. A known
// range is also a row of the LP.
void ComponentSolver::find_trivial_bounds() {
  const VariableBounds vb = propagated_bounds();
  trivial_lo_.assign(no_, 0.0);
  trivial_hi_.assign(no_, kInf);
  for (std::size_t i = 0; i < no_; ++i) {
    const Objective& o = objective(i);
    std::sort(cols_[i].begin(), cols_[i].end());
    if (o.has_prior) {
      const double lo = static_cast<double>(o.prior_lo - o.constant);
      // A derived value's lower end alone (a share > 0) leaves the cell unbounded above: a finite
      // cap here would be an LP optimum, printed as the cell's upper end.
      const double hi = o.prior_has_upper() ? static_cast<double>(o.prior_hi - o.constant) : kInf;
      trivial_lo_[i] = std::max(0.0, lo);
      trivial_hi_[i] = hi;
      if (!cols_[i].empty()) add_row(obj_cols_[i], lo, hi);
    }
    if (cols_[i].empty()) continue;
    for (int r : rows_of_col_[static_cast<std::size_t>(cols_[i][0])]) {
      const auto& rr = sys_.residual[static_cast<std::size_t>(comp_.rows[static_cast<std::size_t>(r)])];
      if (rr.vars.size() < cols_[i].size()) continue;
      bool covers = true;
      for (int c : cols_[i]) {
        const auto& rows = rows_of_col_[static_cast<std::size_t>(c)];
        if (std::find(rows.begin(), rows.end(), r) == rows.end()) {
          covers = false;
          break;
        }
      }
      if (covers) trivial_hi_[i] = std::min(trivial_hi_[i], rhs_of_row_[static_cast<std::size_t>(r)]);
      if (covers && !vb.lo.empty()) tighten_by_row(i, r, vb);
    }
    if (!vb.lo.empty()) {
      Wide128 lo = 0, hi = 0;  // a few variables, each bound up to 2^62
      bool bounded = true;
      for (int c : cols_[i]) {
        lo += vb.lo[static_cast<std::size_t>(c)];
        bounded = bounded && vb.hi[static_cast<std::size_t>(c)] != kNoBound;
        if (bounded) hi += vb.hi[static_cast<std::size_t>(c)];
      }
      trivial_lo_[i] = std::max(trivial_lo_[i], static_cast<double>(lo));
      if (bounded) trivial_hi_[i] = std::min(trivial_hi_[i], static_cast<double>(hi));
    }
  }
}

// The objective is its covering row's total less the row's other variables (the row's sums of
// bounds less the objective's own: a covering row can hold 100,000 variables).
void ComponentSolver::tighten_by_row(std::size_t i, int r, const VariableBounds& vb) {
  const auto k = static_cast<std::size_t>(r);
  const std::int64_t rhs = sys_.residual[static_cast<std::size_t>(comp_.rows[k])].rhs;
  Wide128 own_lo = 0, own_hi = 0;
  int own_open = 0;
  for (int c : cols_[i]) {
    own_lo += vb.lo[static_cast<std::size_t>(c)];
    if (vb.hi[static_cast<std::size_t>(c)] == kNoBound) ++own_open;
    else own_hi += vb.hi[static_cast<std::size_t>(c)];
  }
  trivial_hi_[i] = std::min(trivial_hi_[i], static_cast<double>(rhs - (vb.row_lo[k] - own_lo)));
  if (vb.row_open[k] == own_open)
    trivial_lo_[i] = std::max(trivial_lo_[i], static_cast<double>(rhs - (vb.row_hi[k] - own_hi)));
}

void ComponentSolver::build_exact_system() {
  es_.n = n_;
  for (int r : comp_.rows) {
    const auto& rr = sys_.residual[static_cast<std::size_t>(r)];
    ExactSystem::Row row;
    row.rhs = rr.rhs;
    for (std::size_t k = 0; k < rr.vars.size(); ++k) {
      row.cols.push_back(local_[static_cast<std::size_t>(rr.vars[k])]);
      if (!rr.coef.empty()) row.sign.push_back(rr.coef[k] < 0 ? -1 : 1);
    }
    es_.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < no_; ++i) {
    const Objective& o = objective(i);
    if (o.has_prior && !cols_[i].empty())
      es_.ranges.push_back({cols_[i], o.prior_lo - o.constant, o.prior_hi - o.constant, {}});
  }
  es_.index();
  objectives_of_col_.assign(static_cast<std::size_t>(n_), {});
  for (std::size_t i = 0; i < no_; ++i)
    for (int c : cols_[i]) objectives_of_col_[static_cast<std::size_t>(c)].push_back(static_cast<int>(i));
}

// After every other row (the LP's rows keep their positions: residual rows, blocks, known ranges).
void ComponentSolver::add_derived_rows() {
  for (int q : comp_.ranges) {
    const RangeRow& rr = sys_.ranges[static_cast<std::size_t>(q)];
    std::vector<std::pair<int, std::int64_t>> terms;
    for (std::size_t k = 0; k < rr.vars.size(); ++k) terms.emplace_back(local_[static_cast<std::size_t>(rr.vars[k])], rr.coef[k]);
    std::sort(terms.begin(), terms.end());
    ExactSystem::Range g;
    g.lo = rr.lo;
    g.hi = rr.hi;
    std::vector<double> values;
    for (const auto& [c, a] : terms) {
      g.cols.push_back(c);
      g.coef.push_back(a);
      values.push_back(static_cast<double>(a));
    }
    m_.matrix.appendRow(static_cast<int>(g.cols.size()), g.cols.data(), values.data());
    m_.row_lb.push_back(g.open_lo() ? -kInf : static_cast<double>(g.lo));
    m_.row_ub.push_back(g.open_hi() ? kInf : static_cast<double>(g.hi));
    es_.ranges.push_back(std::move(g));
  }
  if (!comp_.ranges.empty()) es_.index();
}

// Last of all, so that the rows before keep their positions.
void ComponentSolver::add_known_ranges() {
  for (std::size_t q = 0; q < known_.size(); ++q) {
    const Objective& k = *known_[q];
    const double hi = k.prior_has_upper() ? static_cast<double>(k.prior_hi - k.constant) : kInf;
    add_row(known_lp_cols_[q], static_cast<double>(k.prior_lo - k.constant), hi);
    es_.ranges.push_back({known_cols_[q], k.prior_lo - k.constant, k.prior_hi - k.constant, {}});
  }
  if (!known_.empty()) es_.index();
}

}  // namespace hitoku::audit
