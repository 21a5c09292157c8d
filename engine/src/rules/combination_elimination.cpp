// Exact elimination for rule ② combinations: which sums of suppressed cells do the published
// values determine? Unknowns are the inner cells z (InnerSpace) and one y per suppressed linear
// form; rows are the published cells (support . z = value) and the definitions (support . z - y = 0).
// Row echelon form with the z columns first: the rows whose leading column is a y column span every
// relation among the y alone, and reduced among themselves they give a canonical basis of them.
#include <boost/multiprecision/cpp_int.hpp>
#include <algorithm>
#include <map>

#include "hitoku/audit/inner_space.h"
#include "rules/basis_subsets.h"
#include "rules/combination_elimination.h"

namespace hitoku {
namespace {

using Rational = boost::multiprecision::cpp_rational;
using BigInt = boost::multiprecision::cpp_int;

struct Row {
  std::map<std::int64_t, Rational> coef;  // column -> coefficient (no zeros)
  Rational rhs;
  std::map<int, Rational> from;  // published row -> multiplier: row = sum(from * published rows) - ...
};

template <typename Key>
void add_scaled(std::map<Key, Rational>& into, const std::map<Key, Rational>& what, const Rational& k) {
  for (const auto& [key, a] : what) {
    auto [it, fresh] = into.emplace(key, k * a);
    if (fresh) continue;
    it->second += k * a;
    if (it->second == 0) into.erase(it);
  }
}

void axpy(Row& r, const Rational& k, const Row& p) {
  add_scaled(r.coef, p.coef, k);
  add_scaled(r.from, p.from, k);
  r.rhs += k * p.rhs;
}

void scale(Row& r, const Rational& k) {
  for (auto& [c, a] : r.coef) a *= k;
  for (auto& [c, a] : r.from) a *= k;
  r.rhs *= k;
}

class Echelon {
 public:
  void insert(Row r) {
    while (!r.coef.empty()) {
      const auto [col, a] = *r.coef.begin();
      auto it = pivot_.find(col);
      if (it == pivot_.end()) {
        scale(r, 1 / a);
        pivot_.emplace(col, rows_.size());
        rows_.push_back(std::move(r));
        return;
      }
      const Rational k = -a;
      axpy(r, k, rows_[it->second]);
    }
    // A zero row: a published value repeated (or contradicted: rule ④ reports that).
  }

  // The rows led by a column >= first, reduced among themselves (each pivot only in its own row).
  std::vector<Row> reduced_tail(std::int64_t first) const {
    std::vector<Row> tail;
    for (auto it = pivot_.lower_bound(first); it != pivot_.end(); ++it) tail.push_back(rows_[it->second]);
    for (std::size_t i = tail.size(); i-- > 0;) {
      const std::int64_t col = tail[i].coef.begin()->first;
      for (std::size_t j = 0; j < i; ++j) {
        auto hit = tail[j].coef.find(col);
        if (hit == tail[j].coef.end()) continue;
        const Rational k = -hit->second;
        axpy(tail[j], k, tail[i]);
      }
    }
    return tail;
  }

 private:
  std::vector<Row> rows_;
  std::map<std::int64_t, std::size_t> pivot_;  // column -> row
};

Row support_row(const std::vector<std::int32_t>& support) {
  Row r;
  for (auto z : support) r.coef.emplace(z, Rational(1));
  return r;
}

bool all_ones(const Row& r) {
  for (const auto& [c, a] : r.coef)
    if (a != 1) return false;
  return true;
}

}  // namespace

std::vector<EliminatedSum> eliminate_sums(const InnerSpace& space, const std::vector<LinearForm>& published,
                                          const std::vector<LinearForm>& suppressed,
                                          const std::function<bool(std::int64_t)>& keep_value, SubsetSearch* subsets) {
  const std::int64_t n = space.size();
  Echelon e;
  // Short rows first: a long total inserted early becomes a pivot row that fills every later row
  // it meets. The order changes neither the span nor the reduced basis below (canonical), only
  // which published rows a computation names when they are dependent.
  std::vector<std::size_t> order(published.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return published[a].support.size() < published[b].support.size();
  });
  for (const std::size_t i : order) {
    Row r = support_row(published[i].support);
    r.rhs = published[i].value;
    r.from.emplace(static_cast<int>(i), Rational(1));
    e.insert(std::move(r));
  }
  for (std::size_t j = 0; j < suppressed.size(); ++j) {
    Row r = support_row(suppressed[j].support);
    r.coef.emplace(n + static_cast<std::int64_t>(j), Rational(-1));
    e.insert(std::move(r));
  }
  std::vector<EliminatedSum> out;
  auto take = [&](const Row& r) {
    if (!all_ones(r)) return;
    // One suppressed cell alone is rule ④'s recovery; a hidden count alone is rule ②'s.
    if (r.coef.size() < 2 && !suppressed[static_cast<std::size_t>(r.coef.begin()->first - n)].hidden) return;
    EliminatedSum s;
    for (const auto& [c, a] : r.coef) s.suppressed.push_back(static_cast<int>(c - n));
    BigInt divisor = 1;
    for (const auto& [row, k] : r.from) divisor = boost::multiprecision::lcm(divisor, denominator(k));
    if (divisor > BigInt(INT64_MAX) || denominator(r.rhs) != 1) return;  // cannot happen for counts
    s.divisor = static_cast<std::int64_t>(divisor);
    bool fits = true;
    for (const auto& [row, k] : r.from) {
      const BigInt scaled = numerator(k * Rational(divisor));
      fits = fits && boost::multiprecision::abs(scaled) <= BigInt(INT64_MAX);
      if (!fits) break;
      s.published.push_back(row);
      s.coefficients.push_back(static_cast<std::int64_t>(scaled));
    }
    if (!fits) s.published.clear(), s.coefficients.clear();  // the sum stands; its proof is not printed
    s.value = static_cast<std::int64_t>(numerator(r.rhs));
    out.push_back(std::move(s));
  };
  const std::vector<Row> basis = e.reduced_tail(n);
  for (const Row& r : basis) take(r);
  // Sums of several basis rows that are 0/1 (y1 - y3 and y2 + y3 give y1 + y2): basis_subsets.h.
  const auto modulo = [](const Rational& a) {  // a mod p (denominators of counts' relations are never p)
    const auto magnitude = [](const BigInt& x) { return static_cast<std::uint64_t>(boost::multiprecision::abs(x) % basis_mod::kPrime); };
    const BigInt num = numerator(a), den = denominator(a);
    return static_cast<std::uint64_t>(static_cast<basis_mod::u128>(basis_mod::of(magnitude(num), num < 0)) *
                                      basis_mod::inverse(magnitude(den)) % basis_mod::kPrime);
  };
  std::vector<ModRow> projected(basis.size());
  std::vector<std::uint64_t> value_mod(basis.size());
  for (std::size_t i = 0; i < basis.size(); ++i) {
    for (const auto& [c, a] : basis[i].coef) projected[i].coef.emplace_back(c, modulo(a));
    value_mod[i] = modulo(basis[i].rhs);
  }
  const bool complete = search_mod_subsets(projected, [&](const std::vector<std::size_t>& rows) {
    // The value modulo p first: a count in the range is itself modulo p. Only then the exact sum.
    std::uint64_t v = 0;
    for (std::size_t k : rows) v = (v + value_mod[k]) % basis_mod::kPrime;
    if (keep_value && (v > (std::uint64_t(1) << 40) || !keep_value(static_cast<std::int64_t>(v)))) return;
    Row sum = basis[rows.front()];
    for (std::size_t i = 1; i < rows.size(); ++i) axpy(sum, Rational(1), basis[rows[i]]);
    take(sum);
  }, subsets ? subsets->limits : BasisSubsetLimits{});
  if (subsets) subsets->complete = complete;
  return out;
}

}  // namespace hitoku
