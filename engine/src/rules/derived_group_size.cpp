#include "rules/derived_group_size.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "hitoku/audit/inner_space.h"
#include "rules/earlier_only.h"
#include "rules/small_combinations.h"

namespace hitoku {
namespace {

struct Candidate {
  int table = -1;
  std::size_t flat = 0, td = 0;
  int group_dim = -1, group = -1;  // the code whose size is sought (the table's grouping or another)
  int target = -1;  // index into the targets (supports are shared)
};

}  // namespace

// The inner cells of `group` (a code of dim, any grouping of the slot's variable: they number their
// units alike) with the other dimensions as in the cell whose support is `cell`: the cell's inner
// cells with the slot's atom replaced by each atom under the group. Nothing when an atom straddles
// the group (no published cell tells its parts apart: the size is not given).
std::vector<int> atoms_under(const InnerSpace& space, std::size_t slot, const Dimension& dim, int code) {
  const auto& under = dim.leaves_under(code);
  const std::set<int> inside(under.begin(), under.end());
  std::vector<int> atoms;
  for (int a = 0; a < space.atom_count(slot); ++a) {
    const auto& leaves = space.atom_leaves(slot, a);
    const auto in = std::count_if(leaves.begin(), leaves.end(), [&](int l) { return inside.count(l) > 0; });
    if (in == 0) continue;
    if (static_cast<std::size_t>(in) != leaves.size()) return {};
    atoms.push_back(a);
  }
  return atoms;
}

std::optional<std::vector<std::int32_t>> group_support(const InnerSpace& space, const Dimension& dim, int slot,
                                                       const std::vector<std::int32_t>& cell, int group) {
  const std::vector<int> atoms = atoms_under(space, static_cast<std::size_t>(slot), dim, group);
  if (atoms.empty()) return std::nullopt;
  std::int64_t stride = 1;
  for (std::size_t q = static_cast<std::size_t>(slot) + 1; q < space.dimensions().size(); ++q) stride *= space.atom_count(q);
  const std::int64_t count = space.atom_count(static_cast<std::size_t>(slot));
  std::set<std::int64_t> bases;
  for (std::int32_t z : cell) bases.insert(z - ((z / stride) % count) * stride);
  std::vector<std::int32_t> out;
  for (std::int64_t b : bases)
    for (int a : atoms) out.push_back(static_cast<std::int32_t>(b + a * stride));
  std::sort(out.begin(), out.end());
  return out;
}

const InnerSpace* LazyInnerSpace::get() {
  if (!tried_) {
    tried_ = true;
    try {
      space_.emplace(s_);
    } catch (const std::length_error&) {
      return nullptr;
    }
  }
  return space_ && space_->size() <= CombinationLimits{}.max_inner_cells ? &*space_ : nullptr;
}

bool equal_to_derived_group(const Submission& s, const PrintedCells& printed, LazyInnerSpace& lazy,
                            std::vector<DisclosedGroup>& out) {
  // Built at the first size no table prints (most submissions print every group's size).
  const InnerSpace* space = nullptr;
  const CombinationLimits limits;
  std::vector<Candidate> candidates;
  std::vector<std::vector<std::int32_t>> targets;
  std::map<std::vector<std::int32_t>, int> target_of;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (!t.additive) continue;  // a patient in two cells: not sums
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      const int d = t.dims[td];
      const Dimension& dim = s.dimensions[static_cast<std::size_t>(d)];
      if (!is_sensitive(s.policy, dim)) continue;
      for (std::size_t f = 0; f < t.cell_count(); ++f) {
        if (is_suppressed(t.status[f]) || t.value[f] <= 0) continue;
        auto key = printed.key_of(t, f);
        for (const auto& [group_dim, group] : larger_groups_across(s, d, t.cell_codes(f)[td])) {
          printed.set_code(key, group_dim, group);
          if (printed.value(key)) continue;  // printed: equal_to_group's
          if (!space && !(space = lazy.get())) return false;
          const int slot = space->slot_of_dimension(d);
          if (slot < 0) break;
          const Dimension& gdim = s.dimensions[static_cast<std::size_t>(group_dim)];
          auto support = group_support(*space, gdim, slot, space->support(ti, f), group);
          if (!support) continue;
          auto [it, fresh] = target_of.emplace(*support, static_cast<int>(targets.size()));
          if (fresh) targets.push_back(std::move(*support));
          candidates.push_back({static_cast<int>(ti), f, td, group_dim, group, it->second});
        }
      }
    }
  }
  if (candidates.empty()) return true;
  const PublishedForms forms = additive_published_forms(s, *space);
  const bool modular = space->size() > limits.rational_max_inner_cells;
  const auto given = determined_by(*space, forms.all, targets, modular);
  std::optional<std::vector<std::optional<EliminatedSum>>> given_earlier;  // by earlier publications alone
  std::set<std::pair<int, std::size_t>> named;
  for (const Candidate& c : candidates) {
    const auto& size = given[static_cast<std::size_t>(c.target)];
    const Table& t = s.tables[static_cast<std::size_t>(c.table)];
    if (!size || size->value != t.value[c.flat] || !named.insert({c.table, c.flat}).second) continue;
    if (!t.earlier_publication) {
      out.push_back(disclosed_group(s, {c.table, c.flat}, {c.table, c.flat}, c.td, c.group_dim, c.group));
      continue;
    }
    // An earlier category: this submission's disclosure unless the earlier publications alone give
    // the size; it names a cell of this submission the computation uses (the one to suppress).
    if (!given_earlier) given_earlier = determined_by(*space, forms.earlier, targets, modular);
    if ((*given_earlier)[static_cast<std::size_t>(c.target)]) continue;
    for (std::size_t k = 0; k < size->published.size(); ++k) {
      const CellRef cell = forms.cell_of[static_cast<std::size_t>(size->published[k])];
      if (size->coefficients[k] == 0 || s.tables[static_cast<std::size_t>(cell.table)].earlier_publication) continue;
      DisclosedGroup g = disclosed_group(s, {c.table, c.flat}, cell, c.td, c.group_dim, c.group);
      g.size_derived = true;
      out.push_back(std::move(g));
      break;
    }
  }
  return true;
}

}  // namespace hitoku
