#pragma once
// How a recoverable cell leaks: published cells with rational coefficients whose combination is
// the cell, found by exact rational elimination and verified inner cell by inner cell.
#include <boost/multiprecision/cpp_int.hpp>
#include <map>
#include <vector>

#include "audit/system/reduced_system.h"

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
// their coefficients sum to the cell on every inner cell outside the unknowns fixed at 0. Every
// set involved is a product of per-slot atom sets, so the check runs over the blocks of their
// common refinement (one representative inner cell each) instead of listing inner cells.
// False also when the refinement would exceed `max_blocks` (no claim rather than an unchecked one).
bool verify_over_inner(const InnerSpace& inner, const UnknownSpace& space, const ReducedSystem& sys,
                       const Objective& objective, const Certificate& cert, std::int64_t max_blocks = 50'000'000);

}  // namespace hitoku::audit
