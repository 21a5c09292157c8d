#pragma once
// The manifest reader behind load_submission, with the policy loader passed in (tests use a fixed
// policy; the public entry uses load_policy).
#include <functional>
#include <string>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/submission.h"

namespace hitoku::ingest {

// Receives the manifest's `policy:` value: an id, or a path already resolved against the manifest folder.
using PolicyLoader = std::function<Policy(const std::string& id_or_path)>;

// With `layout`, also how each table looked on disk (for writing it back).
Submission load_submission_with(const std::string& manifest_path, const PolicyLoader& load_policy_fn,
                                SubmissionLayout* layout = nullptr);

}  // namespace hitoku::ingest
