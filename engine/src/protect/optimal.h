#pragma once
// --method optimal: least total cost by constraint generation (Fischetti–Salazar style). Each
// constraint is a necessary condition of any safe pattern, so the MIP bound is a true lower
// bound; the MIP's pattern is audited, and each audit failure adds the constraint it violates.
#include "greedy.h"

namespace hitoku::protection {

struct OptimalOutcome {
  Pattern x;                 // the best audited pattern (the greedy one if nothing better was found)
  bool from_mip = false;     // x came from the MIP (else: the greedy start)
  double cost = 0, lower_bound = 0;
  bool proven_optimal = false;
  long long audits = 0, rounds = 0;
  std::vector<ProtectConflict> conflicts;
};

// Limits: seconds (--time-limit; infinite: none), and for the greedy's exact polish counts (Cbc
// nodes per MIP, MIP rounds; 0 = none) so that its result does not depend on the machine's speed.
struct OptimalLimits {
  double seconds = 60;
  int max_nodes = 0, max_rounds = 0;
};

OptimalOutcome run_optimal(const Problem& p, const Pattern& start, const ProtectOptions& options,
                           const OptimalLimits& limits);

}  // namespace hitoku::protection
