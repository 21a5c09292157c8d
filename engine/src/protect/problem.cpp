#include "problem.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "earlier_secrets.h"
#include "forced_cells.h"
#include "hitoku/model/groupings.h"
#include "hitoku/model/table_hierarchy.h"

namespace hitoku::protection {
namespace {

// Per dimension: the key slot of its variable (groupings of one variable share one, and their
// leaves) and each code's representative there, one id per distinct leaf set. Two cells sum the same
// inner cells exactly when their representatives agree in every slot (a variable a table lacks counts
// as its root): the support is the product of the leaf sets.
struct Representatives {
  std::vector<int> slot;                // per dimension
  std::vector<std::vector<int>> code;   // per dimension, per code
  std::vector<int> root;                // per slot
};

Representatives representatives(const Submission& s) {
  Representatives r;
  r.slot.assign(s.dimensions.size(), -1);
  std::vector<std::map<std::vector<int>, int>> ids;
  r.code.resize(s.dimensions.size());
  for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
    const Dimension& dim = s.dimensions[d];
    for (std::size_t e = 0; e < d && r.slot[d] < 0; ++e)
      if (same_variable(s.dimensions[e], dim)) r.slot[d] = r.slot[e];
    if (r.slot[d] < 0) {
      r.slot[d] = static_cast<int>(ids.size());
      ids.emplace_back();
    }
    auto& id_of = ids[static_cast<std::size_t>(r.slot[d])];
    r.code[d].resize(static_cast<std::size_t>(dim.size()));
    for (int c = 0; c < dim.size(); ++c)
      r.code[d][static_cast<std::size_t>(c)] = id_of.emplace(dim.leaves_under(c), static_cast<int>(id_of.size())).first->second;
    if (r.root.size() <= static_cast<std::size_t>(r.slot[d]))
      r.root.push_back(r.code[d][static_cast<std::size_t>(dim.root())]);
  }
  return r;
}

// Relations of one table; `seen` drops the same relation met again in a linked table.
void add_relations(Problem& p, std::size_t ti, std::set<std::vector<int>>& seen) {
  const Submission& s = *p.sub;
  const Table& t = s.tables[ti];
  const auto kids = exact_children(s, t);
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    auto pos = t.positions(f);
    for (std::size_t td = 0; td < pos.size(); ++td) {
      const auto& k = kids[td][static_cast<std::size_t>(pos[td])];
      if (k.empty()) continue;
      std::vector<int> groups{p.group_of[ti][f]};
      const int keep = pos[td];
      for (int q : k) {
        pos[td] = q;
        groups.push_back(p.group_of[ti][t.flat_index(pos)]);
      }
      pos[td] = keep;
      std::sort(groups.begin(), groups.end());
      groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
      if (groups.size() < 2 || !seen.insert(groups).second) continue;
      p.relations.push_back(Relation{static_cast<int>(ti), f, std::move(groups)});
    }
  }
}

}  // namespace
}  // namespace hitoku::protection

namespace hitoku {

std::vector<double> suppression_costs(const Submission& s, std::size_t table) {
  std::size_t total_cells = 0;
  for (const auto& t : s.tables)
    if (!t.earlier_publication) total_cells += t.cell_count();
  // Tie-break weight: the tie-breaks of all cells together stay below the smallest difference of
  // the main cost (1 cell, or 1 unit of value), so they only order equals.
  const double delta = 1.0 / static_cast<double>(total_cells + 1);
  const Table& t = s.tables[table];
  std::int64_t vmax = 0;
  for (auto v : t.value) vmax = std::max(vmax, v);
  const ProtectSettings& ps = s.protect;
  std::vector<double> out(t.cell_count());
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    const auto codes = t.cell_codes(f);
    int aggregated = 0;
    double weight = 1;
    for (std::size_t td = 0; td < codes.size(); ++td) {
      const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
      if (!dim.is_leaf(codes[td])) ++aggregated;
      auto it = ps.weights.find(dim.id());
      if (it != ps.weights.end() && !it->second.empty()) {
        const auto depth = static_cast<std::size_t>(dim.depth(codes[td]));
        weight *= it->second[std::min(depth, it->second.size() - 1)];
      }
    }
    // In [0, 1): more aggregated dimensions first, then the larger value.
    const double tie = (aggregated + static_cast<double>(t.value[f]) / static_cast<double>(vmax + 1)) /
                       static_cast<double>(codes.size() + 1);
    if (ps.cost == "value") out[f] = static_cast<double>(t.value[f]) + delta * (1 + tie) / 2;
    else if (ps.cost == "weights") out[f] = weight * (1 + delta * tie);
    else out[f] = 1 + delta * tie;
  }
  return out;
}

}  // namespace hitoku

namespace hitoku::protection {

std::string Problem::label(int group) const {
  const Group& g = groups[static_cast<std::size_t>(group)];
  const Member& m = g.members.empty() ? g.earlier.front() : g.members.front();
  return sub->cell_label(sub->tables[static_cast<std::size_t>(m.table)], m.flat);
}

Problem build_problem(const Submission& s, const ProtectOptions& options) {
  Problem p;
  p.sub = &s;
  const auto rep = representatives(s);
  std::map<std::vector<int>, int> group_of_key;
  p.group_of.resize(s.tables.size());
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    p.has_earlier = p.has_earlier || t.earlier_publication;
    const auto costs = t.earlier_publication ? std::vector<double>{} : suppression_costs(s, ti);
    p.group_of[ti].resize(t.cell_count());
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      std::vector<int> key = rep.root;
      const auto codes = t.cell_codes(f);
      for (std::size_t td = 0; td < codes.size(); ++td) {
        const auto d = static_cast<std::size_t>(t.dims[td]);
        key[static_cast<std::size_t>(rep.slot[d])] = rep.code[d][static_cast<std::size_t>(codes[td])];
      }
      auto [it, fresh] = group_of_key.emplace(std::move(key), static_cast<int>(p.groups.size()));
      if (fresh) p.groups.emplace_back();
      Group& g = p.groups[static_cast<std::size_t>(it->second)];
      p.group_of[ti][f] = it->second;
      g.value = t.value[f];
      const Member m{static_cast<int>(ti), f};
      if (t.earlier_publication) {
        g.earlier.push_back(m);
        if (!is_suppressed(t.status[f])) g.known = true;
      } else {
        g.members.push_back(m);
        g.cost += costs[f];
      }
    }
  }
  std::set<std::vector<int>> seen_relations;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) add_relations(p, ti, seen_relations);
  p.relations_of.resize(p.groups.size());
  for (std::size_t r = 0; r < p.relations.size(); ++r)
    for (int g : p.relations[r].groups) p.relations_of[static_cast<std::size_t>(g)].push_back(static_cast<int>(r));

  // Starting statuses: rule ②, the user's markers, forced cells.
  const Policy& policy = s.policy;
  for (auto& g : p.groups) {
    if (g.members.empty()) {
      g.hidden = !g.known;
      continue;
    }
    bool user = false, few_patients = false;
    for (const auto& m : g.members) {
      const Table& t = s.tables[static_cast<std::size_t>(m.table)];
      user = user || is_suppressed(t.status[m.flat]);
      // Rule ①: a count outside the small range but from few patients (multiple cancers).
      few_patients = few_patients || (t.contributors && policy.in_small_range((*t.contributors)[m.flat]));
    }
    if (policy.in_small_range(g.value) || few_patients) g.origin = Origin::Primary;
    else if (user) g.origin = Origin::User;
  }
  mark_rule1_primaries(p);
  mark_earlier_secrets(p, options.audit);
  const auto forced = resolve_forced_cells(s, options);
  for (const auto& fc : forced) {
    Group& g = p.groups[static_cast<std::size_t>(p.group_of[static_cast<std::size_t>(fc.table)][fc.flat])];
    if (fc.keep) g.keep = true;
    else if (g.origin == Origin::None) g.origin = Origin::Forced;
    if (!g.forced_where.empty()) g.forced_where += "; ";
    g.forced_where += fc.where;
  }
  for (std::size_t gi = 0; gi < p.groups.size(); ++gi) {
    const Group& g = p.groups[gi];
    const std::string label = p.label(static_cast<int>(gi));
    if (g.keep && g.origin != Origin::None) {
      ProtectConflict c;
      c.cells = {label};
      if (g.origin == Origin::Primary) {
        c.reason_ja = "公表を指定されたセル（" + g.forced_where + "）の値が規則②の範囲（" +
                      std::to_string(policy.small_min) + "〜" + std::to_string(policy.small_max) + "）にあり、秘匿が必要です";
        c.reason_en = "a cell forced to stay published (" + g.forced_where + ") is a small count (" +
                      std::to_string(policy.small_min) + "-" + std::to_string(policy.small_max) + ") that rule ② suppresses";
      } else {
        c.reason_ja = "同じセルに公表と秘匿の両方が指定されています（" + g.forced_where + "）";
        c.reason_en = "the same cell is forced both to stay published and to be suppressed (" + g.forced_where + ")";
      }
      p.conflicts.push_back(std::move(c));
    } else if (g.known && g.origin != Origin::None) {
      ProtectConflict c;
      const Member& e = g.earlier.front();
      c.cells = {label, s.cell_label(s.tables[static_cast<std::size_t>(e.table)], e.flat)};
      c.reason_ja = "秘匿が必要なセルの値が既公表値（規則⑤）として公表済みのため、秘匿できません";
      c.reason_en = "a cell that must be suppressed was already published in an earlier publication (rule ⑤)";
      p.conflicts.push_back(std::move(c));
    }
  }
  return p;
}

Pattern initial_pattern(const Problem& p) {
  Pattern x(p.groups.size(), 0);
  for (std::size_t g = 0; g < p.groups.size(); ++g) x[g] = p.groups[g].fixed_suppressed() ? 1 : 0;
  return x;
}

Submission apply_pattern(const Problem& p, const Pattern& x, std::vector<Member>* added) {
  Submission out = *p.sub;
  for (std::size_t gi = 0; gi < p.groups.size(); ++gi) {
    if (!x[gi]) continue;
    const Group& g = p.groups[gi];
    for (const auto& m : g.members) {
      CellStatus& st = out.tables[static_cast<std::size_t>(m.table)].status[m.flat];
      if (is_suppressed(st)) continue;
      st = g.origin == Origin::Primary          ? CellStatus::SuppressedPrimary
           : g.origin == Origin::Forced     ? CellStatus::SuppressedByUser
                                            : CellStatus::SuppressedSecondary;
    }
  }
  if (added) {
    added->clear();
    for (std::size_t ti = 0; ti < out.tables.size(); ++ti)
      for (std::size_t f = 0; f < out.tables[ti].cell_count(); ++f)
        if (out.tables[ti].status[f] != p.sub->tables[ti].status[f]) added->push_back({static_cast<int>(ti), f});
  }
  return out;
}

namespace {

int find_cell(const Submission& s, int table, const std::map<std::string, std::string>& key) {
  const Table& t = s.tables[static_cast<std::size_t>(table)];
  std::vector<int> pos(t.dims.size());
  for (std::size_t td = 0; td < t.dims.size(); ++td) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
    auto it = key.find(dim.id());
    if (it == key.end()) return -1;
    const int code = dim.find(it->second);
    auto at = std::find(t.codes[td].begin(), t.codes[td].end(), code);
    if (at == t.codes[td].end()) return -1;
    pos[td] = static_cast<int>(at - t.codes[td].begin());
  }
  return static_cast<int>(t.flat_index(pos));
}

}  // namespace

std::vector<Failure> audit_pattern(const Problem& p, const Pattern& x, const AuditOptions& options, long long& audits,
                                   bool* screened, AuditRecord* record) {
  Submission patterned = apply_pattern(p, x);
  // Rule ⑤: the earlier hidden counts are judged too (a copy only when there are any).
  std::optional<Submission> promoted;
  if (!p.earlier_secrets.empty()) promoted = with_earlier_secrets(patterned, p.earlier_secrets);
  Submission& audited = promoted ? *promoted : patterned;
  AuditResult r = audit_cells(audited, p.has_earlier, options);
  ++audits;
  // The relaxation ran and nothing else did (cyclic set): "not proven" means "no inner-cell
  // evidence sought", not "shown unsafe".
  const bool screen = options.relaxation_only && r.stats.relaxation_cells > 0;
  if (screened) *screened = screen;
  const Policy& policy = p.sub->policy;
  std::vector<Failure> out;
  std::vector<char> seen(p.groups.size(), 0);
  for (const auto& c : r.cells) {
    bool narrow = policy.narrow_interval == NarrowIntervalAction::Fail && c.upper != kUnbounded &&
                  c.upper - c.lower < policy.min_interval_width;
    if (screen && c.unproven && !c.recoverable) {
      // Only a known outer interval says anything (it contains the attacker's): narrow if it is.
      narrow = narrow && c.outer_bound;
      if (!narrow) continue;
    }
    if (!c.unproven && !c.recoverable && !narrow) continue;
    const bool earlier_secret = is_earlier_secret(p, c.table);
    if (earlier_secret && !earlier_secret_fails(p, c, failure_rank(c, narrow))) continue;
    const int g = p.group_of[static_cast<std::size_t>(c.table)][c.flat];
    if (seen[static_cast<std::size_t>(g)]) continue;
    seen[static_cast<std::size_t>(g)] = 1;
    Failure f;
    f.group = g;
    f.too_large = c.too_large;
    f.sampled = c.too_large && r.stats.lp_solves > 0;
    f.unproven = c.unproven && !c.recoverable && !narrow;
    f.uses_earlier = earlier_secret;
    for (const auto* terms : {&c.certificate, &c.zero_cells})
      for (const auto& term : *terms) {
        const int ti = patterned.find_table(term.table);
        if (ti < 0) continue;
        const int flat = find_cell(patterned, ti, term.cell);
        if (flat < 0) continue;
        f.has_certificate = true;
        f.uses_earlier = f.uses_earlier || p.sub->tables[static_cast<std::size_t>(ti)].earlier_publication;
        f.certificate_groups.push_back(p.group_of[static_cast<std::size_t>(ti)][static_cast<std::size_t>(flat)]);
      }
    std::sort(f.certificate_groups.begin(), f.certificate_groups.end());
    f.certificate_groups.erase(std::unique(f.certificate_groups.begin(), f.certificate_groups.end()),
                               f.certificate_groups.end());
    out.push_back(std::move(f));
  }
  add_rule2_failures(p, patterned, r, seen, out);
  std::sort(out.begin(), out.end(), [](const Failure& a, const Failure& b) { return a.group < b.group; });
  if (record) {
    record->patterned = std::move(audited);
    record->result = std::move(r);
    record->include_earlier = p.has_earlier;
  }
  return out;
}

double pattern_cost(const Problem& p, const Pattern& x) {
  double c = 0;
  for (std::size_t g = 0; g < p.groups.size(); ++g)
    if (x[g]) c += p.groups[g].cost;
  return c;
}

}  // namespace hitoku::protection
