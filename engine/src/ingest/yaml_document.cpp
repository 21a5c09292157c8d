#include "yaml_document.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <string_view>
#include <vector>

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include "hitoku/model/error.h"

namespace hitoku::ingest {

namespace {

long line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

// A second document (after a `---` line) would be dropped without a word by a reader of the first:
// keys put there never take effect. The error names the `---` line that starts it.
[[noreturn]] void reject_second_document(const std::string& text, long node_line, const std::string& file,
                                         const std::string& what_ja, const std::string& what_en) {
  // The `---` at or before the second document's first node (node_line), or the last `---` when it
  // is empty (node_line 0).
  long line = 0, marker = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line;
    if (node_line != 0 && line > node_line) break;
    const std::string_view row(text.data() + start, end - start);
    if (row.starts_with("---") && (row.size() == 3 || row[3] == ' ' || row[3] == '\t' || row[3] == '\r')) marker = line;
    start = end + 1;
  }
  if (marker == 0)  // no `---` line: yaml-cpp read a document out of nothing (a lone ',')
    throw InputError({file, node_line != 0 ? node_line : 1, ""}, what_ja + "を YAML として読めません（文書の始まりを読めません）",
                     "the " + what_en + " is not valid YAML (its start cannot be read as a document)");
  throw InputError({file, marker != 0 ? marker : node_line, ""},
                   what_ja + "に2つ目の YAML 文書（「---」の行から後）があります。hitoku は1つ目しか読まないので、1つの文書にまとめてください",
                   "the " + what_en + " holds a second YAML document (from the '---' line on); hitoku reads only "
                   "one document, so merge them into one");
}

// Counts the documents as the parser reads them, and keeps the line of the second one's first node.
// yaml-cpp 0.7's LoadAll never returns on a text such as a lone ',' (each call reads another, empty
// document, found by fuzz_manifest): the documents are counted here two at the most, and the first
// is read with Load, which ends.
class DocumentCounter : public YAML::EventHandler {
 public:
  int documents = 0;
  long second_node_line = 0;
  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { node(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { node(m); }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& m) {
    if (documents == 2 && second_node_line == 0 && !m.is_null()) second_node_line = m.line + 1;
  }
};

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
  DocumentCounter counter;
  YAML::Node root;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    for (int k = 0; k < 2 && parser.HandleNextDocument(counter); ++k) {
    }
    if (counter.documents < 2) root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.is_null() ? 0 : e.mark.line + 1, ""}, what_ja + "を YAML として読めません: " + e.msg,
                     "the " + what_en + " is not valid YAML: " + e.msg);
  }
  if (counter.documents > 1) reject_second_document(text, counter.second_node_line, file, what_ja, what_en);
  reject_duplicate_keys(root, file);
  return root;
}

}  // namespace hitoku::ingest
