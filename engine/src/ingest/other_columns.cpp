#include "other_columns.h"

#include <algorithm>

#include "hitoku/ingest/text_encoding.h"
#include "xlsx_reader.h"

namespace hitoku::ingest {
namespace {

bool digits_only(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void add_header(const YamlFields& yaml, const YAML::Node& at, const std::string& key, const std::string& header,
                TableSpec& spec) {
  if (header.empty()) yaml.fail(at, key, "列見出しを書いてください", "write the column header");
  const auto& f = spec.format;
  const bool taken = header == f.count_header || header == f.true_value_column ||
                     std::find(f.dimension_headers.begin(), f.dimension_headers.end(), header) != f.dimension_headers.end() ||
                     std::find(spec.other_headers.begin(), spec.other_headers.end(), header) != spec.other_headers.end();
  if (taken)
    yaml.fail(at, key, "列「" + header + "」はこの表で既に使われています", "column '" + header + "' is already used by this table");
  spec.other_headers.push_back(header);
}

void read_unaudited(const YAML::Node& n, const char* key, bool not_modelled, const YamlFields& yaml, TableSpec& spec,
                    OtherColumnDecls& out) {
  YAML::Node m = n[key];
  if (!m) return;
  if (!m.IsMap() || m.size() == 0)
    yaml.fail(m, key, std::string(key) + " は 列見出し: 理由 の形で書いてください",
              std::string("'") + key + "' must map column headers to a reason");
  for (const auto& kv : m) {
    const std::string header = kv.first.as<std::string>();
    if (!kv.second.IsScalar() || trim_text(kv.second.Scalar()).empty())
      yaml.fail(kv.second, key, "列「" + header + "」の理由を書いてください（レポートに載ります）",
                "write the reason for column '" + header + "' (it appears in the report)");
    add_header(yaml, kv.first, key, header, spec);
    out.unaudited.push_back({header, kv.second.Scalar(), not_modelled, yaml.pos(kv.first, key), {}});
  }
}

DerivedKind parse_kind(const YamlFields& yaml, const YAML::Node& d) {
  const std::string kind = yaml.string(d, "kind", true);
  if (kind == "rate") return DerivedKind::Rate;
  if (kind == "percent") return DerivedKind::Percent;
  if (kind == "standardised_rate") return DerivedKind::StandardisedRate;
  yaml.fail(d["kind"], "kind", "kind は rate・percent・standardised_rate のいずれかです",
            "kind must be rate, percent or standardised_rate");
}

std::pair<std::string, std::string> file_and_column(const YamlFields& yaml, const YAML::Node& d, const char* key) {
  YAML::Node f = d[key];
  if (!f) yaml.fail(d, key, "「" + std::string(key) + "」（{file: …, column: …}）が必要です",
                    "'" + std::string(key) + "' ({file: ..., column: ...}) is required");
  yaml.expect_map(f, key, {"file", "column"});
  return {yaml.string(f, "file", true), yaml.string(f, "column", true)};
}

DerivedColumn read_derived(const YAML::Node& d, const YamlFields& yaml, const std::vector<Dimension>& dims,
                           TableSpec& spec, OtherColumnDecls& out) {
  const bool wide = spec.format.layout == TableLayout::Wide;
  DerivedColumn c = read_derived_declaration(d, yaml, wide);
  if (!wide) add_header(yaml, d["column"], "column", c.header, spec);
  else if (std::any_of(out.derived.begin(), out.derived.end(), [&](const DerivedColumn& o) { return o.header == c.header; }))
    yaml.fail(d["name"], "name", "派生値の名前「" + c.header + "」がこの表で2回使われています",
              "derived value name '" + c.header + "' is used twice in this table");
  out.population_at.push_back(c.kind == DerivedKind::Percent ? SourcePos{} : yaml.pos(d["population"], "population"));
  out.standard_at.push_back(c.kind == DerivedKind::StandardisedRate ? yaml.pos(d["standard"], "standard") : SourcePos{});
  if (c.kind == DerivedKind::Percent)
    for (const auto& kv : d["base"]) {
      const std::string dim = kv.first.as<std::string>();
      const auto it = std::find_if(spec.dims.begin(), spec.dims.end(), [&](int x) { return dims[x].id() == dim; });
      if (it == spec.dims.end())
        yaml.fail(kv.first, "base", "次元「" + dim + "」はこの表にありません", "dimension '" + dim + "' is not in this table");
      if (dims[*it].find(kv.second.Scalar()) < 0)
        yaml.fail(kv.second, "base", "base のコードが次元「" + dim + "」にありません", "the base code is not in dimension '" + dim + "'");
    }
  if (c.kind == DerivedKind::StandardisedRate) {
    const auto it = std::find_if(spec.dims.begin(), spec.dims.end(), [&](int x) { return dims[x].id() == c.age_dimension; });
    if (it == spec.dims.end() || spec.format.is_fixed(static_cast<std::size_t>(it - spec.dims.begin())))
      yaml.fail(d["age"], "age", "age の次元「" + c.age_dimension + "」がこの表の列にありません",
                "the age dimension '" + c.age_dimension + "' is not a column of this table");
    c.age_position = static_cast<int>(it - spec.dims.begin());
  }
  return c;
}

}  // namespace

DerivedColumn read_derived_declaration(const YAML::Node& d, const YamlFields& yaml, bool wide) {
  if (wide) {
    if (d.IsMap() && d["column"])
      yaml.fail(d["column"], "column",
                "wide 形式の表の派生値は、同じ形の別の表（file、ブックなら sheet）に書き、name で名前を付けてください（column は long 形式の項目です）",
                "a wide table prints its derived values as a second wide table of the same layout (file, and sheet for a "
                "workbook) named by 'name' ('column' belongs to long tables)");
    yaml.expect_map(d, "derived", {"name", "file", "sheet", "kind", "per", "decimals", "rounding", "population", "base", "age", "standard"});
  } else {
    yaml.expect_map(d, "derived", {"column", "kind", "per", "decimals", "rounding", "population", "base", "age", "standard"});
  }
  DerivedColumn c;
  c.where = yaml.pos(d, "derived");
  const char* name_key = wide ? "name" : "column";
  c.header = yaml.string(d, name_key, true);
  if (c.header.empty()) yaml.fail(d[name_key], name_key, "列見出しを書いてください", "write the column header");
  if (wide) {
    c.file = yaml.string(d, "file", true);
    c.sheet = yaml.string(d, "sheet");
    if (!c.sheet.empty() && !is_workbook_path(c.file))
      yaml.fail(d["sheet"], "sheet", "sheet は file が Excel ブック（.xlsx）のときの項目です",
                "'sheet' needs 'file' to name an Excel workbook (.xlsx)");
  }
  c.kind = parse_kind(yaml, d);
  c.decimals = yaml.integer(d, "decimals", 1);
  if (c.decimals < 0 || c.decimals > 6)
    yaml.fail(d["decimals"], "decimals", "decimals（小数の桁数）は 0〜6 です", "decimals must be 0 to 6");
  const std::string rounding = yaml.string(d, "rounding");
  c.rounding_stated = !rounding.empty();
  if (rounding.empty() || rounding == "half_up") c.rounding = DerivedRounding::HalfUp;
  else if (rounding == "half_even") c.rounding = DerivedRounding::HalfEven;
  else if (rounding == "down") c.rounding = DerivedRounding::Down;
  else yaml.fail(d["rounding"], "rounding", "rounding は half_up（四捨五入、既定）・half_even・down（切り捨て）です",
                 "rounding must be half_up (default), half_even or down");
  const bool percent = c.kind == DerivedKind::Percent;
  auto forbid = [&](const char* key, const char* ja, const char* en) {
    if (d[key]) yaml.fail(d[key], key, ja, en);
  };
  c.per = 100;
  if (!percent) {
    const std::string per = yaml.string(d, "per");
    c.per = 100000;
    if (!per.empty()) {
      if (!digits_only(per) || per.size() > 10 || std::stoll(per) < 1 || std::stoll(per) > 1000000000)
        yaml.fail(d["per"], "per", "per は 1〜1,000,000,000 の整数です（例 100000）", "per must be an integer from 1 to 10^9 (e.g. 100000)");
      c.per = std::stoll(per);
    }
    std::tie(c.population_file, c.population_column) = file_and_column(yaml, d, "population");
    forbid("base", "base は percent の項目です", "'base' belongs to kind: percent");
  } else {
    forbid("per", "percent は常に 100 倍です（per は書けません）", "a percent is always per 100 ('per' is not allowed)");
    forbid("population", "population は rate・standardised_rate の項目です", "'population' belongs to rate and standardised_rate");
    YAML::Node b = d["base"];
    if (!b || !b.IsMap() || b.size() == 0)
      yaml.fail(b ? b : d, "base", "percent には base（分母のセル: 次元: コード）が必要です",
                "a percent needs 'base' (the denominator cell: dimension: code)");
    for (const auto& kv : b) {
      if (!kv.second.IsScalar())
        yaml.fail(kv.second, "base", "base のコードを一つ書いてください", "write one code per base dimension");
      c.base_codes[kv.first.as<std::string>()] = kv.second.Scalar();
    }
  }
  if (c.kind == DerivedKind::StandardisedRate) {
    c.age_dimension = yaml.string(d, "age", true);
    std::tie(c.standard_file, c.standard_column) = file_and_column(yaml, d, "standard");
  } else {
    forbid("age", "age は standardised_rate の項目です", "'age' belongs to kind: standardised_rate");
    forbid("standard", "standard は standardised_rate の項目です", "'standard' belongs to kind: standardised_rate");
  }
  return c;
}

OtherColumnDecls read_other_columns(const YAML::Node& n, const YamlFields& yaml, const std::vector<Dimension>& dims,
                                    TableSpec& spec) {
  OtherColumnDecls out;
  read_unaudited(n, "ignore_columns", false, yaml, spec, out);
  read_unaudited(n, "not_modelled", true, yaml, spec, out);
  YAML::Node list = n["derived"];
  if (!list) return out;
  if (!list.IsSequence() || list.size() == 0)
    yaml.fail(list, "derived", "derived は派生値の列のリストです", "'derived' must be a list of derived columns");
  for (const auto& d : list) out.derived.push_back(read_derived(d, yaml, dims, spec, out));
  return out;
}

}  // namespace hitoku::ingest
