// Fuzzes the workbook reader: bytes as an .xlsx file holds them (a zip of XML parts) -> one sheet's rows.
// A workbook is untrusted input like a CSV: a damaged or hostile file must end in an InputError, never a
// crash, a hang or unbounded memory (the uncompressed parts are bounded by InputLimits).
#include "fuzz_support.h"
#include "hitoku/model/error.h"
#include "hitoku/ingest/input_limits.h"
#include "ingest/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hitoku;
  input_limits().max_workbook_uncompressed_bytes = std::uintmax_t{8} << 20;  // keep each run small
  const auto path = fuzz::scratch_dir() / "fuzz.xlsx";
  fuzz::write_bytes(path, fuzz::as_text(data, size));
  try {
    const ingest::WorkbookSheet sheet = ingest::read_workbook_sheet(path.string(), "fuzz.xlsx", "");
    for (const auto& row : sheet.rows)
      if (row.fields.size() > input_limits().max_columns) std::abort();
  } catch (const InputError&) {
  }
  return 0;
}
