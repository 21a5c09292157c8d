#include "manifest_other_columns.h"

#include <filesystem>

#include "hitoku/ingest/csv.h"
#include "hitoku/ingest/table_writer.h"

namespace hitoku::ingest {

void emit_other_columns(YAML::Emitter& y, const Submission& sub, const Table& t) {
  (void)sub;
  for (bool not_modelled : {false, true}) {
    bool any = false;
    for (const auto& u : t.unaudited) any = any || u.not_modelled == not_modelled;
    if (!any) continue;
    y << YAML::Key << (not_modelled ? "not_modelled" : "ignore_columns") << YAML::Value << YAML::BeginMap;
    for (const auto& u : t.unaudited)
      if (u.not_modelled == not_modelled) y << YAML::Key << u.header << YAML::Value << u.reason;
    y << YAML::EndMap;
  }
  if (t.derived.empty()) return;
  y << YAML::Key << "derived" << YAML::Value << YAML::BeginSeq;
  for (const DerivedColumn& c : t.derived) {
    if (c.file.empty()) {
      y << YAML::BeginMap << YAML::Key << "column" << YAML::Value << c.header;
    } else {  // a wide table's block of derived values
      y << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.header << YAML::Key << "file" << YAML::Value << c.file;
      if (!c.sheet.empty()) y << YAML::Key << "sheet" << YAML::Value << c.sheet;
    }
    y << YAML::Key << "kind" << YAML::Value << to_string(c.kind);
    y << YAML::Key << "decimals" << YAML::Value << c.decimals;
    if (c.rounding_stated) y << YAML::Key << "rounding" << YAML::Value << to_string(c.rounding);
    if (c.kind != DerivedKind::Percent) {
      y << YAML::Key << "per" << YAML::Value << c.per;
      y << YAML::Key << "population" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "file"
        << YAML::Value << c.population_file << YAML::Key << "column" << YAML::Value << c.population_column << YAML::EndMap;
    } else {
      y << YAML::Key << "base" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [dim, code] : c.base_codes) y << YAML::Key << dim << YAML::Value << YAML::DoubleQuoted << code;
      y << YAML::EndMap;
    }
    if (c.kind == DerivedKind::StandardisedRate) {
      y << YAML::Key << "age" << YAML::Value << c.age_dimension;
      y << YAML::Key << "standard" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "file" << YAML::Value
        << c.standard_file << YAML::Key << "column" << YAML::Value << c.standard_column << YAML::EndMap;
    }
    y << YAML::EndMap;
  }
  y << YAML::EndSeq;
}

std::vector<std::pair<std::string, std::string>> other_column_files(
    const Submission& sub, Table& t, const TableFormat& format,
    const std::function<std::string(std::string, const std::string&)>& unique_name) {
  std::vector<std::pair<std::string, std::string>> files;
  const std::vector<bool> no_column = dimensions_without_column(t, format);
  // A wide table's keyed files are headed by the dimension labels (its own headings are free text).
  auto header_of = [&](std::size_t d) {
    return d < format.dimension_headers.size() && format.layout == TableLayout::Long ? format.dimension_headers[d]
                                                                                     : sub.dimensions[t.dims[d]].label();
  };
  for (DerivedColumn& c : t.derived) {
    if (c.kind != DerivedKind::Percent) {
      std::vector<std::string> header;
      for (std::size_t d = 0; d < t.dims.size(); ++d)
        if (!no_column[d]) header.push_back(header_of(d));
      header.push_back(c.population_column);
      std::string text = csv_record(header) + "\r\n";
      for (std::size_t f = 0; f < t.cell_count(); ++f) {
        if (c.population[f] == 0) continue;
        const auto codes = t.cell_codes(f);
        std::vector<std::string> row;
        for (std::size_t d = 0; d < t.dims.size(); ++d)
          if (!no_column[d]) row.push_back(sub.dimensions[t.dims[d]].code(codes[d]));
        row.push_back(std::to_string(c.population[f]));
        text += csv_record(row) + "\r\n";
      }
      c.population_file = unique_name(std::filesystem::path(c.population_file).filename().string(), t.id);
      files.emplace_back(c.population_file, text);
    }
    if (c.kind == DerivedKind::StandardisedRate) {
      const auto a = static_cast<std::size_t>(c.age_position);
      std::string text = csv_record({header_of(a), c.standard_column}) + "\r\n";
      for (std::size_t p = 0; p < c.weight.size(); ++p)
        if (c.weight[p] > 0)
          text += csv_record({sub.dimensions[t.dims[a]].code(t.codes[a][p]), std::to_string(c.weight[p])}) + "\r\n";
      c.standard_file = unique_name(std::filesystem::path(c.standard_file).filename().string(), t.id);
      files.emplace_back(c.standard_file, text);
    }
  }
  return files;
}

}  // namespace hitoku::ingest
