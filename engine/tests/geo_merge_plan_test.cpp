// plan_merge: which municipalities are merged, and why. Expected groups are checked against
// brute force (smallest connected valid sets, best partitions) or hand computation in comments.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "geo_fixtures.h"
#include "hitoku/geography/merge.h"

using namespace hitoku;

namespace {

using Counts = std::map<std::string, int>;

// Hyogo leaves (Kobe as one unit or as wards) with one attribute's hospital counts; every area
// with 1..min-1 hospitals must be fixed.
MergeProblem hyogo_problem(bool wards, const Counts& counts, int fallback, int min_hospitals = 2) {
  MergeProblem p;
  p.dimension = "area";
  p.attributes = {"x"};
  p.min_hospitals = min_hospitals;
  p.adjacency = load_adjacency_csv(geo_test::ref(wards ? "hyogo_adjacency_wards.csv" : "hyogo_adjacency.csv"));
  for (const auto& m : load_reference_municipalities(geo_test::ref("hyogo_municipalities.csv"))) {
    if (wards && m.code == "28100") continue;
    if (!wards && m.kind == "区") continue;
    MergeArea a{m.code, m.name, m.prefecture, m.parent.empty() ? "28000" : m.parent, "", m.medical_area, {}, false};
    auto it = counts.find(m.code);
    a.hospitals = {it == counts.end() ? fallback : it->second};
    a.must_fix = a.hospitals[0] >= 1 && a.hospitals[0] < min_hospitals;
    p.areas.push_back(a);
  }
  return p;
}

std::map<std::string, std::set<std::string>> neighbours(const MergeProblem& p) {
  std::map<std::string, std::set<std::string>> nb;
  for (const auto& [a, b] : p.adjacency) {
    nb[a].insert(b);
    nb[b].insert(a);
  }
  return nb;
}

bool connected_set(const std::set<std::string>& s, const std::map<std::string, std::set<std::string>>& nb) {
  if (s.empty()) return true;
  std::set<std::string> seen{*s.begin()};
  std::vector<std::string> stack{*s.begin()};
  while (!stack.empty()) {
    auto v = stack.back();
    stack.pop_back();
    if (!nb.count(v)) continue;
    for (const auto& w : nb.at(v))
      if (s.count(w) && seen.insert(w).second) stack.push_back(w);
  }
  return seen.size() == s.size();
}

// Smallest connected set containing `seed`, inside `allowed`, whose hospital total is 0 or >= min.
std::size_t brute_min_group(const MergeProblem& p, const std::string& seed, const std::set<std::string>& allowed) {
  auto nb = neighbours(p);
  Counts h;
  for (const auto& a : p.areas) h[a.code] = a.hospitals[0];
  std::set<std::set<std::string>> level{{seed}};
  for (std::size_t size = 1; size <= allowed.size(); ++size) {
    for (const auto& s : level) {
      int total = 0;
      for (const auto& c : s) total += h[c];
      if (total == 0 || total >= p.min_hospitals) return size;
    }
    std::set<std::set<std::string>> next;
    for (const auto& s : level)
      for (const auto& c : s)
        for (const auto& w : nb[c])
          if (allowed.count(w) && !s.count(w)) {
            auto t = s;
            t.insert(w);
            next.insert(t);
          }
    level = next;
  }
  return 0;
}

std::set<std::string> medical_area(const MergeProblem& p, const std::string& name) {
  std::set<std::string> s;
  for (const auto& a : p.areas)
    if (a.medical_area == name) s.insert(a.code);
  return s;
}

void check_plan_sound(const MergeProblem& p, const MergePlan& plan) {
  auto nb = neighbours(p);
  std::map<std::string, const MergeArea*> by_code;
  for (const auto& a : p.areas) by_code[a.code] = &a;
  std::set<std::string> grouped;
  for (const auto& g : plan.groups) {
    std::set<std::string> s(g.members.begin(), g.members.end());
    CHECK_MESSAGE(connected_set(s, nb), g.code);
    CHECK(g.members.size() >= 2);
    for (std::size_t k = 0; k < p.attributes.size(); ++k) {
      int total = 0;
      for (const auto& c : g.members) total += by_code[c]->hospitals[k];
      CHECK(total == g.hospitals[k]);
      CHECK((total == 0 || total >= p.min_hospitals));
    }
    for (const auto& c : g.members) CHECK(grouped.insert(c).second);  // groups are disjoint
  }
  std::set<std::string> unresolved;
  for (const auto& u : plan.unresolved) unresolved.insert(u.code);
  for (const auto& a : p.areas)
    if (a.must_fix) CHECK_MESSAGE((grouped.count(a.code) + unresolved.count(a.code)) == 1, a.code);
}

}  // namespace

TEST_CASE("geo merge: a single-hospital town with several neighbours joins one in its medical area") {
  // 多可町 (北播磨) has 1 hospital; every other area has 3. Its neighbours are 西脇市, 加西市 (北播磨),
  // 丹波市, 朝来市, 市川町, 神河町 (other areas). Same area first, then the smaller code: 西脇市 28213.
  MergeProblem p = hyogo_problem(false, {{"28365", 1}}, 3);
  MergePlan plan = plan_merge(p);
  REQUIRE(plan.groups.size() == 1);
  CHECK(plan.groups[0].members == std::vector<std::string>{"28213", "28365"});
  CHECK(plan.groups[0].code == "28213+28365");
  CHECK(plan.groups[0].label == "西脇市・多可町");
  CHECK(plan.groups[0].needed_by == std::vector<std::string>{"28365"});
  CHECK_FALSE(plan.groups[0].crosses_medical_area);
  CHECK(plan.unresolved.empty());
  check_plan_sound(p, plan);
}

TEST_CASE("geo merge: a town whose neighbours have no hospital grows further, within its area") {
  // 多可町 has 1 hospital and all six neighbours have none: the group must reach past them.
  Counts c{{"28365", 1}, {"28213", 0}, {"28220", 0}, {"28223", 0}, {"28225", 0}, {"28442", 0}, {"28446", 0}};
  MergeProblem p = hyogo_problem(false, c, 3);
  MergePlan plan = plan_merge(p);
  REQUIRE(plan.groups.size() == 1);
  const auto& g = plan.groups[0];
  std::set<std::string> hokuban = medical_area(p, "北播磨");
  for (const auto& m : g.members) CHECK(hokuban.count(m) == 1);
  CHECK(g.members.size() == brute_min_group(p, "28365", hokuban));
  CHECK(g.members.size() == 3);  // 多可町 + 西脇市 or 加西市 (0) + a 北播磨 city with hospitals
  CHECK_FALSE(g.crosses_medical_area);
  check_plan_sound(p, plan);
}

TEST_CASE("geo merge: leaving the medical area only when it has no hospital to offer") {
  // Every other 北播磨 area has 0 hospitals: 多可町 must cross into a neighbouring area.
  Counts c{{"28365", 1}};
  for (const auto& code : {"28213", "28215", "28218", "28220", "28228"}) c[code] = 0;
  MergeProblem p = hyogo_problem(false, c, 3);
  MergePlan plan = plan_merge(p);
  REQUIRE(plan.groups.size() == 1);
  CHECK(plan.groups[0].crosses_medical_area);
  CHECK(plan.groups[0].members.size() == 2);  // any non-北播磨 neighbour has 3 hospitals
  CHECK(plan.groups[0].reason_ja.find("二次保健医療圏をまたぎます") != std::string::npos);
  check_plan_sound(p, plan);
}

TEST_CASE("geo merge: Kobe's wards merge among themselves, as few as a brute force allows") {
  // Radiotherapy hospitals per ward in the synthetic list; 芦屋市 has none.
  Counts c{{"28101", 1}, {"28102", 0}, {"28105", 1}, {"28106", 0}, {"28107", 1},
           {"28108", 0}, {"28109", 0}, {"28110", 3}, {"28111", 1}, {"28206", 0}};
  MergeProblem p = hyogo_problem(true, c, 2);
  MergePlan plan = plan_merge(p);
  check_plan_sound(p, plan);
  CHECK(plan.unresolved.empty());
  long merged = 0;
  for (const auto& g : plan.groups) {
    merged += static_cast<long>(g.members.size());
    for (const auto& m : g.members) CHECK(m.rfind("281", 0) == 0);  // wards only: same parent 28100
  }
  // Brute force over every partition of the 9 wards into connected blocks: the fewest wards in
  // merged blocks such that each single-hospital ward sits in a block with 0 or >= 2 hospitals.
  std::vector<std::string> wards{"28101", "28102", "28105", "28106", "28107", "28108", "28109", "28110", "28111"};
  auto nb = neighbours(p);
  long best = 1000;
  std::vector<int> block(wards.size(), 0);
  std::function<void(std::size_t, int)> rec = [&](std::size_t i, int used) {
    if (i == wards.size()) {
      long cost = 0;
      for (int b = 0; b < used; ++b) {
        std::set<std::string> s;
        int total = 0;
        bool needs = false;
        for (std::size_t w = 0; w < wards.size(); ++w)
          if (block[w] == b) {
            s.insert(wards[w]);
            total += c[wards[w]];
            needs = needs || c[wards[w]] == 1;
          }
        if (s.size() == 1) {
          if (needs) return;
          continue;
        }
        if (!connected_set(s, nb) || total == 1) return;
        cost += static_cast<long>(s.size());
      }
      best = std::min(best, cost);
      return;
    }
    for (int b = 0; b <= used; ++b) {
      block[i] = b;
      rec(i + 1, std::max(used, b + 1));
    }
  };
  rec(0, 0);
  CHECK(merged == best);
}

TEST_CASE("geo merge: Kobe as one unit needs no merge where its wards would") {
  MergeProblem p = hyogo_problem(false, {{"28100", 7}, {"28206", 0}}, 2);
  CHECK(plan_merge(p).groups.empty());
}

TEST_CASE("geo merge: Awaji merges within the island") {
  SUBCASE("two single-hospital towns around 洲本市 make one group of three") {
    // 南あわじ市 and 淡路市 border only 洲本市, so all three must merge.
    MergeProblem p = hyogo_problem(false, {{"28205", 2}, {"28224", 1}, {"28226", 1}}, 5);
    MergePlan plan = plan_merge(p);
    REQUIRE(plan.groups.size() == 1);
    CHECK(plan.groups[0].label == "洲本市・南あわじ市・淡路市");
    CHECK(plan.groups[0].hospitals == std::vector<int>{4});
    check_plan_sound(p, plan);
  }
  SUBCASE("one single-hospital town joins 洲本市 only") {
    MergeProblem p = hyogo_problem(false, {{"28205", 2}, {"28224", 0}, {"28226", 1}}, 5);
    MergePlan plan = plan_merge(p);
    REQUIRE(plan.groups.size() == 1);
    CHECK(plan.groups[0].code == "28205+28226");
    CHECK(plan.groups[0].label == "洲本市・淡路市");
    CHECK(plan.groups[0].reason_ja.find("淡路市（病院等（x） 1施設）") != std::string::npos);
    CHECK(plan.groups[0].reason_ja.find("洲本市と統合") != std::string::npos);
    CHECK(plan.groups[0].reason_ja.find("同じ二次保健医療圏「淡路」内") != std::string::npos);
    CHECK(plan.groups[0].reason_en.find("with the adjacent 洲本市") != std::string::npos);
  }
  SUBCASE("one hospital on the whole island cannot be repaired, and the plan says so") {
    // The mainland has hospitals, but no land border reaches it: no guess, a clear report.
    MergeProblem p = hyogo_problem(false, {{"28205", 1}, {"28224", 0}, {"28226", 0}}, 5);
    MergePlan plan = plan_merge(p);
    CHECK(plan.groups.empty());
    REQUIRE(plan.unresolved.size() == 1);
    const auto& u = plan.unresolved[0];
    CHECK(u.code == "28205");
    CHECK(u.component == std::vector<std::string>{"28205", "28224", "28226"});
    CHECK(u.component_hospitals == std::vector<int>{1});
    CHECK(u.reason_ja.find("秘匿") != std::string::npos);
    CHECK(u.reason_ja.find("二次保健医療圏「淡路」単位") == std::string::npos);  // 淡路 also holds only 1
    CHECK(u.reason_en.find("suppress") != std::string::npos);
  }
}

TEST_CASE("geo merge: an island with no land neighbour is reported, never merged") {
  auto adjacency = load_adjacency_csv(geo_test::ref("japan_adjacency.csv"));
  auto munis = load_reference_municipalities(geo_test::ref("japan_municipalities.csv"));
  std::set<std::string> has_neighbour;
  for (const auto& [a, b] : adjacency) {
    has_neighbour.insert(a);
    has_neighbour.insert(b);
  }
  std::vector<std::string> islands;
  for (const auto& m : munis)
    if (!has_neighbour.count(m.code)) islands.push_back(m.code);
  CHECK(islands.size() == 49);  // as SOURCES.md states
  MergeProblem p;
  p.attributes = {""};
  p.adjacency = adjacency;
  for (const auto& m : munis) {
    bool target = m.code == islands[0];
    p.areas.push_back({m.code, m.name, m.prefecture, "00000", "", "", {target ? 1 : 4}, target});
  }
  MergePlan plan = plan_merge(p);
  CHECK(plan.groups.empty());
  REQUIRE(plan.unresolved.size() == 1);
  CHECK(plan.unresolved[0].code == islands[0]);
  CHECK(plan.unresolved[0].component == std::vector<std::string>{islands[0]});
  CHECK(plan.unresolved[0].reason_ja.find("陸続きの隣接市町がありません") != std::string::npos);
}

TEST_CASE("geo merge: prefecture borders are crossed only when the policy allows") {
  // A (兵庫) has 1 hospital; its only neighbours are B (兵庫, none) and C (大阪, 5).
  MergeProblem p;
  p.attributes = {""};
  p.areas = {{"28001", "A町", "28", "28000", "", "", {1}, true},
             {"28002", "B町", "28", "28000", "", "", {0}, false},
             {"27001", "C市", "27", "27000", "", "", {5}, false}};
  p.adjacency = {{"28001", "28002"}, {"28001", "27001"}};
  MergePlan closed = plan_merge(p);
  CHECK(closed.groups.empty());
  REQUIRE(closed.unresolved.size() == 1);
  CHECK(closed.unresolved[0].reason_ja.find("merge_across_prefectures") != std::string::npos);
  p.merge_across_prefectures = true;
  MergePlan open = plan_merge(p);
  REQUIRE(open.groups.size() == 1);
  CHECK(open.groups[0].members == std::vector<std::string>{"27001", "28001"});
  CHECK(open.groups[0].crosses_prefecture);
}

TEST_CASE("geo merge: every attribute in use must hold 0 or enough hospitals after merging") {
  // A has 1 surgery hospital. Neighbour B has 1 surgery + 1 radiotherapy, which would leave the
  // group with a single radiotherapy hospital; C (next to B) adds the second.
  MergeProblem p;
  p.attributes = {"surgery", "radiotherapy"};
  p.areas = {{"28001", "A", "28", "r", "", "", {1, 0}, true},
             {"28002", "B", "28", "r", "", "", {1, 1}, false},
             {"28003", "C", "28", "r", "", "", {0, 1}, false}};
  p.adjacency = {{"28001", "28002"}, {"28002", "28003"}};
  MergePlan plan = plan_merge(p);
  REQUIRE(plan.groups.size() == 1);
  CHECK(plan.groups[0].members == std::vector<std::string>{"28001", "28002", "28003"});
  CHECK(plan.groups[0].hospitals == std::vector<int>{2, 2});
}

TEST_CASE("geo merge: the plan does not depend on the order of the input rows") {
  Counts c{{"28101", 1}, {"28102", 0}, {"28105", 1}, {"28106", 0}, {"28107", 1},
           {"28108", 0}, {"28109", 0}, {"28110", 3}, {"28111", 1}, {"28365", 1}, {"28224", 1}};
  MergeProblem p = hyogo_problem(true, c, 2);
  MergeProblem q = p;
  std::mt19937 rng(7);
  std::shuffle(q.areas.begin(), q.areas.end(), rng);
  std::shuffle(q.adjacency.begin(), q.adjacency.end(), rng);
  for (auto& e : q.adjacency) std::swap(e.first, e.second);
  MergePlan a = plan_merge(p), b = plan_merge(q);
  REQUIRE(a.groups.size() == b.groups.size());
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    CHECK(a.groups[i].code == b.groups[i].code);
    CHECK(a.groups[i].reason_ja == b.groups[i].reason_ja);
  }
  CHECK(a.unresolved.size() == b.unresolved.size());
}

TEST_CASE("geo merge: all of Japan with a synthetic hospital list") {
  auto adjacency = load_adjacency_csv(geo_test::ref("japan_adjacency.csv"));
  auto munis = load_reference_municipalities(geo_test::ref("japan_municipalities.csv"));
  MergeProblem p;
  p.attributes = {""};
  p.adjacency = adjacency;
  std::mt19937 rng(2024);  // raw engine output is the same on every platform
  for (const auto& m : munis) {
    // About a third with none, a third with one, the rest 2-9.
    auto r = static_cast<unsigned>(rng() % 9);
    int h = r < 3 ? 0 : r < 6 ? 1 : static_cast<int>(r);
    p.areas.push_back({m.code, m.name, m.prefecture, m.prefecture + "000", "", "", {h}, h == 1});
  }
  MergePlan plan = plan_merge(p);
  check_plan_sound(p, plan);
  CHECK(plan.groups.size() > 100);
  for (const auto& g : plan.groups) CHECK_FALSE(g.crosses_prefecture);
  // An area stays unresolved exactly when its whole land component within the prefecture
  // holds fewer than 2 hospitals (counted here by an independent search).
  std::map<std::string, const MergeArea*> by_code;
  for (const auto& a : p.areas) by_code[a.code] = &a;
  std::map<std::string, std::set<std::string>> nb;
  for (const auto& [a, b] : adjacency)
    if (a.substr(0, 2) == b.substr(0, 2)) {
      nb[a].insert(b);
      nb[b].insert(a);
    }
  std::set<std::string> unresolved;
  for (const auto& u : plan.unresolved) unresolved.insert(u.code);
  for (const auto& a : p.areas) {
    if (!a.must_fix) continue;
    std::set<std::string> seen{a.code};
    std::vector<std::string> stack{a.code};
    int total = 0;
    while (!stack.empty()) {
      auto v = stack.back();
      stack.pop_back();
      total += by_code[v]->hospitals[0];
      for (const auto& w : nb[v])
        if (seen.insert(w).second) stack.push_back(w);
    }
    CHECK_MESSAGE((total < 2) == (unresolved.count(a.code) == 1), a.code);
  }
}
