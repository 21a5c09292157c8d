#include "cell_reader.h"

#include <algorithm>

#include "code_lookup.h"

namespace hitoku::ingest {

CellReader::CellReader(const std::vector<Dimension>& dimensions, const TableSpec& spec, std::string display,
                       const SuppressionMarkers& markers, bool markers_allowed, std::string sheet)
    : dims_(dimensions), spec_(spec), display_(std::move(display)), markers_(markers), markers_allowed_(markers_allowed),
      sheet_(std::move(sheet)) {}

int CellReader::code(std::size_t d, const std::string& text, const SourcePos& pos, bool& label_seen) const {
  const Dimension& dim = dims_[spec_.dims[d]];
  if (text.empty())
    throw InputError(pos, dim.label() + "（" + dim.id() + "）のコードが空欄です",
                     "the code of dimension '" + dim.id() + "' is empty");
  CodeMatch m = lookup_code(dim, text, pos);
  const auto& listed = spec_.listed_codes[d];
  if (!listed.empty() && std::find(listed.begin(), listed.end(), m.index) == listed.end())
    throw InputError(pos,
                     "「" + text + "」は表「" + spec_.id + "」の codes に挙げた" + dim.label() + "のコードにありません",
                     "'" + text + "' is not among the codes the manifest lists for table '" + spec_.id + "'");
  label_seen = m.by_label;
  return m.index;
}

RawCell CellReader::count(const std::string& text, const SourcePos& pos, std::string& first_marker) const {
  CountField f = parse_count(text, markers_, markers_allowed_, pos);
  if (f.suppressed && first_marker.empty()) first_marker = f.marker;
  return {f.suppressed, f.value, f.marker, pos};
}

void CellReader::insert(CellMap& cells, std::vector<int> key, RawCell cell) const {
  auto [it, fresh] = cells.emplace(std::move(key), cell);
  if (fresh) return;
  std::string codes;
  for (std::size_t d = 0; d < it->first.size(); ++d)
    codes += (d ? ", " : "") + dims_[spec_.dims[d]].id() + "=" + dims_[spec_.dims[d]].code(it->first[d]);
  throw InputError(cell.pos,
                   "同じセル (" + codes + ") が2回あります（" + std::to_string(it->second.pos.line) + " 行目にもあります）",
                   "duplicate cell (" + codes + "), also on line " + std::to_string(it->second.pos.line));
}

}  // namespace hitoku::ingest
