#include "audit/solve/truth_point.h"

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace hitoku::audit {
namespace {

// Codes of one table dimension that have no descendant among the table's codes: the finest
// cells of a table (all codes finest) partition what the table covers.
std::vector<char> finest_codes(const Dimension& dim, const std::vector<int>& codes) {
  std::vector<char> listed(dim.size(), 0), has_listed_descendant(dim.size(), 0);
  for (int c : codes) listed[static_cast<std::size_t>(c)] = 1;
  for (int c : codes)
    for (int p = dim.parent(c); p >= 0; p = dim.parent(p)) has_listed_descendant[static_cast<std::size_t>(p)] = 1;
  std::vector<char> finest(codes.size(), 0);
  for (std::size_t q = 0; q < codes.size(); ++q) finest[q] = !has_listed_descendant[static_cast<std::size_t>(codes[q])];
  return finest;
}

// The slot whose atoms make the slices: the one with the most atoms.
std::size_t slice_slot_of(const InnerSpace& space) {
  std::size_t slot = 0;
  for (std::size_t s = 1; s < space.dimensions().size(); ++s)
    if (space.atom_count(s) > space.atom_count(slot)) slot = s;
  return slot;
}

std::int64_t stride_of(const InnerSpace& space, std::size_t slot) {
  std::int64_t stride = 1;
  for (std::size_t s = space.dimensions().size(); s-- > slot + 1;) stride *= space.atom_count(s);
  return stride;
}

}  // namespace

namespace {

// Groups of a slot's atoms: in the order of their parent codes, cut at parent changes or where a
// group would hold more than max_cells inner cells (cells_per_atom each). One group id per atom,
// and the atoms in that order.
std::vector<int> atom_groups(const Submission& submission, const InnerSpace& space, std::size_t slot,
                             std::int64_t cells_per_atom, std::int64_t max_cells, std::vector<int>* ordered = nullptr) {
  const int atoms = space.atom_count(slot);
  const Dimension& dim = submission.dimensions[static_cast<std::size_t>(space.dimensions()[slot])];
  std::vector<std::pair<int, int>> parent_and_atom;
  for (int a = 0; a < atoms; ++a) {
    const int leaf = space.atom_leaves(slot, a).front();
    parent_and_atom.emplace_back(dim.parent(dim.leaves()[static_cast<std::size_t>(leaf)]), a);
  }
  std::stable_sort(parent_and_atom.begin(), parent_and_atom.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<int> group_of(static_cast<std::size_t>(atoms), 0);
  int group = -1;
  std::int64_t cells = 0;
  int parent = -2;
  for (const auto& [p, a] : parent_and_atom) {
    if (p != parent || cells + cells_per_atom > max_cells) {
      ++group;
      cells = 0;
      parent = p;
    }
    cells += cells_per_atom;
    group_of[static_cast<std::size_t>(a)] = group;
    if (ordered) ordered->push_back(a);
  }
  return group_of;
}

int atom_of(const InnerSpace& space, std::size_t slot, std::size_t cell) {
  return static_cast<int>((static_cast<std::int64_t>(cell) / stride_of(space, slot)) % space.atom_count(slot));
}

}  // namespace

std::vector<int> slot_blocks(const Submission& submission, const InnerSpace& space, std::size_t slot,
                             std::int64_t max_block_cells) {
  const auto group_of = atom_groups(submission, space, slot, space.size() / space.atom_count(slot), max_block_cells);
  std::vector<int> out(static_cast<std::size_t>(space.size()));
  const std::int64_t stride = stride_of(space, slot);
  const int atoms = space.atom_count(slot);
  for (std::size_t c = 0; c < out.size(); ++c)
    out[c] = group_of[static_cast<std::size_t>((static_cast<std::int64_t>(c) / stride) % atoms)];
  return out;
}

std::vector<int> product_blocks(const Submission& submission, const InnerSpace& space, std::size_t outer,
                                std::size_t slot, std::int64_t max_block_cells) {
  const std::int64_t per_pair = space.size() / (space.atom_count(outer) * space.atom_count(slot));
  const auto outer_group = atom_groups(submission, space, outer, per_pair, max_block_cells);
  const int outer_groups = 1 + *std::max_element(outer_group.begin(), outer_group.end());
  std::vector<std::int64_t> outer_atoms(static_cast<std::size_t>(outer_groups), 0);
  for (int g : outer_group) ++outer_atoms[static_cast<std::size_t>(g)];
  std::vector<int> order;
  atom_groups(submission, space, slot, 1, std::numeric_limits<std::int64_t>::max(), &order);
  std::vector<int> rank(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) rank[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
  const int atoms = space.atom_count(slot);
  std::vector<int> out(static_cast<std::size_t>(space.size()));
  for (std::size_t c = 0; c < out.size(); ++c) {
    const int g = outer_group[static_cast<std::size_t>(atom_of(space, outer, c))];
    // As many of the slot's atoms per block as fit beside this outer group.
    const std::int64_t per = std::max<std::int64_t>(1, max_block_cells / (outer_atoms[static_cast<std::size_t>(g)] * per_pair));
    out[c] = g * atoms + static_cast<int>(rank[static_cast<std::size_t>(atom_of(space, slot, c))] / per);
  }
  return out;
}

std::vector<std::vector<int>> block_partitions(const Submission& submission, const InnerSpace& space,
                                               std::int64_t max_block_cells) {
  std::vector<std::size_t> slots;
  for (std::size_t s = 0; s < space.dimensions().size(); ++s)
    if (space.atom_count(s) > 1) slots.push_back(s);
  // The slot with the most atoms first (geography: blocks are medical areas), then the others
  // from the fewest atoms (measured on the Hyogo sets: ages before sites halves the time, as
  // the site blocks, with more rows, are then needed for few cells).
  std::stable_sort(slots.begin(), slots.end(),
                   [&](std::size_t a, std::size_t b) { return space.atom_count(a) > space.atom_count(b); });
  if (slots.size() > 2)
    std::stable_sort(slots.begin() + 1, slots.end(),
                     [&](std::size_t a, std::size_t b) { return space.atom_count(a) < space.atom_count(b); });
  std::vector<std::vector<int>> out;
  auto keep = [&](std::vector<int> blocks) {  // one block holding everything is no block at all
    if (std::any_of(blocks.begin(), blocks.end(), [&](int b) { return b != blocks.front(); }))
      out.push_back(std::move(blocks));
  };
  for (std::size_t k = 0; k < slots.size(); ++k) {
    const std::size_t s = slots[k];
    if (space.size() / space.atom_count(s) <= max_block_cells) {
      if (space.atom_count(s) > 2 || k == 0) keep(slot_blocks(submission, space, s, max_block_cells));
    } else if (k > 0 && space.atom_count(s) > 2 &&
               space.size() / (space.atom_count(s) * space.atom_count(slots[0])) <= max_block_cells) {
      // One atom of this slot is too large a block (ages at all-Japan scale): pair it with
      // groups of the first slot (prefectures), as products. Not for two-atom slots (sex):
      // the first slot's blocks already hold both.
      keep(product_blocks(submission, space, slots[0], s, max_block_cells));
    }
  }
  return out;
}

namespace {

// The rows of the truth point: the finest cells of every table at their true values (each inner
// cell lies in at most one finest cell per table), and the slices the inner cells fall into.
struct TruthRows {
  std::size_t inner = 0, per = 0;        // inner cells; tables in use
  std::vector<std::int32_t> row_of;      // inner cell * per + table -> row, -1 for none
  std::vector<std::int64_t> value;       // per row, its true value
  std::vector<std::vector<std::int32_t>> cells_of_slice;
  std::vector<int> slices_left;          // per row, the slices holding it
  std::int32_t row(std::size_t c, std::size_t k) const { return row_of[c * per + k]; }
};

// False when finest cells overlap (then they do not partition the inner cells).
bool find_rows(const Submission& submission, const InnerSpace& space, bool include_earlier, TruthRows& rows) {
  std::vector<int> used_tables;
  for (std::size_t t = 0; t < submission.tables.size(); ++t)
    if (!submission.tables[t].earlier_publication || include_earlier) used_tables.push_back(static_cast<int>(t));
  rows.per = used_tables.size();
  rows.row_of.assign(rows.inner * rows.per, -1);
  for (std::size_t k = 0; k < rows.per; ++k) {
    const Table& t = submission.tables[static_cast<std::size_t>(used_tables[k])];
    std::vector<std::vector<char>> finest;
    for (std::size_t td = 0; td < t.dims.size(); ++td)
      finest.push_back(finest_codes(submission.dimensions[static_cast<std::size_t>(t.dims[td])], t.codes[td]));
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const auto pos = t.positions(f);
      bool is_finest = true;
      for (std::size_t td = 0; td < pos.size() && is_finest; ++td)
        is_finest = finest[td][static_cast<std::size_t>(pos[td])] != 0;
      if (!is_finest) continue;
      // An earlier publication's suppressed cell has no known value (a registered one holds none).
      if (t.earlier_publication && is_suppressed(t.status[f])) continue;
      const auto r = static_cast<std::int32_t>(rows.value.size());
      rows.value.push_back(t.value[f]);
      for (std::int32_t c : space.support(static_cast<std::size_t>(used_tables[k]), f)) {
        auto& slot = rows.row_of[static_cast<std::size_t>(c) * rows.per + k];
        if (slot >= 0) return false;
        slot = r;
      }
    }
  }
  return true;
}

// Slices: the atoms of the dimension with the most atoms (for a cyclic three-table set each slice
// is then a transportation problem, whose vertices are integral). Then how many slices each row
// has to come: in its last one the row must be met exactly.
void make_slices(const InnerSpace& space, TruthRows& rows) {
  const auto& dims = space.dimensions();
  const std::size_t slice_slot = dims.empty() ? 0 : slice_slot_of(space);
  const std::int64_t stride = dims.empty() ? 1 : stride_of(space, slice_slot);
  const int slices = dims.empty() ? 1 : space.atom_count(slice_slot);
  rows.cells_of_slice.assign(static_cast<std::size_t>(slices), {});
  for (std::size_t c = 0; c < rows.inner; ++c)
    rows.cells_of_slice[static_cast<std::size_t>((static_cast<std::int64_t>(c) / stride) % slices)].push_back(
        static_cast<std::int32_t>(c));
  rows.slices_left.assign(rows.value.size(), 0);
  std::vector<int> last_slice(rows.value.size(), -1);
  for (int s = 0; s < slices; ++s)
    for (std::int32_t c : rows.cells_of_slice[static_cast<std::size_t>(s)])
      for (std::size_t k = 0; k < rows.per; ++k) {
        const auto r = rows.row(static_cast<std::size_t>(c), k);
        if (r >= 0 && last_slice[static_cast<std::size_t>(r)] != s) {
          last_slice[static_cast<std::size_t>(r)] = s;
          ++rows.slices_left[static_cast<std::size_t>(r)];
        }
      }
}

// Largest slices first (their own rows' totals): small ones fit what is left more easily.
std::vector<int> largest_first(const TruthRows& rows) {
  const auto slices = rows.cells_of_slice.size();
  std::vector<std::int64_t> weight(slices, 0);
  for (std::size_t s = 0; s < slices; ++s) {
    std::vector<std::int32_t> own;
    for (std::int32_t c : rows.cells_of_slice[s])
      for (std::size_t k = 0; k < rows.per; ++k) {
        const auto r = rows.row(static_cast<std::size_t>(c), k);
        if (r >= 0 && rows.slices_left[static_cast<std::size_t>(r)] == 1) own.push_back(r);
      }
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
    for (auto r : own) weight[s] += rows.value[static_cast<std::size_t>(r)];
  }
  std::vector<int> order(slices);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return weight[static_cast<std::size_t>(a)] > weight[static_cast<std::size_t>(b)];
  });
  return order;
}

// One pass over the slices in a given order: per slice an LP over its cells whose integral
// vertex takes what the slice's rows have left.
class SliceFill {
 public:
  explicit SliceFill(const TruthRows& rows)
      : t_(rows), remaining_(rows.value), slices_left_(rows.slices_left), local_row_(rows.value.size(), -1) {}

  std::optional<std::vector<std::int64_t>> run(const std::vector<int>& slice_order) {
    std::vector<std::int64_t> x(t_.inner, 0);
    for (int s : slice_order)
      if (!fill(t_.cells_of_slice[static_cast<std::size_t>(s)], x)) return std::nullopt;
    return x;
  }

 private:
  struct SliceLp {
    CoinPackedMatrix matrix{true, 0, 0};  // column-ordered
    std::vector<double> cost, col_lb, col_ub, row_lb, row_ub;
  };

  bool fill(const std::vector<std::int32_t>& cells, std::vector<std::int64_t>& x);
  SliceLp slice_lp() const;
  std::vector<double> target() const;
  bool solve(const SliceLp& lp, std::vector<double>& solution) const;
  bool apply(const std::vector<double>& solution, std::vector<std::int64_t>& x);

  const TruthRows& t_;
  std::vector<std::int64_t> remaining_;  // per row, what the slices still to come must take
  std::vector<int> slices_left_;
  std::vector<int> local_row_;           // row -> its place in the current slice's LP
  std::vector<std::int32_t> cols_;       // the current slice's LP columns (inner cells)
  std::vector<std::int32_t> rows_;       // and rows
};

bool SliceFill::fill(const std::vector<std::int32_t>& cells, std::vector<std::int64_t>& x) {
  // Cells in a row with nothing left are 0; the others are the slice LP's columns.
  cols_.clear();
  rows_.clear();
  for (std::int32_t c : cells) {
    bool open = true;
    for (std::size_t k = 0; k < t_.per && open; ++k) {
      const auto r = t_.row(static_cast<std::size_t>(c), k);
      open = r < 0 || remaining_[static_cast<std::size_t>(r)] > 0;
    }
    for (std::size_t k = 0; k < t_.per; ++k) {
      const auto r = t_.row(static_cast<std::size_t>(c), k);
      if (r >= 0 && local_row_[static_cast<std::size_t>(r)] < 0) {
        local_row_[static_cast<std::size_t>(r)] = static_cast<int>(rows_.size());
        rows_.push_back(r);
      }
    }
    if (open) cols_.push_back(c);
  }
  const SliceLp lp = slice_lp();
  std::vector<double> solution(cols_.size(), 0.0);
  if (!cols_.empty() && !solve(lp, solution)) return false;
  return apply(solution, x);
}

SliceFill::SliceLp SliceFill::slice_lp() const {
  SliceLp lp;
  // The matrix is built at once: appending column by column copies it each time.
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> idx;
  for (std::int32_t c : cols_) {
    double w = 0;
    for (std::size_t k = 0; k < t_.per; ++k) {
      const auto r = t_.row(static_cast<std::size_t>(c), k);
      if (r < 0) continue;
      idx.push_back(local_row_[static_cast<std::size_t>(r)]);
      // Prefer rows with much left for the slices still to come: keeps them feasible.
      if (slices_left_[static_cast<std::size_t>(r)] > 1)
        w += 1.0 / (1.0 + static_cast<double>(remaining_[static_cast<std::size_t>(r)]));
    }
    starts.push_back(static_cast<CoinBigIndex>(idx.size()));
    lp.cost.push_back(w);
    lp.col_lb.push_back(0.0);
    lp.col_ub.push_back(COIN_DBL_MAX);
  }
  const std::vector<double> ones(idx.size(), 1.0);
  lp.matrix = CoinPackedMatrix(true, static_cast<int>(rows_.size()), static_cast<int>(cols_.size()),
                               static_cast<CoinBigIndex>(idx.size()), ones.data(), idx.data(), starts.data(), nullptr);
  for (std::int32_t r : rows_) {
    const double rem = static_cast<double>(remaining_[static_cast<std::size_t>(r)]);
    lp.row_lb.push_back(slices_left_[static_cast<std::size_t>(r)] == 1 ? rem : 0.0);
    lp.row_ub.push_back(rem);
  }
  return lp;
}

// Target: the slice's own totals spread in proportion to what the shared rows have left
// (iterative proportional fitting), so each slice leaves the rest in shape for the others.
std::vector<double> SliceFill::target() const {
  std::vector<double> target(cols_.size(), 1.0);
  std::vector<std::vector<int>> members(rows_.size());
  for (std::size_t j = 0; j < cols_.size(); ++j) {
    const auto c = static_cast<std::size_t>(cols_[j]);
    double room = -1;
    for (std::size_t k = 0; k < t_.per; ++k) {
      const auto r = t_.row(c, k);
      if (r < 0) continue;
      members[static_cast<std::size_t>(local_row_[static_cast<std::size_t>(r)])].push_back(static_cast<int>(j));
      if (slices_left_[static_cast<std::size_t>(r)] > 1) {
        const double left = static_cast<double>(remaining_[static_cast<std::size_t>(r)]);
        room = room < 0 ? left : std::min(room, left);
      }
    }
    target[j] = room < 0 ? 1.0 : room;
  }
  for (int sweep = 0; sweep < 100; ++sweep) {
    double worst = 0;
    for (std::size_t q = 0; q < rows_.size(); ++q) {
      if (slices_left_[static_cast<std::size_t>(rows_[q])] != 1) continue;
      double sum = 0;
      for (int j : members[q]) sum += target[static_cast<std::size_t>(j)];
      const double want = static_cast<double>(remaining_[static_cast<std::size_t>(rows_[q])]);
      if (sum <= 0) continue;
      worst = std::max(worst, std::fabs(sum - want) / std::max(1.0, want));
      for (int j : members[q]) target[static_cast<std::size_t>(j)] *= want / sum;
    }
    if (worst < 1e-9) break;
  }
  return target;
}

// An integer rounding of the target (bounds floor..ceil: a network-like LP with integral
// vertices); if that rounding does not exist, any integral vertex of the slice will do.
bool SliceFill::solve(const SliceLp& lp, std::vector<double>& solution) const {
  const std::vector<double> target = this->target();
  std::vector<double> lo(cols_.size()), hi(cols_.size()), pull(cols_.size());
  for (std::size_t j = 0; j < cols_.size(); ++j) {
    lo[j] = std::floor(target[j] + 1e-9);
    hi[j] = std::max(lo[j], std::ceil(target[j] - 1e-9));
    pull[j] = 0.5 - (target[j] - lo[j]);  // rounding up costs less the nearer the target is to it
  }
  auto solve_with = [&](const std::vector<double>& clb, const std::vector<double>& cub, const std::vector<double>& obj) {
    ClpSimplex simplex;
    simplex.setLogLevel(0);
    simplex.messageHandler()->setLogLevel(0);
    simplex.loadProblem(lp.matrix, clb.data(), cub.data(), obj.data(), lp.row_lb.data(), lp.row_ub.data());
    simplex.dual();
    if (simplex.status() != 0) return false;
    std::copy(simplex.primalColumnSolution(), simplex.primalColumnSolution() + cols_.size(), solution.begin());
    for (std::size_t j = 0; j < cols_.size(); ++j)
      if (std::fabs(solution[j] - std::round(solution[j])) > 1e-7) return false;
    return true;
  };
  return solve_with(lo, hi, pull) || solve_with(lp.col_lb, lp.col_ub, lp.cost);
}

// Integral, and every row met (exactly, in integers) or not exceeded.
bool SliceFill::apply(const std::vector<double>& solution, std::vector<std::int64_t>& x) {
  std::vector<std::int64_t> used(rows_.size(), 0);
  for (std::size_t j = 0; j < cols_.size(); ++j) {
    const double v = std::round(solution[j]);
    if (std::fabs(solution[j] - v) > 1e-7 || v < 0) return false;
    const auto c = static_cast<std::size_t>(cols_[j]);
    x[c] = static_cast<std::int64_t>(v);
    for (std::size_t k = 0; k < t_.per; ++k) {
      const auto r = t_.row(c, k);
      if (r >= 0) used[static_cast<std::size_t>(local_row_[static_cast<std::size_t>(r)])] += x[c];
    }
  }
  for (std::size_t q = 0; q < rows_.size(); ++q) {
    const auto r = static_cast<std::size_t>(rows_[q]);
    if (used[q] > remaining_[r]) return false;
    remaining_[r] -= used[q];
    if (--slices_left_[r] == 0 && remaining_[r] != 0) return false;
    local_row_[r] = -1;
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::int64_t>> truth_point(const Submission& submission, const InnerSpace& space,
                                                     bool include_earlier, const TruthPointLimits& limits) {
  const std::int64_t size = space.size();
  if (size <= 0 || size > limits.max_inner_cells) return std::nullopt;
  TruthRows rows;
  rows.inner = static_cast<std::size_t>(size);
  if (!find_rows(submission, space, include_earlier, rows)) return std::nullopt;
  make_slices(space, rows);
  for (const auto& cells : rows.cells_of_slice)
    if (static_cast<int>(cells.size()) > limits.max_slice_cells) return std::nullopt;

  // The greedy can run out of room near the end, so a few orders are tried (each a full pass,
  // deterministic): largest first, smallest first, as listed, then shuffled.
  const std::vector<int> order = largest_first(rows);
  std::vector<std::vector<int>> orders{order, std::vector<int>(order.rbegin(), order.rend())};
  orders.emplace_back(order.size());
  std::iota(orders.back().begin(), orders.back().end(), 0);
  std::mt19937 rng(20261121);
  const int attempts = size <= limits.small_inner_cells ? limits.attempts_small : limits.attempts_large;
  for (int k = 0; k < attempts; ++k) {
    if (k >= static_cast<int>(orders.size())) {
      orders.push_back(order);
      std::shuffle(orders.back().begin(), orders.back().end(), rng);
    }
    if (auto x = SliceFill(rows).run(orders[static_cast<std::size_t>(k)])) return x;
  }
  return std::nullopt;
}

}  // namespace hitoku::audit
