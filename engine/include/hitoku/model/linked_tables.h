#pragma once
// Tables of one submission describe one body of data: a cell two tables both state (the same codes,
// dimensions a table leaves out being its root total) must have one value, and a cell one table
// states must equal the sum of the cells of another table that partition it exactly. A mismatch is
// bad input, not a disclosure finding: no data could lie behind both tables.
#include <cstddef>

#include "hitoku/model/submission.h"

namespace hitoku {

// Throws InputError at the first contradiction, positioned at one cell and naming the other cell(s)
// (file, line, field of each) in the message. Compares true values of the planned tables; for
// earlier publications only their published cells (their suppressed values are nobody's to know).
// Tables counting distinct patients are compared only with each other, cell for cell.
void check_linked_tables(const Submission& submission);
// The same, for the pairs that involve table `index` only (a submission built one table at a time).
void check_linked_table(const Submission& submission, std::size_t index);

}  // namespace hitoku
