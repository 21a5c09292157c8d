#include "rules/printed_cells.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "hitoku/model/groupings.h"

namespace hitoku {

PrintedCells::PrintedCells(const Submission& submission) : s_(submission) {
  const auto& dims = s_.dimensions;
  slot_of_dim_.resize(dims.size());
  std::size_t slots = 0;
  for (std::size_t d = 0; d < dims.size(); ++d) {
    slot_of_dim_[d] = slots;
    for (std::size_t e = 0; e < d; ++e)
      if (same_variable(dims[e], dims[d])) {
        slot_of_dim_[d] = slot_of_dim_[e];
        break;
      }
    if (slot_of_dim_[d] == slots) ++slots;
  }
  ids_.resize(slots);
  code_id_.resize(dims.size());
  root_id_.assign(slots, -1);
  for (std::size_t d = 0; d < dims.size(); ++d) {
    for (int c = 0; c < dims[d].size(); ++c) code_id_[d].push_back(unit_set_id(slot_of_dim_[d], dims[d].leaves_under(c)));
    root_id_[slot_of_dim_[d]] = code_id_[d][static_cast<std::size_t>(dims[d].root())];
  }
  for (std::size_t ti = 0; ti < s_.tables.size(); ++ti) {
    const Table& t = s_.tables[ti];
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      const Key key = key_of(t, f);
      printed_.emplace(key, t.value[f]);
      Where& w = where_[key];
      if (t.earlier_publication && !w.earlier) {
        w.earlier = true;
        w.earlier_table = static_cast<int>(ti);
        w.earlier_flat = f;
      } else if (!t.earlier_publication && w.table < 0) {
        w.table = static_cast<int>(ti);
        w.flat = f;
      }
    }
  }
}

int PrintedCells::unit_set_id(std::size_t slot, const std::vector<int>& leaves) const {
  std::vector<int> sorted = leaves;
  std::sort(sorted.begin(), sorted.end());
  auto& ids = ids_[slot];
  return ids.emplace(std::move(sorted), static_cast<int>(ids.size())).first->second;
}

std::optional<PrintedCells::Where> PrintedCells::where(const Key& key) const {
  const auto it = where_.find(key);
  if (it == where_.end()) return std::nullopt;
  return it->second;
}

PrintedCells::Key PrintedCells::key_of(const Table& table, std::size_t flat) const {
  Key key(ids_.size() + 1, -1);
  const std::vector<int> codes = table.cell_codes(flat);
  for (std::size_t td = 0; td < table.dims.size(); ++td) {
    const auto d = static_cast<std::size_t>(table.dims[td]);
    const std::size_t slot = slot_of_dim_[d];
    const int id = code_id_[d][static_cast<std::size_t>(codes[td])];
    if (key[slot] < 0) {
      key[slot] = id;
      continue;
    }
    // Two groupings of one variable in one table: the units both codes cover.
    std::vector<int> a, b, both;
    for (const auto& [units, i] : ids_[slot]) {
      if (i == key[slot]) a = units;
      if (i == id) b = units;
    }
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    key[slot] = unit_set_id(slot, both);
  }
  for (std::size_t d = 0; d < s_.dimensions.size(); ++d)  // the variables the table does not show: all units
    if (key[slot_of_dim_[d]] < 0) key[slot_of_dim_[d]] = code_id_[d][static_cast<std::size_t>(s_.dimensions[d].root())];
  key.back() = table.additive ? 1 : 0;  // distinct patients and tumours are different counts
  return key;
}

const std::vector<int>& PrintedCells::larger(std::size_t slot, int id) const {
  const auto [cached, fresh] = larger_.try_emplace({slot, id});
  if (!fresh) return cached->second;
  const std::vector<int>* units = nullptr;
  for (const auto& [set, i] : ids_[slot])
    if (i == id) units = &set;
  if (!units) return cached->second;
  std::set<int> codes_ids;  // only sets some code covers (not intersections made for one key)
  for (std::size_t d = 0; d < s_.dimensions.size(); ++d)
    if (slot_of_dim_[d] == slot) codes_ids.insert(code_id_[d].begin(), code_id_[d].end());
  for (const auto& [set, i] : ids_[slot])
    if (codes_ids.count(i) && set.size() > units->size() && std::includes(set.begin(), set.end(), units->begin(), units->end()))
      cached->second.push_back(i);
  return cached->second;
}

void PrintedCells::set_code(Key& key, int dim, int code) const {
  const auto d = static_cast<std::size_t>(dim);
  key[slot_of_dim_[d]] = code_id_[d][static_cast<std::size_t>(code)];
}

std::optional<std::int64_t> PrintedCells::value(const Key& key) const {
  const auto it = printed_.find(key);
  if (it == printed_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<int, int>> larger_groups_across(const Submission& s, int dim, int code) {
  const Dimension& own = s.dimensions[static_cast<std::size_t>(dim)];
  const auto& under = own.leaves_under(code);
  const std::set<int> units(under.begin(), under.end());
  std::vector<std::pair<std::size_t, std::pair<int, int>>> found;  // (units counted, (dimension, code))
  std::set<std::set<int>> seen{units};
  auto consider = [&](int d, int c) {
    const auto& leaves = s.dimensions[static_cast<std::size_t>(d)].leaves_under(c);
    const std::set<int> set(leaves.begin(), leaves.end());
    if (set.size() <= units.size() || !std::includes(set.begin(), set.end(), units.begin(), units.end())) return;
    if (seen.insert(set).second) found.push_back({set.size(), {d, c}});
  };
  for (int g = own.parent(code); g >= 0; g = own.parent(g)) consider(dim, g);  // own grouping first
  for (std::size_t d = 0; d < s.dimensions.size(); ++d)
    if (static_cast<int>(d) != dim && !own.variable().empty() && same_variable(own, s.dimensions[d]))
      for (int c = 0; c < s.dimensions[d].size(); ++c) consider(static_cast<int>(d), c);
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<int, int>> out;
  for (const auto& f : found) out.push_back(f.second);
  return out;
}

}  // namespace hitoku
