#pragma once
// Exact feasible points of one component of the reduced system (internal to the audit).
// A floating-point LP solution proves nothing by itself; a point whose coordinates are integers
// (or rationals over one small common denominator) and that satisfies every row exactly does.
// "Safe" verdicts rest only on such points (docs/audit.md, "Exactness: what decides").
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "audit/exact/modular_solve.h"
#include "audit/system/column_lists.h"

namespace hitoku::audit {

struct Fraction {  // num / den, den > 0
  std::int64_t num = 0, den = 1;
};
bool operator<(Fraction a, Fraction b);
bool operator==(Fraction a, Fraction b);
std::int64_t floor_of(Fraction r);
std::int64_t ceil_of(Fraction r);

// The exact constraints of one component over its local columns 0..n-1 (every column >= 0).
struct ExactSystem {
  struct Row {  // sum(sign * x[col]) == rhs; sign empty: all +1
    std::vector<int> cols;
    std::vector<signed char> sign;
    std::int64_t rhs = 0;
  };
  // lo <= sum(coef * x[col]) <= hi. With coef empty every coefficient is 1: a cell's known a-priori
  // range. General integer coefficients come from a published derived value (a rate, percentage
  // or standardised rate) over two or more suppressed cells; an end at +-kOpenEnd is absent.
  struct Range {
    std::vector<int> cols;  // ascending
    std::int64_t lo = 0, hi = 0;
    std::vector<std::int64_t> coef;  // aligned with cols, or empty
    std::int64_t weight(std::size_t k) const { return coef.empty() ? 1 : coef[k]; }
    bool open_lo() const { return lo <= -kOpenEnd; }
    bool open_hi() const { return hi >= kOpenEnd; }
  };
  static constexpr std::int64_t kOpenEnd = std::int64_t{1} << 61;
  int n = 0;
  std::vector<Row> rows;
  std::vector<Range> ranges;
  // Filled by index(): per column, its rows (with sign) and ranges.
  ColumnLists<std::pair<int, signed char>> rows_of_col;
  ColumnLists<int> ranges_of_col;
  ColumnLists<std::int64_t> range_weights_of_col;  // aligned with ranges_of_col
  void index();
};

struct ExactPoint {
  std::vector<std::int64_t> num;  // x[c] = num[c] / den
  std::int64_t den = 1;
  bool integral() const { return den == 1; }
};

// Every row and range holds exactly and every coordinate is >= 0 (128-bit sums; a point whose
// numerators sum beyond 2^62 is rejected, so every value() fits in 64 bits).
bool verify(const ExactSystem& s, const ExactPoint& p);

// A verified point whose common denominator does not fit 64 bits: vertices of cyclic 3-way
// margins carry basis determinants of hundreds of bits (docs/audit.md). It proves the values it
// shows, as outward-rounded fractions (value_at_most / value_at_least).
struct BigPoint {
  std::vector<BigInt> num;  // x[c] = num[c] / den
  BigInt den = 1;
};
bool verify(const ExactSystem& s, const BigPoint& p);
// Fractions over 2^20 that sum(x[c]) over cols is at least / at most (equal to it when the sum
// is a multiple of 2^-20); nothing when beyond 2^42.
std::optional<Fraction> value_at_least(const BigPoint& p, const std::vector<int>& cols);
std::optional<Fraction> value_at_most(const BigPoint& p, const std::vector<int>& cols);

// The float solution x (n values) rounded to integers, or failing that to multiples of 1/D for
// D = 2..max_den, then to the denominators continued fractions suggest; failing that, the
// coordinates with small denominators are kept and the others solved exactly from their rows
// (modular_solve.h). The first candidate that verify() accepts, or nothing. When the solved
// point is exact but its denominator exceeds 64 bits and `big` is given, it is stored there.
// The work of the exact solves is added to *solve_work when given (ModularSolveLimits::spent).
std::optional<ExactPoint> exact_point(const ExactSystem& s, const double* x, int max_den = 64,
                                      bool allow_solve = true, BigPoint* big = nullptr,
                                      long long* solve_work = nullptr);

// sum(x[c]) over cols, exactly.
Fraction value(const ExactPoint& p, const std::vector<int>& cols);

// An integer move: x + k*d for the columns listed. A move counts only when it leaves every row
// unchanged (A d = 0, checked exactly) and the moved point is >= 0 and inside every range.
struct Move {
  std::vector<int> cols;
  std::vector<std::int64_t> delta;
};
bool keeps_rows(const ExactSystem& s, const Move& d);
// The largest k >= 0 (at most `limit`) with p + k*d >= 0 and every range touched still held;
// d must keep the rows.
std::int64_t max_steps(const ExactSystem& s, const ExactPoint& p, const Move& d, std::int64_t limit);
ExactPoint moved(const ExactPoint& p, const Move& d, std::int64_t k);

// Small moves (support 2 or 4, entries +-1) that change sum over `target` (sorted columns),
// found from the rows alone: two columns with the same rows (a swap), or four columns u, v, w,
// z with rows(u) + rows(z) = rows(v) + rows(w) (a 2x2 "rectangle" of a table, lifted into a
// slice of the dimensions it lacks). Each returned move keeps the rows (checked exactly).
class MoveFinder {
 public:
  explicit MoveFinder(const ExactSystem& s);
  std::vector<Move> moves_for(const std::vector<int>& target, std::size_t max_moves, long long max_tries) const;

 private:
  struct Hash {
    std::size_t operator()(const std::vector<int>& v) const;
  };
  const ExactSystem& s_;
  std::vector<std::vector<int>> signature_;        // per column: 2*row + (sign < 0), sorted
  std::vector<int> class_of_;                      // per column: its signature class
  std::vector<std::vector<int>> class_members_;    // per class: columns, ascending
  std::unordered_map<std::vector<int>, int, Hash> class_of_signature_;
};

}  // namespace hitoku::audit
