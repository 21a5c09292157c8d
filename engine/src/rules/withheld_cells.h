#pragma once
// Facts of the registry extract that tables cannot show: cells with few patients behind a larger count of
// tumours (rule ①) and cells of a table by hospital area fed by fewer hospitals than the policy's minimum
// (rule ③). A check of a table plan reads them from the records; the manifests hitoku writes from it
// (tables, protect, merge) carry them as `withheld` cells, so that checking the written manifest, or a copy
// edited later, reaches the same verdict (internal to rules/).
#include <vector>

#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

// The cells of the planned tables the extract says must stay suppressed (needs Table::contributors or
// Table::hospitals), with those already in submission.withheld, each once.
std::vector<WithheldCell> record_level_withholds(const Submission& submission);

// The cell a withheld entry names: (table index, flat), or table -1 when the submission has no such cell.
std::pair<int, std::size_t> withheld_cell(const Submission& submission, const WithheldCell& w);

// A withheld cell that is published with a count is an error of its rule; one the submission no longer has
// (its tables changed) is an error too: the fact cannot be checked.
void add_withheld_findings(const Submission& submission, Report& report);

}  // namespace hitoku
