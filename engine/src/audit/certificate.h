#pragma once
// How a recoverable cell leaks: published cells with rational coefficients whose combination is
// the cell, found by exact rational elimination and verified inner cell by inner cell.
#include <boost/multiprecision/cpp_int.hpp>
#include <map>
#include <vector>

#include "reduced_system.h"

namespace hitoku::audit {

using Rational = boost::multiprecision::cpp_rational;

struct Certificate {
  bool found = false;
  std::map<int, Rational> rows;  // published row -> coefficient
  std::vector<int> zero_rows;    // rows published as 0 whose inner cells the proof drops
};

// rows_of_var: residual rows (indices into sys.residual) containing each variable.
Certificate find_certificate(const ReducedSystem& sys, const Objective& objective,
                             const std::vector<std::vector<int>>& rows_of_var, std::size_t max_rows = 1500);

}  // namespace hitoku::audit
