// apply_merge: rewrite a submission so every table over a geography shows the planned groups.
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "hitoku/geography/merge.h"

namespace hitoku {

namespace {

struct NewGeography {
  Dimension dim;
  std::vector<int> group_of_old;   // old code index -> group, -1 if none
  std::vector<bool> dropped;       // old code index -> dropped (a parent a group straddles)
  std::vector<int> new_index;      // old code index -> new code index (-1 if dropped)
  std::vector<int> group_index;    // group -> new code index
};

std::vector<int> ancestors(const Dimension& d, int c) {
  std::vector<int> a;
  for (int p = d.parent(c); p >= 0; p = d.parent(p)) a.push_back(p);
  return a;  // nearest first
}

NewGeography build_geography(const Dimension& old, const MergePlan& plan) {
  NewGeography g;
  const int n = old.size();
  g.group_of_old.assign(n, -1);
  g.dropped.assign(n, false);
  std::vector<int> lca(plan.groups.size(), -1);
  for (std::size_t gi = 0; gi < plan.groups.size(); ++gi) {
    std::vector<int> members;
    for (const auto& code : plan.groups[gi].members) {
      int c = old.find(code);
      if (c < 0 || !old.is_leaf(c))
        throw std::invalid_argument("merge: " + code + " is not a leaf of dimension " + old.id());
      if (g.group_of_old[c] >= 0) throw std::invalid_argument("merge: " + code + " is in two groups");
      g.group_of_old[c] = static_cast<int>(gi);
      members.push_back(c);
    }
    // Lowest common ancestor: the nearest ancestor of the first member that is an ancestor of all.
    std::vector<int> first = ancestors(old, members[0]);
    for (int a : first) {
      bool all = std::all_of(members.begin(), members.end(), [&](int m) {
        auto am = ancestors(old, m);
        return std::find(am.begin(), am.end(), a) != am.end();
      });
      if (all) {
        lca[gi] = a;
        break;
      }
    }
    for (int m : members)
      for (int a : ancestors(old, m)) {
        if (a == lca[gi]) break;
        g.dropped[a] = true;  // a parent that would hold part of the group
      }
  }
  auto kept_ancestor = [&](int c) {
    while (c >= 0 && g.dropped[c]) c = old.parent(c);
    return c;
  };
  Dimension d(old.id(), old.label());
  d.set_variable(old.variable());  // another grouping of the variable must stay linked to it (rule ③)
  std::vector<bool> group_added(plan.groups.size(), false);
  for (int c = 0; c < n; ++c) {
    if (g.dropped[c]) continue;
    const int gi = g.group_of_old[c];
    std::string parent;
    if (gi >= 0) {
      if (!group_added[gi]) {
        int p = kept_ancestor(lca[gi]);
        d.add_code(plan.groups[gi].code, plan.groups[gi].label, p >= 0 ? old.code(p) : std::string());
        group_added[gi] = true;
      }
      parent = plan.groups[gi].code;
    } else {
      int p = kept_ancestor(old.parent(c));
      parent = p >= 0 ? old.code(p) : std::string();
    }
    if (!d.add_code(old.code(c), old.code_label(c), parent))
      throw std::invalid_argument("merge: code " + old.code(c) + " collides with a group code");
  }
  d.finalize();
  g.new_index.assign(n, -1);
  for (int c = 0; c < n; ++c)
    if (!g.dropped[c]) g.new_index[c] = d.find(old.code(c));
  for (const auto& grp : plan.groups) g.group_index.push_back(d.find(grp.code));
  g.dim = std::move(d);
  return g;
}

// One table over the merged geography: rows of group members become one summed row.
Table merge_table(const Table& t, std::size_t pos, const NewGeography& g, const MergePlan& plan,
                  const Dimension& old, const Policy& policy) {
  Table out = t;
  // Per new row of dimension `pos`: the old row positions it sums (one unless it is a group).
  std::vector<std::vector<int>> sources;
  std::vector<int> new_codes;
  std::set<int> emitted;
  for (std::size_t r = 0; r < t.codes[pos].size(); ++r) {
    const int c = t.codes[pos][r];
    if (g.dropped[c]) continue;
    const int gi = g.group_of_old[c];
    if (gi < 0) {
      new_codes.push_back(g.new_index[c]);
      sources.push_back({static_cast<int>(r)});
      continue;
    }
    if (!emitted.insert(gi).second) continue;
    std::vector<int> rows;
    for (const auto& member : plan.groups[gi].members) {
      const int mc = old.find(member);
      auto it = std::find(t.codes[pos].begin(), t.codes[pos].end(), mc);
      if (it == t.codes[pos].end())
        throw InputError({t.source.file, 0, old.id()},
                         "表「" + t.id + "」は「" + old.code_label(c) + "」を含みますが、統合相手の「" +
                             old.code_label(mc) + "」を含みません。統合した地域は全体を表に含めてください",
                         "table '" + t.id + "' shows '" + old.code(c) + "' but not '" + member +
                             "', which it is merged with; a table must show a merged area whole");
      rows.push_back(static_cast<int>(it - t.codes[pos].begin()));
    }
    new_codes.push_back(g.group_index[gi]);
    sources.push_back(rows);
  }
  out.codes[pos] = new_codes;
  const std::size_t cells = out.cell_count();
  out.value.assign(cells, 0);
  out.status.assign(cells, CellStatus::Published);
  if (!t.cell_source.empty()) out.cell_source.assign(cells, SourcePos{});
  if (t.contributors) out.contributors = std::vector<std::int64_t>(cells, 0);
  if (t.hospitals) out.hospitals = std::vector<std::int64_t>(cells, 0);
  for (std::size_t flat = 0; flat < cells; ++flat) {
    std::vector<int> p = out.positions(flat);
    const auto& rows = sources[p[pos]];
    for (int r : rows) {
      p[pos] = r;
      const std::size_t old_flat = t.flat_index(p);
      out.value[flat] += t.value[old_flat];
      if (t.contributors) (*out.contributors)[flat] += (*t.contributors)[old_flat];
      if (t.hospitals) (*out.hospitals)[flat] += (*t.hospitals)[old_flat];
      if (!t.cell_source.empty() && out.cell_source[flat].file.empty()) out.cell_source[flat] = t.cell_source[old_flat];
    }
    if (rows.size() == 1) {
      p[pos] = rows[0];
      out.status[flat] = t.status[t.flat_index(p)];
    } else {
      const std::int64_t v = out.value[flat];
      out.status[flat] = policy.in_small_range(v) ? CellStatus::SuppressedPrimary : CellStatus::Published;
    }
  }
  return out;
}

}  // namespace

Submission apply_merge(const Submission& s, const MergePlan& plan) {
  if (plan.groups.empty()) return s;
  const int d = s.find_dimension(plan.dimension);
  if (d < 0) throw std::invalid_argument("merge: unknown dimension " + plan.dimension);
  const Dimension& old = s.dimensions[d];
  NewGeography g = build_geography(old, plan);
  Submission out = s;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    auto it = std::find(t.dims.begin(), t.dims.end(), d);
    if (it == t.dims.end()) continue;
    const std::size_t pos = static_cast<std::size_t>(it - t.dims.begin());
    if (!t.earlier_publication) {
      out.tables[ti] = merge_table(t, pos, g, plan, old, s.policy);
      continue;
    }
    // An earlier publication keeps its rows (they are known values); only code indices move.
    for (int& c : out.tables[ti].codes[pos]) {
      if (g.dropped[c])
        throw InputError({t.source.file, 0, old.id()},
                         "既公表の表「" + t.id + "」が「" + old.code_label(c) +
                             "」を含むため、この地域をまたぐ統合は確認できません",
                         "earlier publication '" + t.id + "' shows '" + old.code(c) +
                             "', which a merge would split; such a merge cannot be checked");
      c = g.new_index[c];
    }
  }
  out.dimensions[d] = std::move(g.dim);
  return out;
}

}  // namespace hitoku
