#pragma once
// The append-only run log registry staff keep (who did what, when): one JSON line per run.
// It holds input hashes, the policy and the verdict — never record-level data or any cell value.
#include <string>

#include "hitoku/report/report.h"

namespace hitoku {

// Appends one line for `report` (command: "check", "verify", ...). Opens with O_APPEND so earlier
// lines are never rewritten. Throws InputError when the log cannot be written.
void append_run_log(const std::string& path, const std::string& command, const Report& report);

// Throws the InputError append_run_log would throw for a path it foreseeably cannot open (a folder,
// a missing or read-only folder, a read-only file), without creating anything: protect checks its
// run log before writing its outputs.
void check_run_log_writable(const std::string& path);

}  // namespace hitoku
