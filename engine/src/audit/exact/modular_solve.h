#pragma once
// Exact solution of a sparse linear system with integer coefficients (internal to the audit).
// Elimination runs modulo 62-bit primes (no coefficient growth, sparse pivots chosen by
// Markowitz counts); the rational solution is rebuilt from the residues by the Chinese remainder
// theorem and rational reconstruction, and then checked against the system in exact integer
// arithmetic: a result is returned only when it satisfies every row exactly. Dense rational
// Gauss-Jordan took minutes on the 2,500-unknown blocks of cyclic 3-way margins (docs/audit.md).
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace hitoku::audit {

using BigInt = boost::multiprecision::cpp_int;

struct IntegerSystem {
  struct Row {  // sum(coef * y[col]) == rhs
    std::vector<std::pair<int, std::int64_t>> terms;  // distinct columns
    BigInt rhs;
  };
  int n = 0;
  std::vector<Row> rows;
};

struct RationalVector {  // y[c] = num[c] / den, den > 0
  std::vector<BigInt> num;
  BigInt den = 1;
};

struct ModularSolveLimits {
  int max_primes = 64;                       // 64 x 62 bits: denominators up to ~2^1900
  long long max_operations = 400'000'000;    // multiply-adds per prime, roughly
  long long max_total_operations = 2'000'000'000;  // over all primes (a few seconds)
  long long* spent = nullptr;  // when given, the work spent is added to it (budgets over many solves)
};

// A solution y of every row, exact. Unknowns the rows leave free (no pivot) take
// free_num[c] / free_den (free_num has one entry per unknown; only free ones are read).
// Nothing when the rows are inconsistent, or the limits are reached.
std::optional<RationalVector> solve_exact(const IntegerSystem& s, const std::vector<std::int64_t>& free_num,
                                          std::int64_t free_den, const ModularSolveLimits& limits = {});

}  // namespace hitoku::audit
