#pragma once
// Turns the cells read from a table file (and its true values) into a dense Table, and checks that
// every cell is there, every marker has a true value, and every total adds up.
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/ingest/table_format.h"
#include "hitoku/model/table.h"
#include "table_reader.h"

namespace hitoku::ingest {

// `true_cells` are the true values (from a second file or a column); may be empty. An earlier
// publication's suppressed cell without one takes it from `planned` (earlier_truth.h) when a table
// there holds the same records.
Table assemble_table(const std::vector<Dimension>& dimensions, const TableSpec& spec,
                     const TableFileContent& content, const CellMap& true_cells,
                     const std::vector<Table>& planned = {});

// Every cell whose code is a total in some dimension must equal the sum of its children there
// (when all children are in the table; otherwise the sum of the leaves under it, when all of those
// are). Throws InputError at the total cell naming the children and both numbers.
// How the table file looked (spec's format with the encoding, line ending, sheet, preamble, headers and
// first marker found), for writing it back.
TableFormat format_as_read(const TableSpec& spec, const TableFileContent& content);

void check_totals(const std::vector<Dimension>& dimensions, const Table& table);
// All cells of the table added together stay within kMaxTableSum (hitoku/checked_count.h), so no
// later sum over its cells can overflow. Throws InputError at the cell where the sum passes it.
void check_table_sum(const Table& table);

}  // namespace hitoku::ingest
