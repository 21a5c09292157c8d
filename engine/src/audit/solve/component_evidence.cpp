// The component solver's evidence: exact points (made exact from solver points and verified),
// exact integer moves and rays. A cell's interval is reported only as far as they reach.
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "audit/solve/component_stages.h"

namespace hitoku::audit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kFar = std::int64_t{1} << 40;  // how far a move is followed at most

// Exact solves of large-denominator coordinates take up to seconds each: a component spends at
// most this much work on them (counted by the modular solver, not in seconds: the same input
// gives the same points; about a minute here); then such points are rejected, and cells may stay
// not proven.
constexpr long long kExactSolveWork = 40'000'000'000;

}  // namespace

// A point shows the cell at most `at_most` (lower end) and at least `at_least` (upper end); both
// are its exact value except for points kept only as outward-rounded values (BigPoint).
void ComponentSolver::note_range(std::size_t i, Fraction at_most, Fraction at_least, bool integral) {
  if (integral) {  // an integral point's value is an integer (at_most == at_least)
    const std::int64_t v = at_most.num;
    seen_int_lo_[i] = seen_int_[i] ? std::min(seen_int_lo_[i], v) : v;
    seen_int_hi_[i] = seen_int_[i] ? std::max(seen_int_hi_[i], v) : v;
    seen_int_[i] = 1;
  }
  if (!seen_[i]) {
    seen_[i] = 1;
    seen_lo_[i] = at_most;
    seen_hi_[i] = at_least;
    return;
  }
  if (at_most < seen_lo_[i]) seen_lo_[i] = at_most;
  if (seen_hi_[i] < at_least) seen_hi_[i] = at_least;
}

// Whether an integral point shows the least (greatest) value seen.
bool ComponentSolver::int_at_seen_lo(std::size_t i) const {
  return seen_int_[i] && seen_lo_[i] == Fraction{seen_int_lo_[i], 1};
}
bool ComponentSolver::int_at_seen_hi(std::size_t i) const {
  return seen_int_[i] && seen_hi_[i] == Fraction{seen_int_hi_[i], 1};
}

// Exact points kept as starting points for moves: the first integral ones, else rational.
void ComponentSolver::record(const ExactPoint& p) {
  for (std::size_t i = 0; i < no_; ++i)
    if (!cols_[i].empty()) note(i, value(p, cols_[i]), p.integral());
  if (bases_.size() < 2) bases_.push_back(p);
  else if (p.integral() && !bases_[1].integral()) bases_[1] = p;
}

// The first two big points are move bases too (moves shift their cell values by integers).
void ComponentSolver::record_big(const BigPoint& p) {
  for (std::size_t i = 0; i < no_; ++i) {
    if (cols_[i].empty()) continue;
    const auto at_most = value_at_most(p, cols_[i]), at_least = value_at_least(p, cols_[i]);
    if (at_most && at_least) note_range(i, *at_most, *at_least, false);
  }
  if (big_bases_.size() < 2) big_bases_.push_back(p);
}

// The LP's own system (block columns included): a vertex is determined there, so a vertex with
// large denominators can be solved exactly in it (exact_point's last step).
void ComponentSolver::build_lifted() {
  lifted_.emplace();
  lifted_->n = ncols_;
  const CoinPackedMatrix& mat = m_.matrix;
  for (int r = 0; r < mat.getNumRows(); ++r) {
    const CoinShallowPackedVector v = mat.getVector(r);
    const double lo = m_.row_lb[static_cast<std::size_t>(r)], hi = m_.row_ub[static_cast<std::size_t>(r)];
    // Every coefficient of the model is an integer: +-1, or a derived value's row (integers < 2^40).
    const bool unit = std::all_of(v.getElements(), v.getElements() + v.getNumElements(),
                                  [](double e) { return e == 1.0 || e == -1.0; });
    if (lo == hi && unit) {
      ExactSystem::Row row;
      row.rhs = static_cast<std::int64_t>(lo);
      for (int k = 0; k < v.getNumElements(); ++k) {
        row.cols.push_back(v.getIndices()[k]);
        row.sign.push_back(v.getElements()[k] < 0 ? -1 : 1);
      }
      lifted_->rows.push_back(std::move(row));
    } else {  // a known range over ones, or a derived value's row
      ExactSystem::Range g;
      g.lo = std::isinf(lo) ? -ExactSystem::kOpenEnd : static_cast<std::int64_t>(lo);
      g.hi = std::isinf(hi) ? ExactSystem::kOpenEnd : static_cast<std::int64_t>(hi);
      std::vector<std::pair<int, std::int64_t>> terms;
      for (int k = 0; k < v.getNumElements(); ++k)
        terms.emplace_back(v.getIndices()[k], static_cast<std::int64_t>(v.getElements()[k]));
      std::sort(terms.begin(), terms.end());
      const bool ones = std::all_of(terms.begin(), terms.end(), [](const auto& t) { return t.second == 1; });
      for (const auto& [c, w] : terms) {
        g.cols.push_back(c);
        if (!ones) g.coef.push_back(w);
      }
      lifted_->ranges.push_back(std::move(g));
    }
  }
  lifted_->index();
}

// A point of the lifted system, restricted to the variables and verified against the component.
std::optional<ExactPoint> ComponentSolver::lifted_point(const double* x, BigPoint* big) {
  if (!lifted_) build_lifted();
  BigPoint full_big;
  auto full = exact_point(*lifted_, x, 64, true, &full_big, &solve_work_);
  if (!full) {
    if (big && !full_big.num.empty()) {
      full_big.num.resize(static_cast<std::size_t>(n_));
      if (verify(es_, full_big)) *big = std::move(full_big);
    }
    return std::nullopt;
  }
  full->num.resize(static_cast<std::size_t>(n_));
  if (!verify(es_, *full)) return std::nullopt;
  return full;
}

// A solver point made exact and recorded; false when no exact point came of it.
bool ComponentSolver::observe(const double* x) {
  const bool allow = solve_work_ < kExactSolveWork;
  BigPoint big;
  auto p = exact_point(es_, x, 64, allow, &big, &solve_work_);
  if (!p && big.num.empty() && ncols_ > n_ && allow) p = lifted_point(x, &big);
  if (!p && !big.num.empty()) {  // exact, but only its values are kept
    ++counters_.points_big;
    record_big(big);
    return true;
  }
  if (!p) {
    ++counters_.points_rejected;
    return false;
  }
  ++(p->integral() ? counters_.points_integral : counters_.points_fractional);
  record(*p);
  return true;
}

bool ComponentSolver::trivial_lo_reached(std::size_t i) const {
  return seen_[i] && seen_lo_[i] == Fraction{static_cast<std::int64_t>(trivial_lo_[i]), 1};
}

bool ComponentSolver::trivial_hi_reached(std::size_t i) const {
  return seen_[i] && trivial_hi_[i] < kInf && seen_hi_[i] == Fraction{static_cast<std::int64_t>(trivial_hi_[i]), 1};
}

// Two exact points at least one integer apart.
bool ComponentSolver::width_proven(std::size_t i) const {
  return seen_[i] && floor_of(seen_hi_[i]) - ceil_of(seen_lo_[i]) >= 1;
}

bool ComponentSolver::undecided(std::size_t i) const { return !cols_[i].empty() && !elsewhere_[i] && !width_proven(i); }

// The cells a move touches, and by how much it changes each (sum of its deltas on the cell).
std::vector<std::pair<int, std::int64_t>> ComponentSolver::effects_of(const Move& d, int dir) const {
  std::vector<int> touched;
  for (int c : d.cols)
    for (int j : objectives_of_col_[static_cast<std::size_t>(c)]) touched.push_back(j);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  std::vector<std::pair<int, std::int64_t>> effects;
  for (int j : touched) {
    const auto& cj = cols_[static_cast<std::size_t>(j)];
    std::int64_t effect = 0;
    for (std::size_t t = 0; t < d.cols.size(); ++t)
      if (std::binary_search(cj.begin(), cj.end(), d.cols[t])) effect += dir * d.delta[t];
    effects.emplace_back(j, effect);
  }
  return effects;
}

// A move applied k times to a big point shifts each cell's outward-rounded values by k*effect.
void ComponentSolver::big_moves(const std::vector<Move>& moves) {
  for (const auto& base : big_bases_)
    for (const auto& d : moves)
      for (int dir : {1, -1}) {
        bool touches_range = false;
        BigInt k = kFar;
        for (std::size_t t = 0; t < d.cols.size(); ++t) {
          const int c = d.cols[t];
          touches_range = touches_range || !es_.ranges_of_col[static_cast<std::size_t>(c)].empty();
          const std::int64_t delta = dir * d.delta[t];
          if (delta < 0) {
            const BigInt room = base.num[static_cast<std::size_t>(c)] / (base.den * -delta);
            if (room < k) k = room;
          }
        }
        if (touches_range || k <= 0) continue;  // known ranges: left to 64-bit points
        ++counters_.moves;
        const auto steps = static_cast<std::int64_t>(k);
        for (const auto& [j, effect] : effects_of(d, dir)) {
          if (effect == 0) continue;
          const auto& cj = cols_[static_cast<std::size_t>(j)];
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
}

// Moves from the kept exact points: each applied as far as it stays feasible, both ways.
void ComponentSolver::try_moves(std::size_t i) {
  if (!settings_.moves || (bases_.empty() && big_bases_.empty()) || cols_[i].empty()) return;
  if (!finder_) finder_.emplace(es_);
  const auto moves = finder_->moves_for(cols_[i], 4, 4000);
  big_moves(moves);
  for (const auto& base : bases_) {
    for (const auto& d : moves) {
      for (int dir : {1, -1}) {
        Move step = d;
        for (auto& x : step.delta) x *= dir;
        const std::int64_t k = max_steps(es_, base, step, kFar);
        if (k == 0) continue;
        ++counters_.moves;
        // A ray: nothing decreases and no known range changes, so x + k*d is feasible for all k.
        bool ray = std::all_of(step.delta.begin(), step.delta.end(), [](std::int64_t x) { return x >= 0; });
        for (std::size_t t = 0; t < step.cols.size() && ray; ++t)
          ray = es_.ranges_of_col[static_cast<std::size_t>(step.cols[t])].empty();
        for (const auto& [j, effect] : effects_of(step, 1)) {
          if (ray && effect > 0) ray_up_[static_cast<std::size_t>(j)] = 1;
          Fraction v = value(base, cols_[static_cast<std::size_t>(j)]);
          __extension__ const Wide128 moved_num =
              static_cast<Wide128>(v.num) + static_cast<Wide128>(k) * effect * v.den;
          // A value beyond 64 bits is not noted (no evidence rather than an overflowed one).
          if (moved_num > std::numeric_limits<std::int64_t>::max() ||
              moved_num < std::numeric_limits<std::int64_t>::min())
            continue;
          v.num = static_cast<std::int64_t>(moved_num);
          note(static_cast<std::size_t>(j), v, base.integral());
        }
      }
    }
  }
}

// Reported ends: the outer end (an LP optimum rounded outward, a trivial bound, or a Cbc optimum)
// when exact points reach it; otherwise what exact points showed (an inner bound). A cell with no
// two exact points one integer apart is never reported safe.
void ComponentSolver::finish(std::size_t i, const OuterEnds& e, ObjectiveBounds& b, bool lo_int, bool hi_int) const {
  judge_ends(e, Evidence{seen_[i] != 0, seen_lo_[i], seen_hi_[i], ray_up_[i] != 0}, objective(i).constant, lo_int,
             hi_int, b);
}

}  // namespace hitoku::audit
