// The component solver's block LPs around the truth point (docs/audit.md steps 8a and 8b): only
// the variables of one block move, the rest stay at the truth; every block point is made exact
// and checked before it counts. Small LPs, so they settle most cells before any full solve.
#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "audit/solve/component_stages.h"

namespace hitoku::audit {

// The truth point (an integer point rich in positive coordinates, truth_point.h): moves and
// blocks from it settle most cells without a solve.
void ComponentSolver::start_from_truth() {
  const TruthBlocks* tb = settings_.truth_blocks;
  if (!tb || !tb->truth) return;
  ExactPoint p;
  p.num.resize(static_cast<std::size_t>(n_));
  for (int k = 0; k < n_; ++k)
    p.num[static_cast<std::size_t>(k)] = (*tb->truth)[static_cast<std::size_t>(comp_.vars[static_cast<std::size_t>(k)])];
  if (verify(es_, p)) {
    ++counters_.points_integral;
    record(p);
    truth_base_ = true;
  }
}

long long ComponentSolver::open_count() const {
  long long open = 0;
  for (std::size_t i = 0; i < no_; ++i) open += undecided(i) ? 1 : 0;
  return open;
}

// Progress: the component's cells proven so far, of all.
void ComponentSolver::stage(const char* what) const {
  const auto& progress = settings_.truth_blocks->progress;
  if (progress) progress(what, static_cast<long long>(no_) - open_count(), static_cast<long long>(no_));
}

// Block LPs around the truth point: partition blocks (a medical area, a group of ages or sites),
// then blocks around, across and beside the cells still open, and grown blocks.
void ComponentSolver::truth_blocks() {
  block_base_ = bases_.front();
  sums_ = point_sums(es_, block_base_);
  base_value_.assign(no_, 0);
  for (std::size_t i = 0; i < no_; ++i)
    for (int c : cols_[i]) base_value_[i] += block_base_.num[static_cast<std::size_t>(c)];
  pos_.assign(static_cast<std::size_t>(n_), -1);
  tried_around_.assign(no_, 0);
  const TruthBlocks& tb = *settings_.truth_blocks;
  const bool far_blocks = tb.open_cell_blocks;
  const bool grow = tb.grown_blocks;
  constexpr long long kUnionCells = 256;  // the union block runs once at most this many cells are open
  constexpr long long kAroundCells = 64;
  // Few cells open: grown blocks settle them for less than another sweep over every block of a
  // wide partition (all-Japan: 68 cells in 21 s against 27 s for two wide partitions). A narrow
  // partition still runs when it solves no more blocks than cells are open: a cell published
  // again after a re-audit's carrying left 91 open after the first partition; the next two
  // settled 89 of them in 0.2 s, where grown blocks took 2.5 s and left 2 to full LPs (3.6 s).
  constexpr long long kGrowCells = 128;
  const auto& partitions = *tb.partitions;
  for (std::size_t k = 0; k < partitions.size() && open_count() > 0; ++k) {
    const bool first = k == 0;
    const long long open_before = open_count();
    const bool few_open = grow && !first && open_before <= kGrowCells;
    if (few_open && k >= tb.narrow_partitions) break;
    // The first partition pushes its cells down only, the others down and up; cells left open
    // go to the next partition rather than to LPs that push them apart (measured: all-Japan 87 ->
    // 67 s CPU, Japan 10 x 6 13.8 -> 6.8 s, Hyogo 4.0 -> 3.2 s; docs/audit.md session 13).
    const std::size_t max_blocks =
        few_open ? static_cast<std::size_t>(open_before) : std::numeric_limits<std::size_t>::max();
    if (!partition_blocks(partitions[k], first ? BlockPush::down : BlockPush::down_up, max_blocks)) break;
    const auto open_now = open_count();
    stage("audit: partition blocks");
    if (far_blocks && open_now > 0 && open_now <= kUnionCells) union_of_open_cells();
    if (open_now > 0 && open_now <= kAroundCells) around_open_cells();
  }
  // No second pass around the cells still open pushing them apart: grown blocks settle those for
  // less (session 14: nested Hyogo's apart pass took 7.1 s for 2 of 11 cells, grown blocks 0.55 s
  // for the other 9; Hyogo protect seed 1 2.70 -> 2.44 s without it).
  around_open_cells();
  if (grow && open_count() > 0 && open_count() <= kGrowCells) grown_blocks();
  if (far_blocks && open_count() > 0 && open_count() <= kAroundCells) siblings_of_open_cells();
  stage("audit: blocks done");
}

// The block LPs of every block of one partition that holds an open cell; none (false) when more
// than max_blocks would be solved.
bool ComponentSolver::partition_blocks(const std::vector<int>& block_of_var, BlockPush push, std::size_t max_blocks) {
  std::vector<std::vector<int>> block_cols;
  std::unordered_map<int, std::size_t> block_index;
  for (int c = 0; c < n_; ++c) {
    const int b = block_of_var[static_cast<std::size_t>(comp_.vars[static_cast<std::size_t>(c)])];
    auto [it, fresh_block] = block_index.emplace(b, block_cols.size());
    if (fresh_block) block_cols.emplace_back();
    block_cols[it->second].push_back(c);
  }
  // An open cell spread over many blocks (a national cell over municipalities) is pushed only in
  // the kSpreadBlocks blocks holding most of its value at the truth point: every block touching it
  // would otherwise solve its LPs for it (85 s on all-Japan's wide municipality blocks, for no
  // cell settled).
  constexpr std::size_t kSpreadBlocks = 8;
  std::unordered_map<int, std::vector<std::size_t>> spread_targets;
  std::vector<char> solved(block_cols.size(), 0);  // blocks with a cell to push
  for (std::size_t i = 0; i < no_; ++i) {
    if (!undecided(i)) continue;
    std::unordered_map<std::size_t, std::int64_t> mass;
    for (int c : cols_[i]) {
      const int b = block_of_var[static_cast<std::size_t>(comp_.vars[static_cast<std::size_t>(c)])];
      mass[block_index.at(b)] += block_base_.num[static_cast<std::size_t>(c)];
    }
    if (mass.size() <= kSpreadBlocks) {
      for (const auto& [b, value] : mass) solved[b] = 1;
      continue;
    }
    std::vector<std::pair<std::int64_t, std::size_t>> by_mass;
    for (const auto& [b, value] : mass) by_mass.emplace_back(-value, b);
    std::sort(by_mass.begin(), by_mass.end());
    auto& targets = spread_targets[static_cast<int>(i)];
    for (std::size_t k = 0; k < kSpreadBlocks; ++k) targets.push_back(by_mass[k].second);
    std::sort(targets.begin(), targets.end());
    for (std::size_t b : targets) solved[b] = 1;
  }
  if (static_cast<std::size_t>(std::count(solved.begin(), solved.end(), 1)) > max_blocks) return false;
  for (std::size_t b = 0; b < block_cols.size(); ++b) {
    pushed_here_ = [&spread_targets, b](int j) {
      const auto it = spread_targets.find(j);
      return it == spread_targets.end() || std::binary_search(it->second.begin(), it->second.end(), b);
    };
    run_block(std::move(block_cols[b]), push);
  }
  pushed_here_ = nullptr;
  return true;
}

// Open cells touching the block, found through the block's own columns.
std::vector<int> ComponentSolver::open_in_block(const std::vector<int>& vars) const {
  std::vector<int> open_cells;
  for (int c : vars)
    for (int j : objectives_of_col_[static_cast<std::size_t>(c)])
      if (undecided(static_cast<std::size_t>(j))) open_cells.push_back(j);
  std::sort(open_cells.begin(), open_cells.end());
  open_cells.erase(std::unique(open_cells.begin(), open_cells.end()), open_cells.end());
  return open_cells;
}

// Of the cells open before, those still open and pushed in this block (pushed_here_).
std::vector<int> ComponentSolver::still_pushed(const std::vector<int>& open_before) const {
  std::vector<int> cells;
  for (int j : open_before)
    if (undecided(static_cast<std::size_t>(j)) && (!pushed_here_ || pushed_here_(j))) cells.push_back(j);
  return cells;
}

// One block's LPs from the integral base point: rows near the block with the rest fixed at the
// base; the open cells touching the block all down, or all down and all up at once, then those
// still open pushed apart (as `push` says).
void ComponentSolver::block_phase(const std::vector<int>& vars, BlockPush push) {
  // Cells are only ever settled, never reopened: the block's open cells are found once.
  const auto open_before = open_in_block(vars);
  if (still_pushed(open_before).empty()) return;
  const auto restricted = block_system(es_, vars, block_base_, sums_);
  if (!restricted) return;
  const ExactSystem& ls = *restricted;
  const Model lm = model_of(ls);
  auto solve_local = [&](const std::vector<double>& w, double sense, std::vector<double>& x) {
    try {
      ClpSimplex one;
      // The primal simplex: on block LPs it took 0.6-0.75 of the CPU of Clp's automatic choice
      // (all-Japan 51 -> 39 s, Hyogo seeds 1-3 2.9-4.1 -> 2.2-2.9 s; session 13).
      solve_from_scratch(one, lm, w, sense, solve_iterations_, ClpSolve::usePrimal);
      if (one.status() != 0) return false;
      x.assign(one.primalColumnSolution(), one.primalColumnSolution() + ls.n);
      return true;
    } catch (...) {
      return false;
    }
  };
  // The objective over the block's columns: each cell's sign (1 without cut signs), times `flip`.
  auto weights = [&](const std::vector<int>& cells, const std::vector<double>& cut, double flip) {
    std::vector<double> w(static_cast<std::size_t>(ls.n), 0.0);
    for (int i : cells) {
      const double sign = flip * (cut.empty() ? 1.0 : cut[static_cast<std::size_t>(i)]);
      for (int c : cols_[static_cast<std::size_t>(i)])
        if (const int at = pos_[static_cast<std::size_t>(c)]; at >= 0) w[static_cast<std::size_t>(at)] = sign;
    }
    return w;
  };
  auto take = [&](const std::vector<std::pair<bool, std::vector<double>>>& solved) {
    auto open_now = [&] {  // spread cells settled here count too
      return std::count_if(open_before.begin(), open_before.end(), [&](int j) { return undecided(static_cast<std::size_t>(j)); });
    };
    const auto settled_before = open_now();
    for (const auto& [ok, x] : solved)
      if (ok) take_block_point(ls, vars, x);
    counters_.block_settled += static_cast<long long>(settled_before - open_now());
  };
  // Down only (the first partition): cells it leaves open go to the next partitions. Tried and
  // dropped (session 13): down, then up only for the cells still open, one LP after the other:
  // all-Japan 37.2 -> 34.6 s CPU, but 27.4 -> 33.2 s wall, and Hyogo protect seed 3 2.2 -> 12.8 s
  // (it left other cells to the grown blocks). Kept as evidence for a later audit
  // (AuditOptions::keep_evidence), the cells are pushed up as well: a cell published again later
  // is carried by mixing a point that raised it with one that lowered it (carried.cpp).
  const bool keep = settings_.evidence != nullptr;
  if (push == BlockPush::down && !keep) {
    const auto open_cells = still_pushed(open_before);
    if (open_cells.empty()) return;
    std::vector<double> x;
    const bool ok = solve_local(weights(open_cells, {}, 1.0), 1.0, x);
    ++counters_.block_lp_solves;
    take({{ok, std::move(x)}});
    return;
  }
  auto two_at_once = [&](const std::vector<double>& w1, double s1, const std::vector<double>& w2, double s2) {
    std::vector<std::pair<bool, std::vector<double>>> solved(2);
    std::thread other([&] { solved[1].first = solve_local(w2, s2, solved[1].second); });
    solved[0].first = solve_local(w1, s1, solved[0].second);
    other.join();
    counters_.block_lp_solves += 2;
    take(solved);
  };
  {
    const auto open_cells = still_pushed(open_before);
    if (open_cells.empty()) return;
    const auto w = weights(open_cells, {}, 1.0);
    two_at_once(w, 1.0, w, -1.0);
  }
  if (push != BlockPush::down_up_apart) return;
  // Pushed apart by cut signs, and the other way.
  const auto open_cells = still_pushed(open_before);
  if (open_cells.empty()) return;
  const auto cut = cut_signs(open_cells);
  two_at_once(weights(open_cells, cut, 1.0), 1.0, weights(open_cells, cut, -1.0), 1.0);
}

// A block solution, made exact. It differs from the base only inside the block, so every row away
// from the block still holds; the rows through the block are checked from the component's own
// rows (block_change_holds), and smaller components check the whole point once more (up to
// whole_check_variables: the tests' sets; beyond it the block check stands alone, and it is exact).
void ComponentSolver::take_block_point(const ExactSystem& ls, const std::vector<int>& vars,
                                       const std::vector<double>& x) {
  BigPoint big;
  auto q = exact_point(ls, x.data(), 64, true, &big);
  if (!q && big.num.empty()) {
    ++counters_.points_rejected;
    return;
  }
  if (q) take_exact_block_point(vars, *q);
  else take_big_block_point(vars, big);
}

// Each open cell touching the block gets its value there: its value at the base plus the block's
// change to it.
void ComponentSolver::take_exact_block_point(const std::vector<int>& vars, const ExactPoint& q) {
  const ExactPoint& base = block_base_;
  const std::int64_t d = q.den;
  std::vector<Wide128> wide(q.num.begin(), q.num.end());
  if (!block_change_holds<Wide128>(es_, sums_, base, vars, wide, d)) {
    ++counters_.points_rejected;
    return;
  }
  if (n_ <= whole_check_) {
    ExactPoint g;
    g.den = d;
    g.num.resize(static_cast<std::size_t>(n_));
    for (int c = 0; c < n_; ++c) {
      const int at = pos_[static_cast<std::size_t>(c)];
      g.num[static_cast<std::size_t>(c)] =
          at >= 0 ? q.num[static_cast<std::size_t>(at)] : base.num[static_cast<std::size_t>(c)] * d;
    }
    if (!verify(es_, g)) {
      ++counters_.points_rejected;
      return;
    }
  }
  ++(q.integral() ? counters_.points_integral : counters_.points_fractional);
  std::unordered_map<int, Wide128> change;  // per cell touched by the block
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto c = static_cast<std::size_t>(vars[k]);
    const Wide128 dc = q.num[k] - static_cast<Wide128>(base.num[c]) * d;
    if (dc != 0)
      for (int j : objectives_of_col_[c]) change[j] += dc;
  }
  keep_block_point(vars, q);
  for (const auto& [j, dv] : change) {
    const Wide128 v = static_cast<Wide128>(base_value_[static_cast<std::size_t>(j)]) * d + dv;
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) continue;
    note(static_cast<std::size_t>(j), Fraction{static_cast<std::int64_t>(v), d}, d == 1);
  }
}

// A block point kept as evidence (AuditEvidence): its change to every suppressed cell of the
// planned tables, those solved in other components or carried from an earlier audit included.
// Only points around the truth point itself are kept.
void ComponentSolver::keep_block_point(const std::vector<int>& vars, const ExactPoint& q) const {
  EvidenceSink* sink = settings_.evidence;
  if (!sink || !truth_base_) return;
  std::unordered_map<int, Wide128> change;  // per objective of the system
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto c = static_cast<std::size_t>(vars[k]);
    const Wide128 dc = q.num[k] - static_cast<Wide128>(block_base_.num[c]) * q.den;
    if (dc == 0) continue;
    for (int o : sink->objectives_of_var[static_cast<std::size_t>(comp_.vars[c])]) change[o] += dc;
  }
  EvidencePoint p;
  p.den = q.den;
  for (const auto& [o, dv] : change) {
    if (dv == 0) continue;
    if (dv > std::numeric_limits<std::int64_t>::max() || dv < std::numeric_limits<std::int64_t>::min()) return;
    const Objective& obj = sys_.objectives[static_cast<std::size_t>(o)];
    p.changes.push_back({obj.table, obj.flat, static_cast<std::int64_t>(dv)});
  }
  sink->out.points.push_back(std::move(p));
}

// A block point exact only beyond 64 bits: each cell's value kept rounded outward.
void ComponentSolver::take_big_block_point(const std::vector<int>& vars, const BigPoint& big) {
  const ExactPoint& base = block_base_;
  if (!block_change_holds<BigInt>(es_, sums_, base, vars, big.num, big.den)) {
    ++counters_.points_rejected;
    return;
  }
  if (n_ <= whole_check_) {
    BigPoint g;
    g.den = big.den;
    g.num.resize(static_cast<std::size_t>(n_));
    for (int c = 0; c < n_; ++c) {
      const int at = pos_[static_cast<std::size_t>(c)];
      g.num[static_cast<std::size_t>(c)] =
          at >= 0 ? big.num[static_cast<std::size_t>(at)] : BigInt(base.num[static_cast<std::size_t>(c)]) * big.den;
    }
    if (!verify(es_, g)) {
      ++counters_.points_rejected;
      return;
    }
  }
  ++counters_.points_big;
  std::unordered_map<int, BigInt> change;
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto c = static_cast<std::size_t>(vars[k]);
    const BigInt dc = big.num[k] - BigInt(base.num[c]) * big.den;
    if (dc != 0)
      for (int j : objectives_of_col_[c]) change[j] += dc;
  }
  for (const auto& [j, dv] : change) {
    BigPoint one;  // the cell's value as a one-coordinate point, rounded outward below
    one.den = big.den;
    one.num.push_back(BigInt(base_value_[static_cast<std::size_t>(j)]) * big.den + dv);
    const auto at_most = value_at_most(one, {0}), at_least = value_at_least(one, {0});
    if (at_most && at_least) note_range(static_cast<std::size_t>(j), *at_most, *at_least, false);
  }
}

// The inner cells of the given cells, each once, at most `cap` (in the cells' order).
std::vector<int> ComponentSolver::inner_cells_of(const std::vector<int>& cells, std::size_t cap) {
  std::vector<int> vars;
  for (int j : cells)
    for (int c : cols_[static_cast<std::size_t>(j)])
      if (pos_[static_cast<std::size_t>(c)] < 0 && vars.size() < cap) {
        pos_[static_cast<std::size_t>(c)] = 0;
        vars.push_back(c);
      }
  for (int c : vars) pos_[static_cast<std::size_t>(c)] = -1;
  return vars;
}

// Block LPs over these columns (ascending, as block_system expects).
void ComponentSolver::run_block(std::vector<int> vars, BlockPush push) {
  std::sort(vars.begin(), vars.end());
  for (std::size_t k = 0; k < vars.size(); ++k) pos_[static_cast<std::size_t>(vars[k])] = static_cast<int>(k);
  block_phase(vars, push);
  for (int c : vars) pos_[static_cast<std::size_t>(c)] = -1;
}

}  // namespace hitoku::audit
