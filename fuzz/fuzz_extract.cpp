// Fuzzes the streaming registry-extract reader: header matching, record splitting, decoding of the
// needed fields and the running SHA-256.
#include <vector>

#include "fuzz_support.h"
#include "hitoku/model/error.h"
#include "hitoku/registry/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = hitoku::fuzz::scratch_dir() / "extract.csv";
  static const std::vector<std::string> needed = {"提供情報患者番号", "集約性別", "集約診断時患者住所市区町村コード",
                                                  "ICD-10コード", "集約診断病院コード"};
  hitoku::fuzz::write_bytes(file, hitoku::fuzz::as_text(data, size));
  try {
    hitoku::ExtractReader reader(file.string(), needed);
    std::vector<std::string_view> values;
    while (reader.next(values))
      if (values.size() != needed.size()) std::abort();
    (void)reader.sha256_hex();
  } catch (const hitoku::InputError&) {
  }
  return 0;
}
