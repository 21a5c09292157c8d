// The audit of one set of published tables: reduce, split, bound, certify.
#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "certificate.h"
#include "component_solver.h"
#include "hitoku/audit.h"
#include "reduced_system.h"
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

AuditResult audit_cells(const Submission& submission, bool include_earlier, const AuditOptions& options) {
  AuditResult result;
  AuditStats& st = result.stats;
  const InnerSpace space(submission);
  std::optional<audit::UnknownSpace> table_space;
  if (options.table_space) table_space = audit::table_cell_space(submission, space, include_earlier);
  auto sys = table_space ? audit::build_reduced_system(submission, *table_space, include_earlier)
                         : audit::build_reduced_system(submission, space, include_earlier);
  result.inconsistencies = sys.inconsistencies;
  std::sort(result.inconsistencies.begin(), result.inconsistencies.end());
  result.inconsistencies.erase(std::unique(result.inconsistencies.begin(), result.inconsistencies.end()),
                               result.inconsistencies.end());
  if (table_space) st.table_space_cells = static_cast<long long>(table_space->size);

  for (const auto& t : submission.tables) {
    if (t.earlier_publication && !include_earlier) continue;
    ++st.tables;
    st.cells += static_cast<long long>(t.cell_count());
  }
  st.published_rows = static_cast<long long>(sys.row_count());
  st.suppressed = static_cast<long long>(sys.objectives.size());
  st.inner_cells = space.size();
  st.fixed_inner = std::count_if(sys.state.begin(), sys.state.end(),
                                 [](audit::InnerState x) { return x != audit::InnerState::Unknown; });
  st.variables = sys.variables;
  st.residual_rows = static_cast<long long>(sys.residual.size());

  const auto comps = audit::find_components(sys, options.split_components);
  st.components = comps.count;
  std::vector<audit::ComponentSpec> spec(static_cast<std::size_t>(comps.count));
  for (std::size_t v = 0; v < comps.of_var.size(); ++v)
    if (comps.of_var[v] >= 0) spec[static_cast<std::size_t>(comps.of_var[v])].vars.push_back(static_cast<int>(v));
  for (std::size_t r = 0; r < comps.of_row.size(); ++r)
    if (comps.of_row[r] >= 0) spec[static_cast<std::size_t>(comps.of_row[r])].rows.push_back(static_cast<int>(r));
  for (std::size_t o = 0; o < comps.of_objective.size(); ++o)
    spec[static_cast<std::size_t>(comps.of_objective[o])].objectives.push_back(static_cast<int>(o));

  std::vector<audit::ObjectiveBounds> bounds(sys.objectives.size());
  audit::SolveCounters counters;
  std::vector<int> scratch(static_cast<std::size_t>(sys.variables), -1);
  long long done = 0;
  if (options.progress) options.progress("audit", 0, st.suppressed);
  for (const auto& c : spec) {
    st.largest_component = std::max(st.largest_component, static_cast<long long>(c.vars.size()));
    if (static_cast<long long>(c.vars.size()) > options.max_sample_variables) {
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
      audit::solve_component(sys, c, options.screening, false, scratch, bounds, counters, true,
                             options.large_samples, options.large_seconds_per_solve,
                             options.large_samples_max, options.large_seconds_total);
    } else {
      audit::solve_component(sys, c, options.screening, options.integer_bounds, scratch, bounds, counters);
    }
    done += static_cast<long long>(c.objectives.size());
    if (options.progress) options.progress("audit", done, st.suppressed);
  }
  st.lp_solves = counters.lp_solves;
  st.lp_resolves = counters.lp_resolves;
  st.screened = counters.screened;
  st.mip_solves = counters.mip_solves;

  // Certificates are verified over the inner cells. In table space they are searched there too
  // (links are identities over the inner cells) and then verified exactly over the inner cells;
  // without table_space_certificates the inner-cell system is built for them when some cell is
  // recoverable (objectives come in the same order).
  const bool table_certs = table_space && options.table_space_certificates;
  std::optional<audit::ReducedSystem> inner_sys;
  const audit::ReducedSystem* cert_sys = table_space && !table_certs ? nullptr : &sys;
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

  result.cells.reserve(sys.objectives.size());
  for (std::size_t o = 0; o < sys.objectives.size(); ++o) {
    const auto& obj = sys.objectives[o];
    const auto& b = bounds[o];
    CellAudit cell;
    cell.table = obj.table;
    cell.flat = obj.flat;
    cell.lower = b.lower;
    cell.upper = b.unbounded ? kUnbounded : b.upper;
    cell.exact = b.integral;
    cell.unproven = b.failed || b.infeasible;
    cell.too_large = b.too_large;
    cell.inner_bound = b.inner;
    if (b.infeasible)
      result.inconsistencies.push_back(submission.cell_label(submission.tables[static_cast<std::size_t>(obj.table)], obj.flat));
    cell.recoverable = !cell.unproven && !b.unbounded && cell.lower >= cell.upper;
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
  return result;
}

}  // namespace hitoku
