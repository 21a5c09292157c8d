#include "rules/derived_groups.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "rules/earlier_only.h"

namespace hitoku {
namespace {

// At most this many category and group counts enter one elimination (each a form over the inner cells).
constexpr std::size_t kMaxForms = 20000;

// A code of a variable as a set of atoms of its slot (codes whose leaves split an atom are left out).
struct SlotCode {
  std::vector<int> atoms;
  std::string label;
  int dim = -1, code = -1;  // for a complement, its parent's code
  bool complement = false;
};

// Every code of every grouping of each slot's variable (the pieces linking added too), and every code's
// complement within its parent (兵庫県 − 甲町: the rest, which no code may name), once per set of atoms.
std::vector<std::vector<SlotCode>> slot_codes(const Submission& s, const InnerSpace& space) {
  std::vector<std::vector<SlotCode>> out(space.dimensions().size());
  std::vector<std::set<std::vector<int>>> seen(out.size());
  auto add = [&](std::size_t slot, std::vector<int> atoms, std::string label, int d, int c, bool complement) {
    if (!atoms.empty() && seen[slot].insert(atoms).second)
      out[slot].push_back({std::move(atoms), std::move(label), d, c, complement});
  };
  for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
    const int slot = space.slot_of_dimension(static_cast<int>(d));
    if (slot < 0) continue;
    const auto q = static_cast<std::size_t>(slot);
    const Dimension& dim = s.dimensions[d];
    for (int c = 0; c < dim.size(); ++c)
      add(q, atoms_under(space, q, dim, c), dim.label() + " " + dim.code_label(c), static_cast<int>(d), c, false);
    for (int c = 0; c < dim.size(); ++c) {
      const int parent = dim.parent(c);
      if (parent < 0 || dim.children(parent).size() < 3) continue;  // with two children the rest is a code
      const auto whole = atoms_under(space, q, dim, parent), part = atoms_under(space, q, dim, c);
      if (whole.empty() || part.empty()) continue;
      std::vector<int> rest;
      std::set_difference(whole.begin(), whole.end(), part.begin(), part.end(), std::back_inserter(rest));
      add(q, std::move(rest), dim.label() + " " + dim.code_label(parent) + " − " + dim.code_label(c), static_cast<int>(d), parent,
          true);
    }
  }
  return out;
}

// A code of a sensitive slot with its children: the categories a group splits into.
struct Family {
  std::size_t slot = 0;
  SlotCode parent;
  std::vector<SlotCode> categories;
};

std::vector<Family> families(const Submission& s, const InnerSpace& space, const std::vector<std::vector<SlotCode>>& codes) {
  std::vector<Family> out;
  std::set<std::pair<std::size_t, std::vector<std::vector<int>>>> seen;
  for (std::size_t slot = 0; slot < codes.size(); ++slot)
    for (const SlotCode& p : codes[slot]) {
      if (p.complement) continue;
      const Dimension& dim = s.dimensions[static_cast<std::size_t>(p.dim)];
      if (!is_sensitive(s.policy, dim) || dim.children(p.code).size() < 2) continue;
      Family f{slot, p, {}};
      std::vector<std::vector<int>> key;
      for (int child : dim.children(p.code)) {
        auto atoms = atoms_under(space, slot, dim, child);
        if (atoms.empty()) break;
        key.push_back(atoms);
        f.categories.push_back({std::move(atoms), dim.code_label(child), p.dim, child, false});
      }
      if (f.categories.size() == dim.children(p.code).size() && seen.insert({slot, key}).second) out.push_back(std::move(f));
    }
  return out;
}

// The inner cells whose atom in each slot is among `atoms[slot]`, ascending.
std::vector<std::int32_t> product_support(const InnerSpace& space, const std::vector<const std::vector<int>*>& atoms) {
  std::vector<std::int32_t> out{0};
  for (std::size_t slot = 0; slot < atoms.size(); ++slot) {
    std::vector<std::int32_t> next;
    next.reserve(out.size() * atoms[slot]->size());
    for (std::int32_t base : out)
      for (int a : *atoms[slot]) next.push_back(base * space.atom_count(slot) + a);
    out = std::move(next);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Candidate {
  const Family* family = nullptr;
  std::vector<int> group_codes;  // per slot: index into slot_codes (the family's slot unused)
  int group_form = -1;
  std::vector<int> category_forms;
};

// Every group of the non-focus slots' codes, for one family; false when over the budget.
bool enumerate(const InnerSpace& space, const std::vector<std::vector<SlotCode>>& codes, const Family& family,
               std::vector<std::vector<std::int32_t>>& forms, std::map<std::vector<std::int32_t>, int>& form_of,
               std::vector<Candidate>& out) {
  std::vector<int> at(codes.size(), 0);
  auto form = [&](std::vector<std::int32_t> support) {
    auto [it, fresh] = form_of.emplace(std::move(support), static_cast<int>(forms.size()));
    if (fresh) forms.push_back(it->first);
    return it->second;
  };
  while (true) {
    std::vector<const std::vector<int>*> atoms(codes.size());
    for (std::size_t q = 0; q < codes.size(); ++q)
      atoms[q] = q == family.slot ? &family.parent.atoms : &codes[q][static_cast<std::size_t>(at[q])].atoms;
    Candidate c{&family, at, form(product_support(space, atoms)), {}};
    for (const SlotCode& category : family.categories) {
      atoms[family.slot] = &category.atoms;
      c.category_forms.push_back(form(product_support(space, atoms)));
    }
    out.push_back(std::move(c));
    if (forms.size() > kMaxForms) return false;
    std::size_t q = 0;  // next combination (the family's slot stays at 0)
    for (; q < codes.size(); ++q) {
      if (q == family.slot) continue;
      if (++at[q] < static_cast<int>(codes[q].size())) break;
      at[q] = 0;
    }
    if (q == codes.size()) return true;
  }
}

// How many group and category counts the families would enter (an upper bound: equal supports merge).
std::size_t candidate_forms(const std::vector<std::vector<SlotCode>>& codes, const std::vector<Family>& fams) {
  std::size_t total = 0;
  for (const Family& f : fams) {
    std::size_t groups = 1;
    for (std::size_t q = 0; q < codes.size(); ++q)
      if (q != f.slot) groups = std::min<std::size_t>(groups * codes[q].size(), std::size_t{1} << 40);
    total += groups * (f.categories.size() + 1);
  }
  return total;
}

bool covers(const std::vector<std::int32_t>& outer, const std::vector<std::int32_t>& inner) {
  return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

DisclosedGroup derived_group(const InnerSpace& space, const std::vector<std::vector<SlotCode>>& codes, const Candidate& c,
                             std::size_t kept) {
  DisclosedGroup g;
  g.derived = true;
  for (std::size_t q = 0; q < codes.size(); ++q) {
    const SlotCode& code = codes[q][static_cast<std::size_t>(c.group_codes[q])];
    if (q == c.family->slot || static_cast<int>(code.atoms.size()) == space.atom_count(q)) continue;  // a total
    g.group_label += (g.group_label.empty() ? "" : " × ") + code.label;
  }
  const SlotCode& parent = c.family->parent;  // a sensitive code below the total: part of the group (阪神圏 × 進行)
  if (static_cast<int>(parent.atoms.size()) != space.atom_count(c.family->slot))
    g.group_label += (g.group_label.empty() ? "" : " × ") + parent.label;
  if (g.group_label.empty()) g.group_label = "全体 / all";
  g.category_label = c.family->categories[kept].label;
  return g;
}

// The cell of this submission to name: one the computation uses (a printed 0 first), else a printed
// cell inside the group; false when there is none (the earlier publications alone tell it).
bool name_cell(const Submission& s, const InnerSpace& space, const std::vector<std::int32_t>& group, DisclosedGroup& g) {
  CellRef best;
  for (const auto& [cell, k] : g.how) {
    const Table& t = s.tables[static_cast<std::size_t>(cell.table)];
    if (t.earlier_publication) continue;
    if (t.value[cell.flat] == 0 || best.table < 0) best = cell;
    if (t.value[cell.flat] == 0) break;
  }
  for (std::size_t ti = 0; ti < s.tables.size() && best.table < 0; ++ti) {
    const Table& t = s.tables[ti];
    if (t.earlier_publication || !t.additive) continue;
    for (std::size_t f = 0; f < t.cell_count() && best.table < 0; ++f)
      if (!is_suppressed(t.status[f]) && covers(group, space.support(ti, f))) best = {static_cast<int>(ti), f};
  }
  if (best.table < 0) return false;
  g.category = g.group = best;
  return true;
}

}  // namespace

bool derived_group_disclosures(const Submission& s, LazyInnerSpace& lazy, const AttackerBounds& bounds,
                               const std::vector<DisclosedGroup>& found, std::vector<DisclosedGroup>& out) {
  const InnerSpace* space = lazy.get();
  if (!space) return false;
  auto codes = slot_codes(s, *space);
  const auto fams = families(s, *space, codes);
  if (fams.empty()) return true;
  if (candidate_forms(codes, fams) > kMaxForms)  // the rests of codes only while within the budget
    for (auto& slot : codes) std::erase_if(slot, [](const SlotCode& c) { return c.complement; });
  std::vector<std::vector<std::int32_t>> forms;
  std::map<std::vector<std::int32_t>, int> form_of;
  std::vector<Candidate> candidates;
  for (const Family& f : fams)
    if (!enumerate(*space, codes, f, forms, form_of, candidates)) return false;

  // What the reader knows: the printed cells, and the suppressed cells the audit recovered.
  PublishedForms known = additive_published_forms(s, *space);
  std::vector<CellRef> positive;  // cells with a proven lower end >= 1 (supports built when first needed)
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (!t.additive) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const CellRef cell{static_cast<int>(ti), f};
      if (!is_suppressed(t.status[f])) {
        if (t.value[f] >= 1) positive.push_back(cell);
        continue;
      }
      const auto b = bounds ? bounds(cell.table, f) : std::nullopt;
      if (!b) continue;
      if (b->first == b->second) {
        known.all.push_back({space->support(ti, f), b->first, false});
        known.cell_of.push_back(cell);
      }
      if (b->first >= 1) positive.push_back(cell);
    }
  }
  const CombinationLimits limits;
  const auto given = determined_by(*space, known.all, forms, space->size() > limits.rational_max_inner_cells);

  // Inner cells known to be 0: inside a known form of value 0.
  std::vector<char> zero(static_cast<std::size_t>(space->size()), 0);
  auto mark = [&](const std::vector<std::int32_t>& support) {
    for (std::int32_t z : support) zero[static_cast<std::size_t>(z)] = 1;
  };
  for (const LinearForm& f : known.all)
    if (f.value == 0) mark(f.support);
  for (std::size_t i = 0; i < forms.size(); ++i)
    if (given[i] && given[i]->value == 0) mark(forms[i]);
  auto all_zero = [&](int form) {
    const auto& support = forms[static_cast<std::size_t>(form)];
    return std::all_of(support.begin(), support.end(), [&](std::int32_t z) { return zero[static_cast<std::size_t>(z)] != 0; });
  };
  auto given_positive = [&](int form) { return given[static_cast<std::size_t>(form)] && given[static_cast<std::size_t>(form)]->value >= 1; };

  std::vector<std::optional<std::vector<std::int32_t>>> positive_support(positive.size());
  // Largest groups first: a group inside a reported one with the same category adds nothing.
  std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    return forms[static_cast<std::size_t>(a.group_form)].size() > forms[static_cast<std::size_t>(b.group_form)].size();
  });
  std::vector<std::pair<int, int>> reported;  // (group form, category form)
  // Groups and categories the other checks report (their group cell prints or gives the group's size).
  std::set<std::vector<std::int32_t>> named_groups, named_categories;
  for (const DisclosedGroup& g : found) {
    if (g.group.table >= 0) named_groups.insert(space->support(static_cast<std::size_t>(g.group.table), g.group.flat));
    if (g.category_label.empty() && !g.size_derived && g.category.table >= 0)
      named_categories.insert(space->support(static_cast<std::size_t>(g.category.table), g.category.flat));
  }
  for (const Candidate& c : candidates) {
    std::vector<std::size_t> open;
    for (std::size_t j = 0; j < c.category_forms.size(); ++j)
      if (!all_zero(c.category_forms[j])) open.push_back(j);
    if (open.size() != 1) continue;
    const int kept = c.category_forms[open.front()];
    const auto& group = forms[static_cast<std::size_t>(c.group_form)];
    bool non_empty = given_positive(c.group_form) || given_positive(kept);
    for (std::size_t k = 0; !non_empty && k < positive.size(); ++k) {
      if (!positive_support[k])
        positive_support[k] = space->support(static_cast<std::size_t>(positive[k].table), positive[k].flat);
      non_empty = covers(group, *positive_support[k]);
    }
    if (!non_empty) continue;
    const bool inside = std::any_of(reported.begin(), reported.end(), [&](const auto& r) {
      return covers(forms[static_cast<std::size_t>(r.first)], group) &&
             covers(forms[static_cast<std::size_t>(r.second)], forms[static_cast<std::size_t>(kept)]);
    });
    if (inside) continue;
    reported.push_back({c.group_form, kept});
    if (named_groups.count(group) || named_categories.count(forms[static_cast<std::size_t>(kept)])) continue;
    DisclosedGroup g = derived_group(*space, codes, c, open.front());
    // The computation of a zero category (which published values give it away), and a cell of this
    // submission it uses as the one to name.
    for (std::size_t j = 0; j < c.category_forms.size() && g.how.empty(); ++j) {
      const auto& sum = given[static_cast<std::size_t>(c.category_forms[j])];
      if (j == open.front() || !sum) continue;
      for (std::size_t k = 0; k < sum->published.size(); ++k)
        if (sum->coefficients[k] != 0)
          g.how.push_back({known.cell_of[static_cast<std::size_t>(sum->published[k])], sum->coefficients[k]});
    }
    if (!name_cell(s, *space, group, g)) continue;
    out.push_back(std::move(g));
  }
  return true;
}

}  // namespace hitoku
