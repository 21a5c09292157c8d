#include "certificate.h"

#include <algorithm>
#include <deque>
#include <queue>
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

// Solves y^T R = t over the chosen residual rows; returns y or nothing.
bool solve_combination(const ReducedSystem& sys, const std::vector<int>& rows,
                       const std::vector<int>& target, Sparse& y) {
  std::map<int, EchelonRow> basis;  // pivot column -> row
  for (int r : rows) {
    Sparse v, comb;
    for (int c : sys.residual[static_cast<std::size_t>(r)].vars) v.emplace(c, Rational(1));
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
                             const std::vector<std::vector<int>>& rows_of_var, std::size_t max_rows) {
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
  for (const auto& [k, a] : y) {
    const int row = sys.residual[static_cast<std::size_t>(k)].row;
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
  for (auto c : o.inner) sum[c] -= 1;
  for (const auto& [c, v] : sum) {
    if (v == 0) continue;
    if (sys.state[c] != InnerState::FixedZero) return Certificate{};
    zero_rows.insert(sys.fixed_by[c]);
  }
  cert.zero_rows.assign(zero_rows.begin(), zero_rows.end());
  cert.found = true;
  return cert;
}

}  // namespace hitoku::audit
