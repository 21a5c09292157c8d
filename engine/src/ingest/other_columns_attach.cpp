// Attaches the values of the declared columns beside the count to an assembled table, with their
// populations (docs/formats.md §2.1). Every bad value is an InputError naming file, line and column.
#include <algorithm>
#include <string>
#include <utility>

#include "hitoku/ingest/text_encoding.h"
#include "ingest/numerals.h"
#include "other_columns.h"

namespace hitoku::ingest {
namespace {

std::string describe(const std::vector<Dimension>& dims, const Table& t, std::size_t flat) {
  std::string s;
  const auto codes = t.cell_codes(flat);
  for (std::size_t d = 0; d < codes.size(); ++d) s += (d ? ", " : "") + dims[t.dims[d]].id() + "=" + dims[t.dims[d]].code(codes[d]);
  return s;
}

// A printed decimal, exactly: the value times 10^decimals.
DerivedValue parse_value(const RawText* raw, const SuppressionMarkers& markers, int decimals, const std::string& kind) {
  DerivedValue v;
  if (!raw) return v;
  v.text = raw->text;
  v.pos = raw->pos;
  const std::string s = fold_width(trim_text(raw->text));
  if (s.empty()) return v;
  if (markers.match(s)) {
    v.state = DerivedValue::State::Marked;
    return v;
  }
  if (s[0] == '-' || s.starts_with("\xE2\x88\x92"))
    throw InputError(raw->pos, kind + "が負の値「" + raw->text + "」です", "negative " + kind + " '" + raw->text + "'");
  const std::size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  auto digits = [](const std::string& t) { return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  if (whole.empty() || !digits(whole) || !digits(frac) || (dot != std::string::npos && frac.empty()) || whole.size() > 12)
    throw InputError(raw->pos, "「" + raw->text + "」は数値（小数）として読めません", "'" + raw->text + "' is not a decimal number");
  if (static_cast<int>(frac.size()) > decimals)
    throw InputError(raw->pos,
                     "「" + raw->text + "」の小数の桁数が宣言（decimals: " + std::to_string(decimals) + "）より多くあります",
                     "'" + raw->text + "' has more decimals than declared (decimals: " + std::to_string(decimals) + ")");
  std::int64_t scaled = std::stoll(whole);
  for (int k = 0; k < decimals; ++k) scaled = scaled * 10 + (k < static_cast<int>(frac.size()) ? frac[static_cast<std::size_t>(k)] - '0' : 0);
  v.state = DerivedValue::State::Printed;
  v.scaled = scaled;
  return v;
}

const RawText* text_at(const TableFileContent& content, const std::string& header, const Table& t, TableLayout layout,
                       std::size_t flat) {
  auto col = content.other_cells.find(header);
  if (col == content.other_cells.end()) return nullptr;
  std::vector<int> key = t.cell_codes(flat);
  if (layout == TableLayout::Wide) key.back() = -1;
  auto it = col->second.find(key);
  return it == col->second.end() ? nullptr : &it->second;
}

// A public file keyed like the table (or by some of its dimensions), one number per key.
CellMap keyed_numbers(const TableSpec& spec, const std::vector<std::size_t>& positions, const std::string& file,
                      const std::string& column, const KeyedFileReader& read_keyed) {
  TableSpec p;
  p.id = spec.id;
  p.format.layout = TableLayout::Long;
  p.format.file = file;
  p.format.count_header = column;
  p.other_columns_free = true;
  for (std::size_t d : positions) {
    p.dims.push_back(spec.dims[d]);
    p.format.dimension_headers.push_back(spec.format.dimension_headers[d]);
    p.listed_codes.push_back(spec.format.is_fixed(d) ? spec.listed_codes[d] : std::vector<int>{});
    p.format.fixed.push_back(spec.format.is_fixed(d));
  }
  return read_keyed(p, file).cells;
}

void attach_populations(const std::vector<Dimension>& dims, const TableSpec& spec, DerivedColumn& c,
                        const KeyedFileReader& read_keyed, Table& t) {
  std::vector<std::size_t> all(t.dims.size());
  for (std::size_t d = 0; d < all.size(); ++d) all[d] = d;
  const CellMap pop = keyed_numbers(spec, all, c.population_file, c.population_column, read_keyed);
  c.population.assign(t.cell_count(), 0);
  std::vector<SourcePos> where(t.cell_count());
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    auto it = pop.find(t.cell_codes(f));
    if (it == pop.end()) continue;
    c.population[f] = it->second.value;
    where[f] = it->second.pos;
  }
  auto need = [&](std::size_t f, std::size_t for_flat) {
    if (where[f].file.empty())
      throw InputError(c.values[for_flat].pos,
                       "人口ファイル " + c.population_file + " にセル（" + describe(dims, t, f) + "）の人口がありません",
                       "the population file " + c.population_file + " has no population for the cell (" +
                           describe(dims, t, f) + ")");
    if (c.population[f] == 0)
      throw InputError(where[f], "人口が 0 です（" + c.header + " を計算できません）",
                       "the population is 0 (" + c.header + " cannot be computed)");
  };
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    if (c.values[f].state == DerivedValue::State::Blank) continue;
    if (c.kind == DerivedKind::Rate) {
      need(f, f);
      continue;
    }
    auto pos = t.positions(f);
    for (std::size_t a = 0; a < c.weight.size(); ++a) {
      if (c.weight[a] == 0) continue;
      pos[static_cast<std::size_t>(c.age_position)] = static_cast<int>(a);
      need(t.flat_index(pos), f);
    }
  }
}

void attach_bases(const std::vector<Dimension>& dims, DerivedColumn& c, const SourcePos& at, Table& t) {
  std::vector<int> replace(t.dims.size(), -1);
  for (const auto& [dim, code] : c.base_codes) {
    for (std::size_t d = 0; d < t.dims.size(); ++d) {
      if (dims[t.dims[d]].id() != dim) continue;
      const auto& codes = t.codes[d];
      const auto it = std::find(codes.begin(), codes.end(), dims[t.dims[d]].find(code));
      if (it == codes.end())
        throw InputError(at, "base のセル（" + dim + "=" + code + "）が表「" + t.id + "」にありません",
                         "the base cell (" + dim + "=" + code + ") is not in table '" + t.id + "'");
      replace[d] = static_cast<int>(it - codes.begin());
    }
  }
  c.base.assign(t.cell_count(), -1);
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    auto pos = t.positions(f);
    for (std::size_t d = 0; d < pos.size(); ++d)
      if (replace[d] >= 0) pos[d] = replace[d];
    c.base[f] = static_cast<std::int64_t>(t.flat_index(pos));
    if (c.values[f].published() && t.value[static_cast<std::size_t>(c.base[f])] == 0)
      throw InputError(c.values[f].pos, "割合の分母（base のセル）が 0 です",
                       "the base cell of this percentage is 0");
  }
}

// The finest age codes of the table (no descendant among its codes) get their standard weight.
void attach_weights(const std::vector<Dimension>& dims, const TableSpec& spec, DerivedColumn& c, const SourcePos& at,
                    const KeyedFileReader& read_keyed, Table& t) {
  const auto a = static_cast<std::size_t>(c.age_position);
  const Dimension& age = dims[t.dims[a]];
  const CellMap weights = keyed_numbers(spec, {a}, c.standard_file, c.standard_column, read_keyed);
  const auto& codes = t.codes[a];
  c.weight.assign(codes.size(), 0);
  for (std::size_t p = 0; p < codes.size(); ++p) {
    bool finest = true;
    for (int q : codes)
      for (int up = age.parent(q); up >= 0 && finest; up = age.parent(up)) finest = up != codes[p];
    if (!finest) continue;
    auto it = weights.find({codes[p]});
    if (it == weights.end() || it->second.value == 0)
      throw InputError(at, "基準人口ファイル " + c.standard_file + " に年齢「" + age.code_label(codes[p]) + "」の正の重みがありません",
                       "the standard population " + c.standard_file + " has no positive weight for age '" + age.code(codes[p]) + "'");
    c.weight[p] = it->second.value;
  }
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    if (c.values[f].state != DerivedValue::State::Blank && c.weight[static_cast<std::size_t>(t.positions(f)[a])] != 0)
      throw InputError(c.values[f].pos, "年齢調整率が一つの年齢階級のセルに書かれています（年齢の計のセルに書いてください）",
                       "an age-standardised rate is printed on a single age band (print it on an age total)");
}

// A wide table's derived values: the cells of the block file (the table's layout) by table cell.
// A value for a cell the table does not have is an error at the value.
std::vector<const RawText*> block_values(const std::vector<Dimension>& dims, const TableSpec& spec, const DerivedColumn& c,
                                         const KeyedFileReader& read_keyed, const Table& t, TextMap& texts) {
  TableSpec b = spec;
  b.format.file = c.file;
  b.format.sheet = c.sheet;
  b.format.true_values_file.clear();
  b.other_headers.clear();
  b.other_columns_free = false;
  b.values_as_text = true;
  texts = std::move(read_keyed(b, c.file).other_cells[""]);
  std::vector<const RawText*> out(t.cell_count(), nullptr);
  for (const auto& [key, raw] : texts) {
    std::vector<int> pos(key.size());
    bool in_table = true;
    for (std::size_t d = 0; d < key.size() && in_table; ++d) {
      const auto it = std::find(t.codes[d].begin(), t.codes[d].end(), key[d]);
      in_table = it != t.codes[d].end();
      if (in_table) {
        pos[d] = static_cast<int>(it - t.codes[d].begin());
        continue;
      }
      if (trim_text(raw.text).empty()) continue;  // an empty cell prints nothing
      const std::string cell = dims[t.dims[d]].id() + "=" + dims[t.dims[d]].code(key[d]);
      throw InputError(raw.pos,
                       "「" + c.header + "」の値があるセル（" + cell + "）は表「" + t.id +
                           "」にありません（派生値の表は件数の表と同じ形にしてください）",
                       "'" + c.header + "' has a value for a cell (" + cell + ") that table '" + t.id +
                           "' does not have (the derived values' table must have the counts' layout)");
    }
    if (in_table) out[t.flat_index(pos)] = &raw;
  }
  return out;
}

// An ignored column holds notes, not numbers: a share or rate printed there would be read by every
// reader and by no audit (3.0 % of a published 200 gives a suppressed 6).
void refuse_numbers_in_ignored(const UnauditedColumn& u) {
  if (u.not_modelled) return;
  for (const ColumnText& c : u.cells)
    if (!c.text.empty() && looks_numeric(c.text))
      throw InputError(c.pos,
                       "監査しない列（ignore_columns）「" + u.header + "」に数字を含む値「" + c.text +
                           "」があります。率・割合なら derived に、それ以外は not_modelled（審査者が確認）に書いてください",
                       "column '" + u.header + "' is declared ignored (ignore_columns) but holds '" + c.text +
                           "', which has digits: declare a rate or share under derived, anything else under not_modelled (the reviewer checks it)");
}

}  // namespace

void attach_other_columns(const std::vector<Dimension>& dims, const TableSpec& spec, OtherColumnDecls decls,
                          const TableFileContent& content, const SuppressionMarkers& markers,
                          const KeyedFileReader& read_keyed, Table& table, TableFormat& format) {
  const std::size_t n = table.cell_count();
  format.other_headers = content.other_headers;
  for (auto& u : decls.unaudited) {
    u.marker = format.marker.empty() ? "*" : format.marker;
    u.cells.resize(n);
    for (std::size_t f = 0; f < n; ++f)
      if (const RawText* raw = text_at(content, u.header, table, format.layout, f)) u.cells[f] = {raw->text, raw->pos};
    refuse_numbers_in_ignored(u);
    table.unaudited.push_back(std::move(u));
  }
  for (std::size_t i = 0; i < decls.derived.size(); ++i) {
    DerivedColumn& c = decls.derived[i];
    const std::string kind = c.kind == DerivedKind::Percent ? "割合" : "率";
    c.values.resize(n);
    TextMap block;
    const std::vector<const RawText*> wide =
        c.file.empty() ? std::vector<const RawText*>{} : block_values(dims, spec, c, read_keyed, table, block);
    for (std::size_t f = 0; f < n; ++f) {
      c.values[f] = parse_value(c.file.empty() ? text_at(content, c.header, table, format.layout, f) : wide[f], markers,
                                c.decimals, kind);
      if (c.values[f].state == DerivedValue::State::Marked && c.marker == "*") c.marker = trim_text(c.values[f].text);
    }
    if (c.kind == DerivedKind::Percent) attach_bases(dims, c, c.where, table);
    if (c.kind == DerivedKind::StandardisedRate) attach_weights(dims, spec, c, decls.standard_at[i], read_keyed, table);
    if (c.kind != DerivedKind::Percent) attach_populations(dims, spec, c, read_keyed, table);
    table.derived.push_back(std::move(c));
  }
}

void compute_derived_columns(const std::vector<Dimension>& dims, const TableSpec& spec, OtherColumnDecls decls,
                             const KeyedFileReader& read_keyed, Table& table, TableFormat& format) {
  const std::size_t n = table.cell_count();
  for (std::size_t i = 0; i < decls.derived.size(); ++i) {
    DerivedColumn& c = decls.derived[i];
    c.marker = format.marker.empty() ? "*" : format.marker;
    const SourcePos at = i < decls.population_at.size() && !decls.population_at[i].file.empty() ? decls.population_at[i] : c.where;
    c.values.assign(n, DerivedValue{});
    for (auto& v : c.values) v.pos = at;
    if (c.kind == DerivedKind::Percent) {
      attach_bases(dims, c, c.where, table);  // all blank yet: no base is checked against 0
      for (std::size_t f = 0; f < n; ++f)
        if (table.value[static_cast<std::size_t>(c.base[f])] > 0) c.values[f].state = DerivedValue::State::Printed;
    } else if (c.kind == DerivedKind::StandardisedRate) {
      attach_weights(dims, spec, c, decls.standard_at[i], read_keyed, table);
      const auto a = static_cast<std::size_t>(c.age_position);
      for (std::size_t f = 0; f < n; ++f)
        if (c.weight[static_cast<std::size_t>(table.positions(f)[a])] == 0) c.values[f].state = DerivedValue::State::Printed;
    } else {
      for (auto& v : c.values) v.state = DerivedValue::State::Printed;
    }
    if (c.kind != DerivedKind::Percent) attach_populations(dims, spec, c, read_keyed, table);
    compute_derived_values(dims, table, c);
    format.other_headers.push_back(c.header);
    table.derived.push_back(std::move(c));
  }
}

}  // namespace hitoku::ingest
