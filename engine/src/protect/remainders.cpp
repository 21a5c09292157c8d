#include "remainders.h"

namespace hitoku::protection {

bool relation_remainder(const Problem& p, const Pattern& x, int r, Remainder& out, int released) {
  const Relation& R = p.relations[static_cast<std::size_t>(r)];
  const int parent = p.group_of[static_cast<std::size_t>(R.table)][R.parent_flat];
  auto suppressed = [&](int g) { return g != released && x[static_cast<std::size_t>(g)]; };
  if (suppressed(parent)) return false;
  out = Remainder{};
  out.parent = parent;
  for (int g : R.groups) {
    if (g == parent) continue;
    if (suppressed(g)) {
      out.suppressed.push_back(g);
      out.sum += p.groups[static_cast<std::size_t>(g)].value;
    } else {
      out.published.push_back(g);
    }
  }
  return true;
}

bool small_remainder(const Problem& p, const Remainder& rem) {
  return rem.suppressed.size() >= 2 && p.sub->policy.in_small_range(rem.sum);
}

int remainder_change(const Problem& p, const Pattern& x, int r, int h) {
  Remainder rem;
  if (!relation_remainder(p, x, r, rem)) return 0;  // the total is hidden: nothing given away either way
  const bool before = small_remainder(p, rem);
  if (h == rem.parent) return before ? -1 : 0;
  rem.suppressed.push_back(h);
  rem.sum += p.groups[static_cast<std::size_t>(h)].value;
  const bool after = small_remainder(p, rem);
  return after == before ? 0 : after ? 1 : -1;
}

std::vector<Remainder> small_remainders(const Problem& p, const Pattern& x) {
  std::vector<Remainder> out;
  if (!p.sub->policy.small_combinations) return out;
  Remainder rem;
  for (std::size_t r = 0; r < p.relations.size(); ++r)
    if (relation_remainder(p, x, static_cast<int>(r), rem) && small_remainder(p, rem)) out.push_back(rem);
  return out;
}

}  // namespace hitoku::protection
