#include "plan_derived.h"

#include <algorithm>

#include "hitoku/io/sha256.h"
#include "ingest/count_field.h"
#include "ingest/fixed_dimensions.h"
#include "ingest/other_columns.h"
#include "plan_yaml.h"

namespace hitoku::registry {

std::vector<PlanDerived> read_plan_derived(const YAML::Node& list, const std::string& file, const PlanTable& table,
                                           const std::vector<PlanDimension>& dimensions, const PlanPath& path) {
  const ingest::YamlFields yaml(file);
  if (!list.IsSequence() || list.size() == 0)
    yaml.fail(list, "tables.derived", "derived は派生値の列のリストです", "'derived' must be a list of derived columns");
  auto in_table = [&](const std::string& id) {
    return std::find(table.dimensions.begin(), table.dimensions.end(), id) != table.dimensions.end();
  };
  std::vector<std::string> taken = {"件数"};
  for (const std::string& id : table.dimensions) {
    taken.push_back(id);
    for (const auto& d : dimensions)
      if (d.id == id) taken.push_back(d.label);
  }
  std::vector<PlanDerived> out;
  for (const auto& d : list) {
    PlanDerived p;
    p.column = ingest::read_derived_declaration(d, yaml);
    DerivedColumn& c = p.column;
    if (std::find(taken.begin(), taken.end(), c.header) != taken.end())
      yaml.fail(d["column"], "column", "列「" + c.header + "」はこの表で既に使われています（件数・区分の id と名前とも別の見出しにしてください）",
                "column '" + c.header + "' is already used by this table (use a header other than 件数 and the dimensions' ids and labels)");
    taken.push_back(c.header);
    for (const auto& kv : d["base"])
      if (!in_table(kv.first.as<std::string>()))
        yaml.fail(kv.first, "base", "区分「" + kv.first.as<std::string>() + "」はこの表の dimensions にありません",
                  "dimension '" + kv.first.as<std::string>() + "' is not among this table's dimensions");
    if (c.kind == DerivedKind::StandardisedRate && !in_table(c.age_dimension))
      yaml.fail(d["age"], "age", "age の区分「" + c.age_dimension + "」がこの表の dimensions にありません",
                "the age dimension '" + c.age_dimension + "' is not among this table's dimensions");
    if (c.kind != DerivedKind::Percent) {
      p.population_at = yaml.pos(d["population"], "population");
      c.population_file = path(d["population"]["file"], "tables.derived.population.file");
    }
    if (c.kind == DerivedKind::StandardisedRate) {
      p.standard_at = yaml.pos(d["standard"], "standard");
      c.standard_file = path(d["standard"]["file"], "tables.derived.standard.file");
    }
    out.push_back(std::move(p));
  }
  return out;
}

void attach_plan_derived(const PlanTable& plan, Submission& sub, Table& table, TableFormat& format) {
  if (plan.derived.empty()) return;
  ingest::TableSpec spec;
  spec.id = table.id;
  spec.where = plan.source;
  spec.dims = table.dims;
  spec.format.fixed = format.fixed;
  spec.format.fixed.resize(table.dims.size(), false);
  for (std::size_t d = 0; d < table.dims.size(); ++d) {
    spec.format.dimension_headers.push_back(sub.dimensions[static_cast<std::size_t>(table.dims[d])].id());
    spec.listed_codes.push_back(spec.format.is_fixed(d) ? table.codes[d] : std::vector<int>{});
  }
  ingest::OtherColumnDecls decls;
  for (const PlanDerived& p : plan.derived) {
    DerivedColumn c = p.column;
    if (c.kind == DerivedKind::StandardisedRate) {
      for (std::size_t d = 0; d < table.dims.size(); ++d)
        if (sub.dimensions[static_cast<std::size_t>(table.dims[d])].id() == c.age_dimension && !spec.format.is_fixed(d))
          c.age_position = static_cast<int>(d);
      if (c.age_position < 0)
        throw InputError(p.standard_at, "age の区分「" + c.age_dimension + "」が表「" + table.id + "」の列にありません",
                         "the age dimension '" + c.age_dimension + "' is not a column of table '" + table.id + "'");
    }
    decls.derived.push_back(std::move(c));
    decls.population_at.push_back(p.population_at);
    decls.standard_at.push_back(p.standard_at);
  }
  const ingest::SuppressionMarkers markers(ingest::builtin_markers());
  auto read_keyed = [&](const ingest::TableSpec& keyed, const std::string& file) {
    ingest::TableFileContent content =
        ingest::read_table_file(sub.dimensions, ingest::without_fixed(keyed), file, file, markers, false);
    ingest::restore_fixed(keyed, content);
    const bool seen = std::any_of(sub.inputs.begin(), sub.inputs.end(), [&](const InputFile& f) { return f.path == file; });
    if (!seen) sub.inputs.push_back({file, sha256_hex(content.bytes), "population"});
    return content;
  };
  ingest::compute_derived_columns(sub.dimensions, spec, std::move(decls), read_keyed, table, format);
}

}  // namespace hitoku::registry
