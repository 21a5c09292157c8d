// Detection of decomposable (acyclic) table sets, which the audit solves in table-cell space.
// Expected answers are the textbook ones (a set is acyclic iff GYO reduction empties it).
#include <doctest/doctest.h>

#include "audit/table_space.h"

using hitoku::audit::decomposable;

namespace {
bool acyclic(const std::vector<std::vector<int>>& sets, std::size_t* cliques = nullptr) {
  std::vector<std::vector<int>> maximal;
  std::vector<std::pair<int, int>> edges;
  const bool ok = decomposable(sets, maximal, edges);
  if (cliques) *cliques = maximal.size();
  if (ok) CHECK(edges.size() + 1 == maximal.size());  // a spanning tree of the maximal sets
  return ok;
}
}  // namespace

TEST_CASE("table space: decomposable dimension sets") {
  enum { area, site, age, sex };
  std::size_t n = 0;
  // Realistic acyclic submission: area×site×sex, site×age×sex, area×sex (inside the first).
  CHECK(acyclic({{area, site, sex}, {site, age, sex}, {area, sex}}, &n));
  CHECK(n == 2);
  // The three pairwise-linked 3-D tables are cyclic (the classic triangle).
  CHECK_FALSE(acyclic({{area, site, sex}, {area, age, sex}, {site, age, sex}}));
  CHECK_FALSE(acyclic({{0, 1}, {1, 2}, {0, 2}}));
  CHECK_FALSE(acyclic({{0, 1}, {1, 2}, {2, 3}, {3, 0}}));  // a 4-cycle
  CHECK(acyclic({{0, 1}, {1, 2}, {2, 3}}));                 // a chain
  CHECK(acyclic({{0, 1}, {0, 2}, {0, 3}}));                 // a star
  CHECK(acyclic({{0, 1}, {2, 3}}));                         // disjoint: linked by the grand total
  CHECK(acyclic({{0, 1, 2}, {0, 1}, {2}, {0, 1, 2}}, &n));  // one table holds them all
  CHECK(n == 1);
  // A triangle covered by a larger table is acyclic again.
  CHECK(acyclic({{0, 1}, {1, 2}, {0, 2}, {0, 1, 2}}, &n));
  CHECK(n == 1);
  // Cyclic despite every pair sharing a dimension: {a,b,c},{b,c,d},{c,d,e},{e,a}.
  CHECK_FALSE(acyclic({{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {4, 0}}));
  // Prim must pick the heavier separators: {a,b,c}-{b,c,d} (2) rather than through {b,x}.
  CHECK(acyclic({{0, 1, 2}, {1, 5}, {1, 2, 3}}));
}
