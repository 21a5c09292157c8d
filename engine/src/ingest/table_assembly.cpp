#include "table_assembly.h"

#include <algorithm>
#include <limits>
#include <set>

#include "earlier_truth.h"
#include "hitoku/model/checked_count.h"

namespace hitoku::ingest {
namespace {

std::string describe_key(const std::vector<Dimension>& dims, const std::vector<int>& table_dims,
                         const std::vector<int>& key, bool labels) {
  std::string s;
  for (std::size_t d = 0; d < key.size(); ++d) {
    const Dimension& dim = dims[table_dims[d]];
    s += (d ? (labels ? " × " : ", ") : "");
    s += labels ? dim.code_label(key[d]) : dim.id() + "=" + dim.code(key[d]);
  }
  return s;
}

SourcePos source_of(const Table& t, std::size_t flat) {
  return flat < t.cell_source.size() ? t.cell_source[flat] : t.source;
}

}  // namespace

Table assemble_table(const std::vector<Dimension>& dimensions, const TableSpec& spec,
                     const TableFileContent& content, const CellMap& true_cells, const std::vector<Table>& planned) {
  Table t;
  t.id = spec.id;
  t.title = spec.title;
  for (const auto& row : content.preamble) {
    std::string line;
    for (const auto& field : row)
      if (!field.empty()) line += (line.empty() ? "" : " ") + field;
    if (!line.empty()) t.printed_text.push_back(std::move(line));
  }
  t.source = {spec.format.file, 0, ""};
  t.earlier_publication = spec.earlier_publication;
  t.dims = spec.dims;
  t.hospital_dimension = spec.hospital_dimension;
  t.hospital_attribute = spec.hospital_attribute;
  t.additive = spec.additive;
  const std::size_t nd = spec.dims.size();
  t.codes.resize(nd);
  for (std::size_t d = 0; d < nd; ++d) {
    if (!spec.listed_codes[d].empty()) {
      t.codes[d] = spec.listed_codes[d];
      continue;
    }
    std::set<int> seen;
    for (const auto& [key, cell] : content.cells) seen.insert(key[d]);
    t.codes[d].assign(seen.begin(), seen.end());
  }
  const std::size_t n = t.cell_count();
  if (n == 0)
    throw InputError({spec.format.file, 0, ""}, "表「" + spec.id + "」にセルがありません", "table '" + spec.id + "' has no cells");
  t.value.assign(n, 0);
  t.status.assign(n, CellStatus::Published);
  t.cell_source.assign(n, {});
  std::optional<EarlierTruth> from_tables;  // built at the first earlier cell without a true value
  // An earlier table's hidden count that neither true_values nor this submission's tables give stays
  // unknown (0 stands in, Table::value_unknown) -- unless columns beside the count (derived values) or a
  // hospital dimension would read it: then it is still an input error.
  const bool unknown_allowed = t.earlier_publication && spec.other_headers.empty() && !spec.values_as_text &&
                               spec.hospital_dimension.empty();
  for (std::size_t flat = 0; flat < n; ++flat) {
    std::vector<int> key = t.cell_codes(flat);
    auto it = content.cells.find(key);
    if (it == content.cells.end())
      throw InputError({spec.format.file, 0, describe_key(dimensions, t.dims, key, false)},
                       "表「" + spec.id + "」にセル「" + describe_key(dimensions, t.dims, key, true) + "」がありません",
                       "table '" + spec.id + "' lacks the cell (" + describe_key(dimensions, t.dims, key, false) + ")");
    const RawCell& cell = it->second;
    auto truth = true_cells.find(key);
    if (cell.suppressed) {
      std::optional<std::int64_t> from_planned;
      if (truth == true_cells.end() && t.earlier_publication) {
        if (!from_tables) from_tables.emplace(dimensions, planned);
        from_planned = from_tables->of(t, flat);
      }
      if (truth == true_cells.end() && !from_planned && unknown_allowed) {
        // Nobody here knows it: judged by rule ⑤ all the same, as possibly small (docs/formats.md).
        t.value_unknown.resize(n, 0);
        t.value_unknown[flat] = 1;
        t.status[flat] = CellStatus::SuppressedByUser;
        t.cell_source[flat] = cell.pos;
        continue;
      }
      if (truth == true_cells.end() && !from_planned)
        throw InputError(cell.pos,
                         "秘匿記号「" + cell.marker + "」のセル「" + describe_key(dimensions, t.dims, key, true) +
                             "」の真値がありません（true_values で真値を示してください" +
                             (t.earlier_publication ? "。この提出の表に同じセルもその一つの次元の内訳もありません）" : "）"),
                         "suppressed cell (" + describe_key(dimensions, t.dims, key, false) +
                             ") has no true value (supply it through true_values" +
                             (t.earlier_publication ? "; no table of this submission holds the same cell or its parts along one dimension)" : ")"));
      t.value[flat] = from_planned ? *from_planned : truth->second.value;
      t.status[flat] = CellStatus::SuppressedByUser;
    } else {
      if (truth != true_cells.end() && truth->second.value != cell.value)
        throw InputError(truth->second.pos,
                         "真値 " + std::to_string(truth->second.value) + " が公表値 " + std::to_string(cell.value) +
                             "（" + cell.pos.describe() + "）と一致しません",
                         "true value " + std::to_string(truth->second.value) + " differs from the published " +
                             std::to_string(cell.value) + " (" + cell.pos.describe() + ")");
      t.value[flat] = cell.value;
    }
    t.cell_source[flat] = cell.pos;
  }
  for (const auto& [key, cell] : true_cells) {
    if (content.cells.count(key)) continue;
    throw InputError(cell.pos,
                     "真値のセル (" + describe_key(dimensions, t.dims, key, false) + ") は表「" + spec.id + "」にありません",
                     "true-value cell (" + describe_key(dimensions, t.dims, key, false) + ") is not in table '" +
                         spec.id + "'");
  }
  // Cells outside the grid cannot exist (codes come from the cells or restrict them), so the grid is the table.
  return t;
}

TableFormat format_as_read(const TableSpec& spec, const TableFileContent& content) {
  TableFormat f = spec.format;
  f.encoding = content.encoding;
  f.crlf = content.crlf;
  if (!content.sheet.empty()) f.sheet = content.sheet;  // the sheet read, also when the manifest named none
  f.preamble = content.preamble;
  f.dimension_headers = content.dimension_headers;
  f.show_labels = content.show_labels;
  if (!content.first_marker.empty()) f.marker = content.first_marker;
  return f;
}

void check_totals(const std::vector<Dimension>& dimensions, const Table& t) {
  const std::size_t nd = t.dims.size();
  // Position of each dimension code in the table, or -1.
  std::vector<std::vector<int>> where(nd);
  for (std::size_t d = 0; d < nd; ++d) {
    where[d].assign(static_cast<std::size_t>(dimensions[t.dims[d]].size()), -1);
    for (std::size_t p = 0; p < t.codes[d].size(); ++p) where[d][t.codes[d][p]] = static_cast<int>(p);
  }
  for (std::size_t flat = 0; flat < t.cell_count(); ++flat) {
    std::vector<int> pos = t.positions(flat);
    for (std::size_t d = 0; d < nd; ++d) {
      const Dimension& dim = dimensions[t.dims[d]];
      const int code = t.codes[d][pos[d]];
      if (dim.is_leaf(code)) continue;
      std::vector<int> parts = dim.children(code);
      auto present = [&](int c) { return where[d][c] >= 0; };
      bool partial = false;
      if (!std::all_of(parts.begin(), parts.end(), present)) {
        std::vector<int> leaves;
        for (int leaf_pos : dim.leaves_under(code)) leaves.push_back(dim.leaves()[leaf_pos]);
        if (std::all_of(leaves.begin(), leaves.end(), present)) {
          parts = std::move(leaves);
        } else {
          // Some parts are missing: the ones shown may not add up to more than the total
          // (counts are never negative).
          std::erase_if(parts, [&](int c) { return !present(c); });
          if (parts.empty()) continue;
          partial = true;
        }
      }
      std::int64_t sum = 0;
      std::string names;
      std::vector<int> p = pos;
      bool unknown = t.is_value_unknown(flat);  // a hidden count nobody here knows: nothing to compare
      for (int c : parts) {
        p[d] = where[d][c];
        const std::size_t part = t.flat_index(p);
        unknown = unknown || t.is_value_unknown(part);
        if (!add_count(sum, t.value[part]))
          throw_count_overflow(source_of(t, part), t.value[part], std::numeric_limits<std::int64_t>::max(),
                               "合計「" + describe_key(dimensions, t.dims, t.cell_codes(flat), true) + "」の" +
                                   dim.label() + "の内訳",
                               "the parts in '" + dim.id() + "' of total (" +
                                   describe_key(dimensions, t.dims, t.cell_codes(flat), false) + ")");
        names += (names.empty() ? "" : ", ") + dim.code_label(c);
      }
      if (unknown || (partial ? sum <= t.value[flat] : sum == t.value[flat])) continue;
      std::vector<int> key = t.cell_codes(flat);
      std::string cell = describe_key(dimensions, t.dims, key, true);
      const SourcePos at = source_of(t, flat);
      if (partial)
        throw InputError(at,
                         "合計「" + cell + "」の値 " + std::to_string(t.value[flat]) + " が、表にある" + dim.label() +
                             "の内訳の一部（" + names + "）の和 " + std::to_string(sum) + " より小さくなっています",
                         "total (" + describe_key(dimensions, t.dims, key, false) + ") is " +
                             std::to_string(t.value[flat]) + ", less than " + std::to_string(sum) + ", the sum of the parts in '" +
                             dim.id() + "' the table shows (" + names + ")");
      throw InputError(at,
                       "合計「" + cell + "」の値 " + std::to_string(t.value[flat]) + " が、" + dim.label() +
                           "の内訳（" + names + "）の和 " + std::to_string(sum) + " と一致しません",
                       "total (" + describe_key(dimensions, t.dims, key, false) + ") is " +
                           std::to_string(t.value[flat]) + " but its parts in '" + dim.id() + "' (" + names +
                           ") sum to " + std::to_string(sum));
    }
  }
}

void check_table_sum(const Table& t) {
  std::int64_t sum = 0;
  for (std::size_t flat = 0; flat < t.cell_count(); ++flat)
    if (!add_count(sum, t.value[flat], kMaxTableSum))
      throw_count_overflow(source_of(t, flat), t.value[flat], kMaxTableSum, "表「" + t.id + "」の全セル",
                           "all cells of table '" + t.id + "'");
}

}  // namespace hitoku::ingest
