// Kept apart from the manifest reader so that programs which never load a policy from disk
// (unit tests) need not link the policy module.
#include "hitoku/ingest/load_submission.h"
#include "hitoku/ingest/load_policy.h"
#include "submission_loader.h"

namespace hitoku {

Submission load_submission(const std::string& manifest_path, SubmissionLayout* layout) {
  return ingest::load_submission_with(manifest_path, [](const std::string& id) { return load_policy(id); }, layout);
}

}  // namespace hitoku
