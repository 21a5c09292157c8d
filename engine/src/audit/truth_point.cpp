#include "truth_point.h"

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

std::optional<std::vector<std::int64_t>> truth_point(const Submission& submission, const InnerSpace& space,
                                                     bool include_earlier, const TruthPointLimits& limits) {
  const std::int64_t size = space.size();
  if (size <= 0 || size > limits.max_inner_cells) return std::nullopt;
  const std::size_t inner = static_cast<std::size_t>(size);

  // Rows: the finest cells of every table at their true values; each inner cell lies in at most
  // one finest cell per table.
  std::vector<int> used_tables;
  for (std::size_t t = 0; t < submission.tables.size(); ++t)
    if (!submission.tables[t].earlier_publication || include_earlier) used_tables.push_back(static_cast<int>(t));
  const std::size_t per = used_tables.size();
  std::vector<std::int32_t> row_of(inner * per, -1);
  std::vector<std::int64_t> remaining;
  for (std::size_t k = 0; k < per; ++k) {
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
      const auto r = static_cast<std::int32_t>(remaining.size());
      remaining.push_back(t.value[f]);
      for (std::int32_t c : space.support(static_cast<std::size_t>(used_tables[k]), f)) {
        auto& slot = row_of[static_cast<std::size_t>(c) * per + k];
        if (slot >= 0) return std::nullopt;  // finest cells overlap: not a partition
        slot = r;
      }
    }
  }

  // Slices: the atoms of the dimension with the most atoms (for a cyclic three-table set each
  // slice is then a transportation problem, whose vertices are integral).
  const auto& dims = space.dimensions();
  const std::size_t slice_slot = dims.empty() ? 0 : slice_slot_of(space);
  const std::int64_t stride = dims.empty() ? 1 : stride_of(space, slice_slot);
  const int slices = dims.empty() ? 1 : space.atom_count(slice_slot);
  std::vector<std::vector<std::int32_t>> cells_of_slice(static_cast<std::size_t>(slices));
  for (std::size_t c = 0; c < inner; ++c)
    cells_of_slice[static_cast<std::size_t>((static_cast<std::int64_t>(c) / stride) % slices)].push_back(
        static_cast<std::int32_t>(c));
  for (const auto& cells : cells_of_slice)
    if (static_cast<int>(cells.size()) > limits.max_slice_cells) return std::nullopt;

  // How many slices each row still has to come: in its last one the row must be met exactly.
  std::vector<int> slices_left(remaining.size(), 0), last_slice(remaining.size(), -1);
  for (int s = 0; s < slices; ++s)
    for (std::int32_t c : cells_of_slice[static_cast<std::size_t>(s)])
      for (std::size_t k = 0; k < per; ++k) {
        const auto r = row_of[static_cast<std::size_t>(c) * per + k];
        if (r >= 0 && last_slice[static_cast<std::size_t>(r)] != s) {
          last_slice[static_cast<std::size_t>(r)] = s;
          ++slices_left[static_cast<std::size_t>(r)];
        }
      }

  // Largest slices first (their own rows' totals): small ones fit what is left more easily.
  std::vector<std::int64_t> weight(static_cast<std::size_t>(slices), 0);
  for (int s = 0; s < slices; ++s) {
    std::vector<std::int32_t> own;
    for (std::int32_t c : cells_of_slice[static_cast<std::size_t>(s)])
      for (std::size_t k = 0; k < per; ++k) {
        const auto r = row_of[static_cast<std::size_t>(c) * per + k];
        if (r >= 0 && slices_left[static_cast<std::size_t>(r)] == 1) own.push_back(r);
      }
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
    for (auto r : own) weight[static_cast<std::size_t>(s)] += remaining[static_cast<std::size_t>(r)];
  }
  std::vector<int> order(static_cast<std::size_t>(slices));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return weight[static_cast<std::size_t>(a)] > weight[static_cast<std::size_t>(b)];
  });

  // One pass over the slices in a given order; the greedy can run out of room near the end,
  // so a few other orders are tried (each a full pass, deterministic).
  const std::vector<std::int64_t> initial = remaining;
  const std::vector<int> initial_left = slices_left;
  auto fill = [&](const std::vector<int>& slice_order) -> std::optional<std::vector<std::int64_t>> {
    remaining = initial;
    slices_left = initial_left;
    std::vector<std::int64_t> x(inner, 0);
    std::vector<int> local_row(remaining.size(), -1);
    for (int s : slice_order) {
      const auto& cells = cells_of_slice[static_cast<std::size_t>(s)];
      // Cells in a row with nothing left are 0; the others are the slice LP's columns.
      std::vector<std::int32_t> cols;
      std::vector<std::int32_t> rows;
      for (std::int32_t c : cells) {
        bool open = true;
        for (std::size_t k = 0; k < per && open; ++k) {
          const auto r = row_of[static_cast<std::size_t>(c) * per + k];
          open = r < 0 || remaining[static_cast<std::size_t>(r)] > 0;
        }
        for (std::size_t k = 0; k < per; ++k) {
          const auto r = row_of[static_cast<std::size_t>(c) * per + k];
          if (r >= 0 && local_row[static_cast<std::size_t>(r)] < 0) {
            local_row[static_cast<std::size_t>(r)] = static_cast<int>(rows.size());
            rows.push_back(r);
          }
        }
        if (open) cols.push_back(c);
      }
      CoinPackedMatrix matrix(true, 0, 0);  // column-ordered
      matrix.setDimensions(static_cast<int>(rows.size()), 0);
      std::vector<double> cost, col_lb, col_ub, row_lb, row_ub;
      std::vector<int> idx;
      std::vector<double> ones;
      for (std::int32_t c : cols) {
        idx.clear();
        double w = 0;
        for (std::size_t k = 0; k < per; ++k) {
          const auto r = row_of[static_cast<std::size_t>(c) * per + k];
          if (r < 0) continue;
          idx.push_back(local_row[static_cast<std::size_t>(r)]);
          // Prefer rows with much left for the slices still to come: keeps them feasible.
          if (slices_left[static_cast<std::size_t>(r)] > 1)
            w += 1.0 / (1.0 + static_cast<double>(remaining[static_cast<std::size_t>(r)]));
        }
        ones.assign(idx.size(), 1.0);
        matrix.appendCol(static_cast<int>(idx.size()), idx.data(), ones.data());
        cost.push_back(w);
        col_lb.push_back(0.0);
        col_ub.push_back(COIN_DBL_MAX);
      }
      for (std::int32_t r : rows) {
        const double rem = static_cast<double>(remaining[static_cast<std::size_t>(r)]);
        row_lb.push_back(slices_left[static_cast<std::size_t>(r)] == 1 ? rem : 0.0);
        row_ub.push_back(rem);
      }
      std::vector<double> solution(cols.size(), 0.0);
      if (!cols.empty()) {
        // Target: the slice's own totals spread in proportion to what the shared rows have left
        // (iterative proportional fitting), so each slice leaves the rest in shape for the others;
        // then an integer rounding of it (bounds floor..ceil: a network-like LP with integral
        // vertices). If that rounding does not exist, any integral vertex of the slice will do.
        std::vector<double> target(cols.size(), 1.0);
        std::vector<std::vector<int>> members(rows.size());
        for (std::size_t j = 0; j < cols.size(); ++j) {
          const auto c = static_cast<std::size_t>(cols[j]);
          double room = -1;
          for (std::size_t k = 0; k < per; ++k) {
            const auto r = row_of[c * per + k];
            if (r < 0) continue;
            members[static_cast<std::size_t>(local_row[static_cast<std::size_t>(r)])].push_back(static_cast<int>(j));
            if (slices_left[static_cast<std::size_t>(r)] > 1) {
              const double left = static_cast<double>(remaining[static_cast<std::size_t>(r)]);
              room = room < 0 ? left : std::min(room, left);
            }
          }
          target[j] = room < 0 ? 1.0 : room;
        }
        for (int sweep = 0; sweep < 100; ++sweep) {
          double worst = 0;
          for (std::size_t q = 0; q < rows.size(); ++q) {
            if (slices_left[static_cast<std::size_t>(rows[q])] != 1) continue;
            double sum = 0;
            for (int j : members[q]) sum += target[static_cast<std::size_t>(j)];
            const double want = static_cast<double>(remaining[static_cast<std::size_t>(rows[q])]);
            if (sum <= 0) continue;
            worst = std::max(worst, std::fabs(sum - want) / std::max(1.0, want));
            for (int j : members[q]) target[static_cast<std::size_t>(j)] *= want / sum;
          }
          if (worst < 1e-9) break;
        }
        std::vector<double> lo(cols.size()), hi(cols.size()), pull(cols.size());
        for (std::size_t j = 0; j < cols.size(); ++j) {
          lo[j] = std::floor(target[j] + 1e-9);
          hi[j] = std::max(lo[j], std::ceil(target[j] - 1e-9));
          pull[j] = 0.5 - (target[j] - lo[j]);  // rounding up costs less the nearer the target is to it
        }
        auto solve = [&](const std::vector<double>& clb, const std::vector<double>& cub, const std::vector<double>& obj) {
          ClpSimplex lp;
          lp.setLogLevel(0);
          lp.messageHandler()->setLogLevel(0);
          lp.loadProblem(matrix, clb.data(), cub.data(), obj.data(), row_lb.data(), row_ub.data());
          lp.dual();
          if (lp.status() != 0) return false;
          std::copy(lp.primalColumnSolution(), lp.primalColumnSolution() + cols.size(), solution.begin());
          for (std::size_t j = 0; j < cols.size(); ++j)
            if (std::fabs(solution[j] - std::round(solution[j])) > 1e-7) return false;
          return true;
        };
        if (!solve(lo, hi, pull) && !solve(col_lb, col_ub, cost)) return std::nullopt;
      }
      // Integral, and every row met (exactly, in integers) or not exceeded.
      std::vector<std::int64_t> used(rows.size(), 0);
      for (std::size_t j = 0; j < cols.size(); ++j) {
        const double v = std::round(solution[j]);
        if (std::fabs(solution[j] - v) > 1e-7 || v < 0) return std::nullopt;
        const auto c = static_cast<std::size_t>(cols[j]);
        x[c] = static_cast<std::int64_t>(v);
        for (std::size_t k = 0; k < per; ++k) {
          const auto r = row_of[c * per + k];
          if (r >= 0) used[static_cast<std::size_t>(local_row[static_cast<std::size_t>(r)])] += x[c];
        }
      }
      for (std::size_t q = 0; q < rows.size(); ++q) {
        const auto r = static_cast<std::size_t>(rows[q]);
        if (used[q] > remaining[r]) return std::nullopt;
        remaining[r] -= used[q];
        if (--slices_left[r] == 0 && remaining[r] != 0) return std::nullopt;
        local_row[r] = -1;
      }
    }
  return x;
  };
  std::vector<std::vector<int>> orders{order, std::vector<int>(order.rbegin(), order.rend())};
  orders.emplace_back(static_cast<std::size_t>(slices));
  std::iota(orders.back().begin(), orders.back().end(), 0);
  std::mt19937 rng(20261121);
  const int attempts = size <= limits.small_inner_cells ? limits.attempts_small : limits.attempts_large;
  for (int k = 0; k < attempts; ++k) {
    if (k >= static_cast<int>(orders.size())) {
      orders.push_back(order);
      std::shuffle(orders.back().begin(), orders.back().end(), rng);
    }
    if (auto x = fill(orders[static_cast<std::size_t>(k)])) return x;
  }
  return std::nullopt;
}

}  // namespace hitoku::audit
