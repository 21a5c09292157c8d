#include "dimension_reader.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <stdexcept>

#include "hitoku/ingest/csv.h"
#include "input_file.h"
#include "hitoku/io/sha256.h"

namespace hitoku::ingest {
namespace {

// Deeper than any real code list (area: 3 levels, ICD-10 sites: 4); Dimension::finalize costs
// code count × depth, so a 100,000-level chain must stop here.
constexpr int kMaxHierarchyDepth = 64;

// Walks every code up to the root once (depths are remembered): a walk that meets itself is a cycle,
// a walk longer than kMaxHierarchyDepth is too deep. Parents are known to exist.
void check_hierarchy_shape(const std::string& id, const std::vector<CodeEntry>& entries) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < entries.size(); ++i) index.emplace(entries[i].code, i);
  std::vector<int> depth(entries.size(), -1);
  std::vector<std::size_t> walked_by(entries.size(), entries.size());
  std::vector<std::size_t> walk;
  for (std::size_t start = 0; start < entries.size(); ++start) {
    walk.clear();
    std::size_t c = start;
    bool at_root = false;
    while (depth[c] < 0) {
      if (walked_by[c] == start) {
        std::string chain;
        const auto first = std::find(walk.begin(), walk.end(), c);
        for (auto it = first; it != walk.end(); ++it) chain += entries[*it].code + " → ";
        chain += entries[c].code;
        SourcePos at = entries[c].pos;
        at.field = "parent";
        throw InputError(at, "次元「" + id + "」の親子関係が循環しています（" + chain + "）。親をたどると元のコードに戻ります",
                         "dimension '" + id + "': the parents form a cycle (" + chain + ")");
      }
      walked_by[c] = start;
      walk.push_back(c);
      if (entries[c].parent.empty()) {
        at_root = true;
        break;
      }
      c = index.at(entries[c].parent);
    }
    int d = at_root ? -1 : depth[c];
    for (auto it = walk.rbegin(); it != walk.rend(); ++it) {
      depth[*it] = ++d;
      if (d <= kMaxHierarchyDepth) continue;
      SourcePos at = entries[*it].pos;
      at.field = "parent";
      throw InputError(at,
                       "次元「" + id + "」の階層が深すぎます（コード「" + entries[*it].code + "」が " + std::to_string(d) +
                           " 段目、上限 " + std::to_string(kMaxHierarchyDepth) + " 段）",
                       "dimension '" + id + "' is nested too deeply (code '" + entries[*it].code + "' is at level " +
                           std::to_string(d) + ", at most " + std::to_string(kMaxHierarchyDepth) + ")");
    }
  }
}

}  // namespace

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
  check_hierarchy_shape(id, entries);
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
                               const std::string& base_dir, const std::vector<std::string>& allowed_folders,
                               std::vector<InputFile>& inputs);

Dimension read_dimension(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                         const std::string& base_dir, const std::vector<std::string>& allowed_folders,
                         std::vector<InputFile>& inputs) {
  yaml.expect_map(node, id, {"label", "variable", "codes", "codes_file", "encoding"});
  Dimension dim = read_dimension_codes(id, node, yaml, base_dir, allowed_folders, inputs);
  dim.set_variable(yaml.string(node, "variable"));
  return dim;
}

Dimension read_dimension_codes(const std::string& id, const YAML::Node& node, const YamlFields& yaml,
                               const std::string& base_dir, const std::vector<std::string>& allowed_folders,
                               std::vector<InputFile>& inputs) {
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
  check_inside_folders(path, file, allowed_folders, yaml.pos(node["codes_file"], "codes_file"));
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
  // A column hitoku does not read is refused rather than ignored: it may hold what the user meant.
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (h != "code" && h != "label" && h != "parent")
      throw InputError({file, csv.rows[0].line, h},
                       "コード一覧の列「" + h + "」は読みません（使える列は code, label, parent）。削除するか列名を直してください",
                       "the code list column '" + h + "' is not read (the columns are code, label, parent); remove or rename it");
    // Two columns with one heading: which one holds the codes (or parents) cannot be decided.
    if (std::find(header.begin(), header.begin() + static_cast<long>(c), h) != header.begin() + static_cast<long>(c))
      throw InputError({file, csv.rows[0].line, h},
                       "コード一覧の見出し「" + h + "」の列が2つあります（列 " + std::to_string(c + 1) + "）。1つにしてください",
                       "two columns of the code list are headed '" + h + "' (the second is column " +
                           std::to_string(c + 1) + "); keep one");
  }
  const long code_col = col("code", true), label_col = col("label", false), parent_col = col("parent", false);
  auto get = [](const CsvRow& r, long c) {
    return c >= 0 && static_cast<std::size_t>(c) < r.fields.size() ? r.fields[static_cast<std::size_t>(c)] : std::string();
  };
  for (std::size_t i = 1; i < csv.rows.size(); ++i) {
    const CsvRow& r = csv.rows[i];
    // A value past the last heading is refused like one in a table (an empty trailing field is not a value).
    for (std::size_t c = header.size(); c < r.fields.size(); ++c)
      if (!r.fields[c].empty())
        throw InputError({file, r.line, "列 " + std::to_string(c + 1)},
                         "この行は欄が多すぎます: 見出しのない列 " + std::to_string(c + 1) + " に値「" + r.fields[c] +
                             "」があります（見出しは " + std::to_string(header.size()) + " 列）",
                         "too many fields on line " + std::to_string(r.line) + ": a value '" + r.fields[c] +
                             "' in column " + std::to_string(c + 1) + ", which has no heading (the header has " +
                             std::to_string(header.size()) + " columns)");
    entries.push_back({get(r, code_col), get(r, label_col), get(r, parent_col), {file, r.line, ""}});
  }
  return build_checked_dimension(id, label.empty() ? id : label, entries, {file, 0, ""});
}

}  // namespace hitoku::ingest
