#pragma once
// Renderings of a Report. None of them contains the true value of a suppressed cell.
#include <string>

#include <nlohmann/json.hpp>

#include "hitoku/report.h"

namespace hitoku {

nlohmann::json report_to_json(const Report& report);
Report report_from_json(const nlohmann::json& j);  // throws InputError on a malformed report
std::string report_to_text(const Report& report, const std::string& lang = "ja");
// One self-contained HTML file: inline CSS, no script, no external resource of any kind.
std::string report_to_html(const Report& report, const std::string& lang = "ja");

}  // namespace hitoku
