#include "yaml_fields.h"

#include <algorithm>
#include <cstring>

namespace hitoku::ingest {

SourcePos YamlFields::pos(const YAML::Node& node, const std::string& key) const {
  long line = 0;
  if (node.IsDefined() && !node.Mark().is_null()) line = node.Mark().line + 1;
  return {file_, line, key};
}

void YamlFields::fail(const YAML::Node& node, const std::string& key, const std::string& ja,
                      const std::string& en) const {
  throw InputError(pos(node, key), ja, en);
}

void YamlFields::expect_map(const YAML::Node& node, const std::string& key,
                            std::initializer_list<const char*> allowed) const {
  if (!node.IsMap()) fail(node, key, "「" + key + "」は項目名: 値 の形で書いてください", "'" + key + "' must be a mapping");
  for (const auto& kv : node) {
    std::string k = kv.first.as<std::string>();
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; });
    if (!known)
      fail(kv.first, k, "不明な項目「" + k + "」があります（綴りを確認してください）",
           "unknown key '" + k + "' (check the spelling)");
  }
}

std::string YamlFields::string(const YAML::Node& parent, const std::string& key, bool required) const {
  YAML::Node n = parent[key];
  if (!n || n.IsNull()) {
    if (required) fail(parent, key, "必須の項目「" + key + "」がありません", "required key '" + key + "' is missing");
    return {};
  }
  if (!n.IsScalar()) fail(n, key, "「" + key + "」は文字列で書いてください", "'" + key + "' must be a single value");
  // A NUL ("\0" in a quoted value) would cut the value short wherever it is used as a C string: a
  // file "t3.csv\0x" would open t3.csv.
  if (n.Scalar().find('\0') != std::string::npos)
    fail(n, key, "「" + key + "」の値に NUL 文字（\\0）があります", "the value of '" + key + "' holds a NUL character (\\0)");
  return n.Scalar();
}

std::vector<std::string> YamlFields::strings(const YAML::Node& parent, const std::string& key) const {
  YAML::Node n = parent[key];
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) fail(n, key, "「" + key + "」は値の並びで書いてください", "'" + key + "' must be a list");
  for (const auto& item : n) {
    if (!item.IsScalar()) fail(item, key, "「" + key + "」の要素は文字列にしてください", "items of '" + key + "' must be values");
    out.push_back(item.Scalar());
  }
  return out;
}

int YamlFields::integer(const YAML::Node& parent, const std::string& key, int fallback) const {
  std::string s = string(parent, key);
  if (s.empty()) return fallback;
  if (s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    fail(parent[key], key, "「" + key + "」は 0 以上の整数にしてください", "'" + key + "' must be a non-negative integer");
  return std::stoi(s);
}

}  // namespace hitoku::ingest
