#include "rules/printed_cells.h"

namespace hitoku {

PrintedCells::PrintedCells(const Submission& submission) : s_(submission) {
  for (std::size_t ti = 0; ti < s_.tables.size(); ++ti) {
    const Table& t = s_.tables[ti];
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      const Key key = key_of(t, f);
      printed_.emplace(key, t.value[f]);
      Where& w = where_[key];
      if (t.earlier_publication) w.earlier = true;
      else if (w.table < 0) w = Where{static_cast<int>(ti), f, w.earlier};
    }
  }
}

std::optional<PrintedCells::Where> PrintedCells::where(const Key& key) const {
  const auto it = where_.find(key);
  if (it == where_.end()) return std::nullopt;
  return it->second;
}

PrintedCells::Key PrintedCells::key_of(const Table& table, std::size_t flat) const {
  Key key(s_.dimensions.size() + 1);
  for (std::size_t d = 0; d < s_.dimensions.size(); ++d) key[d] = s_.dimensions[d].root();
  const std::vector<int> codes = table.cell_codes(flat);
  for (std::size_t d = 0; d < table.dims.size(); ++d) key[static_cast<std::size_t>(table.dims[d])] = codes[d];
  key.back() = table.additive ? 1 : 0;  // distinct patients and tumours are different counts
  return key;
}

std::optional<std::int64_t> PrintedCells::value(const Key& key) const {
  const auto it = printed_.find(key);
  if (it == printed_.end()) return std::nullopt;
  return it->second;
}

}  // namespace hitoku
