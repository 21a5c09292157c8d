#include "rules/hidden_cells.h"

#include <algorithm>
#include <set>

namespace hitoku {
namespace {

// One choice along a table dimension: the atoms of its slot that it covers, its name, and whether
// the table shows it.
struct Choice {
  std::vector<int> atoms;  // ascending
  std::string code, label;
  bool shown = false;
};

// The atoms exactly under a code; empty when an atom lies only partly under it.
std::vector<int> code_atoms(const InnerSpace& space, std::size_t slot, const Dimension& dim, int code,
                            const std::vector<int>& atom_of_leaf) {
  std::vector<int> atoms;
  for (int leaf : dim.leaves_under(code)) atoms.push_back(atom_of_leaf[static_cast<std::size_t>(leaf)]);
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  std::size_t leaves = 0;
  for (int a : atoms) leaves += a < 0 ? 0 : space.atom_leaves(slot, a).size();
  if (atoms.empty() || atoms.front() < 0 || leaves != dim.leaves_under(code).size()) return {};
  return atoms;
}

// Every code of the dimension made of whole atoms (refinement codes aside), then every atom no code
// names alone (codes no table tells apart, such as two municipalities a table leaves out).
std::vector<Choice> choices(const Submission& s, const InnerSpace& space, const Table& t, std::size_t td) {
  const int d = t.dims[td];
  const Dimension& dim = s.dimensions[static_cast<std::size_t>(d)];
  const auto slot = static_cast<std::size_t>(space.slot_of_dimension(d));
  std::vector<int> atom_of_leaf(dim.leaves().size(), -1);
  for (int a = 0; a < space.atom_count(slot); ++a)
    for (int leaf : space.atom_leaves(slot, a)) atom_of_leaf[static_cast<std::size_t>(leaf)] = a;
  std::vector<char> shown(static_cast<std::size_t>(dim.size()), 0);
  for (int c : t.codes[td]) shown[static_cast<std::size_t>(c)] = 1;
  std::vector<Choice> out;
  std::set<std::vector<int>> named;
  for (int c = 0; c < dim.size(); ++c) {
    if (dim.is_refinement(c)) continue;
    auto atoms = code_atoms(space, slot, dim, c, atom_of_leaf);
    if (atoms.empty()) continue;
    named.insert(atoms);
    out.push_back({std::move(atoms), dim.code(c), dim.code_label(c), shown[static_cast<std::size_t>(c)] != 0});
  }
  for (int a = 0; a < space.atom_count(slot); ++a) {
    if (named.count({a})) continue;
    Choice ch;
    ch.atoms = {a};
    for (int leaf : space.atom_leaves(slot, a)) {
      const int code = dim.leaves()[static_cast<std::size_t>(leaf)];
      ch.code += (ch.code.empty() ? "" : "+") + dim.code(code);
      ch.label += (ch.label.empty() ? "" : "・") + dim.code_label(code);
    }
    out.push_back(std::move(ch));
  }
  return out;
}

// The inner cells of one choice per table dimension (every atom of the slots the table lacks).
std::vector<std::int32_t> support_of(const InnerSpace& space, const Table& t,
                                     const std::vector<const std::vector<int>*>& chosen_by_dim) {
  const std::size_t k = space.dimensions().size();
  std::vector<const std::vector<int>*> chosen(k, nullptr);
  for (std::size_t td = 0; td < t.dims.size(); ++td)
    chosen[static_cast<std::size_t>(space.slot_of_dimension(t.dims[td]))] = chosen_by_dim[td];
  std::vector<std::int64_t> stride(k, 1);
  for (std::size_t q = k; q-- > 1;) stride[q - 1] = stride[q] * space.atom_count(q);
  auto count = [&](std::size_t q) { return chosen[q] ? static_cast<int>(chosen[q]->size()) : space.atom_count(q); };
  auto atom = [&](std::size_t q, int i) { return chosen[q] ? (*chosen[q])[static_cast<std::size_t>(i)] : i; };
  std::vector<std::int32_t> out;
  for (std::size_t q = 0; q < k; ++q)
    if (count(q) == 0) return out;
  std::vector<int> idx(k, 0);  // odometer, last slot fastest: ascending output
  while (true) {
    std::int64_t cell = 0;
    for (std::size_t q = 0; q < k; ++q) cell += stride[q] * atom(q, idx[q]);
    out.push_back(static_cast<std::int32_t>(cell));
    std::size_t q = k;
    while (q-- > 0) {
      if (++idx[q] < count(q)) break;
      idx[q] = 0;
    }
    if (q == static_cast<std::size_t>(-1)) break;
  }
  return out;
}

// Two dimensions of one table in one slot (two groupings of a variable side by side) would need
// the intersection of their atoms; such tables are left to the shown cells.
bool one_slot_each(const InnerSpace& space, const Table& t) {
  std::set<int> slots;
  for (int d : t.dims)
    if (!slots.insert(space.slot_of_dimension(d)).second) return false;
  return true;
}

}  // namespace

HiddenForms hidden_forms(const Submission& s, const InnerSpace& space, std::size_t limit) {
  HiddenForms out;
  constexpr std::size_t kSupportLimit = 20'000'000;  // inner cells over all hidden forms
  std::size_t support_total = 0;
  std::size_t planned_forms = 0;  // of out.forms, the planned tables' (the first ones)
  // The planned tables first (a count two tables leave out is named by this submission's), then the
  // earlier publications': a count an earlier table left out is as secret (rule ⑤).
  for (std::size_t k = 0; k < 2 * s.tables.size(); ++k) {
    const std::size_t ti = k % s.tables.size();
    const Table& t = s.tables[ti];
    if (k == s.tables.size()) planned_forms = out.forms.size();
    if (t.earlier_publication != (k >= s.tables.size()) || t.dims.empty() || !one_slot_each(space, t)) continue;
    std::vector<std::vector<Choice>> opts(t.dims.size());
    bool hides = false;
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      opts[td] = choices(s, space, t, td);
      hides = hides || std::any_of(opts[td].begin(), opts[td].end(), [](const Choice& c) { return !c.shown; });
    }
    if (!hides) continue;
    std::vector<std::size_t> pick(t.dims.size(), 0);
    while (true) {
      bool all_shown = true;
      for (std::size_t td = 0; td < pick.size(); ++td) all_shown = all_shown && opts[td][pick[td]].shown;
      if (!all_shown) {
        HiddenForm f;
        f.cell.table = static_cast<int>(ti);
        f.cell.label = (t.title.empty() ? t.id : t.title) + ": ";
        std::vector<const std::vector<int>*> chosen(pick.size());
        for (std::size_t td = 0; td < pick.size(); ++td) {
          const Choice& c = opts[td][pick[td]];
          f.cell.label += (td ? " × " : "") + c.label;
          f.cell.cell[s.dimensions[static_cast<std::size_t>(t.dims[td])].id()] = c.code;
          chosen[td] = &c.atoms;
        }
        f.support = support_of(space, t, chosen);
        support_total += f.support.size();
        if (out.forms.size() >= limit || support_total > kSupportLimit) {
          if (t.earlier_publication) {  // keep the planned tables' forms, all of them
            out.forms.resize(planned_forms);
            out.earlier_dropped = true;
          } else {
            out.forms.clear();
            out.over_limit = true;
          }
          return out;
        }
        if (!f.support.empty()) out.forms.push_back(std::move(f));
      }
      std::size_t td = pick.size();
      while (td-- > 0) {
        if (++pick[td] < opts[td].size()) break;
        pick[td] = 0;
      }
      if (td == static_cast<std::size_t>(-1)) break;
    }
  }
  return out;
}

}  // namespace hitoku
