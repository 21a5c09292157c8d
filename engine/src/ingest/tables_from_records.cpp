// Tables from records in memory: the same cell, grid and total checks as a table file (cell_reader,
// table_assembly), so a DataFrame is rejected exactly where a CSV file would be.
#include "hitoku/ingest/tables_from_records.h"

#include <algorithm>

#include "cell_reader.h"
#include "count_field.h"
#include "dimension_reader.h"
#include "reference_reader.h"
#include "table_assembly.h"

namespace hitoku {
namespace {

// A status name as a CellStatus; "suppressed" is the user's own suppression.
bool parse_status(const std::string& text, CellStatus& out) {
  if (text == "suppressed") {
    out = CellStatus::SuppressedByUser;
    return true;
  }
  for (CellStatus s : {CellStatus::Published, CellStatus::SuppressedByUser, CellStatus::SuppressedPrimary,
                       CellStatus::SuppressedSecondary})
    if (text == to_string(s)) {
      out = s;
      return true;
    }
  return false;
}

std::string or_default(const std::string& s, const std::string& fallback) { return s.empty() ? fallback : s; }

}  // namespace

Dimension build_dimension(const std::string& id, const std::string& label, const std::vector<CodeRecord>& codes,
                          const std::string& source) {
  std::vector<ingest::CodeEntry> entries;
  entries.reserve(codes.size());
  for (const auto& c : codes) entries.push_back({c.code, c.label, c.parent, {source, c.line, ""}});
  return ingest::build_checked_dimension(id, label.empty() ? id : label, entries, {source, 0, ""});
}

Table build_table(const std::vector<Dimension>& dimensions, const TableRecords& records, TableFormat* format) {
  using namespace ingest;
  const std::string source = or_default(records.source, records.id);
  TableSpec spec;
  spec.id = records.id;
  spec.title = records.title;
  spec.where = {source, 0, ""};
  spec.earlier_publication = records.earlier_publication;
  spec.format.layout = TableLayout::Long;
  spec.format.file = source;  // errors about the whole table (a missing cell) name the source
  if (records.dimensions.empty())
    throw InputError({source, 0, "dimensions"}, "表「" + records.id + "」に次元がありません",
                     "table '" + records.id + "' has no dimensions");
  for (std::size_t d = 0; d < records.dimensions.size(); ++d) {
    const std::string& id = records.dimensions[d];
    auto it = std::find_if(dimensions.begin(), dimensions.end(), [&](const Dimension& x) { return x.id() == id; });
    if (it == dimensions.end())
      throw InputError({source, 0, id}, "次元「" + id + "」は dimensions にありません",
                       "dimension '" + id + "' is not in 'dimensions'");
    const int index = static_cast<int>(it - dimensions.begin());
    if (std::find(spec.dims.begin(), spec.dims.end(), index) != spec.dims.end())
      throw InputError({source, 0, id}, "次元「" + id + "」が表に2回現れます", "dimension '" + id + "' appears twice in the table");
    spec.dims.push_back(index);
    spec.format.dimension_headers.push_back(
        d < records.dimension_fields.size() ? or_default(records.dimension_fields[d], id) : id);
  }
  if (!records.hospital_dimension.empty()) {
    auto it = std::find(records.dimensions.begin(), records.dimensions.end(), records.hospital_dimension);
    if (it == records.dimensions.end())
      throw InputError({source, 0, "hospital_dimension"}, "hospital_dimension の次元がこの表にありません",
                       "the hospital_dimension is not a dimension of this table");
  }
  spec.hospital_dimension = records.hospital_dimension;
  spec.hospital_attribute = records.hospital_attribute;
  spec.format.count_header = or_default(records.count_field, "count");
  spec.listed_codes.assign(spec.dims.size(), {});
  const std::string true_field = or_default(records.true_value_field, "true_value");
  const std::string status_field = or_default(records.status_field, "status");

  const SuppressionMarkers markers(records.markers.empty() ? builtin_markers() : records.markers);
  static const SuppressionMarkers no_markers({});
  const CellReader reader(dimensions, spec, source, markers, true);
  TableFileContent content;
  content.encoding = TextEncoding::Utf8;
  content.dimension_headers = spec.format.dimension_headers;
  content.show_labels.assign(spec.dims.size(), false);
  CellMap truth;
  std::vector<std::pair<std::vector<int>, CellStatus>> explicit_status;
  bool first = true;
  for (const CellRecord& rec : records.cells) {
    if (rec.codes.size() != spec.dims.size())
      throw InputError(reader.at(rec.line, ""), "次元の値の数が表の次元の数と合いません",
                       "the record has " + std::to_string(rec.codes.size()) + " dimension values for " +
                           std::to_string(spec.dims.size()) + " dimensions");
    std::vector<int> key(spec.dims.size());
    for (std::size_t d = 0; d < key.size(); ++d) {
      bool by_label = false;
      key[d] = reader.code(d, rec.codes[d], reader.at(rec.line, spec.format.dimension_headers[d]), by_label);
      if (first) content.show_labels[d] = by_label;
    }
    first = false;
    RawCell cell = reader.count(rec.count, reader.at(rec.line, spec.format.count_header), content.first_marker);
    std::optional<RawCell> true_cell;
    if (!rec.true_value.empty()) {
      const SourcePos pos = reader.at(rec.line, true_field);
      true_cell = RawCell{false, parse_count(rec.true_value, no_markers, false, pos).value, "", pos};
    }
    if (!rec.status.empty()) {
      const SourcePos pos = reader.at(rec.line, status_field);
      CellStatus status{};
      if (!parse_status(rec.status, status))
        throw InputError(pos,
                         "状態「" + rec.status + "」は published, suppressed, suppressed_by_user, suppressed_primary, "
                         "suppressed_secondary のいずれでもありません",
                         "status '" + rec.status + "' is none of published, suppressed, suppressed_by_user, "
                         "suppressed_primary, suppressed_secondary");
      if (cell.suppressed && !is_suppressed(status))
        throw InputError(pos, "秘匿記号「" + cell.marker + "」のセルの状態が「" + rec.status + "」です",
                         "a cell shown with the marker '" + cell.marker + "' has status '" + rec.status + "'");
      if (!cell.suppressed && is_suppressed(status)) {
        // The count is the true value of a cell that will be printed with a marker.
        if (true_cell && true_cell->value != cell.value)
          throw InputError(true_cell->pos,
                           "真値 " + std::to_string(true_cell->value) + " が件数 " + std::to_string(cell.value) +
                               "（" + cell.pos.describe() + "）と一致しません",
                           "true value " + std::to_string(true_cell->value) + " differs from the count " +
                               std::to_string(cell.value) + " (" + cell.pos.describe() + ")");
        true_cell = RawCell{false, cell.value, "", cell.pos};
        cell.suppressed = true;
        cell.marker = markers.list().empty() ? "*" : markers.list().front();
      }
      explicit_status.emplace_back(key, status);
    }
    if (true_cell) truth[key] = *true_cell;
    reader.insert(content.cells, key, cell);
  }
  if (!truth.empty()) spec.format.true_value_column = true_field;
  Table table = assemble_table(dimensions, spec, content, truth);
  // Statuses given explicitly (hitoku protect's primary/secondary) survive assembly.
  for (const auto& [key, status] : explicit_status) {
    std::vector<int> pos(key.size());
    for (std::size_t d = 0; d < key.size(); ++d)
      pos[d] = static_cast<int>(std::find(table.codes[d].begin(), table.codes[d].end(), key[d]) - table.codes[d].begin());
    table.status[table.flat_index(pos)] = status;
  }
  check_totals(dimensions, table);
  check_table_sum(table);
  table.source = {source, 0, ""};
  if (format) {
    *format = format_as_read(spec, content);
    format->file = records.id + ".csv";
    format->marker = content.first_marker.empty() ? "*" : content.first_marker;
  }
  return table;
}

namespace {

CsvFile in_memory_csv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                      const std::string& source) {
  CsvFile csv;
  csv.path = source;
  csv.rows.push_back({0, header});
  for (std::size_t r = 0; r < rows.size(); ++r) csv.rows.push_back({static_cast<long>(r) + 1, rows[r]});
  return csv;
}

}  // namespace

std::vector<HospitalRecord> build_hospitals(const std::vector<std::string>& header,
                                            const std::vector<std::vector<std::string>>& rows,
                                            const std::string& source) {
  return ingest::read_hospitals(in_memory_csv(header, rows, source));
}

std::vector<std::pair<std::string, std::string>> build_adjacency(const Dimension& dim,
                                                                 const std::vector<std::string>& header,
                                                                 const std::vector<std::vector<std::string>>& rows,
                                                                 const std::string& source) {
  return ingest::read_adjacency(in_memory_csv(header, rows, source), dim);
}

}  // namespace hitoku
