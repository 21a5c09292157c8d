#pragma once
// Reading the parts of a table plan that also describe the built-in recodes.
#include <yaml-cpp/yaml.h>

#include <string>

#include "hitoku/registry/table_plan.h"

namespace hitoku::registry {

// Position of a YAML node for errors (1-based line).
SourcePos where(const std::string& file, const YAML::Node& node, const std::string& key);

// An integer scalar, else InputError naming the key.
int plan_integer(const YAML::Node& n, const std::string& file, const std::string& key);

// A recode spec from a map node; keys present override `base` (a built-in or earlier recode).
RecodeSpec parse_recode(const YAML::Node& node, const RecodeSpec& base, const std::string& file,
                        const std::string& key);

// A filter: {field | dimension, in, not_in, range}.
PlanFilter parse_filter(const YAML::Node& node, const std::string& file, const std::string& key);

}  // namespace hitoku::registry
