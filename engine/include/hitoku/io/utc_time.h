#pragma once
// The current time as reports and the publication registry record it.
#include <string>
#include <string_view>

namespace hitoku {

// UTC, ISO 8601 to the second: "2026-12-05T14:30:00Z".
std::string utc_now_iso8601();

// Whether `text` is a date written YYYY-MM-DD that exists in the calendar (2024-02-29 yes,
// 2023-02-29 and 2024-13-45 no). Approval dates are compared as text, so only this form is read.
bool is_calendar_date(std::string_view text);

}  // namespace hitoku
