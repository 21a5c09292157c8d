// The rule ② combination elimination modulo a 61-bit prime, for systems too large for the rational
// one (combination_elimination.cpp has the method). Arithmetic mod p has no coefficient growth and
// sparse rows are plain sorted vectors, so a Hyogo-scale cyclic set takes seconds instead of
// minutes. Every sum it reports is then proven in exact integer arithmetic: the multipliers of the
// published rows are rebuilt as fractions (rational reconstruction) and Σ k·published row must equal
// divisor × Σ suppressed rows, inner cell by inner cell. A sum whose multipliers cannot be rebuilt is
// still reported (a false alarm costs a look; a missed sum publishes a small count), without a
// computation. What mod p cannot promise: a relation is missed only if p divides a minor of the
// system that the rational elimination divides by (docs/audit.md).
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "rules/basis_subsets.h"
#include "rules/combination_elimination.h"

namespace hitoku {
namespace {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

constexpr u64 kPrime = (u64(1) << 61) - 1;  // a Mersenne prime

u64 mul(u64 a, u64 b) { return static_cast<u64>(static_cast<u128>(a) * b % kPrime); }
u64 add(u64 a, u64 b) { return (a + b) % kPrime; }
u64 neg(u64 a) { return a == 0 ? 0 : kPrime - a; }
u64 inverse(u64 a) {
  u64 r = 1, e = kPrime - 2;
  for (; e; e >>= 1, a = mul(a, a))
    if (e & 1) r = mul(r, a);
  return r;
}

template <typename Key>
using Sparse = std::vector<std::pair<Key, u64>>;  // sorted by key, no zero values

// out = a + k·b
template <typename Key>
Sparse<Key> axpy(const Sparse<Key>& a, u64 k, const Sparse<Key>& b) {
  Sparse<Key> out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.emplace_back(b[j].first, mul(k, b[j].second));
      ++j;
    } else {
      const u64 v = add(a[i].second, mul(k, b[j].second));
      if (v) out.emplace_back(a[i].first, v);
      ++i, ++j;
    }
  }
  return out;
}

template <typename Key>
void scale(Sparse<Key>& v, u64 k) {
  for (auto& e : v) e.second = mul(e.second, k);
}

struct Row {
  Sparse<std::int64_t> coef;  // column -> coefficient
  Sparse<int> from;           // published row -> multiplier
};

void axpy(Row& r, u64 k, const Row& p) {
  r.coef = axpy(r.coef, k, p.coef);
  r.from = axpy(r.from, k, p.from);
}

class ModularEchelon {
 public:
  explicit ModularEchelon(std::size_t columns) : pivot_(columns, -1) {}

  void insert(Row r) {
    while (!r.coef.empty()) {
      const auto [col, a] = r.coef.front();
      const int at = pivot_[static_cast<std::size_t>(col)];
      if (at < 0) {
        const u64 k = inverse(a);
        scale(r.coef, k);
        scale(r.from, k);
        pivot_[static_cast<std::size_t>(col)] = static_cast<int>(rows_.size());
        rows_.push_back(std::move(r));
        return;
      }
      axpy(r, neg(a), rows_[static_cast<std::size_t>(at)]);
    }
  }

  // The rows led by a column >= first, reduced among themselves.
  std::vector<Row> reduced_tail(std::int64_t first) const {
    std::vector<Row> tail;
    for (std::size_t c = static_cast<std::size_t>(first); c < pivot_.size(); ++c)
      if (pivot_[c] >= 0) tail.push_back(rows_[static_cast<std::size_t>(pivot_[c])]);
    for (std::size_t i = tail.size(); i-- > 0;) {
      const std::int64_t col = tail[i].coef.front().first;
      for (std::size_t j = 0; j < i; ++j) {
        auto hit = std::lower_bound(tail[j].coef.begin(), tail[j].coef.end(), std::make_pair(col, u64(0)));
        if (hit == tail[j].coef.end() || hit->first != col) continue;
        axpy(tail[j], neg(hit->second), tail[i]);
      }
    }
    return tail;
  }

 private:
  std::vector<Row> rows_;
  std::vector<int> pivot_;  // column -> row, -1 if none
};

// n/d ≡ u (mod p) with |n|, d <= 2^30 (Wang's rational reconstruction); false when none.
bool reconstruct(u64 u, std::int64_t& num, std::int64_t& den) {
  constexpr i128 kBound = i128(1) << 30;
  i128 r0 = kPrime, r1 = u, t0 = 0, t1 = 1;
  while (r1 > kBound) {
    const i128 q = r0 / r1;
    const i128 r2 = r0 - q * r1, t2 = t0 - q * t1;
    r0 = r1, r1 = r2, t0 = t1, t1 = t2;
  }
  if (t1 == 0 || t1 > kBound || t1 < -kBound) return false;
  num = static_cast<std::int64_t>(t1 < 0 ? -r1 : r1);
  den = static_cast<std::int64_t>(t1 < 0 ? -t1 : t1);
  return std::gcd(num, den) == 1;
}

// The computation of a sum, proven exactly: Σ coefficient·published support == divisor·Σ suppressed
// supports. False (and `s` left without a computation) when the multipliers cannot be rebuilt or do
// not prove it.
bool prove(const std::vector<LinearForm>& published, const std::vector<LinearForm>& suppressed, const Row& r,
           EliminatedSum& s, bool value_from_published) {
  std::vector<std::int64_t> num(r.from.size()), den(r.from.size());
  i128 divisor = 1;
  for (std::size_t i = 0; i < r.from.size(); ++i) {
    if (!reconstruct(r.from[i].second, num[i], den[i])) return false;
    divisor = divisor / std::gcd(static_cast<std::int64_t>(divisor), den[i]) * den[i];
    if (divisor > (i128(1) << 40)) return false;
  }
  std::unordered_map<std::int32_t, i128> balance;
  i128 value = 0;
  for (std::size_t i = 0; i < r.from.size(); ++i) {
    const i128 k = num[i] * (divisor / den[i]);
    const LinearForm& p = published[static_cast<std::size_t>(r.from[i].first)];
    for (auto z : p.support) balance[z] += k;
    value += k * p.value;
    s.published.push_back(r.from[i].first);
    s.coefficients.push_back(static_cast<std::int64_t>(k));
  }
  for (int j : s.suppressed)
    for (auto z : suppressed[static_cast<std::size_t>(j)].support) balance[z] -= divisor;
  if (value_from_published && value % divisor == 0) s.value = static_cast<std::int64_t>(value / divisor);
  const bool proven = value == divisor * s.value &&
                      std::all_of(balance.begin(), balance.end(), [](const auto& e) { return e.second == 0; });
  if (!proven) {
    s.published.clear(), s.coefficients.clear();
    return false;
  }
  s.divisor = static_cast<std::int64_t>(divisor);
  return true;
}

}  // namespace

std::vector<EliminatedSum> eliminate_sums_modular(const InnerSpace& space, const std::vector<LinearForm>& published,
                                                  const std::vector<LinearForm>& suppressed, SubsetSearch* subsets) {
  const std::int64_t n = space.size();
  ModularEchelon e(static_cast<std::size_t>(n) + suppressed.size());
  std::vector<std::size_t> order(published.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return published[a].support.size() < published[b].support.size();
  });
  auto support_row = [](const std::vector<std::int32_t>& support) {
    Row r;
    for (auto z : support) r.coef.emplace_back(z, 1);
    std::sort(r.coef.begin(), r.coef.end());
    return r;
  };
  for (const std::size_t i : order) {
    Row r = support_row(published[i].support);
    r.from.emplace_back(static_cast<int>(i), 1);
    e.insert(std::move(r));
  }
  for (std::size_t j = 0; j < suppressed.size(); ++j) {
    Row r = support_row(suppressed[j].support);
    r.coef.emplace_back(n + static_cast<std::int64_t>(j), neg(1));
    e.insert(std::move(r));
  }
  std::vector<EliminatedSum> out;
  auto take = [&](const Row& r) {
    if (r.coef.empty()) return;
    const bool hidden = std::any_of(r.coef.begin(), r.coef.end(), [&](const auto& entry) {
      return suppressed[static_cast<std::size_t>(entry.first - n)].hidden;
    });
    if (r.coef.size() < 2 && !hidden) return;  // one suppressed cell alone: rule ④'s recovery
    const u64 sign = r.coef.front().second;  // all 1 or all −1
    if (sign != 1 && sign != neg(1)) return;
    for (const auto& [c, a] : r.coef)
      if (a != sign) return;
    Row row = r;
    if (sign != 1) scale(row.from, neg(1));
    EliminatedSum s;
    for (const auto& [c, a] : row.coef) {
      s.suppressed.push_back(static_cast<int>(c - n));
      s.value += suppressed[static_cast<std::size_t>(c - n)].value;
    }
    // A hidden form's value is not known: the sum's value is the published side's.
    if (!prove(published, suppressed, row, s, hidden) && hidden) s.value_unknown = true;
    out.push_back(std::move(s));
  };
  const std::vector<Row> basis = e.reduced_tail(n);
  for (const Row& r : basis) take(r);
  // Sums of several basis rows that are 0/1, as in the rational elimination (basis_subsets.h).
  std::vector<ModRow> projected(basis.size());  // the same prime: the coefficients as they are
  for (std::size_t i = 0; i < basis.size(); ++i) projected[i].coef.assign(basis[i].coef.begin(), basis[i].coef.end());
  const bool complete = search_mod_subsets(projected, [&](const std::vector<std::size_t>& rows) {
    Row sum = basis[rows.front()];
    for (std::size_t i = 1; i < rows.size(); ++i) axpy(sum, u64(1), basis[rows[i]]);
    take(sum);
  }, subsets ? subsets->limits : BasisSubsetLimits{});
  if (subsets) subsets->complete = complete;
  return out;
}

}  // namespace hitoku
