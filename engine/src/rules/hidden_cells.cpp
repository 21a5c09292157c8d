#include "rules/hidden_cells.h"

#include <algorithm>
#include <set>
#include <utility>

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

namespace {

// An atom's name: a code of the slot's variable covering exactly its leaves, else its leaves' codes.
std::pair<std::string, std::string> atom_name(const Submission& s, const InnerSpace& space, std::size_t slot, int atom) {
  const auto& leaves = space.atom_leaves(slot, atom);
  const Dimension& first = s.dimensions[static_cast<std::size_t>(space.dimensions()[slot])];
  std::vector<int> sorted(leaves.begin(), leaves.end());
  std::sort(sorted.begin(), sorted.end());
  for (int c = 0; c < first.size(); ++c) {
    std::vector<int> under = first.leaves_under(c);
    std::sort(under.begin(), under.end());
    if (under == sorted && !first.is_refinement(c)) return {first.code(c), first.code_label(c)};
  }
  std::string code, label;
  for (int leaf : leaves) {
    const int c = first.leaves()[static_cast<std::size_t>(leaf)];
    code += (code.empty() ? "" : "+") + first.code(c);
    label += (label.empty() ? "" : "・") + first.code_label(c);
  }
  return {code, label};
}

}  // namespace

std::vector<HiddenForm> joint_forms(const Submission& s, const InnerSpace& space, std::size_t limit) {
  std::vector<HiddenForm> out;
  const std::size_t k = space.dimensions().size();
  if (k < 3 || space.size() > static_cast<std::int64_t>(limit)) return out;  // two variables: a table has them all
  int named_under = -1;
  std::set<std::int32_t> in_a_table;  // inner cells some table's cell is alone
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (!t.earlier_publication && named_under < 0) named_under = static_cast<int>(ti);
    std::set<int> slots;
    for (int d : t.dims) slots.insert(space.slot_of_dimension(d));
    if (slots.size() < k) continue;
    if (!t.earlier_publication) return out;  // a planned table has every variable: its own cells say it
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (const auto sup = space.support(ti, f); sup.size() == 1) in_a_table.insert(sup.front());
  }
  if (named_under < 0) return out;
  std::vector<std::int64_t> stride(k, 1);
  for (std::size_t q = k; q-- > 1;) stride[q - 1] = stride[q] * space.atom_count(q);
  std::vector<std::vector<std::pair<std::string, std::string>>> names(k);  // per slot, per atom
  for (std::size_t q = 0; q < k; ++q)
    for (int a = 0; a < space.atom_count(q); ++a) names[q].push_back(atom_name(s, space, q, a));
  for (std::int64_t z = 0; z < space.size(); ++z) {
    if (in_a_table.count(static_cast<std::int32_t>(z))) continue;
    HiddenForm f;
    f.cell.table = named_under;
    f.cell.label = "変数の組み合わせ: ";
    for (std::size_t q = 0; q < k; ++q) {
      const int atom = static_cast<int>((z / stride[q]) % space.atom_count(q));
      const auto& [code, label] = names[q][static_cast<std::size_t>(atom)];
      f.cell.label += (q ? " × " : "") + label;
      f.cell.cell[s.dimensions[static_cast<std::size_t>(space.dimensions()[q])].id()] = code;
    }
    f.support = {static_cast<std::int32_t>(z)};
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace hitoku
