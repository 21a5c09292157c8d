#pragma once
// Reads a policy file (YAML) into the plain data of hitoku/policy/policy.h.
#include <string>

#include "hitoku/policy/policy.h"

namespace hitoku {

// Loads a policy by id (looked up in policies/) or by path; throws InputError.
Policy load_policy(const std::string& id_or_path);
// Where policies are looked up: $HITOKU_POLICY_DIR, else share/hitoku/policies beside an installed
// binary, else the source tree's policies/ (data_paths.h).
std::string policy_directory();

}  // namespace hitoku
