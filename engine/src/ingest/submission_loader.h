#pragma once
// The manifest reader behind load_submission, with the policy loader passed in (tests use a fixed
// policy; the public entry uses load_policy).
#include <functional>
#include <string>

#include "hitoku/model/submission.h"

namespace hitoku::ingest {

// Receives the manifest's `policy:` value: an id, or a path already resolved against the manifest folder.
using PolicyLoader = std::function<Policy(const std::string& id_or_path)>;

Submission load_submission_with(const std::string& manifest_path, const PolicyLoader& load_policy_fn);

}  // namespace hitoku::ingest
