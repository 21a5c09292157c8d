// Derived columns of tables built from records (the Python package's DataFrames): declared as in a
// manifest, read or computed with the same checks (hitoku/ingest/tables_from_records.h).
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "cell_reader.h"
#include "fixed_dimensions.h"
#include "hitoku/ingest/tables_from_records.h"
#include "hitoku/io/sha256.h"
#include "other_columns.h"

namespace hitoku {
namespace {

// The keyed file as a manifest's would read: only the key columns and the value column.
ingest::TableFileContent keyed_from_records(const std::vector<Dimension>& dims, const ingest::TableSpec& keyed,
                                            const KeyedRecords& k) {
  using namespace ingest;
  const TableSpec file_spec = without_fixed(keyed);
  const SuppressionMarkers none({});
  const CellReader reader(dims, file_spec, k.source, none, false);
  auto column = [&](const std::string& name) {
    const auto it = std::find(k.header.begin(), k.header.end(), name);
    if (it == k.header.end())
      throw InputError({k.source, 0, name}, "列「" + name + "」がありません", "no column '" + name + "'");
    return static_cast<std::size_t>(it - k.header.begin());
  };
  std::vector<std::size_t> key_columns;
  for (const auto& h : file_spec.format.dimension_headers) key_columns.push_back(column(h));
  const std::size_t value_column = column(file_spec.format.count_header);
  TableFileContent content;
  std::string first_marker;
  for (std::size_t r = 0; r < k.rows.size(); ++r) {
    const auto& row = k.rows[r];
    const long line = static_cast<long>(r) + 1;
    if (row.size() != k.header.size())
      throw InputError(reader.at(line, ""), "行の値の数が見出しと合いません", "the row's length differs from the header's");
    std::vector<int> key(key_columns.size());
    for (std::size_t d = 0; d < key.size(); ++d) {
      bool by_label = false;
      key[d] = reader.code(d, row[key_columns[d]], reader.at(line, file_spec.format.dimension_headers[d]), by_label);
    }
    RawCell cell = reader.count(row[value_column], reader.at(line, file_spec.format.count_header), first_marker);
    reader.insert(content.cells, key, cell);
  }
  restore_fixed(keyed, content);
  return content;
}

}  // namespace

void attach_derived_records(const std::vector<Dimension>& dims, const TableRecords& records,
                            const std::vector<DerivedRecords>& derived, Table& table, TableFormat& format,
                            std::vector<InputFile>& inputs) {
  using namespace ingest;
  if (derived.empty()) return;
  const std::string source = records.source.empty() ? records.id : records.source;
  TableSpec spec;
  spec.id = table.id;
  spec.where = {source, 0, ""};
  spec.earlier_publication = records.earlier_publication;
  spec.dims = table.dims;
  spec.format.layout = TableLayout::Long;
  spec.format.fixed = format.fixed;
  spec.format.count_header = format.count_header;
  spec.format.true_value_column = format.true_value_column;
  for (std::size_t d = 0; d < table.dims.size(); ++d) {
    spec.format.dimension_headers.push_back(d < format.dimension_headers.size() ? format.dimension_headers[d]
                                                                                   : dims[table.dims[d]].id());
    spec.listed_codes.push_back(spec.format.is_fixed(d) ? table.codes[d] : std::vector<int>{});
  }
  // The declarations, read as a manifest's table entry with this `derived` list.
  YAML::Node entry;
  for (const DerivedRecords& d : derived) {
    YAML::Node n;
    try {
      n = YAML::Load(d.declaration);
    } catch (const YAML::Exception& e) {
      throw InputError({source, 0, "derived"}, "派生値の宣言が読めません: " + e.msg, "the derived declaration cannot be read: " + e.msg);
    }
    entry["derived"].push_back(n);
  }
  const YamlFields yaml(source);
  OtherColumnDecls all = read_other_columns(entry, yaml, dims, spec);
  OtherColumnDecls given, computed;
  TableFileContent content;
  for (std::size_t i = 0; i < derived.size(); ++i) {
    OtherColumnDecls& to = derived[i].has_values ? given : computed;
    to.derived.push_back(all.derived[i]);
    to.population_at.push_back(all.population_at[i]);
    to.standard_at.push_back(all.standard_at[i]);
    if (!derived[i].has_values) continue;
    const std::string& header = all.derived[i].header;
    content.other_headers.push_back(header);
    TextMap& cells = content.other_cells[header];
    for (std::size_t f = 0; f < table.cell_count() && f < table.cell_source.size(); ++f) {
      const long line = table.cell_source[f].line;
      if (line >= 1 && static_cast<std::size_t>(line) <= derived[i].values.size())
        cells[table.cell_codes(f)] = {derived[i].values[static_cast<std::size_t>(line - 1)], {source, line, header}};
    }
  }
  auto read_keyed = [&](const TableSpec& keyed, const std::string& file) {
    for (const DerivedRecords& d : derived)
      for (const KeyedRecords* k : {&d.population, &d.standard}) {
        if (!k->path.empty() && k->path == file) {
          const SuppressionMarkers none({});
          TableFileContent c = read_table_file(dims, without_fixed(keyed), file, file, none, false);
          restore_fixed(keyed, c);
          if (std::none_of(inputs.begin(), inputs.end(), [&](const InputFile& in) { return in.path == file; }))
            inputs.push_back({file, sha256_hex(c.bytes), "population"});
          return c;
        }
        if (k->path.empty() && k->source == file) return keyed_from_records(dims, keyed, *k);
      }
    throw InputError({source, 0, "population"}, "人口「" + file + "」が渡されていません", "population '" + file + "' was not given");
  };
  const SuppressionMarkers markers(records.markers.empty() ? builtin_markers() : records.markers);
  const std::vector<std::string> unaudited_headers = format.other_headers;
  attach_other_columns(dims, spec, std::move(given), content, markers, read_keyed, table, format);
  compute_derived_columns(dims, spec, std::move(computed), read_keyed, table, format);
  format.other_headers.insert(format.other_headers.end(), unaudited_headers.begin(), unaudited_headers.end());
}

}  // namespace hitoku
