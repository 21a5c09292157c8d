#pragma once
// Columns printed beside the counts of a table (docs/formats.md §2.1). Every column of a table file
// is a dimension, the count, the true value, a declared DERIVED VALUE (a rate, a percentage or an
// age-standardised rate, which the audit turns into bounds on suppressed counts), or a column
// declared as not audited: `ignore_columns` (with a reason shown in the report) or `not_modelled`
// (a statistic the reviewer must check by hand: a finding, never a silent pass). Anything else is an
// input error.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hitoku/model/error.h"

namespace hitoku {

struct Submission;
class Dimension;
struct Table;

// The text of a non-count column for one table cell, as printed (written back unchanged).
struct ColumnText {
  std::string text;
  SourcePos pos;
};

// A column the audit does not read.
struct UnauditedColumn {
  std::string header;
  std::string reason;          // from the manifest; shown in the report
  bool not_modelled = false;   // a statistic the reviewer checks by hand (a finding); else ignored
  SourcePos where;             // the manifest entry
  std::vector<ColumnText> cells;  // per table cell (wide: each cell of a row holds the row's text)
};

enum class DerivedKind { Rate, Percent, StandardisedRate };
const char* to_string(DerivedKind k);  // "rate" | "percent" | "standardised_rate"
enum class DerivedRounding { HalfUp, HalfEven, Down };
const char* to_string(DerivedRounding r);  // "half_up" | "half_even" | "down"

// One printed derived value.
struct DerivedValue {
  enum class State : std::uint8_t { Blank, Printed, Marked, Withheld };
  State state = State::Blank;  // Withheld: hitoku protect suppressed it with its count
  std::int64_t scaled = 0;     // the printed value times 10^decimals (exact)
  std::string text;            // as printed
  SourcePos pos;
  bool published() const { return state == State::Printed; }
};

struct DerivedColumn {
  std::string header;  // long: the column beside the count; wide: the name of the block (manifest `name`)
  // Wide tables: the values are a second wide table of the same layout (the same row labels and
  // column headings), in this file (and workbook sheet); empty for a long table's column.
  std::string file, sheet;
  DerivedKind kind = DerivedKind::Rate;
  int decimals = 1;
  DerivedRounding rounding = DerivedRounding::HalfUp;
  std::int64_t per = 100000;  // rate, standardised_rate: per how many people (percent: 100)
  SourcePos where;            // the manifest entry
  // rate, standardised_rate: the public population of each table cell (0: none given).
  std::string population_file, population_column;
  std::vector<std::int64_t> population;
  // percent: the base cell of each table cell (-1: none), named in the manifest by codes.
  std::map<std::string, std::string> base_codes;
  std::vector<std::int64_t> base;
  // standardised_rate: the age dimension (position in Table::dims) and the standard population's
  // weight of each of its code positions (0: not a finest age of the table, not summed).
  int age_position = -1;
  std::string age_dimension, standard_file, standard_column;
  std::vector<std::int64_t> weight;
  std::vector<DerivedValue> values;  // per table cell
  std::string marker = "*";          // printed for a withheld value
};

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
