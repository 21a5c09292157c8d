#include "hitoku/ingest/load_policy.h"

#include <cctype>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>

#include "hitoku/io/data_paths.h"
#include "hitoku/model/error.h"
#include "hitoku/io/sha256.h"
#include "hitoku/model/label_twins.h"
#include "hitoku/ingest/input_limits.h"
#include "input_file.h"
#include "yaml_document.h"

namespace hitoku {
namespace fs = std::filesystem;

std::string policy_directory() { return shipped_data_dir("HITOKU_POLICY_DIR", "policies", "policies"); }

namespace {

std::string resolve_policy_path(const std::string& id_or_path) {
  if (id_or_path.find('/') != std::string::npos || id_or_path.ends_with(".yaml") ||
      id_or_path.ends_with(".yml"))
    return id_or_path;
  return policy_directory() + "/" + id_or_path + ".yaml";
}

template <typename T>
T read_scalar(const YAML::Node& parent, const char* key, T fallback, const std::string& file,
              const std::string& section) {
  YAML::Node n = parent[key];
  if (!n) return fallback;
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw InputError({file, n.Mark().line + 1, section + "." + key}, "ポリシーの値が不正です",
                     "invalid policy value");
  }
}

NarrowIntervalAction parse_action(const YAML::Node& n, const std::string& file) {
  if (!n) return NarrowIntervalAction::Warn;
  std::string v = n.as<std::string>();
  if (v == "ignore") return NarrowIntervalAction::Ignore;
  if (v == "warn") return NarrowIntervalAction::Warn;
  if (v == "fail") return NarrowIntervalAction::Fail;
  throw InputError({file, n.Mark().line + 1, "differencing.narrow_interval"},
                   "ignore / warn / fail のいずれかを指定してください", "expected ignore, warn or fail");
}

// A policy key hitoku does not know is an error: a misspelled `maks: 20` or `small_cell:` would
// otherwise leave the default in force and the report would pass tables under rules the author did
// not write. `section` is "" for the top level; the error names "section.key".
YAML::Node checked_section(const YAML::Node& node, const std::string& section,
                           std::initializer_list<const char*> allowed, const std::string& file) {
  const std::string where = section.empty() ? "policy" : section;
  if (node.IsNull()) return node;  // `small_cells:` with nothing under it sets nothing
  if (!node.IsMap())
    throw InputError({file, node.Mark().is_null() ? 0L : node.Mark().line + 1L, where},
                     "「" + where + "」は項目名: 値 の形で書いてください", "'" + where + "' must be a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) continue;
    const std::string field = section.empty() ? key : section + "." + key;
    throw InputError({file, kv.first.Mark().line + 1L, field},
                     "ポリシーに不明な項目「" + field + "」があります（綴りを確認してください。docs/policy.md）",
                     "unknown policy key '" + field + "' (check the spelling; docs/policy.md lists the keys)");
  }
  return node;
}

void check_policy_version(const YAML::Node& root, const std::string& file) {
  const YAML::Node v = root["policy_version"];
  if (!v) return;  // version 1 is the default
  if (!v.IsScalar() || v.Scalar() != "1")
    throw InputError({file, v.Mark().line + 1L, "policy_version"},
                     "policy_version は 1 にしてください（この hitoku が読めるのは版 1 です）",
                     "policy_version must be 1 (this hitoku reads version 1)");
}

}  // namespace

namespace {
Policy read_policy(const std::string& id_or_path, const std::string& path);
}  // namespace

Policy load_policy(const std::string& id_or_path) {
  const std::string path = resolve_policy_path(id_or_path);
  return ingest::with_input_errors(path, "ポリシー", "policy", [&] { return read_policy(id_or_path, path); });
}

namespace {

// A file that calls itself a shipped policy must be it: a copy with one rule loosened under the same id
// would be reported as the prefecture's rules (ポリシー: hyogo-2018) and pass what they fail.
// An id as a reader takes it: case, spaces, zero-width characters, full-width letters and dashes aside
// (Hyogo-2018, ｈｙｏｇｏ‐2018, "hyogo-2018\u200b", hyogo-2018.yaml all read as hyogo-2018).
std::string id_as_read(std::string id) {
  for (const char* invisible : {"\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xEF\xBB\xBF"})
    for (std::size_t at; (at = id.find(invisible)) != std::string::npos;) id.erase(at, 3);
  for (const char* dash : {"\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x88\x92"})
    for (std::size_t at; (at = id.find(dash)) != std::string::npos;) id.replace(at, 3, "-");
  id = printed_name(id);
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* ext : {".yaml", ".yml"})
    if (id.ends_with(ext)) id.resize(id.size() - std::string(ext).size());
  return id;
}

void refuse_altered_shipped_policy(const std::string& id, const std::string& bytes, const std::string& path, long line) {
  std::error_code error;
  if (id.empty()) return;
  std::string shipped;  // the shipped policy whose id reads as this one
  for (const auto& entry : fs::directory_iterator(policy_directory(), error)) {
    const fs::path& file = entry.path();
    if ((file.extension() == ".yaml" || file.extension() == ".yml") && id_as_read(file.stem().string()) == id_as_read(id))
      shipped = file.string();
  }
  if (shipped.empty() || shipped == path) return;
  if (id == fs::path(shipped).stem().string() && read_file_bytes(shipped, "policy") == bytes) return;
  throw InputError({path, line, "id"},
                   "ポリシーの id「" + id + "」は同梱のポリシーと同じですが、内容が違います。変えたポリシーには別の id を付けてください"
                   "（報告書が県の規則として表示しないため）",
                   "policy id '" + id + "' is the id of a shipped policy, but the content differs; give a changed policy "
                   "an id of its own (so that no report shows it as the prefecture's rules)");
}

Policy read_policy(const std::string& id_or_path, const std::string& path) {
  std::error_code error;  // a name the system cannot look up (too long, say) is not found either
  if (!fs::exists(path, error))
    throw InputError({path, 0, "policy"}, "ポリシー「" + id_or_path + "」が見つかりません",
                     "unknown policy '" + id_or_path + "'");
  ingest::check_input_file(path, path, input_limits().max_yaml_bytes, "ポリシー", "policy");
  const std::string bytes = read_file_bytes(path, "policy");
  const YAML::Node root = ingest::parse_yaml_document(bytes, path, "ポリシー", "policy");
  if (!root.IsMap() || !root["id"])
    throw InputError({path, 1, "id"}, "ポリシーに id がありません", "policy has no id");
  checked_section(root, "",
                  {"policy_version", "id", "version", "title", "source", "small_cells", "hospital_areas",
                   "differencing", "group_disclosure", "single_hospital", "derived_values", "suppression_markers"},
                  path);
  check_policy_version(root, path);
  Policy p;
  p.path = path;
  p.sha256 = sha256_hex(bytes);
  p.id = read_scalar<std::string>(root, "id", "", path, "policy");
  refuse_altered_shipped_policy(p.id, bytes, path, root["id"].Mark().line + 1);
  p.version = read_scalar<std::string>(root, "version", "", path, "policy");
  p.title = read_scalar<std::string>(root, "title", "", path, "policy");
  p.source = read_scalar<std::string>(root, "source", "", path, "policy");
  if (auto s = root["small_cells"]) {
    checked_section(s, "small_cells", {"min", "max", "combinations"}, path);
    p.small_min = read_scalar<std::int64_t>(s, "min", p.small_min, path, "small_cells");
    p.small_max = read_scalar<std::int64_t>(s, "max", p.small_max, path, "small_cells");
    p.small_combinations = read_scalar<bool>(s, "combinations", false, path, "small_cells");
    if (p.small_min < 1 || p.small_max < p.small_min)
      throw InputError({path, s.Mark().line + 1, "small_cells"}, "秘匿範囲 min..max が不正です (1 ≤ min ≤ max)",
                       "invalid suppression range min..max (need 1 <= min <= max)");
  }
  if (auto h = root["hospital_areas"]) {
    checked_section(h, "hospital_areas", {"min_hospitals", "merge_across_prefectures"}, path);
    p.min_hospitals = read_scalar<int>(h, "min_hospitals", p.min_hospitals, path, "hospital_areas");
    p.merge_across_prefectures =
        read_scalar<bool>(h, "merge_across_prefectures", p.merge_across_prefectures, path, "hospital_areas");
    if (p.min_hospitals < 1)
      throw InputError({path, h.Mark().line + 1, "hospital_areas.min_hospitals"}, "1 以上を指定してください",
                       "must be at least 1");
  }
  if (auto d = root["differencing"]) {
    checked_section(d, "differencing",
                    {"min_interval_width", "narrow_interval", "attacker_knows_small_range", "primary_upper_reach"}, path);
    p.min_interval_width = read_scalar<std::int64_t>(d, "min_interval_width", 0, path, "differencing");
    p.narrow_interval = parse_action(d["narrow_interval"], path);
    p.attacker_knows_small_range =
        read_scalar<bool>(d, "attacker_knows_small_range", false, path, "differencing");
    p.primary_upper_reach = read_scalar<bool>(d, "primary_upper_reach", false, path, "differencing");
    if (p.primary_upper_reach && p.attacker_knows_small_range)
      throw InputError({path, d.Mark().line + 1, "differencing.primary_upper_reach"},
                       "attacker_knows_small_range と同時には指定できません（秘匿の範囲を知る攻撃者の上限は常に範囲内です）",
                       "cannot be combined with attacker_knows_small_range (an attacker who knows the range "
                       "always bounds a small cell inside it)");
    if (p.min_interval_width < 0)
      throw InputError({path, d.Mark().line + 1, "differencing.min_interval_width"}, "0 以上を指定してください",
                       "must be 0 or more");
  }
  if (auto g = root["group_disclosure"]) {
    checked_section(g, "group_disclosure", {"sensitive"}, path);
    const YAML::Node list = g["sensitive"];
    if (list && !list.IsSequence())
      throw InputError({path, list.Mark().line + 1, "group_disclosure.sensitive"}, "変数名のリストを指定してください",
                       "expected a list of variable names");
    if (list)
      for (const auto& item : list) p.sensitive_variables.push_back(item.as<std::string>());
  }
  if (auto h = root["single_hospital"]) {
    checked_section(h, "single_hospital", {"any_count"}, path);
    p.single_hospital_any_count = read_scalar<bool>(h, "any_count", false, path, "single_hospital");
  }
  if (auto d = root["derived_values"]) {
    checked_section(d, "derived_values", {"attacker_knows_populations"}, path);
    p.attacker_knows_populations = read_scalar<bool>(d, "attacker_knows_populations", true, path, "derived_values");
  }
  if (auto m = root["suppression_markers"]) {
    if (!m.IsSequence())
      throw InputError({path, m.Mark().line + 1, "suppression_markers"}, "文字列のリストを指定してください",
                       "expected a list of strings");
    for (const auto& item : m) p.default_markers.push_back(item.as<std::string>());
  }
  return p;
}

}  // namespace

}  // namespace hitoku
