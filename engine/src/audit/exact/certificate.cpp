#include "audit/exact/certificate.h"

#include "audit/exact/modular_solve.h"

#include <algorithm>
#include <deque>
#include <queue>
#include <limits>
#include <set>
#include <unordered_map>

namespace hitoku::audit {
namespace {

using Sparse = std::map<int, Rational>;  // column -> coefficient, no zeros stored

void axpy(Sparse& y, const Rational& a, const Sparse& x) {  // y += a * x
  for (const auto& [k, v] : x) {
    auto it = y.find(k);
    if (it == y.end()) {
      y.emplace(k, a * v);
    } else {
      it->second += a * v;
      if (it->second == 0) y.erase(it);
    }
  }
}

struct EchelonRow {
  Sparse vec;   // leading entry 1 at its pivot (the smallest column)
  Sparse comb;  // which residual rows it is made of
};

// A residual row's coefficient on its i-th variable: +1, or -1 on the minus side of a link.
int coefficient(const ResidualRow& rr, std::size_t i) { return rr.coef.empty() || rr.coef[i] > 0 ? 1 : -1; }

// Reduces v (and its combination) by the echelon rows, in ascending column order.
void reduce(Sparse& v, Sparse& comb, const std::map<int, EchelonRow>& basis) {
  auto it = v.begin();
  while (it != v.end()) {
    auto b = basis.find(it->first);
    if (b == basis.end()) {
      ++it;
      continue;
    }
    const int col = it->first;
    const Rational f = it->second;
    axpy(v, -f, b->second.vec);
    axpy(comb, -f, b->second.comb);
    it = v.upper_bound(col);
  }
}

// y^T R = t over the chosen residual rows by elimination modulo primes (modular_solve.h): one
// equation per variable, one unknown per row. The solution it returns meets every equation
// exactly; nothing when the limits are reached or the rows cannot give t (then the rational
// elimination below decides). Rational elimination over 1,500 rows took 0.4-1.1 s per cell.
bool solve_combination_modular(const ReducedSystem& sys, const std::vector<int>& rows,
                               const std::vector<int>& target, Sparse& y) {
  std::unordered_map<int, int> equation_of;  // variable -> equation
  IntegerSystem s;
  s.n = static_cast<int>(rows.size());
  auto equation = [&](int v) -> IntegerSystem::Row& {
    const auto [it, fresh] = equation_of.emplace(v, static_cast<int>(s.rows.size()));
    if (fresh) s.rows.emplace_back();
    return s.rows[static_cast<std::size_t>(it->second)];
  };
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const ResidualRow& rr = sys.residual[static_cast<std::size_t>(rows[j])];
    for (std::size_t i = 0; i < rr.vars.size(); ++i)
      equation(rr.vars[i]).terms.emplace_back(static_cast<int>(j), coefficient(rr, i));
  }
  for (int v : target) {
    if (!equation_of.count(v)) return false;  // no chosen row holds it
    equation(v).rhs = 1;
  }
  const auto solved = solve_exact(s, std::vector<std::int64_t>(rows.size(), 0), 1);
  if (!solved) return false;
  y.clear();
  for (std::size_t j = 0; j < rows.size(); ++j)
    if (solved->num[j] != 0) y.emplace(rows[j], Rational(solved->num[j], solved->den));
  return true;
}

// True when some z has R z = 0 over the chosen rows and t.z = 1 (found modulo primes, then
// checked exactly by solve_exact): then no combination of those rows gives t, proven.
bool no_combination(const ReducedSystem& sys, const std::vector<int>& rows, const std::vector<int>& target) {
  std::unordered_map<int, int> unknown_of;  // variable -> unknown
  auto unknown = [&](int v) {
    return unknown_of.emplace(v, static_cast<int>(unknown_of.size())).first->second;
  };
  IntegerSystem s;
  for (int r : rows) {
    const ResidualRow& rr = sys.residual[static_cast<std::size_t>(r)];
    auto& eq = s.rows.emplace_back();
    for (std::size_t i = 0; i < rr.vars.size(); ++i)
      eq.terms.emplace_back(unknown(rr.vars[i]), coefficient(rr, i));
  }
  auto& dot = s.rows.emplace_back();
  for (int v : target) dot.terms.emplace_back(unknown(v), 1);
  dot.rhs = 1;
  s.n = static_cast<int>(unknown_of.size());
  return solve_exact(s, std::vector<std::int64_t>(static_cast<std::size_t>(s.n), 0), 1).has_value();
}

// Solves y^T R = t over the chosen residual rows; returns y or nothing. Modulo primes first, both
// ways (a solution, or a proof there is none); the rational elimination when neither is found.
bool solve_combination(const ReducedSystem& sys, const std::vector<int>& rows,
                       const std::vector<int>& target, Sparse& y) {
  if (solve_combination_modular(sys, rows, target, y)) return true;
  if (no_combination(sys, rows, target)) return false;
  std::map<int, EchelonRow> basis;  // pivot column -> row
  for (int r : rows) {
    Sparse v, comb;
    const ResidualRow& rr = sys.residual[static_cast<std::size_t>(r)];
    for (std::size_t i = 0; i < rr.vars.size(); ++i)
      v.emplace(rr.vars[i], Rational(coefficient(rr, i)));
    comb.emplace(r, Rational(1));
    reduce(v, comb, basis);
    if (v.empty()) continue;
    const int pivot = v.begin()->first;
    const Rational lead = v.begin()->second;
    for (auto& [k, x] : v) x /= lead;
    for (auto& [k, x] : comb) x /= lead;
    basis.emplace(pivot, EchelonRow{std::move(v), std::move(comb)});
  }
  Sparse t, comb;
  for (int c : target) t.emplace(c, Rational(1));
  reduce(t, comb, basis);
  if (!t.empty()) return false;
  // t - sum(f_k b_k) = 0 and comb = -sum(f_k comb_k): so t = -comb in terms of rows.
  y.clear();
  for (auto& [k, x] : comb) y.emplace(k, -x);
  return true;
}

}  // namespace

Certificate find_certificate(const ReducedSystem& sys, const Objective& o,
                             const std::vector<std::vector<int>>& rows_of_var,
                             const std::vector<UnknownSpace::Link>* links, std::size_t max_rows) {
  Certificate cert;
  Sparse y;  // residual row -> coefficient
  if (!o.vars.empty()) {
    // Residual rows near the cell, breadth first over shared variables.
    std::vector<int> rows;
    std::set<int> row_seen, var_seen(o.vars.begin(), o.vars.end());
    std::deque<int> vars(o.vars.begin(), o.vars.end());
    while (!vars.empty() && rows.size() < max_rows) {
      const int v = vars.front();
      vars.pop_front();
      for (int r : rows_of_var[static_cast<std::size_t>(v)]) {
        if (!row_seen.insert(r).second) continue;
        rows.push_back(r);
        for (int w : sys.residual[static_cast<std::size_t>(r)].vars)
          if (var_seen.insert(w).second) vars.push_back(w);
      }
    }
    if (!solve_combination(sys, rows, o.vars, y)) return cert;
  }

  // Expand fixed inner cells back into the published cells that fixed them, latest first.
  std::unordered_map<std::int32_t, Rational> coef;
  using Item = std::pair<std::int32_t, std::int32_t>;  // (fix order, inner cell)
  std::priority_queue<Item> heap;
  auto add = [&](std::int32_t cell, const Rational& a) {
    if (sys.state[cell] == InnerState::Unknown) return;
    auto [it, fresh] = coef.emplace(cell, a);
    if (fresh) heap.emplace(sys.fix_order[cell], cell);
    else it->second += a;
  };
  for (auto c : o.inner) add(c, Rational(1));
  std::map<int, Rational> link_coef;  // link -> coefficient (table-cell space)
  for (const auto& [k, a] : y) {
    const ResidualRow& rr = sys.residual[static_cast<std::size_t>(k)];
    if (rr.row < 0) {
      if (!links || rr.link < 0) return Certificate{};
      const auto& lk = (*links)[static_cast<std::size_t>(rr.link)];
      link_coef[rr.link] += a;
      for (auto c : lk.plus) add(c, -a);
      for (auto c : lk.minus) add(c, a);
      continue;
    }
    const int row = rr.row;
    cert.rows[row] += a;
    for (auto it = sys.row_begin(row); it != sys.row_end(row); ++it) add(*it, -a);
  }
  std::set<int> zero_rows;
  while (!heap.empty()) {
    const auto cell = heap.top().second;
    heap.pop();
    const Rational a = coef[cell];
    if (a == 0) continue;
    const int row = sys.fixed_by[cell];
    if (sys.state[cell] == InnerState::FixedZero) {
      zero_rows.insert(row);
      continue;
    }
    cert.rows[row] += a;
    for (auto it = sys.row_begin(row); it != sys.row_end(row); ++it)
      if (*it != cell) add(*it, -a);
  }
  for (auto it = cert.rows.begin(); it != cert.rows.end();)
    it = it->second == 0 ? cert.rows.erase(it) : std::next(it);

  // Verify exactly: sum of coefficient * row equals the cell on every inner cell not known to
  // be 0 from a cell published as 0.
  std::unordered_map<std::int32_t, Rational> sum;
  for (const auto& [row, a] : cert.rows)
    for (auto it = sys.row_begin(static_cast<std::size_t>(row)); it != sys.row_end(static_cast<std::size_t>(row)); ++it)
      sum[*it] += a;
  for (const auto& [l, a] : link_coef) {
    for (auto c : (*links)[static_cast<std::size_t>(l)].plus) sum[c] += a;
    for (auto c : (*links)[static_cast<std::size_t>(l)].minus) sum[c] -= a;
  }
  for (auto c : o.inner) sum[c] -= 1;
  std::set<std::int32_t> zero_unknowns;
  for (const auto& [c, v] : sum) {
    if (v == 0) continue;
    if (sys.state[c] != InnerState::FixedZero) return Certificate{};
    zero_rows.insert(sys.fixed_by[c]);
    zero_unknowns.insert(c);
  }
  cert.zero_rows.assign(zero_rows.begin(), zero_rows.end());
  cert.zero_unknowns.assign(zero_unknowns.begin(), zero_unknowns.end());
  cert.found = true;
  return cert;
}

bool verify_over_inner(const InnerSpace& inner, const UnknownSpace& space, const ReducedSystem& sys,
                       const Objective& o, const Certificate& cert, std::int64_t max_blocks) {
  using boost::multiprecision::cpp_int;
  const cpp_int limit(std::numeric_limits<std::int64_t>::max());
  cpp_int divisor = 1;
  for (const auto& [row, a] : cert.rows) divisor = boost::multiprecision::lcm(divisor, denominator(a));
  if (divisor > limit) return false;
  struct Set {
    std::int64_t coefficient = 0;
    bool zero = false;  // a region known to be 0 (an unknown fixed at 0)
    std::vector<std::vector<int>> atoms;
  };
  std::vector<Set> sets;
  for (const auto& [row, a] : cert.rows) {
    const cpp_int k = numerator(a) * (divisor / denominator(a));
    if (boost::multiprecision::abs(k) > limit) return false;
    sets.push_back({static_cast<std::int64_t>(k), false, space.cell_atoms(static_cast<std::size_t>(sys.row_table[static_cast<std::size_t>(row)]),
                                                                   sys.row_flat[static_cast<std::size_t>(row)])});
  }
  sets.push_back({-static_cast<std::int64_t>(divisor), false, space.cell_atoms(static_cast<std::size_t>(o.table), o.flat)});
  for (auto u : cert.zero_unknowns) sets.push_back({0, true, space.unknown_atoms(u)});

  // Per slot: atoms grouped by which sets hold them (classes); member[set][slot][class].
  const std::size_t slots = inner.dimensions().size();
  std::vector<std::vector<std::vector<char>>> member(sets.size(), std::vector<std::vector<char>>(slots));
  std::vector<int> classes(slots, 0);
  std::int64_t blocks = 1;
  for (std::size_t s = 0; s < slots; ++s) {
    const auto n = static_cast<std::size_t>(inner.atom_count(s));
    std::vector<std::vector<char>> in(sets.size(), std::vector<char>(n, 0));
    for (std::size_t k = 0; k < sets.size(); ++k)
      for (int a : sets[k].atoms[s]) in[k][static_cast<std::size_t>(a)] = 1;
    std::map<std::vector<char>, int> class_of;
    for (std::size_t a = 0; a < n; ++a) {
      std::vector<char> sig(sets.size());
      for (std::size_t k = 0; k < sets.size(); ++k) sig[k] = in[k][a];
      if (class_of.emplace(sig, static_cast<int>(class_of.size())).second)
        for (std::size_t k = 0; k < sets.size(); ++k) member[k][s].push_back(sig[k]);
    }
    classes[s] = static_cast<int>(class_of.size());
    if (classes[s] == 0) return false;  // (cannot happen: every dimension has a leaf) no claim
    blocks *= classes[s];
    if (blocks > max_blocks) return false;
  }
  // Every block lies inside or outside each set: one evaluation per block.
  std::vector<int> idx(slots, 0);
  while (true) {
    std::int64_t sum = 0;
    bool zero_region = false;
    for (std::size_t k = 0; k < sets.size(); ++k) {
      bool in = true;
      for (std::size_t s = 0; s < slots && in; ++s) in = member[k][s][static_cast<std::size_t>(idx[s])] != 0;
      if (!in) continue;
      if (sets[k].zero) zero_region = true;
      else if (__builtin_add_overflow(sum, sets[k].coefficient, &sum)) return false;
    }
    if (sum != 0 && !zero_region) return false;
    std::size_t s = slots;
    while (s-- > 0) {
      if (++idx[s] < classes[s]) break;
      idx[s] = 0;
    }
    if (s == static_cast<std::size_t>(-1)) break;
  }
  return true;
}

}  // namespace hitoku::audit
