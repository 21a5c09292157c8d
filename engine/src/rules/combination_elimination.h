#pragma once
// Exact elimination over the inner cells for rule ② combinations (internal to rules/).
#include <cstdint>
#include <functional>
#include <vector>

#include "hitoku/audit/inner_space.h"
#include "rules/basis_subsets.h"

namespace hitoku {

// A cell's linear form over the inner cells, with its true value. A hidden form is a count no
// table shows (a code left out with `codes:`): its value is unknown, and it may be reported alone.
struct LinearForm {
  std::vector<std::int32_t> support;
  std::int64_t value = 0;
  bool hidden = false;
};

// sum of suppressed[i] for i in `suppressed` = sum(coefficients * published values) / divisor.
struct EliminatedSum {
  std::vector<int> suppressed;  // indices into the suppressed forms, ascending
  std::vector<int> published;   // indices into the published forms (empty if too large to print)
  std::vector<std::int64_t> coefficients;
  std::int64_t divisor = 1;
  std::int64_t value = 0;
  bool value_unknown = false;  // a hidden form's sum whose computation could not be rebuilt
};

// The search for sums of several basis rows (basis_subsets.h): its budget, and whether it finished.
struct SubsetSearch {
  BasisSubsetLimits limits;
  bool complete = true;
};

// Every relation of a reduced row echelon basis of the relations among the suppressed forms that
// the published forms imply, and every sum or difference of two basis rows (bases up to 400 rows),
// whose coefficients are all 1 and that has two or more cells (or a hidden form among them).
// `keep_value`, when given, drops sums of several basis rows whose value it rejects before their
// computation is built (the basis rows themselves are all returned).
std::vector<EliminatedSum> eliminate_sums(const InnerSpace& space, const std::vector<LinearForm>& published,
                                          const std::vector<LinearForm>& suppressed,
                                          const std::function<bool(std::int64_t)>& keep_value = {},
                                          SubsetSearch* subsets = nullptr);

// The same relations found modulo a 61-bit prime (combination_elimination_modular.cpp), for large
// systems. Each sum's computation is proven in exact integer arithmetic; a sum whose proof cannot be
// rebuilt is returned without one (published empty), never dropped.
std::vector<EliminatedSum> eliminate_sums_modular(const InnerSpace& space, const std::vector<LinearForm>& published,
                                                  const std::vector<LinearForm>& suppressed,
                                                  SubsetSearch* subsets = nullptr);

}  // namespace hitoku
