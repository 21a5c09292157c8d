// Fuzzes the manifest loader: the input is manifest.yaml inside a copy of testdata/sample/pass, so the
// table, code-list and true-value files it names resolve as in the sample.
#include "fuzz_support.h"
#include "hitoku/model/error.h"
#include "hitoku/ingest/load_submission.h"

namespace {

std::filesystem::path prepare() {
  namespace fs = std::filesystem;
  const fs::path root = hitoku::fuzz::scratch_dir() / "sample";
  fs::copy(fs::path(HITOKU_TESTDATA) / "sample", root, fs::copy_options::recursive);
  return root / "pass" / "manifest.yaml";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path manifest = prepare();
  hitoku::fuzz::write_bytes(manifest, hitoku::fuzz::as_text(data, size));
  try {
    (void)hitoku::load_submission(manifest.string());
  } catch (const hitoku::InputError&) {
  }
  return 0;
}
