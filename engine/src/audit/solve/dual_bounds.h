#pragma once
// Dual certificates kept from the per-cell LPs of one component: a later end whose bound from an
// earlier dual meets a value an exact point already reached needs no LP of its own.
#include <utility>
#include <vector>

#include "audit/solve/block_system.h"

namespace hitoku::audit {

class DualBounds {
 public:
  explicit DualBounds(const Model& m) : m_(m) {}

  // Keeps the row duals y of an optimum of sense * sum(cols) (sense 1 min, -1 max) when the
  // Lagrangian bound they give reproduces that optimum (Clp's sign convention is checked, not
  // assumed); returns whether kept.
  bool add(const double* y, const std::vector<int>& cols, double sense, double optimum);

  // The best bound the kept duals give on sense * sum(cols)'s optimum: for a minimum the greatest
  // lower bound, for a maximum the least upper bound; +-infinity when none bounds it.
  double bound(const std::vector<int>& cols, double sense) const;

 private:
  struct Certificate {
    std::vector<std::pair<int, double>> g;  // A^T y, its nonzeros by column
    double base = 0;           // with no objective: the rows' least terms and the finite columns'
    std::vector<int> needy;    // columns whose least term is unbounded: the objective must mend them
  };
  bool build(const double* y, double sign, Certificate& c);
  double lower_bound(const Certificate& c, const std::vector<int>& cols, double coef) const;

  const Model& m_;
  std::vector<Certificate> kept_;
  // Per column, the certificates with A^T y nonzero there: only those can bound a maximum over an
  // unbounded column (the first of an objective's columns picks the ones to try).
  std::vector<std::vector<int>> by_column_;
  std::vector<double> dense_;  // scratch: A^T y per column
};

}  // namespace hitoku::audit
