#pragma once
// Re-reports (`hitoku diff OLD NEW`, `hitoku check --previous OLD`): what changed between two reports,
// rendered as text, JSON or HTML (hitoku/report_diff.h).
#include <string>

#include "hitoku/report/report_diff.h"

namespace hitoku::workflow {

// text | json | html, ja | en (throws InputError naming the option otherwise).
std::string render_diff(const ReportDiff& diff, const std::string& format, const std::string& lang);

struct DiffRequest {
  std::string format = "text", lang = "ja";
  std::string output;  // empty: the caller prints `rendered`
  bool force = false;
};

struct DiffRun {
  ReportDiff diff;
  std::string rendered;
};

// Reads both reports (InputError naming a bad one), refuses an output that is one of them, compares,
// renders and writes.
DiffRun run_diff(const std::string& old_report, const std::string& new_report, const DiffRequest& request);

}  // namespace hitoku::workflow
