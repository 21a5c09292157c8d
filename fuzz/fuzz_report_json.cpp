// Fuzzes the JSON report reader used by `hitoku verify`: parse, read into a Report, and verify the
// report as written against the Report it holds (a sealed report always matches its own rendering).
#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/report/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hitoku;
  const auto json = nlohmann::json::parse(fuzz::as_text(data, size), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;
  try {
    const Report report = report_from_json(json);
    (void)verify_report(json, report);
    Report resealed = report;
    resealed.generated_at = "2000-01-01T00:00:00Z";
    resealed.confidential = false;  // verify refuses a confidential copy by design
    if (!verify_report(report_to_json(resealed), resealed).differences.empty()) std::abort();
  } catch (const InputError&) {
  }
  return 0;
}
