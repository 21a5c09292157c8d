#pragma once
// Test-only: one random case of the audit compared with the independent brute force
// (audit_fixtures.h) and an exact elimination written here, under every audit option that must not
// change a result. Shared by the brute-force tests of plain tables and of groupings.
#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <string>

#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"

namespace hitoku::testing {

using Rational = boost::multiprecision::cpp_rational;

// Is the suppressed cell a linear combination of published cells? Dense exact elimination over
// the inner leaves, written independently of the engine.
inline bool linearly_determined(const World& w, const Table& t, std::size_t flat, bool include_earlier) {
  const std::size_t n = w.inner_size();
  std::vector<std::vector<Rational>> basis;  // echelon rows, pivot = first nonzero
  std::vector<std::size_t> pivots;
  auto reduce = [&](std::vector<Rational>& v) {
    for (std::size_t k = 0; k < basis.size(); ++k)
      if (v[pivots[k]] != 0) {
        const Rational f = v[pivots[k]] / basis[k][pivots[k]];
        for (std::size_t i = 0; i < n; ++i) v[i] -= f * basis[k][i];
      }
  };
  for (const auto& u : w.sub.tables) {
    if (u.earlier_publication && !include_earlier) continue;
    for (std::size_t f = 0; f < u.cell_count(); ++f) {
      if (is_suppressed(u.status[f])) continue;
      std::vector<Rational> v(n, Rational(0));
      for (std::size_t i = 0; i < n; ++i)
        if (w.covers(u, f, i)) v[i] = Rational(1);
      reduce(v);
      for (std::size_t i = 0; i < n; ++i)
        if (v[i] != 0) {
          basis.push_back(v);
          pivots.push_back(i);
          break;
        }
    }
  }
  std::vector<Rational> v(n, Rational(0));
  for (std::size_t i = 0; i < n; ++i)
    if (w.covers(t, flat, i)) v[i] = Rational(1);
  reduce(v);
  for (const auto& x : v)
    if (x != 0) return false;
  return true;
}

// What the random cases exercised, so a test cannot pass on trivial cases only.
struct Tally {
  int cells = 0, recoverable = 0, linear = 0, pinned = 0, lp_wider = 0, unbounded = 0, safe = 0;
  int table_space = 0;  // audits that ran in table-cell space
  long long bases_kept = 0;  // LP ends read off a basis already optimal for them (no re-solve)
  long long dual_settled = 0;  // LP ends an earlier LP's duals bound where an exact point reaches
};

inline void compare(const World& w, bool include_earlier, bool exact_lp, const std::string& what, Tally& tally) {
  const auto brute = hitoku::testing::brute_force(w, include_earlier);
  AuditOptions lp_opt, int_opt;
  int_opt.integer_bounds = true;
  const auto lp = audit_cells(w.sub, include_earlier, lp_opt);
  const auto ip = audit_cells(w.sub, include_earlier, int_opt);
  REQUIRE(lp.cells.size() == brute.size());
  REQUIRE(ip.cells.size() == brute.size());
  tally.bases_kept += lp.stats.lp_bases_kept;
  tally.dual_settled += lp.stats.dual_settled;
  for (std::size_t i = 0; i < brute.size(); ++i) {
    INFO(what << " cell " << w.sub.cell_label(w.sub.tables[static_cast<std::size_t>(ip.cells[i].table)], ip.cells[i].flat));
    const BruteRange& b = brute[i];
    const bool unbounded = b.max == std::numeric_limits<std::int64_t>::max();
    const CellAudit& c = ip.cells[i];
    CHECK_FALSE(c.unproven);
    CHECK(c.lower == b.min);
    CHECK(c.upper == (unbounded ? kUnbounded : b.max));
    CHECK(c.recoverable == (b.min == b.max));
    CHECK(c.exact);
    const CellAudit& l = lp.cells[i];
    CHECK(l.lower <= b.min);
    CHECK(l.upper >= (unbounded ? kUnbounded : b.max));
    if (l.recoverable) CHECK(b.min == b.max);
    if (exact_lp) {
      CHECK(l.lower == b.min);
      CHECK(l.upper == (unbounded ? kUnbounded : b.max));
    }
    ++tally.cells;
    tally.recoverable += c.recoverable;
    tally.linear += c.linear;
    tally.pinned += c.recoverable && !c.linear;
    tally.lp_wider += l.lower != c.lower || l.upper != c.upper;
    tally.unbounded += unbounded;
    tally.safe += !c.recoverable;
    const Table& t = w.sub.tables[static_cast<std::size_t>(c.table)];
    const bool lin = linearly_determined(w, t, c.flat, include_earlier);
    if (lin) {
      CHECK(c.recoverable);
      CHECK((c.linear || !c.zero_cells.empty()));
    }
    if (c.linear) CHECK(lin);
    if (!c.certificate.empty()) {  // the certificate evaluated on published values is the truth
      std::int64_t sum = 0;
      for (const auto& term : c.certificate) {
        const Table& u = w.sub.tables[static_cast<std::size_t>(w.sub.find_table(term.table))];
        for (std::size_t f = 0; f < u.cell_count(); ++f)
          if (w.sub.cell_key(u, f) == term.cell) {
            CHECK_FALSE(is_suppressed(u.status[f]));
            sum += term.coefficient * u.value[f];
          }
      }
      CHECK(sum == t.value[c.flat] * c.certificate_divisor);
    }
  }
  // Sampling (no per-cell LP, as for large components) only ever claims what the LP proves.
  AuditOptions sample = lp_opt;
  sample.max_lp_variables = 0;
  const auto sp = audit_cells(w.sub, include_earlier, sample);
  // The same without exact moves: moves only ever add exact points, never a verdict of their own.
  AuditOptions sample_no_moves = sample;
  sample_no_moves.exact_moves = false;
  const auto sn = audit_cells(w.sub, include_earlier, sample_no_moves);
  for (const auto* run : {&sp, &sn})
    for (std::size_t i = 0; i < brute.size(); ++i) {
      const CellAudit& c = run->cells[i];
      if (c.recoverable) CHECK(lp.cells[i].recoverable);
      if (c.unproven) continue;
      CHECK(c.lower >= lp.cells[i].lower);
      CHECK(c.upper <= lp.cells[i].upper);
      if (!c.recoverable) CHECK_FALSE(lp.cells[i].recoverable);
    }
  // Table-cell space (decomposable sets) and inner cells give the same results. Certificates
  // searched in table-cell space (the default, checked against the truth above) may be other,
  // equally valid combinations; searched over inner cells they are the same as there.
  AuditOptions inner_lp = lp_opt, inner_ip = int_opt, inner_certs = lp_opt;
  inner_lp.table_space = inner_ip.table_space = false;
  inner_certs.table_space_certificates = false;
  const auto il = audit_cells(w.sub, include_earlier, inner_lp);
  const auto ii = audit_cells(w.sub, include_earlier, inner_ip);
  const auto ic = audit_cells(w.sub, include_earlier, inner_certs);
  for (std::size_t i = 0; i < brute.size(); ++i) {
    for (const auto* pair : {&il, &ii}) {
      const CellAudit& a = (pair == &il ? lp : ip).cells[i];
      const CellAudit& b = pair->cells[i];
      CHECK(a.lower == b.lower);
      CHECK(a.upper == b.upper);
      CHECK(a.recoverable == b.recoverable);
      CHECK(a.unproven == b.unproven);
    }
    for (const auto* pair : {&il, &ii}) {
      const CellAudit& a = ic.cells[i];
      const CellAudit& b = pair->cells[i];
      CHECK(a.recoverable == b.recoverable);
      CHECK(a.linear == b.linear);
      CHECK(a.uses_nonnegativity == b.uses_nonnegativity);
      CHECK(a.certificate.size() == b.certificate.size());
    }
    CHECK(ii.cells[i].exact == ip.cells[i].exact);
  }
  if (ip.stats.table_space_cells > 0) ++tally.table_space;
  // Splitting into components and screening never change a result.
  AuditOptions whole = int_opt, unscreened = lp_opt;
  whole.split_components = false;
  unscreened.screening = false;
  const auto w1 = audit_cells(w.sub, include_earlier, whole);
  const auto w2 = audit_cells(w.sub, include_earlier, unscreened);
  for (std::size_t i = 0; i < brute.size(); ++i) {
    CHECK(w1.cells[i].lower == ip.cells[i].lower);
    CHECK(w1.cells[i].upper == ip.cells[i].upper);
    CHECK(w2.cells[i].lower == lp.cells[i].lower);
    CHECK(w2.cells[i].upper == lp.cells[i].upper);
  }
}


}  // namespace hitoku::testing
