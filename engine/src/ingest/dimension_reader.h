#pragma once
// A dimension of the manifest: inline `codes:` or a `codes_file:` CSV (code,label,parent).
#include <string>

#include <yaml-cpp/yaml.h>

#include "hitoku/dimension.h"
#include "hitoku/submission.h"
#include "yaml_fields.h"

namespace hitoku::ingest {

// `base_dir` resolves codes_file; a file read is added to `inputs`.
Dimension read_dimension(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                         const std::string& base_dir, std::vector<InputFile>& inputs);

}  // namespace hitoku::ingest
