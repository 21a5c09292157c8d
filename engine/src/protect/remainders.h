#pragma once
// Rule ② in combination inside protect's own search (policy small_cells.combinations): a relation
// whose total the reader knows gives away the sum of its suppressed parts (total minus published
// parts). That sum must not be a small count. rules/small_combinations stays the judge (every
// audit of protect runs it); this lets the greedy and the MIP avoid such patterns up front instead
// of finding them one audit at a time.
#include <cstdint>
#include <vector>

#include "problem.h"

namespace hitoku::protection {

struct Remainder {
  int parent = -1;                   // the relation's total (group)
  std::int64_t sum = 0;              // the suppressed parts' sum (secret)
  std::vector<int> suppressed;       // suppressed parts (groups)
  std::vector<int> published;        // published parts (groups)
};

// The remainder of relation r under pattern x, with group `released` (if >= 0) counted as
// published. Suppressed groups are x == 1 (groups hidden in earlier publications included: the
// reader does not know them either); a relation whose total is suppressed gives nothing away.
// Returns false when the total is suppressed.
bool relation_remainder(const Problem& p, const Pattern& x, int r, Remainder& out, int released = -1);

// Is the remainder a derived small count: two or more suppressed parts, sum in small_min..small_max?
bool small_remainder(const Problem& p, const Remainder& rem);

// What suppressing group h does to relation r's remainder: +1 it leaves a small remainder where there
// was none (e.g. it joins a lone suppressed 3 with a 4), -1 it removes one (lifts the sum past
// small_max, or hides the total), 0 neither.
int remainder_change(const Problem& p, const Pattern& x, int r, int h);

// Every relation's small remainder under x (empty when the policy does not ask for combinations).
std::vector<Remainder> small_remainders(const Problem& p, const Pattern& x);

}  // namespace hitoku::protection
