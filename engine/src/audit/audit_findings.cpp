// The audit's findings per suppressed cell: bounds from the component solver and the
// relaxation combined, and a certificate for every recoverable cell (verified exactly).
#include <algorithm>
#include <map>
#include <set>

#include "audit/audit_run.h"
#include "audit/exact/certificate.h"

namespace hitoku::audit {

namespace {

CertificateTerm term(const Submission& s, int table, std::size_t flat, long long coefficient) {
  const Table& t = s.tables[static_cast<std::size_t>(table)];
  return CertificateTerm{t.id, s.cell_key(t, flat), s.cell_label(t, flat), coefficient};
}

// Integer coefficients over a common divisor.
void fill_certificate(const Submission& s, const ReducedSystem& sys, const Certificate& c,
                      CellAudit& cell) {
  using boost::multiprecision::cpp_int;
  // In table-cell space one published cell may be written as several rows (one per maximal
  // table it fits): one term per cell.
  std::map<std::pair<int, std::size_t>, Rational> per_cell;
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

void AuditRun::report_cells() {
  // Certificates are verified over the inner cells. In the (exact) table-cell space of a
  // decomposable set they are searched there too (links are identities over the inner cells) and
  // then verified exactly over the inner cells. Otherwise (without table_space_certificates, or
  // for relaxation_only) the inner-cell system is built for them when some cell is recoverable
  // (objectives come in the same order).
  prepare_certificates();

  // Objective order of build_reduced_system: suppressed cells of the planned tables in order.
  std::vector<std::pair<int, std::size_t>> suppressed_cells;
  if (relax_only_)
    for (std::size_t ti = 0; ti < submission_.tables.size(); ++ti) {
      const Table& t = submission_.tables[ti];
      if (t.earlier_publication) continue;
      for (std::size_t f = 0; f < t.cell_count(); ++f)
        if (is_suppressed(t.status[f])) suppressed_cells.emplace_back(static_cast<int>(ti), f);
    }

  result_.cells.reserve(n_obj_);
  if (options_.progress) options_.progress("audit: findings", 0, static_cast<long long>(n_obj_));
  for (std::size_t o = 0; o < n_obj_; ++o) result_.cells.push_back(cell_of(o, suppressed_cells));
  if (options_.progress)
    options_.progress("audit: findings", static_cast<long long>(n_obj_), static_cast<long long>(n_obj_));
  auto& inconsistencies = result_.inconsistencies;
  std::sort(inconsistencies.begin(), inconsistencies.end());
  inconsistencies.erase(std::unique(inconsistencies.begin(), inconsistencies.end()), inconsistencies.end());
}

void AuditRun::prepare_certificates() {
  if (certificates_prepared_) return;
  certificates_prepared_ = true;
  table_certs_ = table_space_ && main_sys_ && options_.table_space_certificates;
  cert_sys_ = relax_only_ || (table_space_ && !table_certs_) ? nullptr : &*main_sys_;
}

// Before any LP, for the few cells a component leaves to solve (a re-audit's cells not carried: a
// cell suppressed since is most often recoverable, and the block LPs would try to move it in vain
// first). A certificate found pins the cell at its value; findings then certify it as any other.
bool AuditRun::recoverable_by_certificate(std::size_t o) {
  prepare_certificates();
  const auto& csys = certificate_system();
  const Objective& obj = csys.objectives[o];
  ++st_.certificate_searches;
  const auto cert = find_certificate(csys, obj, rows_of_var_, table_certs_ ? &table_space_->links : nullptr);
  if (!cert.found || (table_certs_ && !verify_over_inner(space_, *table_space_, csys, obj, cert))) return false;
  early_certificates_[o] = cert;
  ObjectiveBounds& b = bounds_[o];
  b = ObjectiveBounds{};
  b.lower = b.upper = submission_.tables[static_cast<std::size_t>(obj.table)].value[obj.flat];
  b.integral = true;
  return true;
}

// One suppressed cell's finding: its bounds, combined with the relaxation's outer bounds.
CellAudit AuditRun::cell_of(std::size_t o, const std::vector<std::pair<int, std::size_t>>& suppressed_cells) {
  const auto& b = bounds_[o];
  CellAudit cell;
  if (main_sys_) {
    const auto& obj = main_sys_->objectives[o];
    cell.table = obj.table;
    cell.flat = obj.flat;
    cell.lower = b.lower;
    cell.upper = b.unbounded ? kUnbounded : b.upper;
    cell.exact = b.integral;
    cell.unproven = b.failed || b.infeasible;
    cell.too_large = b.too_large;
    cell.inner_bound = b.inner;
    if (b.inner && b.outer && !b.failed) {
      cell.own_outer = true;
      cell.outer_lower = b.outer_lower;
      cell.outer_upper = b.outer_unbounded ? kUnbounded : b.outer_upper;
    }
    if (b.infeasible)
      result_.inconsistencies.push_back(
          submission_.cell_label(submission_.tables[static_cast<std::size_t>(obj.table)], obj.flat));
  }
  if (relax_) {
    const OuterBound& r = relax_->cells[o];
    if (relax_only_) {  // no inner-cell evidence: pinned, or not proven with its outer interval
      cell.table = suppressed_cells[o].first;
      cell.flat = suppressed_cells[o].second;
      cell.unproven = true;
      cell.lower = r.lower;
      cell.upper = r.unbounded ? kUnbounded : r.upper;
    }
    if (r.known) {
      const long long upper = r.unbounded ? kUnbounded : r.upper;
      cell.outer_lower = cell.own_outer ? std::max<long long>(cell.outer_lower, r.lower) : r.lower;
      cell.outer_upper = cell.own_outer ? std::min(cell.outer_upper, upper) : upper;
      cell.outer_bound = true;
    }
    if (r.pinned()) {  // the attacker interval lies in one value (and holds the truth)
      cell.lower = cell.upper = r.lower;
      cell.recoverable = cell.recoverable_by_relaxation = cell.exact = true;
      cell.unproven = cell.too_large = cell.inner_bound = false;
      ++st_.relaxation_recoverable;
    } else if (r.known && cell.inner_bound && !cell.unproven && cell.lower == cell.outer_lower &&
               cell.upper == cell.outer_upper) {
      cell.inner_bound = false;  // inner points reach both outer ends: the ends are exact
      ++st_.relaxation_exact;
    }
  }
  if (!cell.recoverable) cell.recoverable = !cell.unproven && !b.unbounded && cell.lower >= cell.upper;
  if (cell.recoverable) certify(o, cell);
  return cell;
}

const ReducedSystem& AuditRun::certificate_system() {
  if (!cert_sys_) {
    inner_sys_ = build_reduced_system(submission_, space_, include_earlier_);
    cert_sys_ = &*inner_sys_;
  }
  if (rows_of_var_.empty()) {
    rows_of_var_.resize(static_cast<std::size_t>(cert_sys_->variables));
    for (std::size_t r = 0; r < cert_sys_->residual.size(); ++r)
      for (int v : cert_sys_->residual[r].vars) rows_of_var_[static_cast<std::size_t>(v)].push_back(static_cast<int>(r));
  }
  return *cert_sys_;
}

// A recoverable cell's certificate: published cells whose combination gives its value.
void AuditRun::certify(std::size_t o, CellAudit& cell) {
  const auto& csys = certificate_system();
  // A cell its own known range pins (a derived value printed beside it, worked out exactly): that
  // value is the proof, and the finding shows its computation. A search over the published cells
  // would add nothing and costs one elimination per cell (thousands in an unprotected draft).
  const Objective& obj = csys.objectives[o];
  if (obj.has_prior && obj.prior_lo == obj.prior_hi) {
    cell.uses_nonnegativity = false;
    cell.exact = true;
    return;
  }
  Certificate cert;
  if (const auto early = early_certificates_.find(o); early != early_certificates_.end()) {
    cert = early->second;  // searched and verified before the LPs (recoverable_by_certificate)
  } else {
    ++st_.certificate_searches;
    cert = find_certificate(csys, csys.objectives[o], rows_of_var_, table_certs_ ? &table_space_->links : nullptr);
    if (cert.found && table_certs_ && !verify_over_inner(space_, *table_space_, csys, csys.objectives[o], cert))
      cert = Certificate{};
  }
  cell.linear = cert.found && cert.zero_rows.empty();
  cell.uses_nonnegativity = !cert.found || !cert.zero_rows.empty();
  if (cert.found) {
    fill_certificate(submission_, csys, cert, cell);
    cell.exact = true;
  }
}

}  // namespace hitoku::audit
