#include "hitoku/audit/inner_space.h"

#include "hitoku/model/groupings.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace hitoku {

InnerSpace::InnerSpace(const Submission& submission) : submission_(&submission) {
  const auto& tables = submission.tables;
  const auto& all_dims = submission.dimensions;
  slot_of_.assign(all_dims.size(), -1);
  // One slot per variable: groupings of one variable (model/groupings.h) share their leaves.
  for (const auto& t : tables)
    for (int d : t.dims) {
      if (slot_of_[d] >= 0) continue;
      for (std::size_t s = 0; s < dims_.size() && slot_of_[d] < 0; ++s)
        if (same_variable(all_dims[dims_[s]], all_dims[d])) slot_of_[d] = static_cast<int>(s);
      if (slot_of_[d] >= 0) {
        const auto& a = all_dims[dims_[slot_of_[d]]];
        const auto& b = all_dims[d];
        bool aligned = a.leaves().size() == b.leaves().size();
        for (std::size_t i = 0; aligned && i < a.leaves().size(); ++i)
          aligned = a.code(a.leaves()[i]) == b.code(b.leaves()[i]);
        if (!aligned)
          throw std::logic_error("groupings of variable '" + b.variable() + "' are not linked (link_groupings)");
        continue;
      }
      slot_of_[d] = static_cast<int>(dims_.size());
      dims_.push_back(d);
    }
  const auto& slot_of = slot_of_;

  // Atoms: leaves grouped by the set of table codes that contain them.
  std::vector<std::vector<int>> leaf_atom(dims_.size());
  for (std::size_t s = 0; s < dims_.size(); ++s) {
    // Covering table codes are told apart by (dimension, code): groupings share the leaves.
    const Dimension& first = all_dims[dims_[s]];
    std::vector<std::vector<std::pair<int, int>>> covering(first.leaves().size());
    std::vector<std::vector<char>> seen(all_dims.size());
    for (const auto& t : tables)
      for (std::size_t td = 0; td < t.dims.size(); ++td) {
        const int d = t.dims[td];
        if (slot_of[d] != static_cast<int>(s)) continue;
        const Dimension& dim = all_dims[d];
        seen[d].resize(dim.size(), 0);
        for (int code : t.codes[td])
          if (!seen[d][code]) {
            seen[d][code] = 1;
            for (int leaf : dim.leaves_under(code)) covering[leaf].push_back({d, code});
          }
      }
    std::map<std::vector<std::pair<int, int>>, int> atom_of;
    leaf_atom[s].resize(covering.size());
    atom_leaves_.emplace_back();
    for (std::size_t leaf = 0; leaf < covering.size(); ++leaf) {
      std::sort(covering[leaf].begin(), covering[leaf].end());
      auto [it, fresh] = atom_of.emplace(covering[leaf], static_cast<int>(atom_leaves_[s].size()));
      if (fresh) atom_leaves_[s].emplace_back();
      atom_leaves_[s][it->second].push_back(static_cast<int>(leaf));
      leaf_atom[s][leaf] = it->second;
    }
  }

  stride_.assign(dims_.size(), 1);
  for (std::size_t s = dims_.size(); s-- > 0;) {
    stride_[s] = size_;
    size_ *= static_cast<std::int64_t>(atom_leaves_[s].size());
    if (size_ > (std::int64_t{1} << 31) - 1)
      throw std::length_error("inner space exceeds 2^31 cells");
  }

  code_atoms_.resize(tables.size());
  table_slot_.resize(tables.size());
  for (std::size_t ti = 0; ti < tables.size(); ++ti) {
    const Table& t = tables[ti];
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      const int s = slot_of[t.dims[td]];
      table_slot_[ti].push_back(s);
      const Dimension& dim = submission.dimensions[t.dims[td]];
      std::vector<std::vector<int>> per_code;
      for (int code : t.codes[td]) {
        std::vector<int> atoms;
        for (int leaf : dim.leaves_under(code)) atoms.push_back(leaf_atom[s][leaf]);
        std::sort(atoms.begin(), atoms.end());
        atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
        per_code.push_back(std::move(atoms));
      }
      code_atoms_[ti].push_back(std::move(per_code));
    }
  }
}

std::int64_t InnerSpace::support_size(std::size_t table, std::size_t flat) const {
  std::vector<std::int64_t> n(dims_.size());
  for (std::size_t s = 0; s < dims_.size(); ++s) n[s] = atom_count(s);
  const auto pos = submission_->tables[table].positions(flat);
  for (std::size_t td = 0; td < pos.size(); ++td)
    n[table_slot_[table][td]] = static_cast<std::int64_t>(code_atoms_[table][td][pos[td]].size());
  std::int64_t total = 1;
  for (auto v : n) total *= v;
  return total;
}

std::vector<std::int32_t> InnerSpace::support(std::size_t table, std::size_t flat) const {
  const std::size_t k = dims_.size();
  std::vector<const std::vector<int>*> chosen(k, nullptr);
  const auto pos = submission_->tables[table].positions(flat);
  for (std::size_t td = 0; td < pos.size(); ++td)
    chosen[table_slot_[table][td]] = &code_atoms_[table][td][pos[td]];
  auto count = [&](std::size_t s) {
    return chosen[s] ? static_cast<int>(chosen[s]->size()) : atom_count(s);
  };
  auto atom = [&](std::size_t s, int i) { return chosen[s] ? (*chosen[s])[i] : i; };

  std::vector<std::int32_t> out;
  out.reserve(static_cast<std::size_t>(support_size(table, flat)));
  for (std::size_t s = 0; s < k; ++s)
    if (count(s) == 0) return out;
  // Odometer over the chosen atoms, last slot fastest: the output comes out ascending.
  std::vector<int> idx(k, 0);
  while (true) {
    std::int64_t cell = 0;
    for (std::size_t s = 0; s < k; ++s) cell += stride_[s] * atom(s, idx[s]);
    out.push_back(static_cast<std::int32_t>(cell));
    std::size_t s = k;
    while (s-- > 0) {
      if (++idx[s] < count(s)) break;
      idx[s] = 0;
    }
    if (s == static_cast<std::size_t>(-1)) break;
  }
  return out;
}

}  // namespace hitoku
