#pragma once
// Every YAML file hitoku reads (manifest, table plan, policy) is parsed here: a syntax error names the
// line, and a key written twice in one mapping is an error (yaml-cpp would silently use the first value,
// so `file: t1.csv` then `file: ../fail/t1.csv` would check a file the author did not mean).
#include <yaml-cpp/yaml.h>

#include <string>

namespace hitoku::ingest {

// Parses `text` (UTF-8) read from `file`; throws InputError({file, line, key}) for bad YAML or a
// duplicate key at any depth. `what_ja`/`what_en` name the document in messages ("マニフェスト").
YAML::Node parse_yaml_document(const std::string& text, const std::string& file, const std::string& what_ja,
                               const std::string& what_en);

// Throws InputError at the second occurrence of a key repeated in any mapping under `root`.
void reject_duplicate_keys(const YAML::Node& root, const std::string& file);

}  // namespace hitoku::ingest
