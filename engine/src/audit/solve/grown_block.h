#pragma once
// Column generation around a base point (docs/audit.md step 8b). A block LP moves some columns
// of a component while every other column stays at the base point, an exact feasible point. Its
// variables are the deviations from the base (x = base + up - down, down <= base), so every
// restated row has right side 0 and the block's last optimum stays feasible when columns join:
// Clp's primal simplex goes on from the last basis. Priced with the row duals, an outside column
// with a nonzero reduced cost would let the LP go further; once none would, the block's optimum
// is the optimum of the whole component's LP (the base meets every row away from the block).
// Solutions are floats: they choose points that are then made exact and verified, never verdicts.
#include <coin/ClpSimplex.hpp>

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "audit/exact/exact_point.h"

namespace hitoku::audit {

class GrownBlock {
 public:
  // es must be indexed (ExactSystem::index) and base must meet it; both must outlive the block.
  GrownBlock(const ExactSystem& es, const ExactPoint& base);

  // Columns of the component that join the block (those already in are skipped).
  void add_columns(const std::vector<int>& columns);
  // Minimise sign * sum(x[c]) over `columns` (each in the block), but only as far as `reach`
  // below its base value: a unit move proves what is needed, and the LP stops there (a far
  // optimum cost many more pivots: all-Japan seed 1, 21 s against 14 s). Called once per block
  // with the same columns, or again to reverse the sign. Empty attractive_columns() after an
  // optimum short of the reach: the whole component's LP cannot move the cell further that way.
  void set_objective(const std::vector<int>& columns, double sign, double reach = 1.0);
  // Solve from the last basis; true when Clp proved the block LP optimal. Iterations are
  // limited (a count, so the same input gives the same answer on any machine).
  bool solve(int max_iterations);

  // Columns in the block, in the order they joined.
  const std::vector<int>& columns() const { return columns_; }
  bool contains(int column) const { return in_[static_cast<std::size_t>(column)] >= 0; }
  // Value of a block column at the last solution (base + up - down).
  double value(int column) const;
  // Columns outside the block whose reduced cost says the last LP would go further with them
  // (they may rise, or fall where the base is positive): the largest |reduced cost| first, ties
  // by column, at most `limit`. Empty after an optimum: it is the whole component's LP optimum.
  std::vector<int> attractive_columns(std::size_t limit, double tolerance = 1e-9) const;

 private:
  // The model row restating a component row or range (numbered now, added by add_columns).
  int model_row(int index, bool range);

  const ExactSystem& es_;
  const ExactPoint& base_;
  ClpSimplex lp_;
  bool solved_once_ = false;
  std::vector<int> columns_;
  std::vector<int> in_;  // per component column: its up column in the model, or -1
  std::vector<int> down_;  // per model column of an up column: its down column, or -1
  std::unordered_map<int, int> row_at_, range_at_;  // component row / range -> model row
  std::vector<int> row_of_;  // model row -> component row (>= 0) or -1 - range
  // attractive_columns' work areas: y'a per component column, and the columns touched (a hash map
  // there took 0.7 s at all-Japan, where priced rows hold up to 100,000 columns).
  mutable std::vector<double> priced_;
  mutable std::vector<int> touched_;
  mutable std::vector<char> is_touched_;
  std::vector<double> new_row_lo_, new_row_hi_;  // rows met by add_columns, not yet in the model
  int reach_row_ = -1;  // the objective's sum, bounded by the reach
};

}  // namespace hitoku::audit
