#pragma once
// The current time as reports and the publication registry record it.
#include <string>

namespace hitoku {

// UTC, ISO 8601 to the second: "2026-12-05T14:30:00Z".
std::string utc_now_iso8601();

}  // namespace hitoku
