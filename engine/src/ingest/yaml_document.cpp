#include "yaml_document.h"

#include <map>
#include <vector>

#include "hitoku/model/error.h"

namespace hitoku::ingest {

namespace {

long line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

}  // namespace

void reject_duplicate_keys(const YAML::Node& root, const std::string& file) {
  // An explicit stack: a deeply nested document must not exhaust the call stack.
  std::vector<YAML::Node> pending{root};
  while (!pending.empty()) {
    const YAML::Node node = pending.back();
    pending.pop_back();
    if (node.IsSequence()) {
      for (const auto& item : node) pending.push_back(item);
      continue;
    }
    if (!node.IsMap()) continue;
    std::map<std::string, long> first_line;
    for (const auto& kv : node) {
      pending.push_back(kv.second);
      if (!kv.first.IsScalar())
        throw InputError({file, line_of(kv.first), ""},
                         "項目名は文字列で書いてください（「? 」で始まる複合キーやリスト・マッピングの項目名は使えません）",
                         "a key must be a plain name (a complex key written with '? ', a list or a mapping, is not one)");
      const std::string key = kv.first.Scalar();
      auto [it, added] = first_line.emplace(key, line_of(kv.first));
      if (added) continue;
      throw InputError({file, line_of(kv.first), key},
                       "項目「" + key + "」が同じところに2回書かれています（1回目は " + std::to_string(it->second) +
                           " 行目）。どちらの値を使うか決められないので、1つにしてください",
                       "key '" + key + "' is written twice in one mapping (first on line " +
                           std::to_string(it->second) + "); keep one, hitoku will not guess which value is meant");
    }
  }
}

YAML::Node parse_yaml_document(const std::string& text, const std::string& file, const std::string& what_ja,
                               const std::string& what_en) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.is_null() ? 0 : e.mark.line + 1, ""}, what_ja + "を YAML として読めません: " + e.msg,
                     "the " + what_en + " is not valid YAML: " + e.msg);
  }
  reject_duplicate_keys(root, file);
  return root;
}

}  // namespace hitoku::ingest
