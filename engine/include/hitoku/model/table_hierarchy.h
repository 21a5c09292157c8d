#pragma once
// Which cells of a table are "total = sum of its children" inside that same table.
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku {

// Per table dimension and code position: the positions of the table's codes that are children of
// that code, when they partition its leaves exactly (else empty). The audit's reduction and
// protect's relations both rest on this rule.
std::vector<std::vector<std::vector<int>>> exact_children(const Submission& submission, const Table& table);

}  // namespace hitoku
