#pragma once
// A dimension of the manifest: inline `codes:` or a `codes_file:` CSV (code,label,parent).
#include <string>

#include <yaml-cpp/yaml.h>

#include "hitoku/model/dimension.h"
#include "hitoku/model/submission.h"
#include "yaml_fields.h"

namespace hitoku::ingest {

struct CodeEntry {
  std::string code, label, parent;
  SourcePos pos;  // the code's line
};

// Checks the codes (no empty or repeated code, one root, known parents, no cycle) and builds the
// dimension; `whole` is where errors about the dimension as a whole point.
Dimension build_checked_dimension(const std::string& id, const std::string& label,
                                  const std::vector<CodeEntry>& entries, const SourcePos& whole);

// `base_dir` resolves codes_file, which must lie inside one of `allowed_folders`; a file read is added to `inputs`.
Dimension read_dimension(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                         const std::string& base_dir, const std::vector<std::string>& allowed_folders,
                         std::vector<InputFile>& inputs);

}  // namespace hitoku::ingest
