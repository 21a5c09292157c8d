// plan_merge: groups of adjacent municipalities so that no published area exposes a single
// hospital. Greedy growth by lexicographic shortest paths (Boost.Graph Dijkstra), then a pruning
// pass. See docs/rule3-merge.md for the algorithm and its tie-breaks.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include "geography/merge_text.h"
#include "hitoku/geography/merge.h"

namespace hitoku {

int MergePlan::group_of(const std::string& code) const {
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (std::binary_search(groups[g].members.begin(), groups[g].members.end(), code)) return static_cast<int>(g);
  return -1;
}

namespace {

using LandGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
// Cost of a path, compared lexicographically: prefecture crossings, parent crossings,
// medical-area crossings, municipalities added.
using Cost = std::array<long, 4>;
using UnitGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                        boost::property<boost::edge_weight_t, Cost>>;

struct CostPlus {
  Cost operator()(const Cost& a, const Cost& b) const {
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
  }
};

class Planner {
 public:
  explicit Planner(const MergeProblem& p) : p_(p) {
    const int n = static_cast<int>(p.areas.size());
    std::vector<int> idx(n);
    for (int i = 0; i < n; ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](int a, int b) { return p.areas[a].code < p.areas[b].code; });
    std::map<std::string, int> vertex_of;
    for (int v = 0; v < n; ++v) {
      const MergeArea& a = p.areas[idx[v]];
      if (a.hospitals.size() != p.attributes.size())
        throw std::invalid_argument("merge: area " + a.code + " has " + std::to_string(a.hospitals.size()) +
                                    " hospital counts for " + std::to_string(p.attributes.size()) + " attributes");
      if (!vertex_of.emplace(a.code, v).second) throw std::invalid_argument("merge: duplicate area code " + a.code);
      area_.push_back(&a);
    }
    other_pref_neighbour_.assign(n, false);
    std::set<std::pair<int, int>> edges;
    for (const auto& [ca, cb] : p.adjacency) {
      auto ia = vertex_of.find(ca), ib = vertex_of.find(cb);
      if (ia == vertex_of.end() || ib == vertex_of.end() || ia->second == ib->second) continue;
      int a = std::min(ia->second, ib->second), b = std::max(ia->second, ib->second);
      if (area_[a]->prefecture != area_[b]->prefecture && !p.merge_across_prefectures) {
        other_pref_neighbour_[a] = other_pref_neighbour_[b] = true;
        continue;
      }
      edges.emplace(a, b);
    }
    land_ = LandGraph(static_cast<std::size_t>(n));
    for (auto [a, b] : edges) boost::add_edge(a, b, land_);
    component_.assign(n, 0);
    const int components = boost::connected_components(land_, component_.data());
    component_members_.assign(static_cast<std::size_t>(components), {});
    for (int v = 0; v < n; ++v) component_members_[component_[v]].push_back(v);
    group_of_.assign(n, -1);
  }

  MergePlan run() {
    const int n = static_cast<int>(area_.size());
    std::vector<int> unresolved;
    for (int seed = 0; seed < n; ++seed) {
      if (!area_[seed]->must_fix || group_of_[seed] >= 0 || valid(area_[seed]->hospitals)) continue;
      if (!grow(seed)) unresolved.push_back(seed);
    }
    prune();
    return output(unresolved);
  }

 private:
  bool valid(const std::vector<int>& counts) const {
    for (int c : counts)
      if (c != 0 && c < p_.min_hospitals) return false;
    return true;
  }
  std::vector<int> sum(const std::vector<int>& members) const {
    std::vector<int> s(p_.attributes.size(), 0);
    for (int v : members)
      for (std::size_t k = 0; k < s.size(); ++k) s[k] += area_[v]->hospitals[k];
    return s;
  }

  // Grows a group around `seed` until it is valid; commits it, or returns false and changes nothing.
  bool grow(int seed) {
    const int n = static_cast<int>(area_.size());
    std::vector<char> in_group(n, 0);
    in_group[seed] = 1;
    std::vector<int> members{seed};
    std::set<int> absorbed;  // existing groups swallowed by this one
    std::vector<int> counts = area_[seed]->hospitals;
    while (!valid(counts)) {
      // Units: 0 = the growing group, then each other live group, then each free leaf.
      std::vector<int> unit_of(n, -1);
      std::vector<std::vector<int>> unit_members{members};
      std::vector<int> unit_group{-1};
      std::map<int, int> unit_of_group;
      // Only the seed's land component can be reached; the rest of the country stays out.
      for (int v : component_members_[component_[seed]]) {
        if (in_group[v]) {
          unit_of[v] = 0;
        } else if (group_of_[v] >= 0) {
          auto [it, fresh] = unit_of_group.emplace(group_of_[v], static_cast<int>(unit_members.size()));
          if (fresh) {
            unit_members.push_back(groups_[group_of_[v]]);
            unit_group.push_back(group_of_[v]);
          }
          unit_of[v] = it->second;
        } else {
          unit_of[v] = static_cast<int>(unit_members.size());
          unit_members.push_back({v});
          unit_group.push_back(-1);
        }
      }
      const std::size_t units = unit_members.size();
      std::vector<Cost> enter(units);
      for (std::size_t u = 1; u < units; ++u) enter[u] = entry_cost(seed, unit_members[u]);
      std::set<std::pair<int, int>> arcs;
      for (int v : component_members_[component_[seed]])
        for (auto [it, end] = boost::adjacent_vertices(v, land_); it != end; ++it) {
          int a = unit_of[v], b = unit_of[static_cast<int>(*it)];
          if (a != b) arcs.emplace(a, b);
        }
      UnitGraph ug(units);
      for (auto [a, b] : arcs) boost::add_edge(a, b, enter[b], ug);
      const Cost inf{1L << 40, 1L << 40, 1L << 40, 1L << 40}, zero{0, 0, 0, 0};
      std::vector<Cost> dist(units, inf);
      std::vector<std::size_t> pred(units);
      boost::dijkstra_shortest_paths(ug, std::size_t{0},
                                     boost::predecessor_map(pred.data())
                                         .distance_map(dist.data())
                                         .weight_map(boost::get(boost::edge_weight, ug))
                                         .distance_compare(std::less<Cost>())
                                         .distance_combine(CostPlus())
                                         .distance_inf(inf)
                                         .distance_zero(zero));
      // Target: cheapest helpful unit; then one that needs fixing anyway; then smallest code.
      std::size_t target = 0;
      std::tuple<Cost, bool, int> best{inf, true, n};
      for (std::size_t u = 1; u < units; ++u) {
        if (dist[u] == inf || !helpful(counts, unit_members[u])) continue;
        bool needs = std::any_of(unit_members[u].begin(), unit_members[u].end(),
                                 [&](int v) { return area_[v]->must_fix; });
        std::tuple<Cost, bool, int> key{dist[u], !needs, *std::min_element(unit_members[u].begin(), unit_members[u].end())};
        if (key < best) {
          best = key;
          target = u;
        }
      }
      if (target == 0) return false;
      for (std::size_t u = target; u != 0; u = pred[u]) {
        for (int v : unit_members[u]) {
          in_group[v] = 1;
          members.push_back(v);
        }
        if (unit_group[u] >= 0) absorbed.insert(unit_group[u]);
      }
      counts = sum(members);
    }
    std::sort(members.begin(), members.end());
    for (int gid : absorbed) groups_[gid].clear();
    const int id = static_cast<int>(groups_.size());
    groups_.push_back(members);
    for (int v : members) group_of_[v] = id;
    return true;
  }

  bool helpful(const std::vector<int>& counts, const std::vector<int>& unit) const {
    std::vector<int> add = sum(unit);
    for (std::size_t k = 0; k < counts.size(); ++k)
      if (counts[k] > 0 && counts[k] < p_.min_hospitals && add[k] > 0) return true;
    return false;
  }

  Cost entry_cost(int seed, const std::vector<int>& unit) const {
    Cost c{0, 0, 0, static_cast<long>(unit.size())};
    const MergeArea& s = *area_[seed];
    for (int v : unit) {
      if (area_[v]->prefecture != s.prefecture) c[0] = 1;
      if (area_[v]->parent != s.parent) c[1] = 1;
      if (area_[v]->medical_area != s.medical_area) c[2] = 1;
    }
    return c;
  }

  bool connected(const std::vector<int>& members) const {
    if (members.empty()) return true;
    std::set<int> todo(members.begin(), members.end()), seen{members[0]};
    std::vector<int> stack{members[0]};
    while (!stack.empty()) {
      int v = stack.back();
      stack.pop_back();
      for (auto [it, end] = boost::adjacent_vertices(v, land_); it != end; ++it) {
        int w = static_cast<int>(*it);
        if (todo.count(w) && seen.insert(w).second) stack.push_back(w);
      }
    }
    return seen.size() == todo.size();
  }

  // Drops members that no violation needs (largest code first) while the group stays valid and
  // connected, e.g. a town a path ran through when a later merge made it unnecessary.
  void prune() {
    for (auto& members : groups_) {
      bool changed = true;
      while (changed && members.size() > 1) {
        changed = false;
        for (auto it = members.rbegin(); it != members.rend(); ++it) {
          int v = *it;
          if (area_[v]->must_fix) continue;
          std::vector<int> rest;
          for (int w : members)
            if (w != v) rest.push_back(w);
          if (valid(sum(rest)) && connected(rest)) {
            group_of_[v] = -1;
            members = rest;
            changed = true;
            break;
          }
        }
      }
    }
  }

  MergePlan output(const std::vector<int>& unresolved) const {
    MergePlan plan;
    plan.dimension = p_.dimension;
    plan.attributes = p_.attributes;
    plan.min_hospitals = p_.min_hospitals;
    std::vector<std::vector<int>> live;
    for (const auto& m : groups_)
      if (!m.empty()) live.push_back(m);
    std::sort(live.begin(), live.end());
    for (const auto& members : live) {
      MergeGroup g;
      std::vector<const MergeArea*> areas;
      for (int v : members) areas.push_back(area_[v]);
      g.hospitals = sum(members);
      describe_group(p_, areas, g);
      plan.groups.push_back(std::move(g));
    }
    const int n = static_cast<int>(area_.size());
    for (int seed : unresolved) {
      if (group_of_[seed] >= 0) continue;  // a later group took it in over another attribute's path
      UnresolvedArea u;
      u.code = area_[seed]->code;
      u.label = area_[seed]->label;
      std::vector<int> comp;
      for (int v = 0; v < n; ++v)
        if (component_[v] == component_[seed]) comp.push_back(v);
      std::vector<const MergeArea*> comp_areas, same_medical;
      for (int v : comp) {
        comp_areas.push_back(area_[v]);
        u.component.push_back(area_[v]->code);
      }
      u.component_hospitals = sum(comp);
      std::vector<int> medical_members;
      if (!area_[seed]->medical_area.empty())
        for (int v = 0; v < n; ++v)
          if (area_[v]->medical_area == area_[seed]->medical_area) medical_members.push_back(v);
      describe_unresolved(p_, *area_[seed], comp_areas, u.component_hospitals, sum(medical_members),
                          !medical_members.empty(), other_pref_neighbour_[seed], u);
      plan.unresolved.push_back(std::move(u));
    }
    return plan;
  }

  const MergeProblem& p_;
  std::vector<const MergeArea*> area_;  // vertex -> area, in code order
  LandGraph land_;
  std::vector<int> component_;
  std::vector<std::vector<int>> component_members_;  // vertices of each land component, in code order
  std::vector<bool> other_pref_neighbour_;
  std::vector<int> group_of_;
  std::vector<std::vector<int>> groups_;  // empty = absorbed into a later group
};

}  // namespace

MergePlan plan_merge(const MergeProblem& problem) { return Planner(problem).run(); }

}  // namespace hitoku
