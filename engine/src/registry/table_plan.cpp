// Reading a table plan (docs/table-plan.md).
#include "hitoku/registry/table_plan.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "hitoku/io/sha256.h"
#include "hitoku/io/utc_time.h"
#include "hitoku/ingest/input_limits.h"
#include "ingest/input_file.h"
#include "ingest/yaml_document.h"
#include "plan_derived.h"
#include "plan_yaml.h"

namespace hitoku {
namespace fs = std::filesystem;
using registry::where;

namespace {

struct PlanReader {
  std::string file;
  fs::path dir;
  std::vector<std::string> folders;  // files the plan names must lie inside one of these (after symlinks)

  std::string text(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) throw InputError(where(file, n, key), "文字列を指定してください", "expected a string");
    return n.as<std::string>();
  }
  std::string path(const YAML::Node& n, const std::string& key) const {
    const std::string typed = text(n, key);
    const fs::path p = typed;
    const std::string resolved = (p.is_absolute() ? p : dir / p).lexically_normal().string();
    ingest::check_inside_folders(resolved, typed, folders, where(file, n, key), "集計計画", "table plan");
    return resolved;
  }
  void keys(const YAML::Node& n, std::initializer_list<const char*> allowed, const std::string& key) const {
    if (!n.IsMap()) throw InputError(where(file, n, key), "対応表（キー: 値）を指定してください", "expected a map");
    for (const auto& kv : n) {
      std::string k = kv.first.as<std::string>();
      bool ok = false;
      for (const char* a : allowed) ok = ok || k == a;
      if (!ok)
        throw InputError(where(file, kv.first, key.empty() ? k : key + "." + k), "知らないキーです: " + k,
                         "unknown key '" + k + "'");
    }
  }
  void field_exists(const std::string& field, const YAML::Node& n, const std::string& key) const {
    if (find_extract_field(field) < 0)
      throw InputError(where(file, n, key), "「" + field + "」は提供データの項目名（様式第1号 別紙）にありません",
                       "'" + field + "' is not a field of the extract layout");
  }
  UnknownHandling unknown(const YAML::Node& n, const std::string& key) const {
    std::string v = text(n, key);
    if (v == "category") return UnknownHandling::Category;
    if (v == "error") return UnknownHandling::Error;
    throw InputError(where(file, n, key), "category か error を指定してください", "expected category or error");
  }
};

PlanCodeSelection parse_show(const YAML::Node& n, const PlanReader& r, const std::string& key) {
  PlanCodeSelection s;
  if (n.IsScalar()) {
    s.mode = n.as<std::string>();
    if (s.mode != "all" && s.mode != "leaves")
      throw InputError(where(r.file, n, key), "all・leaves・{depths: [...]}・コードのリストのいずれかです",
                       "expected all, leaves, {depths: [...]} or a list of codes");
  } else if (n.IsSequence()) {
    s.mode = "list";
    for (const auto& c : n) s.codes.push_back(r.text(c, key));
  } else if (n.IsMap() && n["depths"]) {
    s.mode = "depths";
    if (!n["depths"].IsSequence())
      throw InputError(where(r.file, n, key + ".depths"), "depths は階層の深さのリストです", "depths is a list of levels");
    for (const auto& d : n["depths"]) s.depths.push_back(registry::plan_integer(d, r.file, key + ".depths"));
  } else {
    throw InputError(where(r.file, n, key), "all・leaves・{depths: [...]}・コードのリストのいずれかです",
                     "expected all, leaves, {depths: [...]} or a list of codes");
  }
  return s;
}

void read_submission_info(const YAML::Node& s, const PlanReader& r, SubmissionInfo& info) {
  r.keys(s, {"title", "approval_date", "approval_number", "purpose", "publication_venue", "publication_date",
             "attribution"},
         "submission");
  auto get = [&](const char* k, std::string& out) {
    if (s[k]) out = r.text(s[k], std::string("submission.") + k);
  };
  get("title", info.title);
  get("approval_date", info.approval_date);
  if (!info.approval_date.empty() && !is_calendar_date(info.approval_date))
    throw InputError(where(r.file, s["approval_date"], "submission.approval_date"),
                     "応諾通知の日付「" + info.approval_date + "」は YYYY-MM-DD の形の実在する日付にしてください（例 2024-04-01）",
                     "approval date '" + info.approval_date + "' must be a real date written YYYY-MM-DD (e.g. 2024-04-01)");
  get("approval_number", info.approval_number);
  get("purpose", info.purpose);
  get("publication_venue", info.publication_venue);
  get("publication_date", info.publication_date);
  get("attribution", info.attribution);
}

void read_extract(const YAML::Node& extract, const PlanReader& r, TablePlan& plan) {
  const std::string& path = r.file;
  if (!extract) throw InputError({path, 0, "extract"}, "extract（抽出データ）の指定が必要です", "extract: is required");
  if (extract.IsScalar()) {
    plan.extract = r.path(extract, "extract");
  } else {
    r.keys(extract, {"path", "encoding"}, "extract");
    if (!extract["path"]) throw InputError(where(path, extract, "extract.path"), "path が必要です", "path is required");
    plan.extract = r.path(extract["path"], "extract.path");
    if (extract["encoding"]) {
      try {
        plan.encoding = parse_encoding_name(r.text(extract["encoding"], "extract.encoding"));
      } catch (const std::invalid_argument&) {
        throw InputError(where(path, extract["encoding"], "extract.encoding"),
                         "文字コードは auto・utf-8・cp932 のいずれかです", "encoding is auto, utf-8 or cp932");
      }
    }
  }
}

// Named recodes: the built-ins, replaced or extended by the plan's.
std::map<std::string, RecodeSpec> read_recodes(const YAML::Node& rc, const std::string& path) {
  std::map<std::string, RecodeSpec> recodes = builtin_recodes();
  if (!rc) return recodes;
  if (!rc.IsMap()) throw InputError(where(path, rc, "recodes"), "recodes は対応表です", "recodes is a map");
  for (const auto& kv : rc) {
    std::string name = kv.first.as<std::string>();
    RecodeSpec base;
    if (kv.second["base"]) {
      auto it = recodes.find(kv.second["base"].as<std::string>());
      if (it == recodes.end())
        throw InputError(where(path, kv.second["base"], "recodes." + name + ".base"), "base の recode がありません",
                         "unknown base recode");
      base = it->second;
    }
    RecodeSpec spec = registry::parse_recode(kv.second, base, path, "recodes." + name);
    spec.name = name;
    recodes[name] = std::move(spec);
  }
  return recodes;
}

PlanDimension read_dimension(const YAML::Node& d, const PlanReader& r,
                             const std::map<std::string, RecodeSpec>& recodes, const std::string& reference,
                             UnknownHandling plan_unknown, std::set<std::string>& dimension_ids) {
  const std::string& path = r.file;
  const std::string key = "dimensions";
  r.keys(d, {"id", "label", "field", "recode", "unknown", "adjacency"}, key);
  PlanDimension dim;
  dim.source = where(path, d, key);
  if (!d["id"] || !d["field"] || !d["recode"])
    throw InputError(dim.source, "各区分に id・field・recode が必要です", "each dimension needs id, field and recode");
  dim.id = r.text(d["id"], key + ".id");
  dim.label = d["label"] ? r.text(d["label"], key + ".label") : dim.id;
  dim.field = r.text(d["field"], key + ".field");
  r.field_exists(dim.field, d["field"], key + ".field");
  if (!dimension_ids.insert(dim.id).second)
    throw InputError(where(path, d["id"], key + ".id"), "区分 id「" + dim.id + "」が重複しています",
                     "dimension id '" + dim.id + "' appears twice");
  const YAML::Node rc = d["recode"];
  if (rc.IsScalar()) {
    auto it = recodes.find(rc.as<std::string>());
    if (it == recodes.end())
      throw InputError(where(path, rc, key + ".recode"), "recode「" + rc.as<std::string>() + "」がありません",
                       "unknown recode '" + rc.as<std::string>() + "'");
    dim.recode = it->second;
    dim.recode.source = where(path, rc, key + ".recode");
  } else {
    RecodeSpec base;
    if (rc["base"]) {
      auto it = recodes.find(rc["base"].as<std::string>());
      if (it == recodes.end())
        throw InputError(where(path, rc["base"], key + ".recode.base"), "base の recode がありません",
                         "unknown base recode");
      base = it->second;
    }
    dim.recode = registry::parse_recode(rc, base, path, key + ".recode");
    if (rc["reference"]) dim.recode.reference = r.path(rc["reference"], key + ".recode.reference");
  }
  if (dim.recode.kind == "municipality" && dim.recode.reference.empty()) dim.recode.reference = reference;
  dim.unknown = d["unknown"] ? r.unknown(d["unknown"], key + ".unknown") : plan_unknown;
  if (d["adjacency"]) dim.adjacency = r.path(d["adjacency"], key + ".adjacency");
  return dim;
}

template <class CheckFilter>
PlanTable read_table(const YAML::Node& t, const PlanReader& r, const std::string& plan_hospital_field,
                     const std::vector<PlanDimension>& dimensions, const std::set<std::string>& dimension_ids,
                     std::set<std::string>& table_ids,
                     const CheckFilter& check_filter) {
  const std::string& path = r.file;
  const std::string key = "tables";
  r.keys(t, {"id", "title", "dimensions", "unit", "totals", "show", "filters", "hospital_field",
             "hospital_dimension", "hospital_attribute", "derived"},
         key);
  PlanTable table;
  table.source = where(path, t, key);
  if (!t["id"] || !t["dimensions"])
    throw InputError(table.source, "各表に id と dimensions が必要です", "each table needs id and dimensions");
  table.id = r.text(t["id"], key + ".id");
  if (!table_ids.insert(table.id).second)
    throw InputError(where(path, t["id"], key + ".id"), "表 id「" + table.id + "」が重複しています",
                     "table id '" + table.id + "' appears twice");
  table.title = t["title"] ? r.text(t["title"], key + ".title") : table.id;
  std::set<std::string> seen;
  for (const auto& d : t["dimensions"]) {
    std::string id = r.text(d, key + ".dimensions");
    if (!dimension_ids.count(id))
      throw InputError(where(path, d, key + ".dimensions"), "区分「" + id + "」が dimensions にありません",
                       "dimension '" + id + "' is not defined");
    if (!seen.insert(id).second)
      throw InputError(where(path, d, key + ".dimensions"), "同じ区分が二度あります", "dimension listed twice");
    table.dimensions.push_back(id);
  }
  if (table.dimensions.empty())
    throw InputError(table.source, "表に区分が一つ以上必要です", "a table needs at least one dimension");
  if (t["unit"]) {
    std::string u = r.text(t["unit"], key + ".unit");
    if (u == "tumours" || u == "tumors") table.unit = CountingUnit::Tumours;
    else if (u == "patients") table.unit = CountingUnit::Patients;
    else
      throw InputError(where(path, t["unit"], key + ".unit"), "unit は tumours か patients です",
                       "unit is tumours or patients");
  }
  if (t["totals"]) table.totals = t["totals"].as<bool>(true);
  if (const YAML::Node show = t["show"]) {
    if (!show.IsMap()) throw InputError(where(path, show, key + ".show"), "show は対応表です", "show is a map");
    for (const auto& kv : show) {
      std::string id = kv.first.as<std::string>();
      if (!seen.count(id))
        throw InputError(where(path, kv.first, key + ".show"), "show の区分「" + id + "」が表にありません",
                         "show names a dimension not in the table");
      table.show[id] = parse_show(kv.second, r, key + ".show." + id);
    }
  }
  if (const YAML::Node f = t["filters"])
    for (const auto& item : f) {
      PlanFilter filter = registry::parse_filter(item, path, key + ".filters");
      check_filter(filter, item, key + ".filters");
      table.filters.push_back(std::move(filter));
    }
  table.hospital_field = t["hospital_field"] ? r.text(t["hospital_field"], key + ".hospital_field") : plan_hospital_field;
  r.field_exists(table.hospital_field, t["hospital_field"], key + ".hospital_field");
  if (t["hospital_dimension"]) {
    table.hospital_dimension = r.text(t["hospital_dimension"], key + ".hospital_dimension");
    if (!seen.count(table.hospital_dimension))
      throw InputError(where(path, t["hospital_dimension"], key + ".hospital_dimension"),
                       "hospital_dimension は表の区分の一つです", "hospital_dimension must be one of the table's dimensions");
  }
  if (t["hospital_attribute"]) table.hospital_attribute = r.text(t["hospital_attribute"], key + ".hospital_attribute");
  if (t["derived"])
    table.derived = registry::read_plan_derived(t["derived"], path, table, dimensions,
                                                [&r](const YAML::Node& n, const std::string& k) { return r.path(n, k); });
  return table;
}

}  // namespace

bool is_table_plan(const std::string& path) {
  if (!ingest::is_regular_input(path)) return false;  // the manifest loader names what it is
  try {
    YAML::Node root = YAML::LoadFile(path);
    return root.IsMap() && root["plan_version"];
  } catch (const YAML::Exception&) {
    return false;
  }
}

namespace {

TablePlan read_table_plan(const std::string& path) {
  TablePlan plan;
  plan.path = path;
  ingest::check_input_file(path, path, input_limits().max_yaml_bytes, "集計計画", "table plan");
  const std::string bytes = read_file_bytes(path, "plan");
  plan.sha256 = sha256_hex(bytes);
  PlanReader r{path, fs::path(path).parent_path(), {}};
  const YAML::Node root = ingest::parse_yaml_document(bytes, path, "集計計画", "table plan");
  if (!root.IsMap() || !root["plan_version"])
    throw InputError({path, 1, "plan_version"}, "集計計画には plan_version: 1 が必要です",
                     "a table plan needs plan_version: 1");
  r.keys(root,
         {"plan_version", "submission", "policy", "extract", "reference", "hospitals", "patient_field",
          "hospital_field", "unknown", "filters", "recodes", "dimensions", "tables", "max_bad_rows",
          "allowed_folders"},
         "");
  if (root["plan_version"].as<std::string>() != "1")
    throw InputError(where(path, root["plan_version"], "plan_version"), "plan_version は 1 のみ対応しています",
                     "only plan_version 1 is supported");
  r.folders = {r.dir.empty() ? std::string(".") : r.dir.string()};
  if (const YAML::Node allowed = root["allowed_folders"]) {
    if (!allowed.IsSequence())
      throw InputError(where(path, allowed, "allowed_folders"), "allowed_folders はフォルダのリストです",
                       "allowed_folders is a list of folders");
    for (const auto& f : allowed) {
      const fs::path folder = r.text(f, "allowed_folders");
      fs::path normal = (folder.is_absolute() ? folder : r.dir / folder).lexically_normal();
      if (!normal.has_filename() && normal.has_relative_path()) normal = normal.parent_path();  // "ref/" = "ref"
      r.folders.push_back(normal.string());
    }
  }
  for (const auto& f : input_limits().extra_folders) r.folders.push_back(f);

  if (const YAML::Node s = root["submission"]) read_submission_info(s, r, plan.info);
  if (root["policy"]) {
    std::string p = r.text(root["policy"], "policy");
    bool is_path = p.find('/') != std::string::npos || p.ends_with(".yaml") || p.ends_with(".yml");
    plan.policy = is_path ? r.path(root["policy"], "policy") : p;
  }
  read_extract(root["extract"], r, plan);
  std::string reference;
  if (root["reference"]) reference = r.path(root["reference"], "reference");
  if (root["hospitals"]) plan.hospitals = r.path(root["hospitals"], "hospitals");
  if (root["patient_field"]) plan.patient_field = r.text(root["patient_field"], "patient_field");
  r.field_exists(plan.patient_field, root["patient_field"], "patient_field");
  if (root["hospital_field"]) plan.hospital_field = r.text(root["hospital_field"], "hospital_field");
  r.field_exists(plan.hospital_field, root["hospital_field"], "hospital_field");
  if (root["unknown"]) plan.unknown = r.unknown(root["unknown"], "unknown");
  if (root["max_bad_rows"]) plan.max_bad_rows_reported = registry::plan_integer(root["max_bad_rows"], path, "max_bad_rows");

  const std::map<std::string, RecodeSpec> recodes = read_recodes(root["recodes"], path);

  std::set<std::string> dimension_ids;
  const YAML::Node dims = root["dimensions"];
  if (!dims || !dims.IsSequence() || dims.size() == 0)
    throw InputError({path, 0, "dimensions"}, "dimensions（集計区分）のリストが必要です", "dimensions: list is required");
  for (const auto& d : dims)
    plan.dimensions.push_back(read_dimension(d, r, recodes, reference, plan.unknown, dimension_ids));

  auto check_filter = [&](const PlanFilter& f, const YAML::Node& n, const std::string& key) {
    if (!f.field.empty()) r.field_exists(f.field, n, key + ".field");
    if (!f.dimension.empty() && !dimension_ids.count(f.dimension))
      throw InputError(f.source, "区分「" + f.dimension + "」が dimensions にありません",
                       "dimension '" + f.dimension + "' is not defined");
  };
  if (const YAML::Node fs_node = root["filters"]) {
    for (const auto& f : fs_node) {
      PlanFilter filter = registry::parse_filter(f, path, "filters");
      check_filter(filter, f, "filters");
      plan.filters.push_back(std::move(filter));
    }
  }

  const YAML::Node tables = root["tables"];
  if (!tables || !tables.IsSequence() || tables.size() == 0)
    throw InputError({path, 0, "tables"}, "tables（集計表）のリストが必要です", "tables: list is required");
  std::set<std::string> table_ids;
  for (const auto& t : tables)
    plan.tables.push_back(read_table(t, r, plan.hospital_field, plan.dimensions, dimension_ids, table_ids, check_filter));
  return plan;
}

}  // namespace

TablePlan load_table_plan(const std::string& path) {
  return ingest::with_input_errors(path, "集計計画", "table plan", [&] { return read_table_plan(path); });
}

}  // namespace hitoku
