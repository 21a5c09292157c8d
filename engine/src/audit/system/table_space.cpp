#include "audit/system/table_space.h"

#include <algorithm>
#include <limits>
#include <memory>

namespace hitoku::audit {

bool decomposable(const std::vector<std::vector<int>>& sets, std::vector<std::vector<int>>& maximal,
                  std::vector<std::pair<int, int>>& edges) {
  std::vector<std::vector<int>> norm;
  for (auto v : sets) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    norm.push_back(std::move(v));
  }
  maximal.clear();
  edges.clear();
  for (std::size_t i = 0; i < norm.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < norm.size() && !dominated; ++j)
      dominated = j != i && std::includes(norm[j].begin(), norm[j].end(), norm[i].begin(), norm[i].end()) &&
                  (norm[j].size() > norm[i].size() || j < i);
    if (!dominated) maximal.push_back(norm[i]);
  }
  const std::size_t n = maximal.size();
  if (n <= 1) return true;
  auto common = [&](std::size_t a, std::size_t b) {
    std::vector<int> out;
    std::set_intersection(maximal[a].begin(), maximal[a].end(), maximal[b].begin(), maximal[b].end(),
                          std::back_inserter(out));
    return out;
  };
  // Prim: maximum total separator size.
  std::vector<char> in(n, 0);
  std::vector<long> best(n, -1);
  std::vector<int> parent(n, -1);
  in[0] = 1;
  for (std::size_t j = 1; j < n; ++j) {
    best[j] = static_cast<long>(common(0, j).size());
    parent[j] = 0;
  }
  std::vector<std::vector<int>> adj(n);
  for (std::size_t step = 1; step < n; ++step) {
    std::size_t pick = n;
    for (std::size_t j = 0; j < n; ++j)
      if (!in[j] && (pick == n || best[j] > best[pick])) pick = j;
    in[pick] = 1;
    edges.emplace_back(parent[pick], static_cast<int>(pick));
    adj[static_cast<std::size_t>(parent[pick])].push_back(static_cast<int>(pick));
    adj[pick].push_back(parent[pick]);
    for (std::size_t j = 0; j < n; ++j)
      if (!in[j]) {
        const long w = static_cast<long>(common(pick, j).size());
        if (w > best[j]) {
          best[j] = w;
          parent[j] = static_cast<int>(pick);
        }
      }
  }
  // Running intersection: every set on the tree path between a and b holds their intersection.
  for (std::size_t a = 0; a < n; ++a) {
    std::vector<int> from(n, -2);
    std::vector<int> stack{static_cast<int>(a)};
    from[a] = -1;
    while (!stack.empty()) {
      const int u = stack.back();
      stack.pop_back();
      for (int v : adj[static_cast<std::size_t>(u)])
        if (from[static_cast<std::size_t>(v)] == -2) {
          from[static_cast<std::size_t>(v)] = u;
          stack.push_back(v);
        }
    }
    for (std::size_t b = a + 1; b < n; ++b) {
      const auto sep = common(a, b);
      for (int u = from[b]; u >= 0 && u != static_cast<int>(a); u = from[static_cast<std::size_t>(u)]) {
        const auto& m = maximal[static_cast<std::size_t>(u)];
        if (!std::includes(m.begin(), m.end(), sep.begin(), sep.end())) return false;
      }
    }
  }
  return true;
}

namespace {

struct Clique {
  std::vector<int> slots;             // ascending
  std::vector<std::int64_t> stride;   // per inner-space slot, 0 when not in the clique
  std::int64_t offset = 0, size = 1;
};

struct State {
  std::vector<int> atoms;                                          // per slot
  std::vector<Clique> cliques;
  std::vector<std::vector<std::vector<std::vector<int>>>> code_atoms;  // [table][td][pos]
  std::vector<std::vector<int>> table_slot;                         // [table][td]
  const Submission* submission = nullptr;

  // Per slot the atoms a cell covers (nullptr: all of them).
  std::vector<const std::vector<int>*> choice(std::size_t table, std::size_t flat) const {
    std::vector<const std::vector<int>*> out(atoms.size(), nullptr);
    const auto pos = submission->tables[table].positions(flat);
    for (std::size_t td = 0; td < pos.size(); ++td) {
      const auto& a = code_atoms[table][td][static_cast<std::size_t>(pos[td])];
      const int s = table_slot[table][td];
      if (static_cast<int>(a.size()) < atoms[static_cast<std::size_t>(s)]) out[static_cast<std::size_t>(s)] = &a;
    }
    return out;
  }
  bool fits(const Clique& c, const std::vector<const std::vector<int>*>& ch) const {
    for (std::size_t s = 0; s < ch.size(); ++s)
      if (ch[s] && c.stride[s] == 0) return false;
    return true;
  }
  // The clique's finest cells under the choice, ascending.
  std::vector<std::int32_t> support(const Clique& c, const std::vector<const std::vector<int>*>& ch) const {
    const std::size_t k = c.slots.size();
    std::vector<int> count(k), idx(k, 0);
    for (std::size_t i = 0; i < k; ++i) {
      const auto s = static_cast<std::size_t>(c.slots[i]);
      count[i] = ch[s] ? static_cast<int>(ch[s]->size()) : atoms[s];
      if (count[i] == 0) return {};
    }
    std::vector<std::int32_t> out;
    while (true) {
      std::int64_t cell = c.offset;
      for (std::size_t i = 0; i < k; ++i) {
        const auto s = static_cast<std::size_t>(c.slots[i]);
        cell += c.stride[s] * (ch[s] ? (*ch[s])[static_cast<std::size_t>(idx[i])] : idx[i]);
      }
      out.push_back(static_cast<std::int32_t>(cell));
      std::size_t i = k;
      while (i-- > 0) {
        if (++idx[i] < count[i]) break;
        idx[i] = 0;
      }
      if (i == static_cast<std::size_t>(-1)) break;
    }
    return out;
  }
};

// Links: along each junction tree edge (each pair of maximal tables for a relaxation), every cell
// of the separator (atom combination) has the same total in both cliques. A cell published with
// exactly that support is written in both cliques (kept even when implied by its children),
// which makes its link redundant.
void add_links(const Submission& submission, const std::vector<std::size_t>& used, const std::shared_ptr<State>& st,
               const std::vector<std::pair<int, int>>& edges, std::size_t slots, UnknownSpace& us) {
  for (const auto& [a, b] : edges) {
    const Clique& ca = st->cliques[static_cast<std::size_t>(a)];
    const Clique& cb = st->cliques[static_cast<std::size_t>(b)];
    std::vector<int> sep;
    std::set_intersection(ca.slots.begin(), ca.slots.end(), cb.slots.begin(), cb.slots.end(), std::back_inserter(sep));
    std::vector<std::int64_t> sep_stride(slots, 0);
    std::int64_t cells = 1;
    for (std::size_t i = sep.size(); i-- > 0;) {
      sep_stride[static_cast<std::size_t>(sep[i])] = cells;
      cells *= st->atoms[static_cast<std::size_t>(sep[i])];
    }
    std::vector<char> known(static_cast<std::size_t>(cells), 0), in_sep(slots, 0);
    for (int s : sep) in_sep[static_cast<std::size_t>(s)] = 1;
    for (std::size_t ti : used) {
      const Table& t = submission.tables[ti];
      for (std::size_t f = 0; f < t.cell_count(); ++f) {
        if (is_suppressed(t.status[f])) continue;
        const auto ch = st->choice(ti, f);
        std::int64_t at = 0;
        bool single = true;
        for (std::size_t s = 0; s < ch.size() && single; ++s) {
          if (!in_sep[s]) single = ch[s] == nullptr;  // a total over what the link does not fix
          else if (ch[s] && ch[s]->size() == 1) at += sep_stride[s] * (*ch[s])[0];
          else single = !ch[s] && st->atoms[s] == 1;
        }
        if (single) known[static_cast<std::size_t>(at)] = 1;
      }
    }
    std::vector<std::vector<int>> one(slots);
    std::vector<const std::vector<int>*> ch(slots, nullptr);
    for (std::int64_t at = 0; at < cells; ++at) {
      if (known[static_cast<std::size_t>(at)]) continue;
      for (int s : sep) {
        const auto u = static_cast<std::size_t>(s);
        one[u] = {static_cast<int>((at / sep_stride[u]) % st->atoms[u])};
        ch[u] = &one[u];
      }
      us.links.push_back({st->support(ca, ch), st->support(cb, ch)});
    }
  }
}

}  // namespace

std::optional<UnknownSpace> table_cell_space(const Submission& submission, const InnerSpace& inner,
                                             bool include_earlier, bool cyclic_relaxation) {
  const auto& dims = inner.dimensions();
  std::vector<int> slot_of(submission.dimensions.size(), -1);  // groupings of a variable share a slot
  for (std::size_t d = 0; d < slot_of.size(); ++d) slot_of[d] = inner.slot_of_dimension(static_cast<int>(d));

  auto st = std::make_shared<State>();
  st->submission = &submission;
  for (std::size_t k = 0; k < dims.size(); ++k) st->atoms.push_back(inner.atom_count(k));
  std::vector<std::size_t> used;
  std::vector<std::vector<int>> sets;
  st->code_atoms.resize(submission.tables.size());
  st->table_slot.resize(submission.tables.size());
  for (std::size_t ti = 0; ti < submission.tables.size(); ++ti) {
    const Table& t = submission.tables[ti];
    if (t.earlier_publication && !include_earlier) continue;
    used.push_back(ti);
    std::vector<int> set;
    for (int d : t.dims) set.push_back(slot_of[static_cast<std::size_t>(d)]);
    sets.push_back(set);
  }
  std::vector<std::vector<int>> maximal;
  std::vector<std::pair<int, int>> edges;
  if (sets.empty()) return std::nullopt;
  const bool exact = decomposable(sets, maximal, edges);
  if (!exact) {
    if (!cyclic_relaxation) return std::nullopt;
    // Pairwise consistency: every pair of maximal tables agrees on its shared margin (an empty
    // intersection: on the grand total).
    edges.clear();
    for (std::size_t a = 0; a < maximal.size(); ++a)
      for (std::size_t b = a + 1; b < maximal.size(); ++b) edges.emplace_back(static_cast<int>(a), static_cast<int>(b));
  }

  std::int64_t total = 0;
  for (const auto& m : maximal) {
    Clique c;
    c.slots = m;
    c.stride.assign(dims.size(), 0);
    for (std::size_t i = m.size(); i-- > 0;) {
      c.stride[static_cast<std::size_t>(m[i])] = c.size;
      c.size *= st->atoms[static_cast<std::size_t>(m[i])];
    }
    c.offset = total;
    total += c.size;
    st->cliques.push_back(std::move(c));
  }
  // A relaxation is built even when not smaller (small sets: cheap either way).
  if ((exact && total >= inner.size()) || total > std::numeric_limits<std::int32_t>::max()) return std::nullopt;

  // Leaf -> atom, then the atoms of every code of every table in use.
  std::vector<std::vector<int>> leaf_atom(dims.size());
  for (std::size_t s = 0; s < dims.size(); ++s) {
    leaf_atom[s].assign(submission.dimensions[static_cast<std::size_t>(dims[s])].leaves().size(), -1);
    for (int a = 0; a < inner.atom_count(s); ++a)
      for (int leaf : inner.atom_leaves(s, a)) leaf_atom[s][static_cast<std::size_t>(leaf)] = a;
  }
  for (std::size_t ti : used) {
    const Table& t = submission.tables[ti];
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      const auto s = static_cast<std::size_t>(slot_of[static_cast<std::size_t>(t.dims[td])]);
      st->table_slot[ti].push_back(static_cast<int>(s));
      const Dimension& dim = submission.dimensions[static_cast<std::size_t>(t.dims[td])];
      std::vector<std::vector<int>> per_code;
      for (int code : t.codes[td]) {
        std::vector<int> a;
        for (int leaf : dim.leaves_under(code)) a.push_back(leaf_atom[s][static_cast<std::size_t>(leaf)]);
        std::sort(a.begin(), a.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
        per_code.push_back(std::move(a));
      }
      st->code_atoms[ti].push_back(std::move(per_code));
    }
  }

  UnknownSpace us;
  us.size = static_cast<std::size_t>(total);
  us.relaxation = !exact;
  us.row_supports = [st](std::size_t t, std::size_t f) {
    const auto ch = st->choice(t, f);
    std::vector<std::vector<std::int32_t>> out;
    for (const auto& c : st->cliques)
      if (st->fits(c, ch)) out.push_back(st->support(c, ch));
    return out;
  };
  us.support = [st](std::size_t t, std::size_t f) {
    const auto ch = st->choice(t, f);
    for (const auto& c : st->cliques)
      if (st->fits(c, ch)) return st->support(c, ch);
    return std::vector<std::int32_t>{};  // unreachable: the table's own dimensions fit a clique
  };
  us.cell_atoms = [st](std::size_t t, std::size_t f) {
    const auto ch = st->choice(t, f);
    std::vector<std::vector<int>> out(ch.size());
    for (std::size_t s = 0; s < ch.size(); ++s) {
      if (ch[s]) out[s] = *ch[s];
      else for (int a = 0; a < st->atoms[s]; ++a) out[s].push_back(a);
    }
    return out;
  };
  us.unknown_atoms = [st](std::int32_t unknown) {
    std::vector<std::vector<int>> out(st->atoms.size());
    const Clique* c = nullptr;
    for (const auto& q : st->cliques)
      if (unknown >= q.offset && unknown < q.offset + q.size) c = &q;
    if (!c) return out;  // (cannot happen) an empty set: allows nothing
    for (std::size_t s = 0; s < out.size(); ++s) {
      if (c->stride[s] != 0) out[s] = {static_cast<int>(((unknown - c->offset) / c->stride[s]) % st->atoms[s])};
      else for (int a = 0; a < st->atoms[s]; ++a) out[s].push_back(a);
    }
    return out;
  };
  us.keep_implied = [st](std::size_t t, std::size_t f) {
    const auto ch = st->choice(t, f);
    int n = 0;
    for (const auto& c : st->cliques) n += st->fits(c, ch);
    return n >= 2;
  };

  add_links(submission, used, st, edges, dims.size(), us);
  return us;
}

}  // namespace hitoku::audit
