#pragma once
// The manifest's columns beside the count of one table (docs/formats.md §2.1): `derived` (rates,
// percentages, age-standardised rates), `ignore_columns` and `not_modelled`. Declarations are read
// with the table entry; their values are attached once the table is assembled.
#include <functional>
#include <string>
#include <vector>

#include "hitoku/derived/derived_values.h"
#include "hitoku/model/dimension.h"
#include "hitoku/model/table.h"
#include "table_reader.h"
#include "yaml_fields.h"

namespace hitoku::ingest {

struct OtherColumnDecls {
  std::vector<UnauditedColumn> unaudited;
  std::vector<DerivedColumn> derived;
  std::vector<SourcePos> population_at, standard_at;  // per derived column: the manifest keys
};

// Reads `derived`, `ignore_columns` and `not_modelled` of table entry `n`; adds their headers to
// spec.other_headers. Bad declarations are InputErrors naming the manifest line and key.
OtherColumnDecls read_other_columns(const YAML::Node& n, const YamlFields& yaml, const std::vector<Dimension>& dims,
                                    TableSpec& spec);

// One entry of a `derived` list, checked on its own (kind, decimals 0..6, rounding, per, and the keys
// each kind needs or forbids); the table-dependent checks (base dimensions and codes, the age
// dimension) are the caller's. Manifests and table plans share it.
// With `wide` (a wide table of a manifest) the entry names its values `name` and gives the `file`
// (and `sheet`) printing them in the table's layout instead of a `column`.
DerivedColumn read_derived_declaration(const YAML::Node& d, const YamlFields& yaml, bool wide = false);

// Reads a public keyed file (a population or standard population): `spec` says its columns.
using KeyedFileReader = std::function<TableFileContent(const TableSpec& spec, const std::string& rel)>;

// Fills table.derived and table.unaudited from the file's columns (and the population files), and
// format.other_headers (`format` is the table's layout as read).
void attach_other_columns(const std::vector<Dimension>& dims, const TableSpec& spec, OtherColumnDecls decls,
                          const TableFileContent& content, const SuppressionMarkers& markers,
                          const KeyedFileReader& read_keyed, Table& table, TableFormat& format);

// Derived columns of a table built from records (a table plan, DataFrames): every cell gets the value
// computed from the true counts and rounded as declared — a percent where its base is not 0, a
// standardised rate on each age total — after the populations, bases and weights are attached as
// for a table file (the same checks; a missing population is an error at decls.population_at).
// Appends the headers to format.other_headers.
void compute_derived_columns(const std::vector<Dimension>& dims, const TableSpec& spec, OtherColumnDecls decls,
                             const KeyedFileReader& read_keyed, Table& table, TableFormat& format);

}  // namespace hitoku::ingest
