// bound_sums (hitoku/audit/audit.h): a sum of suppressed cells as one more objective of the attacker's
// system. The cells' supports are disjoint, so the sum's variables are the union of theirs (a merged
// variable lies wholly inside a suppressed cell or outside it) and every interval stays exact.
#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "audit/solve/component_solver.h"
#include "audit/solve/relaxation.h"
#include "audit/system/reduced_system.h"
#include "hitoku/audit/audit.h"
#include "hitoku/audit/inner_space.h"

namespace hitoku {
namespace {

// The sum's objective, or none when a cell is not an objective or two cells overlap.
std::optional<audit::Objective> sum_objective(const audit::ReducedSystem& sys,
                                              const std::map<std::pair<int, std::size_t>, std::size_t>& objective_of,
                                              const CellSum& cells) {
  audit::Objective sum;
  for (const auto& cell : cells) {
    const auto it = objective_of.find(cell);
    if (it == objective_of.end()) return std::nullopt;
    const audit::Objective& o = sys.objectives[it->second];
    if (sum.table < 0) {
      sum.table = o.table;
      sum.flat = o.flat;
    }
    sum.inner.insert(sum.inner.end(), o.inner.begin(), o.inner.end());
    sum.vars.insert(sum.vars.end(), o.vars.begin(), o.vars.end());
    sum.terms.insert(sum.terms.end(), o.terms.begin(), o.terms.end());
    sum.constant += o.constant;
  }
  std::sort(sum.inner.begin(), sum.inner.end());
  std::sort(sum.vars.begin(), sum.vars.end());
  const bool overlap = std::adjacent_find(sum.inner.begin(), sum.inner.end()) != sum.inner.end() ||
                       std::adjacent_find(sum.vars.begin(), sum.vars.end()) != sum.vars.end();
  if (overlap) return std::nullopt;
  return sum;
}

}  // namespace

std::vector<SumBound> bound_sums(const Submission& submission, bool include_earlier, const std::vector<CellSum>& sums,
                                 long long max_variables) {
  std::vector<SumBound> out(sums.size());
  if (sums.empty()) return out;
  const InnerSpace space(submission);
  audit::ReducedSystem sys = audit::build_reduced_system(submission, space, include_earlier);
  if (!sys.inconsistencies.empty()) return out;  // contradictory tables: the audit reports them
  std::map<std::pair<int, std::size_t>, std::size_t> objective_of;
  for (std::size_t o = 0; o < sys.objectives.size(); ++o)
    objective_of[{sys.objectives[o].table, sys.objectives[o].flat}] = o;
  const std::size_t cells = sys.objectives.size();
  std::vector<int> objective_of_sum(sums.size(), -1);
  for (std::size_t k = 0; k < sums.size(); ++k)
    if (auto o = sum_objective(sys, objective_of, sums[k])) {
      objective_of_sum[k] = static_cast<int>(sys.objectives.size());
      sys.objectives.push_back(std::move(*o));
    }
  const auto comps = audit::find_components(sys, true);
  auto specs = audit::component_specs(comps);
  std::vector<audit::ObjectiveBounds> bounds(sys.objectives.size());
  std::vector<int> scratch(static_cast<std::size_t>(sys.variables), -1);
  audit::SolveCounters counters;
  std::vector<char> solved(specs.size(), 0);
  for (std::size_t c = 0; c < specs.size(); ++c) {
    audit::ComponentSpec& spec = specs[c];
    // Only the sums are bounded; the cells' known ranges (small range, derived values) still bind.
    audit::set_aside(spec, sys, [&](int o) { return static_cast<std::size_t>(o) < cells; });
    if (spec.objectives.empty() || static_cast<long long>(spec.vars.size()) > max_variables) continue;
    audit::ComponentSettings settings;
    settings.integer_bounds = true;
    audit::solve_component(sys, spec, settings, scratch, bounds, counters);
    solved[c] = 1;
  }
  for (std::size_t k = 0; k < sums.size(); ++k) {
    if (objective_of_sum[k] < 0) continue;
    const auto o = static_cast<std::size_t>(objective_of_sum[k]);
    if (!solved[static_cast<std::size_t>(comps.of_objective[o])]) continue;
    const audit::ObjectiveBounds& b = bounds[o];
    SumBound& s = out[k];
    s.checked = !b.infeasible && b.outer;  // both ends proven
    if (!s.checked) continue;
    s.lower = b.outer_lower;
    s.upper = b.outer_upper;
    s.pinned = !b.outer_unbounded && b.outer_lower == b.outer_upper;
  }
  return out;
}

}  // namespace hitoku
