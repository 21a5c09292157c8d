#pragma once
// `hitoku verify`: is this report the one these inputs and this policy produce?
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hitoku/report/report.h"

namespace hitoku {

struct ReportDifference {
  std::string what;             // "input", "policy", "tool", "verdict", "rule", "finding", "interval", "table",
                                // "submission", "field" (unknown or missing), "generated_at", "seal", ...
  std::string claimed, actual;  // the value in the report handed in, and the value the fresh run gives
  std::string message_ja, message_en;
};

// A field no re-run reproduces, as the report states it, and how verify checked it.
struct RunSpecificField {
  std::string field, value;
  std::string checked_ja, checked_en;
};

struct Verification {
  std::vector<ReportDifference> differences;  // empty: the report matches
  std::vector<RunSpecificField> run_specific;  // shown to the reviewer either way
};

// The top-level fields that legitimately differ between two runs on the same inputs. Every other
// field of the report must equal the fresh run's; a field in neither list is a difference.
const std::vector<std::string>& run_specific_report_fields();

// Compares every field of the report as written (`claimed`, the file's JSON) with a fresh run.
// Run-specific fields are checked for form (the time is a valid UTC time, not in the future)
// and by the report's seal (report_seal_digest), which any edit of them breaks.
// Throws InputError when `claimed` is not a report at all.
Verification verify_report(const nlohmann::json& claimed, const Report& fresh);

// The same for a report held in memory (rendered with report_to_json first).
std::vector<ReportDifference> compare_reports(const Report& claimed, const Report& fresh);

}  // namespace hitoku
