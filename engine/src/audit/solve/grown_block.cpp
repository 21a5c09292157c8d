#include "audit/solve/grown_block.h"

#include <coin/CoinPackedVector.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hitoku::audit {

GrownBlock::GrownBlock(const ExactSystem& es, const ExactPoint& base) : es_(es), base_(base) {
  if (base.den != 1 || base.num.size() != static_cast<std::size_t>(es.n))
    throw std::logic_error("GrownBlock: the base must be an integral point of the system");
  in_.assign(static_cast<std::size_t>(es.n), -1);
  lp_.setLogLevel(0);
  lp_.messageHandler()->setLogLevel(0);
}

int GrownBlock::model_row(int index, bool range) {
  auto& at = range ? range_at_ : row_at_;
  const auto [it, fresh] = at.emplace(index, static_cast<int>(row_of_.size()));
  if (!fresh) return it->second;
  double lo = 0, hi = 0;  // the base meets every row: deviations keep each row's sum
  if (range) {
    const auto& g = es_.ranges[static_cast<std::size_t>(index)];
    double at_base = 0;
    for (std::size_t k = 0; k < g.cols.size(); ++k)
      at_base += static_cast<double>(g.weight(k)) * static_cast<double>(base_.num[static_cast<std::size_t>(g.cols[k])]);
    constexpr double kInf = std::numeric_limits<double>::infinity();
    lo = g.open_lo() ? -kInf : static_cast<double>(g.lo) - at_base;
    hi = g.open_hi() ? kInf : static_cast<double>(g.hi) - at_base;
  }
  new_row_lo_.push_back(lo);
  new_row_hi_.push_back(hi);
  row_of_.push_back(range ? -1 - index : index);
  return it->second;
}

void GrownBlock::add_columns(const std::vector<int>& columns) {
  // Rows and columns go to Clp in one call each (one at a time would copy the model each time).
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const int rows_before = lp_.numberRows(), columns_before = lp_.numberColumns();
  new_row_lo_.clear();
  new_row_hi_.clear();
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> index;
  std::vector<double> element, lower, upper;
  auto add_column = [&](const std::vector<int>& rows, const std::vector<double>& entries, double hi) {
    index.insert(index.end(), rows.begin(), rows.end());
    element.insert(element.end(), entries.begin(), entries.end());
    starts.push_back(static_cast<CoinBigIndex>(index.size()));
    lower.push_back(0.0);
    upper.push_back(hi);
    down_.push_back(-1);
  };
  std::vector<int> rows;
  std::vector<double> up, down;
  for (int c : columns) {
    const auto cc = static_cast<std::size_t>(c);
    if (in_[cc] >= 0) continue;
    rows.clear();
    up.clear();
    for (const auto& [r, sg] : es_.rows_of_col[cc]) {
      rows.push_back(model_row(r, false));
      up.push_back(sg);
    }
    for (std::size_t q = 0; q < es_.ranges_of_col[cc].size(); ++q) {
      rows.push_back(model_row(es_.ranges_of_col[cc][q], true));
      up.push_back(static_cast<double>(es_.range_weights_of_col[cc][q]));
    }
    const int at = columns_before + static_cast<int>(lower.size());
    in_[cc] = at;
    columns_.push_back(c);
    add_column(rows, up, kInf);
    const auto at_base = static_cast<double>(base_.num[cc]);
    if (at_base > 0) {  // it may also fall, down to 0
      down.resize(up.size());
      std::transform(up.begin(), up.end(), down.begin(), [](double v) { return -v; });
      down_[static_cast<std::size_t>(at)] = at + 1;
      add_column(rows, down, at_base);
    }
  }
  const int new_rows = static_cast<int>(new_row_lo_.size());
  if (new_rows > 0) {
    const std::vector<CoinBigIndex> empty(static_cast<std::size_t>(new_rows) + 1, 0);
    lp_.addRows(new_rows, new_row_lo_.data(), new_row_hi_.data(), empty.data(), nullptr, nullptr);
  }
  const int new_columns = static_cast<int>(lower.size());
  if (new_columns > 0) {
    const std::vector<double> zero(lower.size(), 0.0);
    lp_.addColumns(new_columns, lower.data(), upper.data(), zero.data(), starts.data(), index.data(), element.data());
  }
  if (solved_once_) {  // the last basis, with the new rows' slacks basic and new columns at 0
    for (int q = rows_before; q < lp_.numberRows(); ++q) lp_.setRowStatus(q, ClpSimplex::basic);
    for (int k = columns_before; k < lp_.numberColumns(); ++k) lp_.setColumnStatus(k, ClpSimplex::atLowerBound);
  }
}

void GrownBlock::set_objective(const std::vector<int>& columns, double sign, double reach) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> objective(static_cast<std::size_t>(lp_.numberColumns()), 0.0);
  std::vector<int> at;
  std::vector<double> entries;  // the objective's sum as a row: up columns +1, down columns -1
  for (int c : columns) {
    const int up = in_[static_cast<std::size_t>(c)];
    if (up < 0) throw std::logic_error("GrownBlock: objective column outside the block");
    objective[static_cast<std::size_t>(up)] = sign;
    at.push_back(up);
    entries.push_back(1.0);
    if (const int down = down_[static_cast<std::size_t>(up)]; down >= 0) {
      objective[static_cast<std::size_t>(down)] = -sign;
      at.push_back(down);
      entries.push_back(-1.0);
    }
  }
  for (int k = 0; k < lp_.numberColumns(); ++k) lp_.setObjectiveCoefficient(k, objective[static_cast<std::size_t>(k)]);
  const double lo = sign > 0 ? -reach : -kInf, hi = sign > 0 ? kInf : reach;
  if (reach_row_ < 0) {
    reach_row_ = lp_.numberRows();
    lp_.addRow(static_cast<int>(at.size()), at.data(), entries.data(), lo, hi);
    row_of_.push_back(std::numeric_limits<int>::min());  // priced as no component row
    if (solved_once_) lp_.setRowStatus(reach_row_, ClpSimplex::basic);
  } else {
    lp_.setRowLower(reach_row_, lo);
    lp_.setRowUpper(reach_row_, hi);
  }
}

bool GrownBlock::solve(int max_iterations) {
  // The zero deviation with the slack basis is feasible (rows at 0, ranges hold at the base), and
  // each later basis stays feasible as columns join at 0: primal simplex from where it stopped.
  lp_.setMaximumIterations(max_iterations);
  try {
    lp_.primal();
  } catch (...) {
    return false;
  }
  solved_once_ = true;
  return lp_.status() == 0;
}

double GrownBlock::value(int column) const {
  // A nonbasic column is taken at its bound exactly: Clp reports it within its tolerances, and
  // noise there (1e-5 after long warm runs) would hide which coordinates a vertex fixes.
  const auto at_base = static_cast<double>(base_.num[static_cast<std::size_t>(column)]);
  const double* x = lp_.primalColumnSolution();
  auto of = [&](int k, double upper) {
    switch (lp_.getColumnStatus(k)) {
      case ClpSimplex::basic: return x[k];
      case ClpSimplex::atUpperBound: return upper;
      case ClpSimplex::atLowerBound: return 0.0;
      default: return x[k];
    }
  };
  const int at = in_[static_cast<std::size_t>(column)];
  double v = at_base + of(at, 0.0);
  const int down = down_[static_cast<std::size_t>(at)];
  if (down >= 0) v -= of(down, at_base);
  return v;
}

std::vector<int> GrownBlock::attractive_columns(std::size_t limit, double tolerance) const {
  // y'a_c over the rows with a nonzero price (Clp: reduced cost = cost - y'a for a minimisation).
  const double* y = lp_.dualRowSolution();
  priced_.resize(static_cast<std::size_t>(es_.n), 0.0);
  is_touched_.resize(static_cast<std::size_t>(es_.n), 0);
  touched_.clear();
  auto add = [&](int c, double v) {
    if (contains(c)) return;
    const auto at = static_cast<std::size_t>(c);
    if (!is_touched_[at]) {
      is_touched_[at] = 1;
      touched_.push_back(c);
    }
    priced_[at] += v;
  };
  for (int q = 0; q < lp_.numberRows(); ++q) {
    const double price = y[q];
    if (price == 0) continue;
    const int of = row_of_[static_cast<std::size_t>(q)];
    if (of == std::numeric_limits<int>::min()) continue;
    if (of >= 0) {
      const auto& row = es_.rows[static_cast<std::size_t>(of)];
      for (std::size_t k = 0; k < row.cols.size(); ++k) add(row.cols[k], price * (row.sign.empty() ? 1.0 : row.sign[k]));
    } else {
      const auto& g = es_.ranges[static_cast<std::size_t>(-1 - of)];
      for (std::size_t k = 0; k < g.cols.size(); ++k) add(g.cols[k], price * static_cast<double>(g.weight(k)));
    }
  }
  std::vector<std::pair<double, int>> found;  // (-|reduced cost|, column)
  for (int c : touched_) {
    const double ya = priced_[static_cast<std::size_t>(c)];
    priced_[static_cast<std::size_t>(c)] = 0.0;
    is_touched_[static_cast<std::size_t>(c)] = 0;
    const double reduced = -ya;  // of its up column; its down column's is the opposite
    const bool rise = reduced < -tolerance;
    const bool fall = reduced > tolerance && base_.num[static_cast<std::size_t>(c)] > 0;
    if (rise || fall) found.emplace_back(-std::fabs(reduced), c);
  }
  const std::size_t keep = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end());
  std::vector<int> columns;
  columns.reserve(keep);
  for (std::size_t k = 0; k < keep; ++k) columns.push_back(found[k].second);
  return columns;
}

}  // namespace hitoku::audit
