#pragma once
// The reduced system: the attacker's whole linear system over all published tables after exact
// reductions (internal to the audit; the small systems of block LPs, with most columns fixed at
// a point, are solve/block_system.h):
//  1. published cells that are the sum of published children in their own table are dropped
//     (implied by the children);
//  2. inner cells fixed by propagation: a published cell with value 0 makes all its inner cells 0
//     (nonnegativity); a published cell with one unknown inner cell left fixes it (subtraction);
//  3. unknown inner cells covered by the same published rows and suppressed cells are merged into
//     one variable (same nonnegativity, so every interval is unchanged);
//  4. what is left is split into connected components (Boost.Graph).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hitoku/audit/inner_space.h"
#include "hitoku/model/checked_count.h"
#include "hitoku/model/submission.h"

namespace hitoku::audit {

enum class InnerState : std::uint8_t { Unknown, FixedBySubtraction, FixedZero };

struct Objective {  // one suppressed cell of a planned table
  int table = -1;
  std::size_t flat = 0;
  std::vector<std::int32_t> inner;  // support, ascending
  std::int64_t constant = 0;        // sum of its fixed inner cells
  std::vector<int> vars;            // merged variables of its unknown inner cells, ascending
  bool has_prior = false;           // attacker knows the cell lies in [prior_lo, prior_hi]
  std::int64_t prior_lo = 0, prior_hi = 0;  // prior_hi at kMaxTableSum: no upper end known
  bool prior_has_upper() const { return has_prior && prior_hi < kMaxTableSum; }
  std::vector<int> terms;           // sparse form, see ReducedSystem::blocks
};

struct ResidualRow {  // a published cell with unknown inner cells left
  int row = -1;                // index into ReducedSystem::row_table/row_flat; -1 for a link
  int link = -1;               // a link: index into UnknownSpace::links
  std::vector<int> vars;       // ascending
  std::int64_t rhs = 0;        // published value minus its fixed inner cells
  std::vector<int> terms;      // sparse form, see ReducedSystem::blocks
  std::vector<double> coef;    // links only (+1/-1 per var, aligned with vars = terms);
                               // empty for a published cell (all coefficients 1)
};

// A published derived value over two or more suppressed cells (hitoku/derived_values.h,
// DerivedRange) over the variables: lo <= sum(coef * var) <= hi, the cells' fixed parts moved into
// the bounds; an absent end is +-ExactSystem::kOpenEnd (2^61).
struct RangeRow {
  std::vector<int> vars;           // ascending
  std::vector<std::int64_t> coef;  // aligned with vars, never 0
  std::int64_t lo = 0, hi = 0;
};

struct ReducedSystem {
  // Published rows kept after step 1, with inner supports (CSR).
  std::vector<int> row_table;
  std::vector<std::size_t> row_flat;
  std::vector<std::int64_t> row_value;
  std::vector<std::int64_t> row_start;  // size rows+1
  std::vector<std::int32_t> row_inner;

  std::vector<InnerState> state;        // per inner cell
  std::vector<std::int64_t> value;      // per fixed inner cell
  std::vector<std::int32_t> fixed_by;   // row that fixed it, -1 if unknown
  std::vector<std::int32_t> fix_order;  // sequence number of fixing, -1 if unknown

  int variables = 0;
  std::vector<std::int32_t> var_of_inner;  // -1 if fixed or irrelevant
  // Sparse forms for the LP: a cell of a table is the sum of the table's finest cells under it.
  // A term >= 0 is a variable; a term < 0 is block -1-term: the variables of one finest cell
  // (two or more). The LP gives each block a column defined as the sum of its variables, so
  // a total over many finest cells is a short row (the basis factors stay sparse).
  std::vector<std::vector<int>> blocks;
  std::vector<ResidualRow> residual;
  std::vector<Objective> objectives;
  std::vector<RangeRow> ranges;
  std::vector<std::string> inconsistencies;
  long long suppressed_rows_skipped = 0;

  std::size_t row_count() const { return row_table.size(); }
  const std::int32_t* row_begin(std::size_t r) const { return row_inner.data() + row_start[r]; }
  const std::int32_t* row_end(std::size_t r) const { return row_inner.data() + row_start[r + 1]; }
};

ReducedSystem build_reduced_system(const Submission& submission, const InnerSpace& space,
                                   bool include_earlier);

// Where the unknowns live: the inner cells (above), or for a decomposable table set the finest
// cells of each maximal table (table_space.cpp). A published cell may be written in several
// places (one row each); a link says two sums of unknowns are equal.
struct UnknownSpace {
  std::size_t size = 0;
  std::function<std::vector<std::vector<std::int32_t>>(std::size_t table, std::size_t flat)> row_supports;
  std::function<std::vector<std::int32_t>(std::size_t table, std::size_t flat)> support;
  // Published cells never dropped as implied by their children (they make links redundant).
  std::function<bool(std::size_t table, std::size_t flat)> keep_implied;
  struct Link {
    std::vector<std::int32_t> plus, minus;  // sum(plus) == sum(minus)
  };
  std::vector<Link> links;
  // Table cells of a cyclic set with pairwise links: a relaxation (intervals contain the
  // attacker's; see table_space.h).
  bool relaxation = false;
  const InnerSpace* inner = nullptr;  // set for the inner cells: enables sparse forms
  // Table-cell space only, for verifying certificates over the inner cells without listing them:
  // per inner-space slot (InnerSpace::dimensions order) the atoms a cell of a table, or an
  // unknown, covers. Every such set of inner cells is a product of per-slot atom sets.
  std::function<std::vector<std::vector<int>>(std::size_t table, std::size_t flat)> cell_atoms;
  std::function<std::vector<std::vector<int>>(std::int32_t unknown)> unknown_atoms;
};
ReducedSystem build_reduced_system(const Submission& submission, const UnknownSpace& space,
                                   bool include_earlier);

// Connected components over variables, residual rows and objectives. comp_of_objective[o] is
// the component of objective o; every residual row and variable belongs to exactly one.
struct Components {
  int count = 0;
  std::vector<int> of_var, of_row, of_objective, of_range;
};
Components find_components(const ReducedSystem& system, bool split);

}  // namespace hitoku::audit
