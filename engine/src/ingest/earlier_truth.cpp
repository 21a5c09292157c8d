#include "earlier_truth.h"

#include <algorithm>

namespace hitoku::ingest {

EarlierTruth::EarlierTruth(const std::vector<Dimension>& dimensions, const std::vector<Table>& tables)
    : dims_(dimensions), ids_(dimensions.size()), sets_(dimensions.size()) {
  for (const Table& t : tables) {
    // Hospitals' areas classify other records; distinct patients are not cases (and their parts do
    // not add up): such tables give no earlier cell.
    if (t.earlier_publication || !t.hospital_dimension.empty()) continue;
    Indexed x{&t, {}, std::vector<std::map<Key, std::vector<Part>>>(dims_.size())};
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      Key key = key_of(t, f);
      x.cells.emplace(key, t.value[f]);
      if (!t.additive) continue;
      for (std::size_t d = 0; d < dims_.size(); ++d) {
        const int own = key[d];
        key[d] = -1;
        x.parts[d][key].push_back({own, t.value[f]});
        key[d] = own;
      }
    }
    tables_.push_back(std::move(x));
  }
}

int EarlierTruth::leaf_set_id(std::size_t d, const std::vector<int>& leaves) {
  const auto [it, added] = ids_[d].emplace(leaves, static_cast<int>(sets_[d].size()));
  if (added) sets_[d].push_back(&it->first);
  return it->second;
}

// Per dimension of the submission, the leaves a table cell covers (all leaves where the table lacks
// the dimension). Two cells count the same records exactly when these agree in every dimension.
EarlierTruth::Key EarlierTruth::key_of(const Table& t, std::size_t flat) {
  Key key(dims_.size());
  for (std::size_t d = 0; d < dims_.size(); ++d) key[d] = leaf_set_id(d, dims_[d].leaves_under(dims_[d].root()));
  const auto codes = t.cell_codes(flat);
  for (std::size_t k = 0; k < codes.size(); ++k) {
    const auto d = static_cast<std::size_t>(t.dims[k]);
    key[d] = leaf_set_id(d, dims_[d].leaves_under(codes[k]));
  }
  return key;
}

std::optional<std::int64_t> EarlierTruth::of(const Table& earlier, std::size_t flat) {
  const Key want = key_of(earlier, flat);
  for (const Indexed& x : tables_) {
    if (x.table->additive != earlier.additive) continue;
    if (const auto same = x.cells.find(want); same != x.cells.end()) return same->second;
    if (!x.table->additive) continue;
    for (std::size_t d = 0; d < dims_.size(); ++d)
      if (const auto v = parts_sum(x, d, want)) return v;
  }
  return std::nullopt;
}

// The sum of the table's cells that split `want` along dimension d, if they cover it. Codes of one
// dimension form a hierarchy, so the leaf sets of its codes are nested or disjoint: the largest parts
// are disjoint, and they cover `want` exactly when their sizes add up to its size.
std::optional<std::int64_t> EarlierTruth::parts_sum(const Indexed& x, std::size_t d, Key want) const {
  const std::vector<int>& whole = *sets_[d][static_cast<std::size_t>(want[d])];
  want[d] = -1;
  const auto found = x.parts[d].find(want);
  if (found == x.parts[d].end()) return std::nullopt;
  const auto contains = [](const std::vector<int>& outer, const std::vector<int>& inner) {  // both ascending
    return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
  };
  std::vector<std::pair<const std::vector<int>*, std::int64_t>> inside;
  for (const Part& p : found->second) {
    const std::vector<int>& leaves = *sets_[d][static_cast<std::size_t>(p.leaves)];
    if (leaves.size() < whole.size() && contains(whole, leaves)) inside.push_back({&leaves, p.value});
  }
  std::stable_sort(inside.begin(), inside.end(), [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
  std::vector<const std::vector<int>*> taken;
  std::size_t covered = 0;
  std::int64_t sum = 0;
  for (const auto& part : inside) {  // not a structured binding: clang 14 (the fuzz build) cannot capture one
    const std::vector<int>* leaves = part.first;
    if (std::any_of(taken.begin(), taken.end(), [&](const auto* big) { return contains(*big, *leaves); }))
      continue;  // part of a larger part already taken (or the same leaves again)
    taken.push_back(leaves);
    covered += leaves->size();
    sum += part.second;
  }
  if (covered == whole.size()) return sum;
  return std::nullopt;
}

}  // namespace hitoku::ingest
