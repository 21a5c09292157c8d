#pragma once
// Writing back the columns beside the count (derived values, ignore_columns, not_modelled): their
// manifest entries, and the population and standard-population files they need.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/ingest/table_format.h"
#include "hitoku/model/submission.h"

namespace hitoku::ingest {

void emit_other_columns(YAML::Emitter& y, const Submission& sub, const Table& t);

// Renames the population and standard files of t's derived columns to fresh names (unique_name)
// and returns their contents (name, bytes), rebuilt from what was read; `format` is t's layout.
std::vector<std::pair<std::string, std::string>> other_column_files(
    const Submission& sub, Table& t, const TableFormat& format,
    const std::function<std::string(std::string, const std::string&)>& unique_name);

}  // namespace hitoku::ingest
