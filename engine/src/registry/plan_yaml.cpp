#include "plan_yaml.h"

namespace hitoku::registry {
namespace {

std::string scalar(const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsScalar())
    throw InputError(where(file, n, key), "文字列または数値を指定してください", "expected a single value");
  return n.as<std::string>();
}


std::vector<std::string> scalars(const YAML::Node& n, const std::string& file, const std::string& key) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return out;
  }
  if (!n.IsSequence()) throw InputError(where(file, n, key), "リストを指定してください", "expected a list");
  for (const auto& item : n) out.push_back(scalar(item, file, key));
  return out;
}

void code_label(const YAML::Node& n, std::string& code, std::string& label, const std::string& file,
                const std::string& key) {
  if (!n.IsMap()) throw InputError(where(file, n, key), "{code, label} を指定してください", "expected {code, label}");
  if (n["code"]) code = scalar(n["code"], file, key + ".code");
  if (n["label"]) label = scalar(n["label"], file, key + ".label");
}

void check_keys(const YAML::Node& n, std::initializer_list<const char*> allowed, const std::string& file,
                const std::string& key) {
  for (const auto& kv : n) {
    std::string k = kv.first.as<std::string>();
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok)
      throw InputError(where(file, kv.first, key + "." + k), "知らないキーです: " + k, "unknown key '" + k + "'");
  }
}

}  // namespace

int plan_integer(const YAML::Node& n, const std::string& file, const std::string& key) {
  try {
    return n.as<int>();
  } catch (const YAML::Exception&) {
    throw InputError(where(file, n, key), "整数を指定してください", "expected an integer");
  }
}

SourcePos where(const std::string& file, const YAML::Node& node, const std::string& key) {
  return {file, node.Mark().is_null() ? 0 : node.Mark().line + 1, key};
}

RecodeSpec parse_recode(const YAML::Node& node, const RecodeSpec& base, const std::string& file,
                        const std::string& key) {
  if (!node.IsMap()) throw InputError(where(file, node, key), "recode は対応表で指定してください", "a recode is a map");
  check_keys(node,
             {"base", "kind", "total", "categories", "other", "unknown", "unknown_values", "width", "top", "breaks",
              "reference", "wards", "outside", "from", "to"},
             file, key);
  RecodeSpec spec = base;
  spec.source = where(file, node, key);
  if (node["kind"]) spec.kind = scalar(node["kind"], file, key + ".kind");
  if (node["total"]) code_label(node["total"], spec.total_code, spec.total_label, file, key + ".total");
  if (node["other"]) code_label(node["other"], spec.other_code, spec.other_label, file, key + ".other");
  if (node["unknown"]) code_label(node["unknown"], spec.unknown_code, spec.unknown_label, file, key + ".unknown");
  if (node["unknown_values"]) spec.unknown_values = scalars(node["unknown_values"], file, key + ".unknown_values");
  if (node["width"]) spec.width = plan_integer(node["width"], file, key + ".width");
  if (node["top"]) spec.top = plan_integer(node["top"], file, key + ".top");
  if (node["breaks"]) {
    spec.breaks.clear();
    for (const auto& b : node["breaks"]) spec.breaks.push_back(plan_integer(b, file, key + ".breaks"));
  }
  if (node["reference"]) spec.reference = scalar(node["reference"], file, key + ".reference");
  if (node["wards"]) spec.kobe_wards = node["wards"].as<bool>(false);
  if (node["outside"]) {
    std::string o = scalar(node["outside"], file, key + ".outside");
    if (o != "error" && o != "category")
      throw InputError(where(file, node["outside"], key + ".outside"), "error か category を指定してください",
                       "expected error or category");
    spec.outside_category = o == "category";
  }
  if (node["from"]) spec.from = plan_integer(node["from"], file, key + ".from");
  if (node["to"]) spec.to = plan_integer(node["to"], file, key + ".to");
  if (node["categories"]) {
    spec.categories.clear();
    const YAML::Node& cats = node["categories"];
    if (!cats.IsSequence())
      throw InputError(where(file, cats, key + ".categories"), "区分のリストを指定してください", "expected a list");
    for (const auto& c : cats) {
      const std::string ck = key + ".categories";
      if (!c.IsMap() || !c["code"])
        throw InputError(where(file, c, ck), "各区分に code が必要です", "each category needs a code");
      check_keys(c, {"code", "label", "parent", "values", "ranges"}, file, ck);
      RecodeCategory cat;
      cat.code = scalar(c["code"], file, ck + ".code");
      cat.label = c["label"] ? scalar(c["label"], file, ck + ".label") : cat.code;
      if (c["parent"]) cat.parent = scalar(c["parent"], file, ck + ".parent");
      if (c["values"]) cat.values = scalars(c["values"], file, ck + ".values");
      if (c["ranges"])
        for (const auto& r : scalars(c["ranges"], file, ck + ".ranges")) {
          auto dash = r.find('-');
          if (dash == std::string::npos) cat.ranges.emplace_back(r, r);
          else cat.ranges.emplace_back(r.substr(0, dash), r.substr(dash + 1));
        }
      spec.categories.push_back(std::move(cat));
    }
  }
  if (spec.kind.empty()) throw InputError(spec.source, "recode に kind が必要です", "a recode needs a kind");
  return spec;
}

PlanFilter parse_filter(const YAML::Node& node, const std::string& file, const std::string& key) {
  if (!node.IsMap()) throw InputError(where(file, node, key), "フィルタは対応表で指定してください", "a filter is a map");
  check_keys(node, {"field", "dimension", "in", "not_in", "range"}, file, key);
  PlanFilter f;
  f.source = where(file, node, key);
  if (node["field"]) f.field = scalar(node["field"], file, key + ".field");
  if (node["dimension"]) f.dimension = scalar(node["dimension"], file, key + ".dimension");
  if (f.field.empty() == f.dimension.empty())
    throw InputError(f.source, "field か dimension のどちらか一つを指定してください",
                     "give exactly one of field and dimension");
  if (node["in"]) f.in = scalars(node["in"], file, key + ".in");
  if (node["not_in"]) f.not_in = scalars(node["not_in"], file, key + ".not_in");
  if (node["range"]) {
    const YAML::Node& r = node["range"];
    if (!r.IsSequence() || r.size() != 2)
      throw InputError(where(file, r, key + ".range"), "range は [下限, 上限] です", "range is [from, to]");
    try {
      f.range_from = r[0].as<long long>();
      f.range_to = r[1].as<long long>();
    } catch (const YAML::Exception&) {
      throw InputError(where(file, r, key + ".range"), "range は整数です", "range bounds are integers");
    }
    f.has_range = true;
  }
  if (f.in.empty() && f.not_in.empty() && !f.has_range)
    throw InputError(f.source, "in・not_in・range のいずれかが必要です", "a filter needs in, not_in or range");
  return f;
}

}  // namespace hitoku::registry
