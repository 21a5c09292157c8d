#pragma once
// Block systems: a few columns of one component free, every other column fixed at an exact point
// (not the whole attacker's system: that is system/reduced_system.h, of which a component's
// ExactSystem is a part). The block LPs of the audit (docs/audit.md steps 8 and 8a) are stated,
// solved and checked through them. The LP of such a system (Model) is for Clp; the exactness
// checks use integers only.
#include <coin/CoinPackedMatrix.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "audit/exact/exact_point.h"

namespace hitoku::audit {

__extension__ typedef __int128 Wide128;  // exact sums of 64-bit values

struct Model {
  CoinPackedMatrix matrix{false, 0, 0};
  std::vector<double> col_lb, col_ub, row_lb, row_ub;
};

// The rows and ranges touching any of `vars`, ascending.
void rows_near(const ExactSystem& es, const std::vector<int>& vars, std::vector<int>& rows, std::vector<int>& ranges);

// The system of the variables with pos[c] >= 0 (numbered by pos) when every other variable stays
// at the base point, in units of 1/base.den (so the fixed part and every right-hand side are
// integers). Nothing when a right-hand side would not fit comfortably in 64 bits.
std::optional<ExactSystem> block_system_of_rows(const ExactSystem& es, const std::vector<int>& rows,
                                                const std::vector<int>& ranges, const std::vector<int>& pos, int n_local,
                                                const ExactPoint& base);

// Sums over every row and every known range of an integral point (sign included): with them the
// system of a block around the point is stated from the block's own columns only.
struct PointSums {
  std::vector<Wide128> row, range;
};
PointSums point_sums(const ExactSystem& es, const ExactPoint& base);

// block_system_of_rows for an integral base whose row and range sums are known, over the columns
// `vars` (ascending): the cost is the block's own entries, not the length of the rows it touches
// (national totals at all-Japan scale).
std::optional<ExactSystem> block_system(const ExactSystem& es, const std::vector<int>& vars, const ExactPoint& base,
                                        const PointSums& sums);

// The LP of an exact system (x >= 0; rows equal, ranges between their ends).
Model model_of(const ExactSystem& ls);

// The base point with the block's columns replaced by num / den still meets every row and known
// range of the whole component, and the block's columns are >= 0. Checked from the component's
// own rows (independently of the block's system) with the base's row sums, so it costs only the
// block's entries; rows without a block column are unchanged and the base meets them.
template <class Num>
bool block_change_holds(const ExactSystem& es, const PointSums& sums, const ExactPoint& base,
                        const std::vector<int>& vars, const std::vector<Num>& num, const Num& den) {
  auto big = [](Wide128 v) { return Num(static_cast<std::int64_t>(v)); };
  constexpr Wide128 kFits = std::numeric_limits<std::int64_t>::max();
  std::unordered_map<int, Num> row_change, range_change;
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto c = static_cast<std::size_t>(vars[k]);
    if (num[k] < 0) return false;
    const Num dc = num[k] - Num(base.num[c]) * den;
    if (dc == 0) continue;
    for (const auto& [r, sg] : es.rows_of_col[c]) row_change[r] += Num(sg) * dc;
    const auto& weights = es.range_weights_of_col[c];
    for (std::size_t q = 0; q < weights.size(); ++q) range_change[es.ranges_of_col[c][q]] += Num(weights[q]) * dc;
  }
  for (const auto& [r, change] : row_change) {
    const Wide128 at_base = sums.row[static_cast<std::size_t>(r)];
    if (at_base > kFits || at_base < -kFits) return false;
    if (big(at_base) * den + change != Num(es.rows[static_cast<std::size_t>(r)].rhs) * den) return false;
  }
  for (const auto& [g, change] : range_change) {
    const Wide128 at_base = sums.range[static_cast<std::size_t>(g)];
    if (at_base > kFits || at_base < -kFits) return false;
    const Num v = big(at_base) * den + change;
    const auto& range = es.ranges[static_cast<std::size_t>(g)];
    if ((!range.open_lo() && v < Num(range.lo) * den) || (!range.open_hi() && v > Num(range.hi) * den)) return false;
  }
  return true;
}

}  // namespace hitoku::audit
