#include "earlier_truth.h"

#include <algorithm>
#include <map>

namespace hitoku::ingest {
namespace {

// Per dimension of the submission, the leaves a table cell covers (all leaves where the table lacks
// the dimension). Two cells count the same records exactly when these agree in every dimension.
std::vector<const std::vector<int>*> leaf_sets(const std::vector<Dimension>& dims, const Table& t, std::size_t flat) {
  std::vector<const std::vector<int>*> out(dims.size());
  for (std::size_t d = 0; d < dims.size(); ++d) out[d] = &dims[d].leaves_under(dims[d].root());
  const auto codes = t.cell_codes(flat);
  for (std::size_t k = 0; k < codes.size(); ++k) {
    const auto d = static_cast<std::size_t>(t.dims[k]);
    out[d] = &dims[d].leaves_under(codes[k]);
  }
  return out;
}

bool contains(const std::vector<int>& outer, const std::vector<int>& inner) {  // both ascending
  return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

// The sum of the table's cells that split `want` along one dimension, if they cover it. Codes of one
// dimension form a hierarchy, so the leaf sets of its codes are nested or disjoint: the largest parts
// are disjoint, and they cover `want` exactly when their sizes add up to its size.
std::optional<std::int64_t> parts_sum(const std::vector<Dimension>& dims, const Table& t,
                                      const std::vector<const std::vector<int>*>& want) {
  std::map<std::size_t, std::vector<std::pair<const std::vector<int>*, std::int64_t>>> parts;  // by dimension
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    const auto have = leaf_sets(dims, t, f);
    std::vector<std::size_t> differ;
    for (std::size_t d = 0; d < dims.size() && differ.size() < 2; ++d)
      if (*have[d] != *want[d]) differ.push_back(d);
    if (differ.empty()) return t.value[f];  // the same cell
    if (differ.size() == 1 && t.additive && contains(*want[differ[0]], *have[differ[0]]))
      parts[differ[0]].push_back({have[differ[0]], t.value[f]});
  }
  for (auto& [d, list] : parts) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
    std::vector<const std::vector<int>*> taken;
    std::size_t covered = 0;
    std::int64_t sum = 0;
    for (const auto& part : list) {  // not a structured binding: clang 14 (the fuzz build) cannot capture one
      const std::vector<int>* leaves = part.first;
      const bool inside = std::any_of(taken.begin(), taken.end(), [&](const auto* big) { return contains(*big, *leaves); });
      if (inside) continue;  // part of a larger part already taken (or the same leaves again)
      taken.push_back(leaves);
      covered += leaves->size();
      sum += part.second;
    }
    if (covered == want[d]->size()) return sum;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> truth_from_tables(const std::vector<Dimension>& dimensions,
                                              const std::vector<Table>& tables, const Table& earlier,
                                              std::size_t flat) {
  const auto want = leaf_sets(dimensions, earlier, flat);
  for (const Table& t : tables) {
    // Hospitals' areas classify other records; distinct patients are not cases (and their parts
    // do not add up).
    if (t.earlier_publication || !t.hospital_dimension.empty() || t.additive != earlier.additive) continue;
    if (const auto v = parts_sum(dimensions, t, want)) return v;
  }
  return std::nullopt;
}

}  // namespace hitoku::ingest
