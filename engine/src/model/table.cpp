#include "hitoku/model/table.h"

namespace hitoku {

bool is_suppressed(CellStatus s) { return s != CellStatus::Published; }

const char* to_string(CellStatus s) {
  switch (s) {
    case CellStatus::Published: return "published";
    case CellStatus::SuppressedByUser: return "suppressed_by_user";
    case CellStatus::SuppressedPrimary: return "suppressed_primary";
    case CellStatus::SuppressedSecondary: return "suppressed_secondary";
  }
  return "unknown";
}

std::size_t Table::cell_count() const {
  std::size_t n = 1;
  for (const auto& c : codes) n *= c.size();
  return codes.empty() ? 0 : n;
}

std::vector<int> Table::positions(std::size_t flat) const {
  std::vector<int> pos(codes.size());
  for (std::size_t d = codes.size(); d-- > 0;) {
    pos[d] = static_cast<int>(flat % codes[d].size());
    flat /= codes[d].size();
  }
  return pos;
}

std::size_t Table::flat_index(const std::vector<int>& pos) const {
  std::size_t flat = 0;
  for (std::size_t d = 0; d < codes.size(); ++d) flat = flat * codes[d].size() + static_cast<std::size_t>(pos[d]);
  return flat;
}

std::vector<int> Table::cell_codes(std::size_t flat) const {
  auto pos = positions(flat);
  for (std::size_t d = 0; d < pos.size(); ++d) pos[d] = codes[d][pos[d]];
  return pos;
}

}  // namespace hitoku
