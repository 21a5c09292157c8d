// Fuzzes the CSV reader with text decoding: bytes as a table file holds them -> decoded UTF-8 -> records.
// The first byte picks the declared encoding (auto, UTF-8, UTF-8 with BOM, CP932), as a manifest would.
#include <optional>

#include "fuzz_support.h"
#include "hitoku/ingest/csv.h"
#include "hitoku/model/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hitoku;
  if (size == 0) return 0;
  std::optional<TextEncoding> declared;
  switch (data[0] % 4) {
    case 1: declared = TextEncoding::Utf8; break;
    case 2: declared = TextEncoding::Utf8Bom; break;
    case 3: declared = TextEncoding::Cp932; break;
    default: break;
  }
  const std::string_view bytes = fuzz::as_text(data + 1, size - 1);
  try {
    DecodedText text = decode_text(bytes, declared, "fuzz.csv");
    auto rows = parse_csv(text.utf8, "fuzz.csv");
    // Writing a record back must quote it so that it reads as the same fields.
    for (const auto& row : rows) {
      auto again = parse_csv(csv_record(row.fields), "again.csv");
      if (!row.fields.empty() && again.size() > 1) std::abort();
    }
  } catch (const InputError&) {
  }
  return 0;
}
