#pragma once
// Exact arithmetic of derived values (internal): a printed value with its rounding is an interval of
// the true value, and the true value is a linear form (rates) or a ratio (percentages) of cells.
// Everything is decided in rationals (boost::multiprecision::cpp_rational); no floating point.
#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku::derived {

using Q = boost::multiprecision::cpp_rational;
using Z = boost::multiprecision::cpp_int;

// The set of true values a printed value stands for: lo (<= or <) x (<= or <) hi.
struct PrintedInterval {
  Q lo, hi;
  bool lo_closed = true, hi_closed = false;
};
PrintedInterval printed_interval(const DerivedValue& v, int decimals, DerivedRounding rounding);
// What the value tells a reader who knows the author's rule: the column's stated rule, or, when none is
// stated, the intersection of the intervals of every rule that prints it from the true value `truth`
// (none fits: the half_up interval, which check_derived_values then refuses).
PrintedInterval audit_interval(const DerivedValue& v, const DerivedColumn& c, const Q& truth);
bool holds(const PrintedInterval& iv, const Q& x);

// The true value of a derived cell: sum(coef * cell) for rates, 100 * num / den for percentages.
struct Expression {
  bool ratio = false;
  std::vector<std::pair<std::size_t, Q>> terms;  // rates: (table cell, coefficient)
  std::size_t num = 0, den = 0;                  // percentages
};
Expression expression_of(const Submission& s, const Table& t, const DerivedColumn& c, std::size_t flat);
Expression expression_of(const std::vector<Dimension>& dims, const Table& t, const DerivedColumn& c, std::size_t flat);
// The cells the value depends on.
std::vector<std::size_t> dependencies(const Expression& e);
// Its value at the true counts.
Q evaluate(const Expression& e, const Table& t);

// One linear inequality over table cells: sum(coef * cell) (>= or >, or <= or <) rhs.
struct Inequality {
  std::vector<std::pair<std::size_t, Q>> terms;
  bool lower = true;   // sum >= rhs (or >); else sum <= rhs (or <)
  bool strict = false;
  Q rhs;
};
// The two inequalities a printed value gives (for a percentage: multiplied out by its base > 0).
std::vector<Inequality> inequalities(const Expression& e, const PrintedInterval& iv);

Z floor_of(const Q& q);
Z ceil_of(const Q& q);
// A short decimal rendering: up to 4 decimals, "…" when cut.
std::string decimal(const Q& q);
std::string with_commas(const Z& v);

}  // namespace hitoku::derived
