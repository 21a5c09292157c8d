#pragma once
// The true value of an earlier publication's suppressed cell, read off this submission's tables: an
// earlier table counts the same records, so a cell of it that a planned table also holds -- the same
// cell, or its parts along one dimension -- has that table's value (published or true). A reviewer
// rarely knows an earlier publication's hidden counts; the tables under review usually give them.
#include <cstdint>
#include <optional>
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/model/table.h"

namespace hitoku::ingest {

// `earlier`'s cell `flat` (its codes set) from the tables that are not earlier publications; none
// when no table holds the same cell or all its parts along one dimension.
std::optional<std::int64_t> truth_from_tables(const std::vector<Dimension>& dimensions,
                                              const std::vector<Table>& tables, const Table& earlier,
                                              std::size_t flat);

}  // namespace hitoku::ingest
