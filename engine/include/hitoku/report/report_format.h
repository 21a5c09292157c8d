#pragma once
// Renderings of a Report. None of them contains the true value of a suppressed cell.
#include <string>

#include <nlohmann/json.hpp>

#include "hitoku/report/report.h"

namespace hitoku {

nlohmann::json report_to_json(const Report& report);
Report report_from_json(const nlohmann::json& j);  // throws InputError on a malformed report
// The SHA-256 of the report's canonical text without its "seal" field. report_to_json() stores it as
// seal.digest, so that `verify` sees an edit of a field no re-run reproduces (time, written files).
// Not a signature: whoever edits a report can recompute it; it catches edits by hand.
std::string report_seal_digest(const nlohmann::json& report);

// A report file as read: its JSON as written (every field, known or not) and the Report it holds.
struct ReportFile {
  nlohmann::json json;
  Report report;
};
ReportFile read_report_file(const std::string& path);  // throws InputError naming the file
ReportFile parse_report_text(const std::string& text, const std::string& source);  // source: named in errors
std::string report_to_text(const Report& report, const std::string& lang = "ja");
// The text report's first line: the verdict and every rule not checked (what a command prints on
// the terminal when the report goes to a file).
std::string report_headline(const Report& report, const std::string& lang = "ja");
// One self-contained HTML file: inline CSS, no script, no external resource of any kind.
std::string report_to_html(const Report& report, const std::string& lang = "ja");

}  // namespace hitoku
