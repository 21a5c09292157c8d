#pragma once
// The default method: close every additive relation that holds a single suppressed cell, then
// repair what the audit still finds, then publish again what is not needed.
#include <string>
#include <vector>

#include "problem.h"

namespace hitoku::protection {

// Why a cell was added (rule "4" or "5"), per group.
struct Reason {
  std::string rule, ja, en;
};

// Why a cell was suppressed to repair a rule ② failure (Failure::small_sum or small_reach) of `who`.
Reason rule2_reason(const Failure& f, const std::string& who);

struct Outcome {
  Pattern x;
  std::vector<Reason> reasons;  // per group; empty rule for groups not added
  std::vector<ProtectConflict> conflicts;
  long long audits = 0, rounds = 0, released = 0;
  long long screens = 0;        // relaxation screens (cyclic sets; not counted in audits)
  long long final_repairs = 0;  // cells added after the final full audit of a screened pattern
  bool audited_ok = false;  // the last audit of x found no failure (a full audit: never a screen)
  bool exhausted = false;   // a failing cell had no cell left around it to suppress (the path's end)
};

Outcome run_greedy(const Problem& p, const ProtectOptions& options);

}  // namespace hitoku::protection
