#include "dimension_reader.h"

#include <filesystem>
#include <stdexcept>

#include "hitoku/csv.h"
#include "hitoku/sha256.h"

namespace hitoku::ingest {

Dimension build_checked_dimension(const std::string& id, const std::string& label, const std::vector<CodeEntry>& entries,
                const SourcePos& whole) {
  Dimension dim(id, label);
  const CodeEntry* root = nullptr;
  for (const auto& e : entries) {
    SourcePos at = e.pos;
    at.field = "code";
    if (e.code.empty())
      throw InputError(at, "次元「" + id + "」に空のコードがあります", "dimension '" + id + "' has an empty code");
    if (!dim.add_code(e.code, e.label, e.parent))
      throw InputError(at, "次元「" + id + "」でコード「" + e.code + "」が重複しています",
                       "dimension '" + id + "': code '" + e.code + "' appears twice");
    if (e.parent.empty()) {
      if (root)
        throw InputError(at,
                         "次元「" + id + "」に親のないコード（総数）が2つあります: 「" + root->code + "」と「" + e.code +
                             "」（親を書いてください）",
                         "dimension '" + id + "' has two codes without parent (roots): '" + root->code + "' and '" +
                             e.code + "'");
      root = &e;
    }
  }
  for (const auto& e : entries) {
    if (e.parent.empty() || dim.find(e.parent) >= 0) continue;
    SourcePos at = e.pos;
    at.field = "parent";
    throw InputError(at, "次元「" + id + "」のコード「" + e.code + "」の親「" + e.parent + "」がコード一覧にありません",
                     "dimension '" + id + "': code '" + e.code + "' has unknown parent '" + e.parent + "'");
  }
  if (!root)
    throw InputError(whole, "次元「" + id + "」に総数（親のないコード）がありません",
                     "dimension '" + id + "' has no root (a code without parent, the total)");
  try {
    dim.finalize();
  } catch (const std::invalid_argument& e) {
    throw InputError(whole, "次元「" + id + "」の階層が正しくありません: " + e.what(),
                     std::string("invalid hierarchy: ") + e.what());
  }
  return dim;
}

// The codes of a manifest dimension (inline or from a CSV file).
Dimension read_dimension_codes(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                               const std::string& base_dir, std::vector<InputFile>& inputs);

Dimension read_dimension(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                         const std::string& base_dir, std::vector<InputFile>& inputs) {
  yaml.expect_map(node, id, {"label", "variable", "codes", "codes_file", "encoding"});
  Dimension dim = read_dimension_codes(id, node, yaml, base_dir, inputs);
  dim.set_variable(yaml.string(node, "variable"));
  return dim;
}

Dimension read_dimension_codes(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                               const std::string& base_dir, std::vector<InputFile>& inputs) {
  const std::string label = yaml.string(node, "label");
  const std::string file = yaml.string(node, "codes_file");
  const bool inline_codes = node["codes"].IsDefined() && !node["codes"].IsNull();
  if (file.empty() == !inline_codes)
    yaml.fail(node, id, "次元「" + id + "」には codes か codes_file のどちらか一方を書いてください",
              "dimension '" + id + "' needs exactly one of 'codes' and 'codes_file'");
  std::vector<CodeEntry> entries;
  if (inline_codes) {
    const YAML::Node codes = node["codes"];
    if (!codes.IsSequence())
      yaml.fail(codes, "codes", "codes は {code, label, parent} の並びで書いてください",
                "'codes' must be a list of {code, label, parent}");
    for (const auto& c : codes) {
      yaml.expect_map(c, "codes", {"code", "label", "parent"});
      entries.push_back({yaml.string(c, "code", true), yaml.string(c, "label"), yaml.string(c, "parent"),
                         yaml.pos(c, "codes")});
    }
    return build_checked_dimension(id, label.empty() ? id : label, entries, yaml.pos(node, id));
  }
  std::optional<TextEncoding> enc;
  try {
    enc = parse_encoding_name(yaml.string(node, "encoding"));
  } catch (const std::invalid_argument&) {
    yaml.fail(node["encoding"], "encoding", "encoding は auto, utf-8, cp932 のいずれかです",
              "encoding must be auto, utf-8 or cp932");
  }
  const std::string path = (std::filesystem::path(base_dir) / file).string();
  CsvFile csv = read_csv_file(path, enc, file);
  inputs.push_back({file, sha256_hex(csv.bytes), "dimension"});
  if (csv.rows.empty())
    throw InputError({file, 0, ""}, "コード一覧ファイルが空です", "the code list file is empty");
  const auto& header = csv.rows[0].fields;
  auto col = [&](const std::string& name, bool required) -> long {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return static_cast<long>(c);
    if (required)
      throw InputError({file, csv.rows[0].line, name}, "コード一覧に列「" + name + "」がありません（見出し行を確認してください）",
                       "the code list has no column '" + name + "' (check the header row)");
    return -1;
  };
  const long code_col = col("code", true), label_col = col("label", false), parent_col = col("parent", false);
  auto get = [](const CsvRow& r, long c) {
    return c >= 0 && static_cast<std::size_t>(c) < r.fields.size() ? r.fields[static_cast<std::size_t>(c)] : std::string();
  };
  for (std::size_t i = 1; i < csv.rows.size(); ++i) {
    const CsvRow& r = csv.rows[i];
    entries.push_back({get(r, code_col), get(r, label_col), get(r, parent_col), {file, r.line, ""}});
  }
  return build_checked_dimension(id, label.empty() ? id : label, entries, {file, 0, ""});
}

}  // namespace hitoku::ingest
