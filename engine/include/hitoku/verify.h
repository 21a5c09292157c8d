#pragma once
// `hitoku verify`: is this report the one these inputs and this policy produce?
#include <string>
#include <vector>

#include "hitoku/report.h"

namespace hitoku {

struct ReportDifference {
  std::string what;             // "input", "policy", "tool", "verdict", "rule", "finding", "interval", "table", "submission"
  std::string claimed, actual;  // the value in the report handed in, and the value the fresh run gives
  std::string message_ja, message_en;
};

// Compares everything but the run time and the list of written files.
std::vector<ReportDifference> compare_reports(const Report& claimed, const Report& fresh);

}  // namespace hitoku
