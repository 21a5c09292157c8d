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
  std::vector<std::int32_t> zero_unknowns;  // unknowns fixed at 0 the proof drops
};

// rows_of_var: residual rows (indices into sys.residual) containing each variable. In table-cell
// space, `links` (UnknownSpace::links) lets the combination use links; they are identities over
// the inner cells, so the published rows alone still make the certificate there (verify_over_inner).
Certificate find_certificate(const ReducedSystem& sys, const Objective& objective,
                             const std::vector<std::vector<int>>& rows_of_var,
                             const std::vector<UnknownSpace::Link>* links = nullptr, std::size_t max_rows = 1500);

// Checks a table-cell-space certificate over the inner cells, exactly: the published rows times
// their coefficients sum to the cell on every inner cell outside the unknowns fixed at 0.
// `acc` and `allowed` are scratch of InnerSpace::size() entries, all 0 on entry and on return.
bool verify_over_inner(const InnerSpace& inner, const UnknownSpace& space,
                       const ReducedSystem& sys, const Objective& objective, const Certificate& cert,
                       std::vector<std::int64_t>& acc, std::vector<char>& allowed);

}  // namespace hitoku::audit
