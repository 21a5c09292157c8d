#pragma once
// Reading manifest YAML with positions: every error names the manifest, the line and the key.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "hitoku/model/error.h"

namespace hitoku::ingest {

class YamlFields {
 public:
  explicit YamlFields(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }

  SourcePos pos(const YAML::Node& node, const std::string& key) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& ja,
                         const std::string& en) const;

  // The node must be a map whose keys are all in `allowed`.
  void expect_map(const YAML::Node& node, const std::string& key, std::initializer_list<const char*> allowed) const;
  // A scalar under `key` of map `parent`; empty when absent and not required.
  std::string string(const YAML::Node& parent, const std::string& key, bool required = false) const;
  // A scalar or a sequence of scalars.
  std::vector<std::string> strings(const YAML::Node& parent, const std::string& key) const;
  int integer(const YAML::Node& parent, const std::string& key, int fallback) const;

 private:
  std::string file_;
};

}  // namespace hitoku::ingest
