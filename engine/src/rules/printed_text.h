#pragma once
// Text printed above a table's header (titles, notes: manifest skip_rows) is published with the table but
// read by no audit. A number in it (「乙町の領域は5例」) can give a suppressed cell away, so each such row is a
// rule ④ warning that quotes it for the reviewer (internal to rules/).
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

void add_printed_text_findings(const Submission& submission, Report& report);

}  // namespace hitoku
