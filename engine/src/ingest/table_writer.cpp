#include "hitoku/ingest/table_writer.h"

#include <algorithm>

#include "hitoku/io/atomic_write.h"
#include "hitoku/ingest/csv.h"
#include "table_rows.h"

namespace hitoku {
namespace {

// Fills what a table built in memory lacks, so every table can be written.
TableFormat completed(const Submission& sub, const Table& t, TableFormat f) {
  const std::size_t nd = t.dims.size();
  if (f.dimension_headers.size() != nd) {
    f.dimension_headers.clear();
    for (int d : t.dims) f.dimension_headers.push_back(sub.dimensions[d].label());
  }
  if (f.show_labels.size() != nd) f.show_labels.assign(nd, false);
  if (f.count_header.empty()) f.count_header = "件数";
  if (f.marker.empty()) f.marker = "*";
  return f;
}

std::string shown_code(const Dimension& dim, int code, bool label) {
  // A label shared by several codes would not read back; write the code then.
  if (label && dim.find_label(dim.code_label(code)) == code && dim.find(dim.code_label(code)) < 0)
    return dim.code_label(code);
  return dim.code(code);
}

std::string shown_value(const Table& t, std::size_t flat, const TableFormat& f, TableContent content) {
  if (content == TableContent::Published && is_suppressed(t.status[flat])) return f.marker;
  if (t.is_value_unknown(flat)) return "";  // an earlier count nobody here knows: never a made-up 0
  return std::to_string(t.value[flat]);
}

// The printed text of a declared column beside the count (derived or not audited) for one cell.
std::string other_text(const Table& t, const std::string& header, std::size_t flat) {
  for (const DerivedColumn& c : t.derived) {
    if (c.header != header || flat >= c.values.size()) continue;
    return c.values[flat].state == DerivedValue::State::Withheld ? c.marker : c.values[flat].text;
  }
  for (const UnauditedColumn& u : t.unaudited)
    if (u.header == header && flat < u.cells.size()) return u.cells[flat].text;
  return "";
}

// The table as its file shows it: dimensions without a column left out. Leaving out a dimension with
// one code keeps the row-major order of the cells, so values and statuses carry over as they are.
std::pair<Table, TableFormat> without_fixed(const Table& t, const TableFormat& f, const std::vector<bool>& drop) {
  Table r;
  TableFormat rf = f;
  rf.fixed.clear();
  rf.dimension_headers.clear();
  rf.show_labels.clear();
  for (std::size_t d = 0; d < t.dims.size(); ++d) {
    if (drop[d]) continue;
    r.dims.push_back(t.dims[d]);
    r.codes.push_back(t.codes[d]);
    if (d < f.dimension_headers.size()) rf.dimension_headers.push_back(f.dimension_headers[d]);
    if (d < f.show_labels.size()) rf.show_labels.push_back(f.show_labels[d]);
  }
  r.value = t.value;
  r.status = t.status;
  r.derived = t.derived;
  r.unaudited = t.unaudited;
  return {std::move(r), std::move(rf)};
}

std::vector<bool> without_column(const Table& t, const TableFormat& f) {
  std::vector<bool> out(t.dims.size(), false);
  for (std::size_t d = 0; d < t.dims.size(); ++d) {
    const bool column_dimension = f.layout == TableLayout::Wide && d + 1 == t.dims.size();
    out[d] = f.is_fixed(d) && t.codes[d].size() == 1 && !column_dimension;
  }
  return out;
}

}  // namespace

std::vector<bool> dimensions_without_column(const Table& t, const TableFormat& format) { return without_column(t, format); }

TableRows table_rows(const Submission& sub, const Table& t, const TableFormat& format, TableContent content) {
  const std::vector<bool> drop = without_column(t, format);
  if (std::find(drop.begin(), drop.end(), true) != drop.end()) {
    auto [r, rf] = without_fixed(t, format, drop);
    return table_rows(sub, r, rf, content);
  }
  const TableFormat f = completed(sub, t, format);
  const std::size_t nd = t.dims.size();
  TableRows out;
  std::vector<std::vector<std::string>>& rows = out.rows;
  rows = f.preamble;
  out.first_data_row = f.preamble.size() + 1;
  out.label_columns = f.layout == TableLayout::Long ? nd : nd - 1;
  if (f.layout == TableLayout::Long) {
    std::vector<std::string> header = f.dimension_headers;
    header.push_back(f.count_header);
    const bool published = content == TableContent::Published;
    if (published) header.insert(header.end(), f.other_headers.begin(), f.other_headers.end());
    const bool true_column = published && !f.true_value_column.empty();
    if (true_column) header.push_back(f.true_value_column);
    rows.push_back(header);
    for (std::size_t flat = 0; flat < t.cell_count(); ++flat) {
      std::vector<int> codes = t.cell_codes(flat);
      std::vector<std::string> row;
      for (std::size_t d = 0; d < nd; ++d) row.push_back(shown_code(sub.dimensions[t.dims[d]], codes[d], f.show_labels[d]));
      row.push_back(shown_value(t, flat, f, content));
      if (published)
        for (const auto& h : f.other_headers) row.push_back(other_text(t, h, flat));
      if (true_column)
        row.push_back(is_suppressed(t.status[flat]) && !t.is_value_unknown(flat) ? std::to_string(t.value[flat]) : "");
      rows.push_back(std::move(row));
    }
  } else {
    const std::size_t k = nd - 1;
    const Dimension& col_dim = sub.dimensions[t.dims[k]];
    std::vector<std::string> header(f.dimension_headers.begin(), f.dimension_headers.begin() + static_cast<long>(k));
    for (int c : t.codes[k]) header.push_back(shown_code(col_dim, c, f.show_labels[k]));
    const bool published = content == TableContent::Published;
    if (published) header.insert(header.end(), f.other_headers.begin(), f.other_headers.end());
    rows.push_back(header);
    const std::size_t width = t.codes[k].size();
    for (std::size_t first = 0; first < t.cell_count(); first += width) {
      std::vector<int> codes = t.cell_codes(first);
      std::vector<std::string> row;
      for (std::size_t d = 0; d < k; ++d) row.push_back(shown_code(sub.dimensions[t.dims[d]], codes[d], f.show_labels[d]));
      for (std::size_t c = 0; c < width; ++c) row.push_back(shown_value(t, first + c, f, content));
      if (published)
        for (const auto& h : f.other_headers) row.push_back(other_text(t, h, first));
      rows.push_back(std::move(row));
    }
  }
  return out;
}

TableRows derived_block_rows(const Submission& sub, const Table& t, const TableFormat& format, const DerivedColumn& c) {
  TableFormat f = format;
  f.other_headers.clear();  // the block holds the derived values only
  TableRows out = table_rows(sub, t, f, TableContent::TrueValues);
  const std::size_t width = t.codes.back().size();
  for (std::size_t r = out.first_data_row; r < out.rows.size(); ++r)
    for (std::size_t k = 0; k < width; ++k) {
      const std::size_t flat = (r - out.first_data_row) * width + k;
      const DerivedValue& v = c.values[flat];
      out.rows[r][out.label_columns + k] = v.state == DerivedValue::State::Withheld ? c.marker : v.text;
    }
  return out;
}

std::string render_derived_block(const Submission& sub, const Table& t, const TableFormat& format, const DerivedColumn& c) {
  const TableFormat f = completed(sub, t, format);
  std::string text;
  for (const auto& r : derived_block_rows(sub, t, format, c).rows) text += csv_record(r) + (f.crlf ? "\r\n" : "\n");
  return encode_text(text, f.encoding, c.file);
}

std::string render_table(const Submission& sub, const Table& t, const TableFormat& format, TableContent content) {
  const TableFormat f = completed(sub, t, format);
  std::string text;
  for (const auto& r : table_rows(sub, t, format, content).rows) text += csv_record(r) + (f.crlf ? "\r\n" : "\n");
  return encode_text(text, f.encoding, f.file);
}

void write_table(const Submission& sub, const Table& t, const TableFormat& format, const std::string& path,
                 TableContent content) {
  write_file_atomically(path, render_table(sub, t, format, content));
}

}  // namespace hitoku
