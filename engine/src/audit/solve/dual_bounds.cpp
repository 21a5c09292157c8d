// Lagrangian bounds from kept row duals. For any y and the problem min c.x over l <= x <= u,
// rl <= A x <= ru:  c.x = (c - A^T y).x + y.(A x) >= sum_k min_x (c - A^T y)_k x_k + sum_i min_r y_i r_i.
// A maximum is minus the minimum of -c. Reduced costs within 1e-9 of 0 count as 0, the tolerance
// at which Clp's own optimum (whose value the per-cell LPs report) is trusted.
#include "audit/solve/dual_bounds.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hitoku::audit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kZero = 1e-9;

// min of a * x over lo <= x <= hi.
double least_term(double a, double lo, double hi) {
  if (std::fabs(a) <= kZero) return 0.0;
  return a > 0 ? (lo == -kInf ? -kInf : a * lo) : (hi == kInf ? -kInf : a * hi);
}

}  // namespace

// False when the rows' terms are unbounded or too many columns would need the objective's help.
bool DualBounds::build(const double* y, double sign, Certificate& c) {
  constexpr std::size_t kMaxNeedy = 8;
  c = Certificate{};
  dense_.assign(m_.col_lb.size(), 0.0);
  const CoinPackedMatrix& a = m_.matrix;  // row-ordered
  const int rows = a.getNumRows();
  for (int i = 0; i < rows; ++i) {
    const double yi = sign * y[i];
    if (std::fabs(yi) <= kZero) continue;
    const CoinBigIndex start = a.getVectorStarts()[i];
    for (int k = 0; k < a.getVectorLengths()[i]; ++k)
      dense_[static_cast<std::size_t>(a.getIndices()[start + k])] += yi * a.getElements()[start + k];
    c.base += least_term(yi, m_.row_lb[static_cast<std::size_t>(i)], m_.row_ub[static_cast<std::size_t>(i)]);
    if (c.base == -kInf) return false;
  }
  for (std::size_t k = 0; k < dense_.size(); ++k) {
    if (dense_[k] != 0.0) c.g.emplace_back(static_cast<int>(k), dense_[k]);
    const double t = least_term(-dense_[k], m_.col_lb[k], m_.col_ub[k]);
    if (t > -kInf) {
      c.base += t;
    } else if (c.needy.size() < kMaxNeedy) {
      c.needy.push_back(static_cast<int>(k));
    } else {
      return false;
    }
  }
  return true;
}

// A lower bound on coef * sum(cols) (cols distinct, ascending).
double DualBounds::lower_bound(const Certificate& c, const std::vector<int>& cols, double coef) const {
  for (int k : c.needy)
    if (!std::binary_search(cols.begin(), cols.end(), k)) return -kInf;
  double v = c.base;
  for (int k : cols) {
    const auto s = static_cast<std::size_t>(k);
    const bool needy = std::binary_search(c.needy.begin(), c.needy.end(), k);
    const auto at = std::lower_bound(c.g.begin(), c.g.end(), std::pair{k, -kInf});
    const double g = at != c.g.end() && at->first == k ? at->second : 0.0;
    v += least_term(coef - g, m_.col_lb[s], m_.col_ub[s]);
    if (!needy) v -= least_term(-g, m_.col_lb[s], m_.col_ub[s]);
    if (v == -kInf) return -kInf;
  }
  return v;
}

bool DualBounds::add(const double* y, const std::vector<int>& cols, double sense, double optimum) {
  const double tol = 1e-6 * std::max(1.0, std::fabs(optimum));
  for (double sign : {1.0, -1.0}) {
    Certificate c;
    if (!build(y, sign, c)) continue;
    const double b = lower_bound(c, cols, sense);  // bounds sense * optimum from below
    if (b > -kInf && std::fabs(sense * b - optimum) <= tol) {
      by_column_.resize(m_.col_lb.size());
      for (const auto& [k, g] : c.g) by_column_[static_cast<std::size_t>(k)].push_back(static_cast<int>(kept_.size()));
      kept_.push_back(std::move(c));
      return true;
    }
  }
  return false;
}

double DualBounds::bound(const std::vector<int>& cols, double sense) const {
  double best = -kInf;
  if (cols.empty() || kept_.empty()) return sense * best;
  const auto first = static_cast<std::size_t>(cols.front());
  if (sense < 0 && m_.col_ub[first] == kInf) {
    // A maximum over a column unbounded above: only certificates with A^T y nonzero there bound it.
    for (int k : by_column_[first]) best = std::max(best, lower_bound(kept_[static_cast<std::size_t>(k)], cols, sense));
  } else {
    // Otherwise any may; the newest kScan are tried (a subset only weakens the bound), so that a
    // component with thousands of ends does not scan thousands of certificates for each.
    constexpr std::size_t kScan = 512;
    for (std::size_t k = kept_.size(); k-- > 0 && kept_.size() - k <= kScan;)
      best = std::max(best, lower_bound(kept_[k], cols, sense));
  }
  return sense * best;  // -inf for a minimum and +inf for a maximum when nothing bounds it
}

}  // namespace hitoku::audit
