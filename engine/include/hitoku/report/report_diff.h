#pragma once
// Re-reports (再報告): what changed between the report of an earlier check and a new one — verdicts,
// tables, cells (published values and suppressions), findings and attacker intervals. Built from the
// two reports alone (published values only), so it carries nothing a report does not.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hitoku/report/report.h"

namespace hitoku {

struct ReportChange {
  // verdict | rule | submission | table_added | table_removed | cell_added | cell_removed |
  // suppression_added | suppression_removed | status | value | finding_added | finding_removed | interval
  std::string kind;
  std::string table;                        // table id; empty for the submission as a whole
  std::map<std::string, std::string> cell;  // dimension id -> code; empty when not about a cell
  std::string label;                        // the cell (or table, rule) in Japanese labels
  std::string before, after;                // the old and the new value, as text ("" when absent)
  std::string message_ja, message_en;
};

struct ReportDiff {
  std::string old_title, new_title, old_generated_at, new_generated_at;
  bool old_passed = false, new_passed = false;
  std::vector<ReportChange> changes;  // in report order: verdict, rules, submission, tables, findings, intervals
  bool unchanged() const { return changes.empty(); }
};

ReportDiff diff_reports(const Report& before, const Report& after);
nlohmann::json report_diff_to_json(const ReportDiff& diff);
std::string report_diff_to_text(const ReportDiff& diff, const std::string& lang = "ja");
std::string report_diff_to_html(const ReportDiff& diff, const std::string& lang = "ja");

}  // namespace hitoku
