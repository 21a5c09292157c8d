// The component solver's blocks built around the cells a partition leaves open (docs/audit.md
// step 8a) and the blocks grown by column generation (step 8b).
#include <algorithm>
#include <cmath>

#include "audit/solve/component_stages.h"

namespace hitoku::audit {

// Blocks around each cell still open: its own inner cells and those of the suppressed cells
// reached through short published rows, two steps out (at most kAroundVars). Run once few cells
// are left after a partition (cheaper then than the next, wider one), once for each cell: down
// and up.
void ComponentSolver::around_open_cells() {
  constexpr std::size_t kAroundVars = 4000, kShortRow = 64;
  std::vector<char> cell_in(no_, 0);
  for (std::size_t i = 0; i < no_; ++i) {
    if (!undecided(i) || tried_around_[i]) continue;
    tried_around_[i] = 1;
    std::vector<int> cells{static_cast<int>(i)}, frontier{static_cast<int>(i)};
    std::fill(cell_in.begin(), cell_in.end(), 0);
    cell_in[i] = 1;
    for (int step = 0; step < 2; ++step) {
      std::vector<int> next;
      for (int j : frontier)
        for (int c : cols_[static_cast<std::size_t>(j)])
          for (const auto& [r, sg] : es_.rows_of_col[static_cast<std::size_t>(c)]) {
            const auto& row = es_.rows[static_cast<std::size_t>(r)];
            if (row.cols.size() > kShortRow) continue;
            for (int d : row.cols)
              for (int k : objectives_of_col_[static_cast<std::size_t>(d)])
                if (!cell_in[static_cast<std::size_t>(k)]) {
                  cell_in[static_cast<std::size_t>(k)] = 1;
                  next.push_back(k);
                }
          }
      cells.insert(cells.end(), next.begin(), next.end());
      frontier = std::move(next);
    }
    run_block(inner_cells_of(cells, kAroundVars), BlockPush::down_up);
  }
  stage("audit: around blocks");
}

// One block of every open cell's own inner cells: moves that trade a cell against one far away (a
// prefecture's rectangle of ages against another prefecture's, a site's national rectangle against
// another site's) lie in it, and in no block of a partition.
void ComponentSolver::union_of_open_cells() {
  constexpr std::size_t kUnionVars = 80000;
  std::vector<int> open_cells;
  for (std::size_t i = 0; i < no_; ++i)
    if (undecided(i)) open_cells.push_back(static_cast<int>(i));
  auto vars = inner_cells_of(open_cells, kUnionVars + 1);
  if (vars.empty() || vars.size() > kUnionVars) return;
  run_block(std::move(vars));
  stage("audit: union block");
}

// The suppressed cells of j's table lying wholly inside a published row through j (rows longer
// than kSiblingRow are not followed), added to `found` once each.
void ComponentSolver::sibling_cells(int j, std::vector<int>& found, std::vector<int>& in_row,
                                    std::vector<int>& cell_in, int& stamp) const {
  constexpr std::size_t kSiblingRow = 6000;
  auto table_of = [&](int k) { return objective(static_cast<std::size_t>(k)).table; };
  for (int c : cols_[static_cast<std::size_t>(j)])
    for (const auto& [r, sg] : es_.rows_of_col[static_cast<std::size_t>(c)]) {
      const auto& row = es_.rows[static_cast<std::size_t>(r)];
      if (row.cols.size() > kSiblingRow) continue;
      ++stamp;
      for (int d : row.cols) in_row[static_cast<std::size_t>(d)] = stamp;
      for (int d : row.cols)
        for (int k : objectives_of_col_[static_cast<std::size_t>(d)]) {
          if (cell_in[static_cast<std::size_t>(k)] || table_of(k) != table_of(j)) continue;
          const auto& kc = cols_[static_cast<std::size_t>(k)];
          if (std::all_of(kc.begin(), kc.end(), [&](int e) { return in_row[static_cast<std::size_t>(e)] == stamp; })) {
            cell_in[static_cast<std::size_t>(k)] = 1;
            found.push_back(k);
          }
        }
    }
}

// Blocks of each cell still open with its siblings: the suppressed cells lying wholly inside a
// published row through it (the other municipalities of its prefecture, its other ages, its other
// sex), and their siblings in turn. A cell fixed by its own municipality's rows moves only together
// with such cells elsewhere (a rectangle of two ages and two sexes traded between two
// municipalities of one prefecture), which no partition block holds.
void ComponentSolver::siblings_of_open_cells() {
  constexpr std::size_t kSiblingVars = 50000;
  std::vector<int> in_row(static_cast<std::size_t>(n_), 0), cell_in(no_, 0);
  int stamp = 0;
  for (std::size_t i = 0; i < no_; ++i) {
    if (!undecided(i)) continue;
    std::fill(cell_in.begin(), cell_in.end(), 0);
    cell_in[i] = 1;
    std::vector<int> cells{static_cast<int>(i)}, frontier{static_cast<int>(i)};
    for (int step = 0; step < 2; ++step) {
      std::vector<int> next;
      for (int j : frontier) sibling_cells(j, next, in_row, cell_in, stamp);
      cells.insert(cells.end(), next.begin(), next.end());
      frontier = std::move(next);
    }
    run_block(inner_cells_of(cells, kSiblingVars));
    stage("audit: sibling block");
  }
}

// A grown block's point, made exact through the block's restated rows.
void ComponentSolver::take_grown_point(const GrownBlock& block) {
  std::vector<int> vars = block.columns();
  std::sort(vars.begin(), vars.end());
  for (std::size_t k = 0; k < vars.size(); ++k) pos_[static_cast<std::size_t>(vars[k])] = static_cast<int>(k);
  if (const auto ls = block_system(es_, vars, block_base_, sums_)) {
    std::vector<double> x(vars.size());
    for (std::size_t k = 0; k < vars.size(); ++k) x[k] = block.value(vars[k]);
    take_block_point(*ls, vars, x);
  }
  for (int c : vars) pos_[static_cast<std::size_t>(c)] = -1;
}

// Blocks grown by column generation around each cell still open (docs/audit.md step 8b): the
// block LP lowers (then raises) the cell with every other column at the truth point; the outside
// columns whose reduced costs say they would let it go further join the block (half as many again
// as it holds, at least kGrowBatch), until the cell has moved a whole unit (proven by the block's
// point, made exact and checked like any block's) or no column would (the block's optimum is then
// the whole component's LP optimum that way).
void ComponentSolver::grown_blocks() {
  // Columns join in batches of half the block, at least kGrowBatch: 1,000 against 2,000 took the
  // all-Japan grown blocks from 7.1 to 2.9 s (seed 2: 8.4 to 5.7 s; session 13).
  constexpr std::size_t kGrowVars = 150000, kGrowBatch = 1000;
  constexpr int kGrowRounds = 30, kGrowIterations = 1'000'000;
  const ExactPoint& base = block_base_;
  for (std::size_t i = 0; i < no_; ++i) {
    if (!undecided(i)) continue;
    GrownBlock block(es_, base);
    block.add_columns(cols_[i]);
    for (const double objective_sign : {1.0, -1.0}) {  // lower the cell, then raise it
      if (!undecided(i)) break;
      block.set_objective(cols_[i], objective_sign);
      for (int round = 0; round < kGrowRounds && undecided(i); ++round) {
        const bool optimal = block.solve(kGrowIterations);
        ++counters_.block_lp_solves;
        if (!optimal) break;
        double moved = 0;  // the cell's change from the base at the block's optimum
        for (int c : cols_[i]) moved += block.value(c) - static_cast<double>(base.num[static_cast<std::size_t>(c)]);
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
}

}  // namespace hitoku::audit
