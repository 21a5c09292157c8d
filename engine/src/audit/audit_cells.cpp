// The audit of one set of published tables: reduce, split, bound, certify.
#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>

#include "certificate.h"
#include "component_solver.h"
#include "truth_point.h"
#include "hitoku/audit.h"
#include "reduced_system.h"
#include "relaxation.h"
#include "table_space.h"

namespace hitoku {

namespace {

CertificateTerm term(const Submission& s, int table, std::size_t flat, long long coefficient) {
  const Table& t = s.tables[static_cast<std::size_t>(table)];
  return CertificateTerm{t.id, s.cell_key(t, flat), s.cell_label(t, flat), coefficient};
}

// Integer coefficients over a common divisor.
void fill_certificate(const Submission& s, const audit::ReducedSystem& sys, const audit::Certificate& c,
                      CellAudit& cell) {
  using boost::multiprecision::cpp_int;
  // In table-cell space one published cell may be written as several rows (one per maximal
  // table it fits): one term per cell.
  std::map<std::pair<int, std::size_t>, audit::Rational> per_cell;
  for (const auto& [row, a] : c.rows)
    per_cell[{sys.row_table[static_cast<std::size_t>(row)], sys.row_flat[static_cast<std::size_t>(row)]}] += a;
  cpp_int divisor = 1;
  for (const auto& [at, a] : per_cell)
    if (a != 0) divisor = boost::multiprecision::lcm(divisor, denominator(a));
  cell.certificate_divisor = static_cast<long long>(divisor);
  for (const auto& [at, a] : per_cell) {
    if (a == 0) continue;
    const cpp_int k = numerator(a) * (divisor / denominator(a));
    cell.certificate.push_back(term(s, at.first, at.second, static_cast<long long>(k)));
  }
  std::set<std::pair<int, std::size_t>> zero;
  for (int row : c.zero_rows)
    zero.emplace(sys.row_table[static_cast<std::size_t>(row)], sys.row_flat[static_cast<std::size_t>(row)]);
  for (const auto& [table, flat] : zero) cell.zero_cells.push_back(term(s, table, flat, 0));
}

}  // namespace

// Per objective of sys: 1 where an earlier audit of a pattern inside this one proved the cell safe
// (then its bounds are set here: that audit's interval, as an inner interval). Checks that the
// earlier pattern lies inside this one (same tables and values, suppressed cells still suppressed
// with the same status); carries nothing when it was audited with other earlier publications.
namespace {
std::vector<char> carried_safe(const Submission& submission, bool include_earlier, const ProvenBefore& before,
                               const audit::ReducedSystem& sys, std::vector<audit::ObjectiveBounds>& bounds) {
  std::vector<char> carried(sys.objectives.size(), 0);
  if (!before.submission || !before.result || before.include_earlier != include_earlier) return carried;
  const Submission& old = *before.submission;
  auto mismatch = [](const std::string& what) {
    return std::invalid_argument("proven_before: the earlier audit is not of a pattern inside this one (" + what + ")");
  };
  if (old.tables.size() != submission.tables.size()) throw mismatch("number of tables");
  for (std::size_t t = 0; t < old.tables.size(); ++t) {
    const Table& a = old.tables[t];
    const Table& b = submission.tables[t];
    if (a.id != b.id || a.value != b.value || a.earlier_publication != b.earlier_publication)
      throw mismatch("table " + b.id);
    for (std::size_t f = 0; f < a.cell_count(); ++f)
      if (is_suppressed(a.status[f]) && a.status[f] != b.status[f])
        throw mismatch("table " + b.id + ": a cell suppressed there is not suppressed alike here");
  }
  std::vector<std::vector<const CellAudit*>> proven(old.tables.size());
  for (std::size_t t = 0; t < old.tables.size(); ++t) proven[t].assign(old.tables[t].cell_count(), nullptr);
  for (const auto& c : before.result->cells)
    if (!c.unproven && !c.recoverable && c.table >= 0 && static_cast<std::size_t>(c.table) < proven.size() &&
        c.flat < proven[static_cast<std::size_t>(c.table)].size())
      proven[static_cast<std::size_t>(c.table)][c.flat] = &c;
  for (std::size_t o = 0; o < sys.objectives.size(); ++o) {
    const auto& obj = sys.objectives[o];
    const CellAudit* c = proven[static_cast<std::size_t>(obj.table)][obj.flat];
    if (!c) continue;
    carried[o] = 1;
    audit::ObjectiveBounds& b = bounds[o];
    b = audit::ObjectiveBounds{};
    b.lower = c->lower;
    b.unbounded = c->upper == kUnbounded;  // a ray keeps every published row: it still does
    b.upper = b.unbounded ? 0 : c->upper;
    b.integral = c->exact;  // integer completions attained both ends there: they still exist
    b.inner = true;         // the attacker's ends may lie further out now
  }
  return carried;
}
}  // namespace

AuditResult audit_cells(const Submission& submission, bool include_earlier, const AuditOptions& options) {
  AuditResult result;
  AuditStats& st = result.stats;
  const InnerSpace space(submission);
  std::optional<audit::UnknownSpace> table_space;
  if (options.table_space)
    table_space = audit::table_cell_space(submission, space, include_earlier, options.cyclic_relaxation);
  // A cyclic set: outer bounds from the table-cell relaxation, and the inner cells. The
  // relaxation runs on its own thread while the inner cells' truth point and block LPs run (they
  // need no outer bounds); cells it pins are dropped before anything else is solved for them.
  std::optional<audit::Relaxation> relax;
  std::future<audit::Relaxation> relax_running;
  AuditStats relax_stats;
  const bool cyclic = table_space && table_space->relaxation;
  if (cyclic) {
    auto run = [&submission, include_earlier, &options, &relax_stats, ts = std::move(*table_space)] {
      return audit::solve_relaxation(submission, ts, include_earlier, options, relax_stats);
    };
    table_space.reset();
    relax_running = std::async(options.relaxation_only ? std::launch::deferred : std::launch::async, std::move(run));
  }
  // Waits for the relaxation (once) and takes its figures.
  auto relaxation = [&]() -> const audit::Relaxation& {
    if (!relax) {
      relax = relax_running.get();
      for (auto [to, from] : {std::pair{&st.relaxation_cells, &relax_stats.relaxation_cells},
                              {&st.relaxation_variables, &relax_stats.relaxation_variables},
                              {&st.relaxation_components, &relax_stats.relaxation_components},
                              {&st.relaxation_largest, &relax_stats.relaxation_largest},
                              {&st.relaxation_lp_solves, &relax_stats.relaxation_lp_solves},
                              {&st.relaxation_lp_resolves, &relax_stats.relaxation_lp_resolves},
                              {&st.relaxation_screened, &relax_stats.relaxation_screened},
                              {&st.relaxation_trivial, &relax_stats.relaxation_trivial},
                              {&st.relaxation_split_pieces, &relax_stats.relaxation_split_pieces},
                              {&st.relaxation_lp_cells, &relax_stats.relaxation_lp_cells}})
        *to = *from;
      st.relaxation_seconds = relax_stats.relaxation_seconds;
    }
    return *relax;
  };
  if (cyclic && options.relaxation_only) relaxation();
  const bool relax_only = cyclic && options.relaxation_only;

  // The truth point and its block partitions (step 8a) need only the tables: built on another
  // thread while the inner-cell system is, for inner-cell audits (cyclic sets, --inner).
  struct TruthPlan {
    std::optional<std::vector<std::int64_t>> point;
    std::vector<std::vector<int>> partitions;
  };
  std::future<TruthPlan> truth_running;
  if (!table_space && !relax_only && options.truth_point)
    truth_running = std::async(std::launch::async, [&submission, &space, include_earlier, &options] {
      TruthPlan plan;
      plan.point = audit::truth_point(submission, space, include_earlier);
      if (plan.point)
        for (std::int64_t size : {options.block_cells, options.block_cells_wide})
          for (auto& p : audit::block_partitions(submission, space, size)) plan.partitions.push_back(std::move(p));
      return plan;
    });

  for (const auto& t : submission.tables) {
    if (t.earlier_publication && !include_earlier) continue;
    ++st.tables;
    st.cells += static_cast<long long>(t.cell_count());
  }
  st.inner_cells = space.size();

  // The main system: exact table cells, or inner cells (not built for relaxation_only: then
  // only for certificates, when some cell is recoverable).
  std::optional<audit::ReducedSystem> main_sys;
  if (!relax_only)
    main_sys = table_space ? audit::build_reduced_system(submission, *table_space, include_earlier)
                           : audit::build_reduced_system(submission, space, include_earlier);
  result.inconsistencies = relax_only ? relax->inconsistencies : main_sys->inconsistencies;
  if (table_space) st.table_space_cells = static_cast<long long>(table_space->size);

  const std::size_t n_obj = relax_only ? relax->cells.size() : main_sys->objectives.size();
  std::vector<audit::ObjectiveBounds> bounds(n_obj);
  if (!relax_only) {
    const auto& sys = *main_sys;
    st.published_rows = static_cast<long long>(sys.row_count());
    st.suppressed = static_cast<long long>(sys.objectives.size());
    st.fixed_inner = std::count_if(sys.state.begin(), sys.state.end(),
                                   [](audit::InnerState x) { return x != audit::InnerState::Unknown; });
    st.variables = sys.variables;
    st.residual_rows = static_cast<long long>(sys.residual.size());

    const auto comps = audit::find_components(sys, options.split_components);
    st.components = comps.count;
    auto spec = audit::component_specs(comps);
    // Cells the relaxation pins need no inner-cell solve (their interval is that one value):
    // dropped before a component is solved, or for the truth point's block LPs (which start
    // before the relaxation is done) before any full solve, their bounds then left unset.
    auto drop_pinned = [&](audit::ComponentSpec& c) {
      if (!cyclic) return;
      const auto& r = relaxation();
      c.objectives.erase(std::remove_if(c.objectives.begin(), c.objectives.end(),
                                        [&](int o) { return r.cells[static_cast<std::size_t>(o)].pinned(); }),
                         c.objectives.end());
    };
    std::function<std::vector<char>(const std::vector<int>&)> pinned_of = [&](const std::vector<int>& objectives) {
      std::vector<char> pinned(objectives.size(), 0);
      if (!cyclic) return pinned;
      const auto& r = relaxation();
      for (std::size_t k = 0; k < objectives.size(); ++k)
        pinned[k] = r.cells[static_cast<std::size_t>(objectives[k])].pinned();
      return pinned;
    };
    auto unset_pinned = [&](const audit::ComponentSpec& c) {
      const auto pinned = pinned_of(c.objectives);
      for (std::size_t k = 0; k < pinned.size(); ++k)
        if (pinned[k]) bounds[static_cast<std::size_t>(c.objectives[k])] = audit::ObjectiveBounds{};
    };

    // Sampled components of the inner-cell space start from an integer point that reproduces
    // every true table value (truth_point.h), built once when first needed.
    std::optional<std::vector<std::int64_t>> truth_of_var;
    bool truth_tried = false;
    std::vector<std::vector<int>> block_of_var;
    auto truth_hint = [&]() -> const std::vector<std::int64_t>* {
      if (table_space || !options.truth_point) return nullptr;
      if (!truth_tried) {
        truth_tried = true;
        TruthPlan plan = truth_running.get();
        if (auto& x = plan.point) {
          std::vector<std::int64_t> v(static_cast<std::size_t>(sys.variables), 0);
          bool consistent = true;
          for (std::size_t c = 0; c < x->size() && consistent; ++c) {
            const auto var = sys.var_of_inner[c];
            if (var >= 0) v[static_cast<std::size_t>(var)] += (*x)[c];
            else if (sys.state[c] != audit::InnerState::Unknown) consistent = (*x)[c] == sys.value[c];
          }
          if (consistent) {
            truth_of_var = std::move(v);
            st.truth_point = true;
            for (const auto& blocks : plan.partitions) {
              std::vector<int> of_var(static_cast<std::size_t>(sys.variables), -1);
              for (std::size_t c = 0; c < blocks.size(); ++c) {
                const auto var = sys.var_of_inner[c];
                if (var >= 0 && of_var[static_cast<std::size_t>(var)] < 0) of_var[static_cast<std::size_t>(var)] = blocks[c];
              }
              block_of_var.push_back(std::move(of_var));
            }
          }
        }
      }
      return truth_of_var ? &*truth_of_var : nullptr;
    };
    auto truth_blocks = [&](const std::vector<std::int64_t>* truth) {
      audit::TruthBlocks b;
      b.truth = truth;
      b.partitions = truth && !block_of_var.empty() ? &block_of_var : nullptr;
      b.whole_check_variables = options.block_whole_check_variables;
      b.open_cell_blocks = options.open_cell_blocks;
      b.grown_blocks = options.grown_blocks;
      b.progress = options.progress;
      return b;
    };
    // Cells an earlier audit of a pattern inside this one proved safe (AuditOptions::proven_before).
    const std::vector<char> carried = carried_safe(submission, include_earlier, options.proven_before, sys, bounds);
    st.carried_safe = std::count(carried.begin(), carried.end(), char{1});
    auto drop_carried = [&](audit::ComponentSpec& c) {
      if (st.carried_safe == 0) return;
      c.objectives.erase(std::remove_if(c.objectives.begin(), c.objectives.end(),
                                        [&](int o) { return carried[static_cast<std::size_t>(o)] != 0; }),
                         c.objectives.end());
    };
    audit::SolveCounters counters;
    std::vector<int> scratch(static_cast<std::size_t>(sys.variables), -1);
    long long done = 0;
    if (options.progress) options.progress("audit", 0, st.suppressed);
    for (auto& c : spec) {
      st.largest_component = std::max(st.largest_component, static_cast<long long>(c.vars.size()));
      const auto objectives_before = static_cast<long long>(c.objectives.size());
      drop_carried(c);
      done += objectives_before - static_cast<long long>(c.objectives.size());
      if (c.objectives.empty()) continue;
      const bool large = static_cast<long long>(c.vars.size()) > options.max_lp_variables;
      const auto* truth = large ? truth_hint() : nullptr;
      if (!truth) drop_pinned(c);
      if (c.objectives.empty()) continue;
      if (truth && static_cast<long long>(c.vars.size()) > options.max_sample_variables) {
        // Too large for full solves, but the truth point's block LPs need none.
        ++st.sampled_components;
        const auto blocks = truth_blocks(truth);
        audit::solve_component(sys, c, options.screening, false, scratch, bounds, counters, true, 0,
                               options.large_iterations_per_solve, 0, 0, options.exact_moves, &blocks, &pinned_of);
        unset_pinned(c);
      } else if (static_cast<long long>(c.vars.size()) > options.max_sample_variables) {
        // Even sampling would take too long: only what subtraction proves is known.
        ++st.skipped_components;
        for (int o : c.objectives) {
          auto& b = bounds[static_cast<std::size_t>(o)];
          const auto& obj = sys.objectives[static_cast<std::size_t>(o)];
          if (obj.vars.empty()) {
            b.lower = b.upper = obj.constant;
            b.integral = true;
          } else {
            b.failed = b.too_large = true;
          }
        }
      } else if (static_cast<long long>(c.vars.size()) > options.max_lp_variables) {
        ++st.sampled_components;
        const auto blocks = truth_blocks(truth);
        audit::solve_component(sys, c, options.screening, false, scratch, bounds, counters, true,
                               options.large_samples, options.large_iterations_per_solve,
                               options.large_samples_max, options.large_cell_lps, options.exact_moves,
                               &blocks, &pinned_of);
        if (truth) unset_pinned(c);
      } else {
        audit::solve_component(sys, c, options.screening, options.integer_bounds, scratch, bounds, counters, false,
                               0, 0, 0, 0, options.exact_moves);
      }
      done += static_cast<long long>(c.objectives.size());
      if (options.progress) options.progress("audit", done, st.suppressed);
    }
    if (cyclic) relaxation();  // its outer bounds are combined below
    st.lp_solves = counters.lp_solves;
    st.lp_resolves = counters.lp_resolves;
    st.screened = counters.screened;
    st.mip_solves = counters.mip_solves;
    st.exact_points_integral = counters.points_integral;
    st.exact_points_fractional = counters.points_fractional;
    st.rejected_points = counters.points_rejected;
    st.exact_points_big = counters.points_big;
    st.moves = counters.moves;
    st.move_screened = counters.move_screened;
    st.local_repaired = counters.local_repaired;
    st.block_lp_solves = counters.block_lp_solves;
    st.block_settled = counters.block_settled;
  } else {
    st.suppressed = static_cast<long long>(n_obj);
  }

  // Certificates are verified over the inner cells. In the (exact) table-cell space of a
  // decomposable set they are searched there too (links are identities over the inner cells)
  // and then verified exactly over the inner cells. Otherwise (without
  // table_space_certificates, or for relaxation_only) the inner-cell system is built for them
  // when some cell is recoverable (objectives come in the same order).
  const bool table_certs = table_space && main_sys && options.table_space_certificates;
  std::optional<audit::ReducedSystem> inner_sys;
  const audit::ReducedSystem* cert_sys =
      relax_only || (table_space && !table_certs) ? nullptr : &*main_sys;
  std::vector<std::vector<int>> rows_of_var;
  auto certificate_system = [&]() -> const audit::ReducedSystem& {
    if (!cert_sys) {
      inner_sys = audit::build_reduced_system(submission, space, include_earlier);
      cert_sys = &*inner_sys;
    }
    if (rows_of_var.empty()) {
      rows_of_var.resize(static_cast<std::size_t>(cert_sys->variables));
      for (std::size_t r = 0; r < cert_sys->residual.size(); ++r)
        for (int v : cert_sys->residual[r].vars) rows_of_var[static_cast<std::size_t>(v)].push_back(static_cast<int>(r));
    }
    return *cert_sys;
  };

  // Objective order of build_reduced_system: suppressed cells of the planned tables in order.
  std::vector<std::pair<int, std::size_t>> suppressed_cells;
  if (relax_only)
    for (std::size_t ti = 0; ti < submission.tables.size(); ++ti) {
      const Table& t = submission.tables[ti];
      if (t.earlier_publication) continue;
      for (std::size_t f = 0; f < t.cell_count(); ++f)
        if (is_suppressed(t.status[f])) suppressed_cells.emplace_back(static_cast<int>(ti), f);
    }

  result.cells.reserve(n_obj);
  for (std::size_t o = 0; o < n_obj; ++o) {
    const auto& b = bounds[o];
    CellAudit cell;
    if (main_sys) {
      const auto& obj = main_sys->objectives[o];
      cell.table = obj.table;
      cell.flat = obj.flat;
      cell.lower = b.lower;
      cell.upper = b.unbounded ? kUnbounded : b.upper;
      cell.exact = b.integral;
      cell.unproven = b.failed || b.infeasible;
      cell.too_large = b.too_large;
      cell.inner_bound = b.inner;
      if (b.infeasible)
        result.inconsistencies.push_back(
            submission.cell_label(submission.tables[static_cast<std::size_t>(obj.table)], obj.flat));
    }
    if (relax) {
      const audit::OuterBound& r = relax->cells[o];
      if (relax_only) {  // no inner-cell evidence: pinned, or not proven with its outer interval
        cell.table = suppressed_cells[o].first;
        cell.flat = suppressed_cells[o].second;
        cell.unproven = true;
        cell.lower = r.lower;
        cell.upper = r.unbounded ? kUnbounded : r.upper;
      }
      if (r.known) {
        cell.outer_bound = true;
        cell.outer_lower = r.lower;
        cell.outer_upper = r.unbounded ? kUnbounded : r.upper;
      }
      if (r.pinned()) {  // the attacker interval lies in one value (and holds the truth)
        cell.lower = cell.upper = r.lower;
        cell.recoverable = cell.recoverable_by_relaxation = cell.exact = true;
        cell.unproven = cell.too_large = cell.inner_bound = false;
        ++st.relaxation_recoverable;
      } else if (r.known && cell.inner_bound && !cell.unproven && cell.lower == cell.outer_lower &&
                 cell.upper == cell.outer_upper) {
        cell.inner_bound = false;  // inner points reach both outer ends: the ends are exact
        ++st.relaxation_exact;
      }
    }
    if (!cell.recoverable) cell.recoverable = !cell.unproven && !b.unbounded && cell.lower >= cell.upper;
    if (cell.recoverable) {
      ++st.certificate_searches;
      const auto& csys = certificate_system();
      auto cert = audit::find_certificate(csys, csys.objectives[o], rows_of_var,
                                          table_certs ? &table_space->links : nullptr);
      if (cert.found && table_certs && !audit::verify_over_inner(space, *table_space, csys, csys.objectives[o], cert))
        cert = audit::Certificate{};
      cell.linear = cert.found && cert.zero_rows.empty();
      cell.uses_nonnegativity = !cert.found || !cert.zero_rows.empty();
      if (cert.found) {
        fill_certificate(submission, csys, cert, cell);
        cell.exact = true;
      }
    }
    result.cells.push_back(std::move(cell));
  }
  std::sort(result.inconsistencies.begin(), result.inconsistencies.end());
  result.inconsistencies.erase(std::unique(result.inconsistencies.begin(), result.inconsistencies.end()),
                               result.inconsistencies.end());
  return result;
}

}  // namespace hitoku
