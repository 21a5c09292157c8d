#pragma once
// Where the data shipped with hitoku (policies, reference data, the synthetic hospital list) is found,
// so that an installed or moved binary works: see docs/user-guide.md (install).
#include <string>

namespace hitoku {

// In order: the environment variable `env_var` (when given and set); the installed folder
// <binary's folder>/../share/hitoku/<installed_name> (the binary found through /proc/self/exe) when it
// exists; the source tree's <source_name> as the last resort (a binary run from its build folder).
std::string shipped_data_dir(const char* env_var, const std::string& installed_name, const std::string& source_name);

// The synthetic hospital list `hitoku synth` uses by default (hyogo_hospitals_synthetic.csv).
std::string synthetic_hospitals_file();

}  // namespace hitoku
