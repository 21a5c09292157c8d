#pragma once
// Columns printed beside the counts of a table (docs/formats.md §2.1), as plain data of the model
// (derived/ computes with them, ingest/ reads them). Every column of a table file is a dimension, the
// count, the true value, a declared DERIVED VALUE (a rate, a percentage or an age-standardised rate,
// which the audit turns into bounds on suppressed counts), or a column declared as not audited:
// `ignore_columns` (with a reason shown in the report) or `not_modelled` (a statistic the reviewer
// must check by hand: a finding, never a silent pass). Anything else is an input error.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/model/error.h"

namespace hitoku {

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
  std::string marker = "*";       // printed for a not-modelled value withheld with its count (the table's marker)
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

// What one derived value of a registered publication told its readers about its suppressed cells
// (publications/: the registry keeps no printed rate, only this): lower <= sum(coef * cell) <= upper over
// cells of its table, integer coefficients, the published cells already moved into the bounds.
struct RegisteredRange {
  std::size_t flat = 0;  // the derived value's cell
  std::string column;    // its column
  std::vector<std::pair<std::size_t, std::int64_t>> terms;
  bool has_lower = false, has_upper = false;
  std::int64_t lower = 0, upper = 0;
  bool needs_population = false;  // a rate: dropped when the policy says readers do not know populations
  std::string text_ja, text_en;
  bool unaudited = false;  // too large for the audit's rows (terms: its cells, coefficient 0): a rule ⑤ error
};

struct DerivedColumn {
  std::string header;  // long: the column beside the count; wide: the name of the block (manifest `name`)
  // Wide tables: the values are a second wide table of the same layout (the same row labels and
  // column headings), in this file (and workbook sheet); empty for a long table's column.
  std::string file, sheet;
  DerivedKind kind = DerivedKind::Rate;
  int decimals = 1;
  DerivedRounding rounding = DerivedRounding::HalfUp;
  // false: the manifest named no rounding. The reader may know the rule the author used, so the audit takes
  // the interval every rule that prints the value from the true one allows (half_up, half_even, down).
  bool rounding_stated = true;
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

}  // namespace hitoku
