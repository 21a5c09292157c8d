#pragma once
// A planned publication table: a dense grid over chosen codes of some dimensions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hitoku/model/derived_columns.h"
#include "hitoku/model/error.h"

namespace hitoku {

enum class CellStatus : std::uint8_t {
  Published,            // value appears in print
  SuppressedByUser,     // the input already shows a suppression marker
  SuppressedPrimary,    // hitoku protect: rule ② (small count)
  SuppressedSecondary,  // hitoku protect: rules ④⑤ (differencing)
};
bool is_suppressed(CellStatus s);
const char* to_string(CellStatus s);  // "published", "suppressed_by_user", ...

struct Table {
  std::string id;        // manifest key, used in findings
  std::string title;     // Japanese title as printed
  // Rows printed above the header (titles, notes; manifest skip_rows), one string per row: no audit reads
  // them, so a number there is shown to the reviewer (rules/printed_text.h).
  std::vector<std::string> printed_text;
  // Column headings printed with the table (the count's, the row labels'); read by no audit either.
  std::vector<std::string> headings;
  SourcePos source;      // the file the table came from
  bool earlier_publication = false;  // rule ⑤: known values, not part of this submission
  // Per cell: the true value is unknown (empty: every value is known; 0 stands in). Only an earlier
  // publication's suppressed cells that neither true_values, the registry (it stores none) nor this
  // submission's tables give. The audit judges them anyway (rule ⑤), as possibly small.
  std::vector<char> value_unknown;
  bool is_value_unknown(std::size_t flat) const { return flat < value_unknown.size() && value_unknown[flat]; }

  std::vector<int> dims;                // indices into Submission::dimensions
  std::vector<std::vector<int>> codes;  // per table dimension: the code indices it shows, in order

  // One entry per cell, row-major over `codes` (the last dimension varies fastest).
  std::vector<std::int64_t> value;      // true value (known for every cell after ingest)
  std::vector<CellStatus> status;
  std::vector<SourcePos> cell_source;   // where each cell was read (may be empty for built tables)
  // Filled when the table is built from registry records (issue: microdata path).
  std::optional<std::vector<std::int64_t>> contributors;
  std::optional<std::vector<std::int64_t>> hospitals;

  // Rule ③: the dimension (id) whose codes are the area of the hospital behind the count,
  // and the hospital attribute the counts depend on (empty = any hospital). Empty if none.
  std::string hospital_dimension, hospital_attribute;
  // The manifest declared none, but the table uses another table's hospital dimension: its areas are
  // hospitals' areas all the same (counted with every hospital of the list).
  bool hospital_dimension_inferred = false;

  // False when a total is not the sum of its parts: a table of distinct patients built from
  // registry records where one patient falls in several cells (two cancers of different sites).
  // Differencing must then not assume that totals add up.
  bool additive = true;

  // Columns beside the count (docs/formats.md §2.1): derived values, and columns not audited.
  std::vector<DerivedColumn> derived;
  // An earlier publication read from the registry: what its derived values told (the values are not kept).
  std::vector<RegisteredRange> registered_ranges;
  std::vector<UnauditedColumn> unaudited;

  std::size_t cell_count() const;
  // Per table dimension, the position in `codes` of flat cell index i.
  std::vector<int> positions(std::size_t flat) const;
  std::size_t flat_index(const std::vector<int>& positions) const;
  // Per table dimension, the dimension code index of cell i.
  std::vector<int> cell_codes(std::size_t flat) const;
};

}  // namespace hitoku
