#pragma once
// Derived values beside counts: what the printed rates, percentages and age-standardised rates of a
// table tell the attacker about its suppressed counts (the columns themselves are plain data of the
// model: hitoku/model/derived_columns.h).
#include <cstdint>
#include <string>
#include <vector>

#include "hitoku/model/derived_columns.h"

namespace hitoku {

struct Submission;
class Dimension;
struct Table;

// A bound on one suppressed cell that published derived values give the attacker: the integer
// interval [lower, upper], with the computation (Japanese and English) that gives it.
// With earlier = true the bound includes earlier publications' values (rule ⑤; an earlier
// publication's value bounds the same cell of this submission's tables): it replaces the cell's bound
// without them (earlier = false, rule ④) when the audit includes the earlier publications.
struct DerivedBound {
  int table = -1;
  std::size_t flat = 0;
  long long lower = 0, upper = 0;
  std::string explanation_ja, explanation_en;
  bool earlier = false;
};

// A published derived value over two or more suppressed cells: lower <= sum(coef * cell) <= upper
// over those cells, with integer coefficients (the rational inequality scaled; the published cells
// moved into the bounds, strict ends tightened to integers). The audit adds it to the attacker's
// system as a row. A rate or standardised rate gives one two-sided range; a percentage two
// one-sided ones (its base multiplied out).
// An earlier publication's value (earlier = true, rule ⑤) over two or more of its suppressed cells, or
// over one that no table here holds as the same suppressed cell (another grouping of a variable), is
// such a range over the earlier table's cells: the audit with the earlier publications writes each
// cell as the sum of its inner cells (docs/audit.md, "Derived values").
struct DerivedRange {
  int table = -1;
  std::size_t flat = 0;  // the derived value's cell
  std::string column;
  std::vector<std::pair<std::size_t, std::int64_t>> terms;  // (suppressed cell, coefficient), by cell
  bool has_lower = false, has_upper = false;
  std::int64_t lower = 0, upper = 0;
  std::string text_ja, text_en;  // the value and the cells it involves, for findings
  bool earlier = false;
};

// A published derived value over two or more suppressed cells whose integer form does not fit the
// audit's 64-bit rows (e.g. an age-standardised rate over many populations): not audited; reported
// as a finding the reviewer must check (never a silent pass); earlier = true for an earlier
// publication's value (rule ⑤).
struct UnauditedDerived {
  int table = -1;
  std::size_t flat = 0;
  std::string column;
  std::vector<std::string> suppressed_cells;  // labels of the suppressed cells it involves
  bool earlier = false;
  std::vector<std::size_t> cells;  // those cells (flat indices of `table`)
};

struct DerivedAnalysis {
  std::vector<DerivedBound> bounds;  // merged per cell (intersection), in table order
  std::vector<DerivedRange> ranges;
  std::vector<UnauditedDerived> unaudited;
};

// The attacker's knowledge from the published derived values of the planned tables, decided in
// exact rational arithmetic. With Submission::withhold_derived_values, a derived value that depends
// on a suppressed cell counts as withheld (hitoku protect).
DerivedAnalysis analyse_derived_values(const Submission& submission);

// Throws InputError (at the printed value) when a printed derived value does not contain the value
// computed from the true counts.
void check_derived_values(const Submission& submission);

// Tables built from records (a table plan, DataFrames): sets every value of `c` whose state is
// Printed to the value computed from the true counts of `t`, rounded exactly as declared (the text
// has exactly c.decimals decimals); a value that depends on a suppressed cell gets c.marker instead
// (state Marked). Needs c's populations, bases or weights. Throws InputError at
// c.where when a value has more than 12 digits before the point.
void compute_derived_values(const std::vector<Dimension>& dims, const Table& t, DerivedColumn& c);

// Marks every printed derived value that depends on a suppressed cell as withheld; returns how
// many it marked (hitoku protect: derived values go with their counts).
long long withhold_dependent_derived_values(Submission& submission);

}  // namespace hitoku
