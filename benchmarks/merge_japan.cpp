// Rule ③ merge planning on all of Japan (1,747 municipalities, 4,403 land borders) with synthetic
// hospital lists of different densities. Prints timings and the shape of the plan.
// Usage: merge_japan [REFERENCE_DIR]
#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "hitoku/geography/geography.h"
#include "hitoku/geography/merge.h"

int main(int argc, char** argv) {
  using namespace hitoku;
  const std::string dir = argc > 1 ? argv[1] : reference_directory();
  auto munis = load_reference_municipalities(dir + "/japan_municipalities.csv");
  auto adjacency = load_adjacency_csv(dir + "/japan_adjacency.csv");
  std::printf("municipalities %zu, land borders %zu, reference %s\n", munis.size(), adjacency.size(),
              load_reference_version(dir).c_str());
  std::printf("%-28s %8s %8s %8s %10s %9s %10s\n", "hospital list", "must_fix", "groups", "merged", "unresolved",
              "max_size", "ms");
  struct Density { const char* name; unsigned zero, one; };  // out of 10: share with 0, with 1 hospital
  for (Density d : {Density{"sparse (3/10 zero, 3/10 one)", 3, 3}, Density{"dense (1/10 zero, 2/10 one)", 1, 2},
                    Density{"harsh (5/10 zero, 4/10 one)", 5, 4}}) {
    for (int min_h : {2, 3}) {
      MergeProblem p;
      p.attributes = {""};
      p.adjacency = adjacency;
      p.min_hospitals = min_h;
      std::mt19937 rng(2024);
      int must = 0;
      for (const auto& m : munis) {
        auto r = static_cast<unsigned>(rng() % 10);
        int h = r < d.zero ? 0 : r < d.zero + d.one ? 1 : static_cast<int>(2 + rng() % 20);
        bool fix = h > 0 && h < min_h;
        must += fix;
        p.areas.push_back({m.code, m.name, m.prefecture, m.prefecture + "000", "", "", {h}, fix});
      }
      auto t0 = std::chrono::steady_clock::now();
      MergePlan plan = plan_merge(p);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      std::size_t merged = 0, max_size = 0;
      for (const auto& g : plan.groups) {
        merged += g.members.size();
        max_size = std::max(max_size, g.members.size());
      }
      std::printf("%-28s %8d %8zu %8zu %10zu %9zu %10.1f   (min_hospitals %d)\n", d.name, must, plan.groups.size(),
                  merged, plan.unresolved.size(), max_size, ms, min_h);
    }
  }
  return 0;
}
