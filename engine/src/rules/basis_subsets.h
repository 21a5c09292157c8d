#pragma once
// Which sums of several rows of a reduced row echelon basis are 0/1 vectors (internal to rules/;
// used by both eliminations of combination_elimination*.cpp). Every basis row has 1 at its own pivot
// and 0 at every other row's, so a 0/1 combination is a plain sum of rows, one each. A sum of rows
// whose entries are all 0/1 is either not 0/1 or a disjoint union of sums already found; every other
// 0/1 sum holds a row with an entry that is not 0/1, which another row of the sum must mend. So the
// search starts from each such row and adds only rows that touch the first column still wrong: it
// finds every 0/1 sum of up to `sure_rows` rows unless `max_steps` runs out (then it says so), and
// then goes on, with a budget of its own, to sums of up to `max_rows` rows as far as that reaches.
// (Every bundled sample needed over a million steps to finish six rows, and about a tenth of the
// budget for three: a search cut at six rows could miss a three-row sum; this one cannot.)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace hitoku {

struct BasisSubsetLimits {
  std::size_t sure_rows = 3;  // searched to the end (or the search says it was cut)
  std::size_t max_rows = 6;   // searched as far as a second budget of max_steps reaches
  std::size_t max_steps_per_row = 400;  // rows added, starting from one row
  std::size_t max_steps = 20000;          // rows added in all
};

template <typename Row>
struct BasisOps {
  std::function<std::vector<std::int64_t>(const Row&)> columns;  // the columns a row has
  std::function<std::vector<std::int64_t>(const Row&)> wrong;    // columns whose entry is neither 0 nor 1
  std::function<void(Row&, const Row&)> add;                      // row += other (coefficients only)
  std::function<void(const std::vector<std::size_t>&)> take;      // the rows of a 0/1 sum of two or more
};

// `columns` and `wrong` for a row type whose `coef` lists (column, coefficient) pairs.
template <typename Row, typename IsOne>
BasisOps<Row> coefficient_ops(IsOne is_one) {
  BasisOps<Row> ops;
  ops.columns = [](const Row& r) {
    std::vector<std::int64_t> cols;
    for (const auto& entry : r.coef) cols.push_back(entry.first);
    return cols;
  };
  ops.wrong = [is_one](const Row& r) {
    std::vector<std::int64_t> cols;
    for (const auto& entry : r.coef)
      if (!is_one(entry.second)) cols.push_back(entry.first);
    return cols;
  };
  return ops;
}

// `basis`: the rows' coefficients (what they were computed from is not needed to search). Returns
// false when the step budget ran out before every sum of up to `sure_rows` rows was searched.
template <typename Row>
bool search_basis_subsets(const std::vector<Row>& basis, const BasisOps<Row>& ops, const BasisSubsetLimits& limits) {
  std::map<std::int64_t, std::vector<std::size_t>> rows_at;
  for (std::size_t i = 0; i < basis.size(); ++i)
    for (std::int64_t c : ops.columns(basis[i])) rows_at[c].push_back(i);
  std::set<std::vector<std::size_t>> seen, taken;
  std::size_t steps = 0, seed_steps = 0, depth = 0;
  bool complete = true, seed_done = true;
  std::vector<std::size_t> chosen;
  std::function<void(const Row&)> grow = [&](const Row& sum) {
    const std::vector<std::int64_t> wrong = ops.wrong(sum);
    if (wrong.empty()) {
      std::vector<std::size_t> key = chosen;
      std::sort(key.begin(), key.end());
      if (taken.insert(std::move(key)).second) ops.take(chosen);  // once, whichever pass finds it
      return;
    }
    if (chosen.size() >= depth) return;
    // Mend the wrong column with the fewest rows through it: every 0/1 sum holds one of them.
    std::int64_t column = wrong.front();
    for (std::int64_t c : wrong)
      if (rows_at[c].size() < rows_at[column].size()) column = c;
    for (std::size_t k : rows_at[column]) {
      if (std::find(chosen.begin(), chosen.end(), k) != chosen.end()) continue;
      if (++steps > limits.max_steps || ++seed_steps > limits.max_steps_per_row) {
        complete = seed_done = false;
        return;
      }
      chosen.push_back(k);
      std::vector<std::size_t> key = chosen;
      std::sort(key.begin(), key.end());
      if (seen.insert(std::move(key)).second) {
        Row next = sum;
        ops.add(next, basis[k]);
        grow(next);
      }
      chosen.pop_back();
      if (!seed_done) return;
    }
  };
  const auto pass = [&](std::size_t rows) {
    depth = rows;
    steps = 0;
    complete = true;
    seen.clear();
    for (std::size_t i = 0; i < basis.size() && steps <= limits.max_steps; ++i) {
      if (ops.wrong(basis[i]).empty()) continue;
      chosen = {i};
      seed_steps = 0;
      seed_done = true;
      grow(basis[i]);
    }
    return complete;
  };
  const std::size_t sure = std::min(limits.sure_rows, limits.max_rows);
  const bool sure_done = pass(sure);
  if (limits.max_rows > sure) pass(limits.max_rows);
  return sure_done;
}

// The search runs on the rows' coefficients modulo a prime (cheap to copy and add): a sum that is
// 0/1 exactly is 0/1 modulo p, so nothing is missed; each sum found is re-added and checked exactly
// by the caller's `take`, so a coincidence modulo p reports nothing.
struct ModRow {
  std::vector<std::pair<std::int64_t, std::uint64_t>> coef;  // column -> coefficient mod p, ascending
};

namespace basis_mod {
__extension__ using u128 = unsigned __int128;
constexpr std::uint64_t kPrime = (std::uint64_t(1) << 61) - 1;
inline std::uint64_t inverse(std::uint64_t a) {
  std::uint64_t r = 1, e = kPrime - 2;
  for (; e; e >>= 1, a = static_cast<std::uint64_t>(static_cast<u128>(a) * a % kPrime))
    if (e & 1) r = static_cast<std::uint64_t>(static_cast<u128>(r) * a % kPrime);
  return r;
}
inline std::uint64_t of(std::uint64_t magnitude, bool negative) {
  magnitude %= kPrime;
  return negative && magnitude ? kPrime - magnitude : magnitude;
}
inline void add(ModRow& r, const ModRow& o) {
  std::vector<std::pair<std::int64_t, std::uint64_t>> out;
  out.reserve(r.coef.size() + o.coef.size());
  std::size_t i = 0, j = 0;
  while (i < r.coef.size() || j < o.coef.size()) {
    if (j == o.coef.size() || (i < r.coef.size() && r.coef[i].first < o.coef[j].first)) {
      out.push_back(r.coef[i++]);
    } else if (i == r.coef.size() || o.coef[j].first < r.coef[i].first) {
      out.push_back(o.coef[j++]);
    } else {
      const std::uint64_t v = (r.coef[i].second + o.coef[j].second) % kPrime;
      if (v) out.emplace_back(r.coef[i].first, v);
      ++i, ++j;
    }
  }
  r.coef = std::move(out);
}
}  // namespace basis_mod

// The 0/1 sums of several rows given modulo p; `take` gets each one's rows (to check exactly).
inline bool search_mod_subsets(const std::vector<ModRow>& rows, std::function<void(const std::vector<std::size_t>&)> take,
                               const BasisSubsetLimits& limits = {}) {
  BasisOps<ModRow> ops = coefficient_ops<ModRow>([](std::uint64_t a) { return a == 1; });
  ops.add = basis_mod::add;
  ops.take = std::move(take);
  return search_basis_subsets(rows, ops, limits);
}

}  // namespace hitoku
