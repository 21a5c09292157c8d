#include "audit/exact/modular_solve.h"

#include <algorithm>
#include <mutex>
#include <set>

namespace hitoku::audit {
namespace {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;

u64 mul_mod(u64 a, u64 b, u64 p) { return static_cast<u64>(static_cast<u128>(a) * b % p); }
u64 pow_mod(u64 a, u64 e, u64 p) {
  u64 r = 1;
  for (; e; e >>= 1, a = mul_mod(a, a, p))
    if (e & 1) r = mul_mod(r, a, p);
  return r;
}
u64 inv_mod(u64 a, u64 p) { return pow_mod(a, p - 2, p); }

bool is_prime(u64 n) {  // deterministic Miller-Rabin for 64-bit n
  if (n < 2) return false;
  for (u64 q : {2ULL, 3ULL, 5ULL, 7ULL, 11ULL, 13ULL, 17ULL, 19ULL, 23ULL, 29ULL, 31ULL, 37ULL})
    if (n % q == 0) return n == q;
  u64 d = n - 1;
  int s = 0;
  while ((d & 1) == 0) d >>= 1, ++s;
  for (u64 a : {2ULL, 3ULL, 5ULL, 7ULL, 11ULL, 13ULL, 17ULL, 19ULL, 23ULL, 29ULL, 31ULL, 37ULL}) {
    u64 x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int i = 1; i < s && composite; ++i) {
      x = mul_mod(x, x, n);
      if (x == n - 1) composite = false;
    }
    if (composite) return false;
  }
  return true;
}

// The 62-bit primes below 2^62, largest first (deterministic). Found once and kept; the lock
// lets exact solves run on several threads (the cyclic relaxation runs beside the block LPs).
u64 prime_number(int k) {
  static std::mutex lock;
  static std::vector<u64> primes;
  const std::lock_guard<std::mutex> hold(lock);
  u64 n = primes.empty() ? (u64(1) << 62) - 1 : primes.back() - 2;
  while (static_cast<int>(primes.size()) <= k) {
    while (!is_prime(n)) n -= 2;
    primes.push_back(n);
    n -= 2;
  }
  return primes[static_cast<std::size_t>(k)];
}

u64 reduce(std::int64_t v, u64 p) {
  const std::int64_t r = v % static_cast<std::int64_t>(p);
  return static_cast<u64>(r < 0 ? r + static_cast<std::int64_t>(p) : r);
}
u64 reduce(const BigInt& v, u64 p) {
  BigInt r = v % p;
  if (r < 0) r += p;
  return static_cast<u64>(r);
}

struct ModRow {
  std::vector<std::pair<int, u64>> e;  // sorted by column, values in [1, p)
  u64 rhs = 0;
  bool active = true;
};

// Right-looking sparse elimination modulo p. With `order` empty, pivots are chosen by the
// smallest column count, then the shortest row (Markowitz-like) and recorded in `order`;
// otherwise `order` is followed (fails when a pivot is 0 modulo p). The solution y (mod p) is
// back-substituted; unknowns without a pivot take free_mod[c].
struct Eliminator {
  u64 p;
  int n;
  std::vector<ModRow> rows;
  long long budget;

  bool run(std::vector<std::pair<int, int>>& order, bool follow, const std::vector<u64>& free_mod,
           std::vector<u64>& y) {
    std::vector<std::vector<int>> col_rows(static_cast<std::size_t>(n));
    std::vector<int> count(static_cast<std::size_t>(n), 0);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (const auto& [c, v] : rows[r].e) {
        (void)v;
        col_rows[static_cast<std::size_t>(c)].push_back(static_cast<int>(r));
        ++count[static_cast<std::size_t>(c)];
      }
    std::set<std::pair<int, int>> by_count;
    if (!follow)
      for (int c = 0; c < n; ++c)
        if (count[static_cast<std::size_t>(c)] > 0) by_count.emplace(count[static_cast<std::size_t>(c)], c);
    auto set_count = [&](int c, int now) {
      auto& k = count[static_cast<std::size_t>(c)];
      if (!follow && k > 0) by_count.erase({k, c});
      k = now;
      if (!follow && k > 0) by_count.emplace(k, c);
    };
    auto entry = [&](const ModRow& row, int c) -> u64 {
      auto it = std::lower_bound(row.e.begin(), row.e.end(), std::make_pair(c, u64(0)));
      return it != row.e.end() && it->first == c ? it->second : 0;
    };
    std::vector<int> pivot_rows;
    std::vector<int> pivot_cols;
    std::size_t step = 0;
    std::vector<std::pair<int, u64>> merged;
    while (true) {
      int pc = -1, pr = -1;
      if (follow) {
        if (step == order.size()) break;
        pr = order[step].first, pc = order[step].second;
        if (!rows[static_cast<std::size_t>(pr)].active || entry(rows[static_cast<std::size_t>(pr)], pc) == 0) return false;
      } else {
        if (by_count.empty()) break;
        pc = by_count.begin()->second;
        for (int r : col_rows[static_cast<std::size_t>(pc)]) {
          const auto& row = rows[static_cast<std::size_t>(r)];
          if (!row.active || entry(row, pc) == 0) continue;
          if (pr < 0 || row.e.size() < rows[static_cast<std::size_t>(pr)].e.size()) pr = r;
        }
        if (pr < 0) {  // stale count (cannot happen with exact counts): drop the column
          set_count(pc, 0);
          continue;
        }
        order.emplace_back(pr, pc);
      }
      ++step;
      ModRow& piv = rows[static_cast<std::size_t>(pr)];
      piv.active = false;
      for (const auto& [c, v] : piv.e) {
        (void)v;
        set_count(c, count[static_cast<std::size_t>(c)] - 1);
      }
      const u64 inv = inv_mod(entry(piv, pc), p);
      pivot_rows.push_back(pr);
      pivot_cols.push_back(pc);
      std::vector<int> targets = col_rows[static_cast<std::size_t>(pc)];
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      for (int ti : targets) {
        ModRow& row = rows[static_cast<std::size_t>(ti)];
        if (!row.active) continue;
        const u64 a = entry(row, pc);
        if (a == 0) continue;
        const u64 f = mul_mod(a, inv, p);  // row -= f * piv
        budget -= static_cast<long long>(row.e.size() + piv.e.size());
        if (budget < 0) return false;
        merged.clear();
        std::size_t i = 0, j = 0;
        while (i < row.e.size() || j < piv.e.size()) {
          if (j == piv.e.size() || (i < row.e.size() && row.e[i].first < piv.e[j].first)) {
            merged.push_back(row.e[i++]);
          } else {
            const int c = piv.e[j].first;
            const u64 sub = mul_mod(f, piv.e[j].second, p);
            u64 v = 0;
            bool had = false;
            if (i < row.e.size() && row.e[i].first == c) {
              v = row.e[i++].second;
              had = true;
            }
            v = v >= sub ? v - sub : v + p - sub;
            ++j;
            if (v != 0) merged.emplace_back(c, v);
            if (had && v == 0) set_count(c, count[static_cast<std::size_t>(c)] - 1);
            if (!had && v != 0) {
              set_count(c, count[static_cast<std::size_t>(c)] + 1);
              col_rows[static_cast<std::size_t>(c)].push_back(ti);
            }
          }
        }
        row.e.swap(merged);
        const u64 sub = mul_mod(f, piv.rhs, p);
        row.rhs = row.rhs >= sub ? row.rhs - sub : row.rhs + p - sub;
      }
    }
    // Rows left without a pivot must read 0 = 0.
    for (const auto& row : rows)
      if (row.active && row.e.empty() && row.rhs != 0) return false;
    y.assign(static_cast<std::size_t>(n), 0);
    std::vector<char> pivoted(static_cast<std::size_t>(n), 0);
    for (int c : pivot_cols) pivoted[static_cast<std::size_t>(c)] = 1;
    for (int c = 0; c < n; ++c)
      if (!pivoted[static_cast<std::size_t>(c)]) y[static_cast<std::size_t>(c)] = free_mod[static_cast<std::size_t>(c)];
    for (std::size_t k = pivot_rows.size(); k-- > 0;) {
      const ModRow& row = rows[static_cast<std::size_t>(pivot_rows[k])];
      const int pc = pivot_cols[k];
      u64 v = row.rhs, a = 0;
      for (const auto& [c, coef] : row.e) {
        if (c == pc) {
          a = coef;
          continue;
        }
        const u64 sub = mul_mod(coef, y[static_cast<std::size_t>(c)], p);
        v = v >= sub ? v - sub : v + p - sub;
      }
      y[static_cast<std::size_t>(pc)] = mul_mod(v, inv_mod(a, p), p);
    }
    return true;
  }
};

Eliminator load(const IntegerSystem& s, const std::vector<int>& row_ids, u64 p, long long budget) {
  Eliminator el{p, s.n, {}, budget};
  el.rows.reserve(row_ids.size());
  for (int r : row_ids) {
    const auto& row = s.rows[static_cast<std::size_t>(r)];
    ModRow m;
    for (const auto& [c, v] : row.terms) {
      const u64 x = reduce(v, p);
      if (x != 0) m.e.emplace_back(c, x);
    }
    std::sort(m.e.begin(), m.e.end());
    m.rhs = reduce(row.rhs, p);
    el.rows.push_back(std::move(m));
  }
  return el;
}

// n/d with n == u*d (mod m), |n| <= bound, 0 < d <= bound (Wang's rational reconstruction).
bool reconstruct(const BigInt& u, const BigInt& m, const BigInt& bound, BigInt& num, BigInt& den) {
  BigInt r0 = m, r1 = u, t0 = 0, t1 = 1;
  while (r1 > bound) {
    const BigInt q = r0 / r1;
    BigInt r2 = r0 - q * r1, t2 = t0 - q * t1;
    r0 = std::move(r1), r1 = std::move(r2);
    t0 = std::move(t1), t1 = std::move(t2);
  }
  if (t1 == 0 || abs(t1) > bound) return false;
  num = t1 < 0 ? BigInt(-r1) : r1;
  den = abs(t1);
  return gcd(num, den) == 1;
}

bool satisfies(const IntegerSystem& s, const RationalVector& y) {
  for (const auto& row : s.rows) {
    BigInt sum = 0;
    for (const auto& [c, v] : row.terms) sum += y.num[static_cast<std::size_t>(c)] * v;
    if (sum != row.rhs * y.den) return false;
  }
  return true;
}

}  // namespace

std::optional<RationalVector> solve_exact(const IntegerSystem& s, const std::vector<std::int64_t>& free_num,
                                          std::int64_t free_den, const ModularSolveLimits& limits) {
  if (free_den < 1 || free_num.size() != static_cast<std::size_t>(s.n)) return std::nullopt;
  std::vector<int> all(s.rows.size());
  for (std::size_t r = 0; r < all.size(); ++r) all[r] = static_cast<int>(r);
  std::vector<std::pair<int, int>> order;
  std::vector<u64> y;
  // Work spent (multiply-adds, and one per unknown per prime for the reconstruction), added to
  // limits.spent however the solve ends: callers budget exact solves by work, not seconds.
  long long spent = 0;
  struct Charge {
    const long long& spent;
    long long* total;
    ~Charge() {
      if (total) *total += spent;
    }
  } charge{spent, limits.spent};
  auto free_mod = [&](u64 p) {
    std::vector<u64> f(static_cast<std::size_t>(s.n));
    const u64 inv = inv_mod(reduce(free_den, p), p);
    for (int c = 0; c < s.n; ++c) f[static_cast<std::size_t>(c)] = mul_mod(reduce(free_num[static_cast<std::size_t>(c)], p), inv, p);
    return f;
  };
  // First prime: choose the pivots over all rows.
  {
    Eliminator el = load(s, all, prime_number(0), limits.max_operations);
    const bool solved = el.run(order, false, free_mod(el.p), y);
    spent += limits.max_operations - el.budget;
    if (!solved) return std::nullopt;
  }
  std::vector<int> pivot_rows;
  for (const auto& [r, c] : order) pivot_rows.push_back(r);
  // Later primes follow the same pivots over the pivot rows only (renumbered).
  std::vector<std::pair<int, int>> follow_order;
  for (std::size_t k = 0; k < order.size(); ++k) follow_order.emplace_back(static_cast<int>(k), order[k].second);
  std::vector<char> pivoted(static_cast<std::size_t>(s.n), 0);
  for (const auto& [r, c] : order) pivoted[static_cast<std::size_t>(c)] = 1;

  std::vector<BigInt> residue(static_cast<std::size_t>(s.n));
  for (int c = 0; c < s.n; ++c) residue[static_cast<std::size_t>(c)] = y[static_cast<std::size_t>(c)];
  BigInt modulus = prime_number(0);
  for (int k = 1; k < limits.max_primes; ++k) {
    if (spent > limits.max_total_operations) return std::nullopt;
    const u64 p = prime_number(k);
    Eliminator el = load(s, pivot_rows, p, limits.max_operations);
    const bool solved = el.run(follow_order, true, free_mod(p), y);
    spent += limits.max_operations - el.budget + s.n;
    if (!solved) continue;  // a pivot vanished modulo p
    // Chinese remainder: residue += modulus * ((y - residue) / modulus mod p).
    const u64 m_inv = inv_mod(reduce(modulus, p), p);
    for (int c = 0; c < s.n; ++c) {
      if (!pivoted[static_cast<std::size_t>(c)]) continue;
      auto& x = residue[static_cast<std::size_t>(c)];
      const u64 xr = reduce(x, p), yr = y[static_cast<std::size_t>(c)];
      const u64 t = mul_mod(yr >= xr ? yr - xr : yr + p - xr, m_inv, p);
      x += modulus * t;
    }
    modulus *= p;
    // Rational reconstruction over one growing common denominator.
    const BigInt half = modulus / 2;
    const BigInt bound = boost::multiprecision::sqrt(half);
    BigInt common = 1;
    bool ok = true;
    std::vector<BigInt> num(static_cast<std::size_t>(s.n)), den(static_cast<std::size_t>(s.n), BigInt(1));
    for (int c = 0; c < s.n && ok; ++c) {
      if (!pivoted[static_cast<std::size_t>(c)]) continue;
      const BigInt u = residue[static_cast<std::size_t>(c)] * common % modulus;
      BigInt nn, dd;
      ok = reconstruct(u, modulus, bound, nn, dd) && common * dd <= bound;
      if (!ok) break;
      common *= dd;
      num[static_cast<std::size_t>(c)] = nn, den[static_cast<std::size_t>(c)] = common;
    }
    if (!ok) continue;
    RationalVector out;
    out.den = boost::multiprecision::lcm(common, BigInt(free_den));
    out.num.resize(static_cast<std::size_t>(s.n));
    for (int c = 0; c < s.n; ++c) {
      if (pivoted[static_cast<std::size_t>(c)])
        out.num[static_cast<std::size_t>(c)] = num[static_cast<std::size_t>(c)] * (out.den / den[static_cast<std::size_t>(c)]);
      else
        out.num[static_cast<std::size_t>(c)] = BigInt(free_num[static_cast<std::size_t>(c)]) * (out.den / free_den);
    }
    if (satisfies(s, out)) return out;
    // The pivot rows hold but another row does not: the system is inconsistent.
    IntegerSystem sub;
    sub.n = s.n;
    for (int r : pivot_rows) sub.rows.push_back(s.rows[static_cast<std::size_t>(r)]);
    if (satisfies(sub, out)) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace hitoku::audit
