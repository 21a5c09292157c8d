#include "table_reader.h"

#include <algorithm>
#include <functional>

#include "cell_reader.h"
#include "hitoku/ingest/csv.h"
#include "xlsx_reader.h"

namespace hitoku::ingest {
namespace {

const std::string& field_at(const CsvRow& row, std::size_t col) {
  static const std::string empty;
  return col < row.fields.size() ? row.fields[col] : empty;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Whether the header row holds any column the manifest names. When it holds none, the file is
// probably not a table at all, and its first line must not be shown (it may be a password file).
bool shares_a_heading(const CsvRow& header, const TableSpec& spec, const std::string& true_column) {
  auto named = [&](const std::string& h) {
    return h == spec.format.count_header || (!true_column.empty() && h == true_column) ||
           std::find(spec.format.dimension_headers.begin(), spec.format.dimension_headers.end(), h) !=
               spec.format.dimension_headers.end();
  };
  return std::any_of(header.fields.begin(), header.fields.end(), named);
}

bool three_digits(const std::string& s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A row with a value past the last heading: in a long table most often an unquoted 1,924 in the count
// column split into "1" and "924". With `name_split` (long tables) a number that looks split is blamed;
// in a wide table neighbouring counts such as 437 and 535 look the same, so the row is reported as too
// long, at its first column without a heading, and the split is only offered as a hint.
[[noreturn]] void too_many_fields(const CellReader& r, const CsvRow& row, const std::vector<std::string>& headers,
                                  std::size_t width, bool name_split) {
  std::string hint_ja = "数値に桁区切りのカンマがあるときは引用符で囲んでください", hint_en = "quote numbers written with thousands separators";
  for (std::size_t c = 0; c + 1 < row.fields.size(); ++c) {
    const std::string& f = row.fields[c];
    if (c >= headers.size() || f.empty() || f.size() > 3 || !std::all_of(f.begin(), f.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) continue;
    std::size_t next = c + 1;
    while (next < row.fields.size() && three_digits(row.fields[next])) ++next;
    if (next == c + 1) continue;
    std::string joined = f;
    for (std::size_t k = c + 1; k < next; ++k) joined += "," + row.fields[k];
    if (!name_split) {
      hint_ja = "「" + headers[c] + "」の「" + joined + "」が1つの数値なら引用符で囲んでください";
      hint_en = "if '" + joined + "' under '" + headers[c] + "' is one number, quote it";
      break;
    }
    throw InputError(r.at(row.line, headers[c], c),
                     "値「" + joined + "」が桁区切りのカンマで別々の欄に分かれています（この行は欄が " +
                         std::to_string(row.fields.size()) + " 個、見出しは " + std::to_string(width) +
                         " 個）。\"" + joined + "\" と引用符で囲むか、カンマなしで書いてください",
                     "the value '" + joined + "' is split into separate fields by its thousands separators (the row has " +
                         std::to_string(row.fields.size()) + " fields, the header " + std::to_string(width) +
                         "); quote it (\"" + joined + "\") or write it without commas");
  }
  std::size_t c = width;
  while (c + 1 < row.fields.size() && row.fields[c].empty()) ++c;
  const std::string fields = std::to_string(row.fields.size()), heads = std::to_string(width);
  throw InputError(r.at(row.line, "列 " + std::to_string(c + 1), c),
                   "この行は欄が多すぎます（欄が " + fields + " 個、見出しは " + heads + " 個）: 見出しのない列 " +
                       std::to_string(c + 1) + " に値「" + row.fields[c] + "」があります（" + hint_ja + "）",
                   "too many fields on line " + std::to_string(row.line) + " (the row has " + fields + ", the header " +
                       heads + "): a value '" + row.fields[c] + "' in column " + std::to_string(c + 1) +
                       ", which has no heading (" + hint_en + ")");
}

// Whether a short number is followed by three-digit fields: 1,924 split into "1" and "924".
bool looks_split(const CsvRow& row) {
  for (std::size_t c = 0; c + 1 < row.fields.size(); ++c) {
    const std::string& f = row.fields[c];
    if (!f.empty() && f.size() <= 3 && std::all_of(f.begin(), f.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
        three_digits(row.fields[c + 1]))
      return true;
  }
  return false;
}

// Whether the row runs past `width` fields with a value there, or with a number split by a comma
// (an unquoted 1,924 in the count column pushes the true value into an empty trailing field).
bool has_extra_values(const CsvRow& row, std::size_t width) {
  if (row.fields.size() <= width) return false;
  for (std::size_t c = width; c < row.fields.size(); ++c)
    if (!row.fields[c].empty()) return true;
  return looks_split(row);
}

// The columns of a long file's header that the manifest does not name: an input error (no column is
// silently ignored, docs/formats.md §2.1) unless the file is public data read for a few columns
// (other_columns_free). Returns the columns without a heading, which must stay empty.
std::vector<std::size_t> undeclared_columns(const CsvRow& header, const TableSpec& spec, const CellReader& r,
                                            const std::vector<std::size_t>& dim_cols, std::size_t count_col,
                                            const std::string& true_column, std::size_t true_col,
                                            const std::vector<std::size_t>& other_cols) {
  std::vector<std::size_t> unnamed;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const bool named = c == count_col || (!true_column.empty() && c == true_col) ||
                       std::find(dim_cols.begin(), dim_cols.end(), c) != dim_cols.end() ||
                       std::find(other_cols.begin(), other_cols.end(), c) != other_cols.end();
    if (named) continue;
    const std::string& h = header.fields[c];
    if (h.empty()) unnamed.push_back(c);
    else if (!spec.other_columns_free)
      throw InputError(r.at(header.line, h, c),
                       "列「" + h + "」はマニフェストで宣言されていません。次元・件数・真値のどれでもない列は、表の derived（派生値）、"
                       "ignore_columns（理由を添えて監査しない）か not_modelled（審査者が手で確認する統計量）に書いてください",
                       "column '" + h + "' is not declared in the manifest: a column that is neither a dimension, the count nor "
                       "the true value must be declared under the table's derived (a derived value), ignore_columns (not "
                       "audited, with a reason) or not_modelled (a statistic the reviewer checks by hand)");
  }
  return unnamed;
}

// Reads the header row and returns what reads each data row after it (`first`: the first data row).
using RowHandler = std::function<void(const CsvRow& row, bool first)>;

RowHandler long_rows(CsvRow header, const TableSpec& spec, const CellReader& r, const std::string& true_column,
                     TableFileContent& out) {
  auto column = [&](const std::string& name) -> std::size_t {
    std::size_t found = header.fields.size();
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
      if (header.fields[c] != name) continue;
      if (found != header.fields.size())
        throw InputError(r.at(header.line, name), "見出し「" + name + "」の列が2つあります",
                         "two columns are headed '" + name + "'");
      found = c;
    }
    if (found == header.fields.size() && !shares_a_heading(header, spec, true_column))
      throw InputError(r.at(header.line, name),
                       "見出し行にマニフェストが指定した列（「" + name + "」など）がひとつもありません。表のファイルか確かめてください",
                       "the header row has none of the columns the manifest names (such as '" + name +
                           "'); check that this is the table file");
    if (found == header.fields.size())
      throw InputError(r.at(header.line, name),
                       "マニフェストが指定した列「" + name + "」がありません（見出し: " + join(header.fields) + "）",
                       "the manifest names column '" + name + "' but the header has: " + join(header.fields));
    return found;
  };
  const std::size_t nd = spec.dims.size();
  std::vector<std::size_t> dim_cols;
  for (std::size_t d = 0; d < nd; ++d) dim_cols.push_back(column(spec.format.dimension_headers[d]));
  const std::size_t count_col = column(spec.format.count_header);
  const std::size_t true_col = true_column.empty() ? 0 : column(true_column);
  std::vector<std::size_t> other_cols;
  for (const auto& h : spec.other_headers) {
    const bool present = std::find(header.fields.begin(), header.fields.end(), h) != header.fields.end();
    if (present || !spec.other_columns_free) other_cols.push_back(column(h));  // optional in a true-values file
  }
  std::vector<std::size_t> unnamed = undeclared_columns(header, spec, r, dim_cols, count_col, true_column, true_col, other_cols);
  for (std::size_t c = 0; c < header.fields.size(); ++c)
    if (std::find(other_cols.begin(), other_cols.end(), c) != other_cols.end()) out.other_headers.push_back(header.fields[c]);
  out.dimension_headers = spec.format.dimension_headers;
  out.show_labels.assign(nd, false);
  return [header = std::move(header), dim_cols, count_col, true_col, other_cols, unnamed, nd, &spec, &r, true_column,
          &out](const CsvRow& row, bool first) {
    if (has_extra_values(row, header.fields.size())) too_many_fields(r, row, header.fields, header.fields.size(), true);
    for (std::size_t c : unnamed)
      if (!field_at(row, c).empty())
        throw InputError(r.at(row.line, "列 " + std::to_string(c + 1), c),
                         "見出しのない列 " + std::to_string(c + 1) + " に値「" + field_at(row, c) + "」があります",
                         "a value '" + field_at(row, c) + "' in column " + std::to_string(c + 1) + ", which has no heading");
    std::vector<int> key(nd);
    for (std::size_t d = 0; d < nd; ++d) {
      bool by_label = false;
      key[d] = r.code(d, field_at(row, dim_cols[d]), r.at(row.line, spec.format.dimension_headers[d], dim_cols[d]), by_label);
      if (first) out.show_labels[d] = by_label;
    }
    if (r.unknown_if_empty(field_at(row, count_col))) return;
    RawCell cell = r.count(field_at(row, count_col), r.at(row.line, spec.format.count_header, count_col), out.first_marker);
    if (!true_column.empty() && !field_at(row, true_col).empty()) {
      static const SuppressionMarkers none({});
      SourcePos pos = r.at(row.line, true_column, true_col);
      CountField t = parse_count(field_at(row, true_col), none, false, pos);
      out.true_cells[key] = {false, t.value, "", pos};
    }
    for (std::size_t c : other_cols)
      out.other_cells[header.fields[c]][key] = {field_at(row, c), r.at(row.line, header.fields[c], c)};
    r.insert(out.cells, key, cell);
  };
}

RowHandler wide_rows(CsvRow header, const TableSpec& spec, const std::vector<Dimension>& dimensions,
                     const CellReader& r, TableFileContent& out) {
  const std::size_t k = spec.dims.size() - 1;  // row dimensions
  const Dimension& col_dim = dimensions[spec.dims[k]];
  if (header.fields.size() <= k)
    throw InputError(r.at(header.line, ""), "見出し行に列の見出し（" + col_dim.label() + "）がありません",
                     "the header row has no column headings for dimension '" + col_dim.id() + "'");
  out.show_labels.assign(k + 1, false);
  for (std::size_t j = 0; j < k; ++j) {
    std::string h = header.fields[j];
    out.dimension_headers.push_back(h.empty() ? dimensions[spec.dims[j]].label() : h);
  }
  out.dimension_headers.push_back(col_dim.label());
  std::vector<int> col_code(header.fields.size(), -1);
  std::vector<std::string> other_col(header.fields.size());
  bool first_heading = true;
  for (std::size_t c = k; c < header.fields.size(); ++c) {
    const std::string& text = header.fields[c];
    if (text.empty()) continue;  // an unlabelled column must stay empty (checked below)
    if (std::find(spec.other_headers.begin(), spec.other_headers.end(), text) != spec.other_headers.end()) {
      other_col[c] = text;  // a declared column beside the counts (ignore_columns / not_modelled)
      out.other_headers.push_back(text);
      continue;
    }
    bool by_label = false;
    col_code[c] = r.code(k, text, r.at(header.line, text, c), by_label);
    if (first_heading) out.show_labels[k] = by_label;
    first_heading = false;
    for (std::size_t e = k; e < c; ++e)
      if (col_code[e] == col_code[c])
        throw InputError(r.at(header.line, text, c), "列「" + text + "」が2回あります（" + header.fields[e] + "）",
                         "column '" + text + "' appears twice (also '" + header.fields[e] + "')");
  }
  if (first_heading)
    throw InputError(r.at(header.line, ""), "見出し行に列の見出し（" + col_dim.label() + "）がありません",
                     "the header row has no column headings for dimension '" + col_dim.id() + "'");
  for (const auto& h : spec.other_headers)
    if (!spec.other_columns_free && std::find(other_col.begin(), other_col.end(), h) == other_col.end())
      throw InputError(r.at(header.line, h), "マニフェストが指定した列「" + h + "」がありません（見出し: " + join(header.fields) + "）",
                       "the manifest names column '" + h + "' but the header has: " + join(header.fields));
  return [header = std::move(header), col_code = std::move(col_code), other_col = std::move(other_col), k, &r,
          &out, as_text = spec.values_as_text](const CsvRow& row, bool first) {
    if (has_extra_values(row, header.fields.size())) too_many_fields(r, row, header.fields, header.fields.size(), false);
    std::vector<int> key(k + 1);
    for (std::size_t j = 0; j < k; ++j) {
      bool by_label = false;
      key[j] = r.code(j, field_at(row, j), r.at(row.line, out.dimension_headers[j], j), by_label);
      if (first) out.show_labels[j] = by_label;
    }
    for (std::size_t c = k; c < std::max(row.fields.size(), header.fields.size()); ++c) {
      const std::string& text = field_at(row, c);
      if (c < header.fields.size() && !other_col[c].empty()) {
        std::vector<int> row_key = key;
        row_key[k] = -1;
        out.other_cells[other_col[c]][row_key] = {text, r.at(row.line, other_col[c], c)};
        continue;
      }
      if (c >= header.fields.size() || col_code[c] < 0) {
        if (!text.empty())
          throw InputError(r.at(row.line, "列 " + std::to_string(c + 1), c),
                           "見出しのない列 " + std::to_string(c + 1) + " に値「" + text + "」があります",
                           "a value '" + text + "' in column " + std::to_string(c + 1) + ", which has no heading");
        continue;
      }
      key[k] = col_code[c];
      if (as_text) {  // a block of derived values: the text, checked by the derived column
        const SourcePos pos = r.at(row.line, header.fields[c], c);
        auto [it, fresh] = out.other_cells[""].emplace(key, RawText{text, pos});
        if (!fresh)
          throw InputError(pos, "同じセルが2回あります（" + std::to_string(it->second.pos.line) + " 行目）",
                           "the same cell appears twice (also line " + std::to_string(it->second.pos.line) + ")");
        continue;
      }
      if (r.unknown_if_empty(text)) continue;
      r.insert(out.cells, key, r.count(text, r.at(row.line, header.fields[c], c), out.first_marker));
    }
  };
}

// The columns of a sheet holding codes or labels (long: the dimension columns; wide: the row labels),
// where a merged cell's number (a code such as 28000) is the label of every row it spans.
std::vector<std::size_t> label_columns(const std::vector<CsvRow>& rows, const TableSpec& spec) {
  const auto header = static_cast<std::size_t>(spec.skip_rows);
  std::vector<std::size_t> out;
  if (spec.format.layout == TableLayout::Wide) {
    for (std::size_t c = 0; c + 1 < spec.dims.size(); ++c) out.push_back(c);
  } else if (header < rows.size()) {
    const auto& fields = rows[header].fields;
    for (std::size_t c = 0; c < fields.size(); ++c)
      if (std::find(spec.format.dimension_headers.begin(), spec.format.dimension_headers.end(), fields[c]) !=
          spec.format.dimension_headers.end())
        out.push_back(c);
  }
  return out;
}

}  // namespace

TableFileContent read_table_file(const std::vector<Dimension>& dimensions, const TableSpec& spec,
                                 const std::string& path, const std::string& display,
                                 const SuppressionMarkers& markers, bool markers_allowed,
                                 const std::string& true_value_column) {
  TableFileContent out;
  std::vector<CsvRow> sheet_rows;
  std::string text, sheet;
  if (is_workbook_path(path)) {
    // A sheet of a workbook reads as a CSV file whose lines are the sheet's rows.
    WorkbookSheet book = read_workbook_sheet(path, display, spec.format.sheet);
    out.bytes = std::move(book.bytes);
    sheet = out.sheet = book.sheet;
    sheet_rows = std::move(book.rows);
    fill_merged_labels(sheet_rows, book.merged, label_columns(sheet_rows, spec));
  } else {
    refuse_other_spreadsheets(path, display);
    CsvFile file;
    text = read_csv_text(path, spec.declared_encoding, display, file);
    out.bytes = std::move(file.bytes);
    out.encoding = file.encoding;
    out.crlf = out.bytes.find("\r\n") != std::string::npos || out.bytes.find('\n') == std::string::npos;
  }
  const CellReader reader(dimensions, spec, display, markers, markers_allowed, sheet);
  // Rows are read as they are parsed, so a bad row stops the reading there, however long the file.
  const auto skip = static_cast<std::size_t>(spec.skip_rows);
  std::size_t index = 0;
  RowHandler on_data;
  auto on_row = [&](CsvRow&& row) {
    if (index < skip) out.preamble.push_back(std::move(row.fields));
    else if (index == skip && spec.format.layout == TableLayout::Long)
      on_data = long_rows(std::move(row), spec, reader, true_value_column, out);
    else if (index == skip) on_data = wide_rows(std::move(row), spec, dimensions, reader, out);
    else on_data(row, index == skip + 1);
    ++index;
  };
  if (sheet.empty()) for_each_csv_row(text, display, on_row);
  else for (CsvRow& row : sheet_rows) on_row(std::move(row));
  if (index <= skip)
    throw InputError({display, 0, ""}, "見出し行がありません（ファイルが空です）", "no header row (the file is empty)");
  return out;
}

}  // namespace hitoku::ingest
