#include "audit/solve/relaxation.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <limits>

namespace hitoku::audit {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

std::vector<ComponentSpec> component_specs(const Components& comps) {
  std::vector<ComponentSpec> spec(static_cast<std::size_t>(comps.count));
  for (std::size_t v = 0; v < comps.of_var.size(); ++v)
    if (comps.of_var[v] >= 0) spec[static_cast<std::size_t>(comps.of_var[v])].vars.push_back(static_cast<int>(v));
  for (std::size_t r = 0; r < comps.of_row.size(); ++r)
    if (comps.of_row[r] >= 0) spec[static_cast<std::size_t>(comps.of_row[r])].rows.push_back(static_cast<int>(r));
  for (std::size_t o = 0; o < comps.of_objective.size(); ++o)
    spec[static_cast<std::size_t>(comps.of_objective[o])].objectives.push_back(static_cast<int>(o));
  for (std::size_t g = 0; g < comps.of_range.size(); ++g)
    if (comps.of_range[g] >= 0) spec[static_cast<std::size_t>(comps.of_range[g])].ranges.push_back(static_cast<int>(g));
  return spec;
}

void set_aside(ComponentSpec& c, const ReducedSystem& sys, const std::function<bool(int)>& settled) {
  const auto kept = std::stable_partition(c.objectives.begin(), c.objectives.end(), [&](int o) { return !settled(o); });
  for (auto it = kept; it != c.objectives.end(); ++it)
    if (sys.objectives[static_cast<std::size_t>(*it)].has_prior) c.known.push_back(*it);
  c.objectives.erase(kept, c.objectives.end());
}

namespace {

// Too large for per-cell LPs (AuditOptions::max_relaxation_variables, max_relaxation_work).
bool oversized(const ComponentSpec& c, const AuditOptions& options) {
  const auto vars = static_cast<long long>(c.vars.size()), cells = static_cast<long long>(c.objectives.size());
  return vars > options.max_relaxation_variables || (cells > 0 && vars > options.max_relaxation_work / cells);
}

// Without an LP: 0 (or the known range) up to the smallest published cell covering the cell.
// Any relaxation of the relaxation bounds from outside too.
void trivial_bounds(const ReducedSystem& sys, const ComponentSpec& c,
                    const std::vector<std::vector<int>>& rows_of_var, std::vector<OuterBound>& out) {
  constexpr auto kNone = std::numeric_limits<std::int64_t>::max();
  for (int oi : c.objectives) {
    const Objective& o = sys.objectives[static_cast<std::size_t>(oi)];
    OuterBound& b = out[static_cast<std::size_t>(oi)];
    b = OuterBound{};
    b.known = true;
    if (o.vars.empty()) {
      b.lower = b.upper = o.constant;
      continue;
    }
    std::int64_t lo = 0, hi = kNone;
    if (o.has_prior) {
      lo = std::max<std::int64_t>(0, o.prior_lo - o.constant);
      if (o.prior_has_upper()) hi = o.prior_hi - o.constant;
    }
    for (int r : rows_of_var[static_cast<std::size_t>(o.vars[0])]) {
      const auto& rr = sys.residual[static_cast<std::size_t>(r)];
      if (!rr.coef.empty() || rr.rhs >= hi) continue;
      // Rows can be long (totals): look the cell's few variables up rather than walk the row.
      bool covers = true;
      for (std::size_t k = 1; k < o.vars.size() && covers; ++k)
        covers = std::binary_search(rr.vars.begin(), rr.vars.end(), o.vars[k]);
      if (covers) hi = rr.rhs;
    }
    b.lower = o.constant + lo;
    b.unbounded = hi == kNone;
    b.upper = b.unbounded ? kUnbounded : o.constant + hi;
    if (!b.unbounded && b.upper < b.lower) b.known = false;  // contradiction: no claim
  }
}

// How the relaxation's components are solved: LP bounds only (an integer optimum of the
// relaxation would be tighter but costs Cbc runs).
ComponentSettings lp_settings(const AuditOptions& options) {
  ComponentSettings settings;
  settings.screening = options.screening;
  return settings;
}

// Oversized components: drop residual rows (published cells and links) with more than
// `limit_len` unknowns -- a relaxation of the relaxation, so its intervals still contain the
// attacker's -- for the largest limit_len at which every piece is within
// max_relaxation_variables, then LPs per piece while the LP-solve budget lasts.
void split_oversized(const ReducedSystem& sys, const std::vector<ComponentSpec>& spec, const AuditOptions& options,
                     std::vector<ObjectiveBounds>& bounds,
                     std::vector<char>& by_lp, SolveCounters& counters, AuditStats& st) {
  const ComponentSettings settings = lp_settings(options);
  std::vector<char> oversized_row(sys.residual.size(), 0);
  for (const auto& c : spec)
    if (oversized(c, options))
      for (int r : c.rows) oversized_row[static_cast<std::size_t>(r)] = 1;
  for (std::size_t limit_len : {std::size_t{1024}, std::size_t{256}, std::size_t{64}, std::size_t{16}, std::size_t{4},
                                std::size_t{2}}) {
    ReducedSystem cut;
    cut.variables = sys.variables;
    cut.objectives = sys.objectives;
    cut.blocks = sys.blocks;
    for (std::size_t r = 0; r < sys.residual.size(); ++r)
      if (oversized_row[r] && sys.residual[r].vars.size() <= limit_len) cut.residual.push_back(sys.residual[r]);
    const auto comps = find_components(cut, true);
    auto pieces = component_specs(comps);
    // Only the objectives of oversized components are solved here.
    for (auto& p : pieces)
      p.objectives.erase(std::remove_if(p.objectives.begin(), p.objectives.end(),
                                        [&](int o) { return by_lp[static_cast<std::size_t>(o)] != 0; }),
                         p.objectives.end());
    long long largest = 0;
    for (const auto& p : pieces)
      if (!p.objectives.empty()) largest = std::max(largest, static_cast<long long>(p.vars.size()));
    if (largest > options.max_relaxation_variables && limit_len > 2) continue;
    std::vector<int> scratch(static_cast<std::size_t>(cut.variables), -1);
    std::vector<ObjectiveBounds> piece_bounds(cut.objectives.size());
    for (const auto& p : pieces) {
      if (p.objectives.empty() || static_cast<long long>(p.vars.size()) > options.max_relaxation_variables) continue;
      if (counters.lp_solves + counters.lp_resolves > options.relaxation_split_lp_solves) break;
      ++st.relaxation_split_pieces;
      solve_component(cut, p, settings, scratch, piece_bounds, counters);
      for (int o : p.objectives) {
        bounds[static_cast<std::size_t>(o)] = piece_bounds[static_cast<std::size_t>(o)];
        by_lp[static_cast<std::size_t>(o)] = 2;  // combined with the trivial bound below
      }
    }
    return;
  }
}

}  // namespace

Relaxation solve_relaxation(const Submission& submission, const UnknownSpace& space, bool include_earlier,
                            const AuditOptions& options, AuditStats& st, const RelaxationScope& scope) {
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = thread_cpu_seconds();
  Relaxation out;
  const auto sys = build_reduced_system(submission, space, include_earlier);
  out.inconsistencies = sys.inconsistencies;
  st.relaxation_cells = static_cast<long long>(space.size);
  st.relaxation_variables = sys.variables;
  const auto comps = find_components(sys, options.split_components);
  auto spec = component_specs(comps);
  std::vector<char> asked(sys.objectives.size(), 1);
  if (scope.only) asked = *scope.only;
  if (scope.fresh) {
    out.reused.assign(sys.objectives.size(), 0);
    for (const auto& c : spec)
      if (std::none_of(c.objectives.begin(), c.objectives.end(), [&](int o) { return (*scope.fresh)[static_cast<std::size_t>(o)]; }))
        for (int o : c.objectives) {
          asked[static_cast<std::size_t>(o)] = 0;
          out.reused[static_cast<std::size_t>(o)] = 1;
        }
  }
  for (auto& c : spec) set_aside(c, sys, [&](int o) { return !asked[static_cast<std::size_t>(o)]; });
  st.relaxation_components = comps.count;

  std::vector<ObjectiveBounds> bounds(sys.objectives.size());
  out.cells.assign(sys.objectives.size(), OuterBound{});
  std::vector<char> by_lp(sys.objectives.size(), 0);
  SolveCounters counters;
  const ComponentSettings settings = lp_settings(options);
  std::vector<int> scratch(static_cast<std::size_t>(sys.variables), -1);
  std::vector<std::vector<int>> rows_of_var;
  for (const auto& c : spec) {
    st.relaxation_largest = std::max(st.relaxation_largest, static_cast<long long>(c.vars.size()));
    if (c.objectives.empty()) continue;
    if (oversized(c, options)) {
      ++st.relaxation_trivial;
      if (rows_of_var.empty()) {
        rows_of_var.resize(static_cast<std::size_t>(sys.variables));
        for (std::size_t r = 0; r < sys.residual.size(); ++r)
          for (int v : sys.residual[r].vars) rows_of_var[static_cast<std::size_t>(v)].push_back(static_cast<int>(r));
      }
      trivial_bounds(sys, c, rows_of_var, out.cells);
      continue;
    }
    solve_component(sys, c, settings, scratch, bounds, counters);
    for (int o : c.objectives) by_lp[static_cast<std::size_t>(o)] = 1;
  }
  constexpr char kNotAsked = 3;  // outside `only`: never solved, no claim
  for (std::size_t o = 0; o < by_lp.size(); ++o)
    if (!asked[o]) by_lp[o] = kNotAsked;
  if (options.relaxation_split && st.relaxation_trivial > 0)
    split_oversized(sys, spec, options, bounds, by_lp, counters, st);
  for (std::size_t o = 0; o < sys.objectives.size(); ++o) {
    if (!by_lp[o] || by_lp[o] == kNotAsked) continue;
    const ObjectiveBounds& b = bounds[o];
    OuterBound& r = out.cells[o];
    // Outer ends only (exact points prove attainment, which a relaxation never claims).
    if (!b.outer || b.infeasible) continue;  // no claim; the inner cells decide
    if (!b.outer_unbounded && b.outer_upper < b.outer_lower) continue;  // no integer point: a contradiction
    if (r.known) {  // a trivial bound from the full rows: keep the tighter of the two ends
      r.lower = std::max(r.lower, b.outer_lower);
      if (!b.outer_unbounded) r.upper = r.unbounded ? b.outer_upper : std::min(r.upper, b.outer_upper);
      r.unbounded = r.unbounded && b.outer_unbounded;
    } else {
      r.lower = b.outer_lower;
      r.unbounded = b.outer_unbounded;
      r.upper = b.outer_unbounded ? kUnbounded : b.outer_upper;
    }
    if (!r.unbounded && r.upper < r.lower) { r = OuterBound{}; continue; }  // contradiction: no claim
    r.known = r.lp = true;
    ++st.relaxation_lp_cells;
  }
  st.relaxation_lp_solves = counters.lp_solves;
  st.relaxation_lp_resolves = counters.lp_resolves;
  st.relaxation_lp_bases_kept = counters.lp_bases_kept;
  st.relaxation_dual_settled = counters.dual_settled;
  st.relaxation_screened = counters.screened;
  st.relaxation_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  st.relaxation_cpu_seconds = thread_cpu_seconds() - cpu_started;
  return out;
}

}  // namespace hitoku::audit
