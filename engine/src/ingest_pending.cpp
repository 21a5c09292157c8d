// Temporary until the manifest reader lands (branch ingest): refuses every manifest with exit 2.
#include "hitoku/error.h"
#include "hitoku/manifest.h"

namespace hitoku {
Submission load_submission(const std::string& manifest_path) {
  throw InputError({manifest_path, 0, ""}, "マニフェストの読み込みは未実装です", "manifest reading is not implemented yet");
}
}  // namespace hitoku
