#pragma once
// Every YAML file hitoku reads (manifest, table plan, policy) is parsed here: a syntax error names the
// line, and a key written twice in one mapping is an error (yaml-cpp would silently use the first value,
// so `file: t1.csv` then `file: ../fail/t1.csv` would check a file the author did not mean).
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "hitoku/model/error.h"

namespace hitoku::ingest {

// Parses `text` (UTF-8) read from `file`; throws InputError({file, line, key}) for bad YAML or a
// duplicate key at any depth. `what_ja`/`what_en` name the document in messages ("マニフェスト").
YAML::Node parse_yaml_document(const std::string& text, const std::string& file, const std::string& what_ja,
                               const std::string& what_en);

// Throws InputError at the second occurrence of a key repeated in any mapping under `root`.
void reject_duplicate_keys(const YAML::Node& root, const std::string& file);

// Runs `read` (a loader of the document `file`) and turns what escapes its own checks into an
// InputError naming the file: a yaml-cpp conversion of a value of the wrong type (with its line), or
// a path the file system cannot look up (too long, say). Bad input never ends as an internal error.
template <class Read>
auto with_input_errors(const std::string& file, const std::string& what_ja, const std::string& what_en, Read&& read) {
  try {
    return read();
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.is_null() ? 0L : static_cast<long>(e.mark.line) + 1, ""},
                     what_ja + "の値の型が正しくありません: " + e.msg, "a value of the " + what_en + " has the wrong type: " + e.msg);
  } catch (const std::filesystem::filesystem_error& e) {
    throw InputError({e.path1().empty() ? file : e.path1().string(), 0, ""},
                     what_ja + "が指すファイルを調べられません: " + std::string(e.what()),
                     "a file the " + what_en + " names cannot be looked up: " + std::string(e.what()));
  }
}

}  // namespace hitoku::ingest
