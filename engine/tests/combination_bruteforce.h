#pragma once
// An independent check for rule ② combinations on small tables: enumerate every integer completion
// of the inner cells (leaves of every dimension) that reproduces the published cells, then find the
// sums of suppressed cells that take one value in all of them. No engine audit code is used.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku::test {

struct BruteCell {
  std::vector<int> inner;  // inner cells (leaf tuples, row-major over all dimensions)
  std::int64_t value = 0;
  std::string label;
};

// The inner cells (leaf tuples, row-major over all dimensions) of one leaf set per dimension.
inline std::vector<int> inner_of(const Submission& s, const std::vector<std::vector<int>>& leaves) {
  std::vector<int> index{0};
  for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
    const int n = static_cast<int>(s.dimensions[d].leaves().size());
    std::vector<int> next;
    for (int base : index)
      for (int l : leaves[d]) next.push_back(base * n + l);
    index = std::move(next);
  }
  std::sort(index.begin(), index.end());
  return index;
}

inline BruteCell brute_cell(const Submission& s, const Table& t, std::size_t flat) {
  std::vector<std::vector<int>> leaves(s.dimensions.size());
  for (std::size_t d = 0; d < s.dimensions.size(); ++d)
    leaves[d] = s.dimensions[d].leaves_under(s.dimensions[d].root());
  const auto codes = t.cell_codes(flat);
  for (std::size_t td = 0; td < codes.size(); ++td)
    leaves[static_cast<std::size_t>(t.dims[td])] = s.dimensions[static_cast<std::size_t>(t.dims[td])].leaves_under(codes[td]);
  BruteCell c;
  c.value = t.value[flat];
  c.label = s.cell_label(t, flat);
  c.inner = inner_of(s, leaves);
  return c;
}

// All completions with every inner cell in [0, bound] matching the published cells of every table.
// `free_bound`: the values tried for an inner cell no published cell contains (default `bound`); such a
// cell ties nothing else down, so 1 (two values) already shows every count through it is not pinned.
inline std::vector<std::vector<std::int64_t>> brute_completions(const Submission& s, std::int64_t bound,
                                                                std::int64_t free_bound = -1) {
  int n = 1;
  for (const auto& d : s.dimensions) n *= static_cast<int>(d.leaves().size());
  std::vector<BruteCell> published;
  for (const auto& t : s.tables)
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (!is_suppressed(t.status[f])) published.push_back(brute_cell(s, t, f));
  std::vector<std::vector<int>> closing(static_cast<std::size_t>(n)), touching(static_cast<std::size_t>(n));
  for (std::size_t p = 0; p < published.size(); ++p) {
    closing[static_cast<std::size_t>(published[p].inner.back())].push_back(static_cast<int>(p));
    for (int z : published[p].inner) touching[static_cast<std::size_t>(z)].push_back(static_cast<int>(p));
  }
  // No inner cell exceeds a published cell it lies in (counts are nonnegative): the same completions
  // as trying 0..bound everywhere, without the dead branches.
  std::vector<std::int64_t> cap(static_cast<std::size_t>(n), bound);
  for (int i = 0; i < n; ++i) {
    if (touching[static_cast<std::size_t>(i)].empty() && free_bound >= 0) cap[static_cast<std::size_t>(i)] = free_bound;
    for (int p : touching[static_cast<std::size_t>(i)])
      cap[static_cast<std::size_t>(i)] = std::min(cap[static_cast<std::size_t>(i)], published[static_cast<std::size_t>(p)].value);
  }
  std::vector<std::vector<std::int64_t>> out;
  std::vector<std::int64_t> z(static_cast<std::size_t>(n), 0), partial(published.size(), 0);
  std::function<void(int)> go = [&](int i) {
    if (i == n) {
      out.push_back(z);
      return;
    }
    for (std::int64_t v = 0; v <= cap[static_cast<std::size_t>(i)]; ++v) {
      bool ok = true;
      for (int p : touching[static_cast<std::size_t>(i)]) {
        partial[static_cast<std::size_t>(p)] += v;
        ok = ok && partial[static_cast<std::size_t>(p)] <= published[static_cast<std::size_t>(p)].value;
      }
      for (int p : closing[static_cast<std::size_t>(i)])
        ok = ok && partial[static_cast<std::size_t>(p)] == published[static_cast<std::size_t>(p)].value;
      z[static_cast<std::size_t>(i)] = v;
      if (ok) go(i + 1);
      for (int p : touching[static_cast<std::size_t>(i)]) partial[static_cast<std::size_t>(p)] -= v;
    }
  };
  go(0);
  return out;
}

// Sets of two or more suppressed cells of planned tables (labels joined with " + ", distinct inner
// supports) whose sum takes one value, in [lo, hi], over every completion. Also every single
// suppressed cell that takes one value is returned (label alone), so a test can see rule ④ leaks.
inline std::set<std::string> brute_small_sums(const Submission& s, std::int64_t bound, std::int64_t lo, std::int64_t hi) {
  std::vector<BruteCell> hidden;
  std::set<std::vector<int>> seen;
  for (const auto& t : s.tables) {
    if (t.earlier_publication) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (!is_suppressed(t.status[f])) continue;
      BruteCell c = brute_cell(s, t, f);
      if (seen.insert(c.inner).second) hidden.push_back(std::move(c));
    }
  }
  const auto all = brute_completions(s, bound);
  std::set<std::string> out;
  if (all.empty()) return out;
  const std::size_t k = hidden.size();
  for (std::size_t mask = 1; mask < (std::size_t{1} << k); ++mask) {
    std::set<std::int64_t> values;
    for (const auto& z : all) {
      std::int64_t sum = 0;
      for (std::size_t j = 0; j < k; ++j)
        if (mask >> j & 1)
          for (int i : hidden[j].inner) sum += z[static_cast<std::size_t>(i)];
      values.insert(sum);
      if (values.size() > 1) break;
    }
    if (values.size() != 1) continue;
    const bool single = (mask & (mask - 1)) == 0;
    if (!single && (*values.begin() < lo || *values.begin() > hi)) continue;
    std::string label;
    for (std::size_t j = 0; j < k; ++j)
      if (mask >> j & 1) label += (label.empty() ? "" : " + ") + hidden[j].label;
    out.insert(label);
  }
  return out;
}

}  // namespace hitoku::test
