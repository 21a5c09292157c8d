#pragma once
// Test-only helpers for the differencing audit: submissions built from a known inner array, and
// an independent brute force over every nonnegative integer completion.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku::testing {

// A dimension from (code, parent) pairs; the label is the code.
inline Dimension make_dimension(const std::string& id, const std::vector<std::pair<std::string, std::string>>& codes) {
  Dimension d(id, id);
  for (const auto& [code, parent] : codes) d.add_code(code, code, parent);
  d.finalize();
  return d;
}

// Submission whose tables are sums of one true array over the leaves of all its dimensions.
struct World {
  Submission sub;
  std::vector<std::int64_t> truth;  // row-major over dimension leaves, first dimension slowest

  // Dimensions that declare the same variable are groupings of it with the same leaves (after
  // link_groupings): the inner array has one axis per variable, that of its first dimension.
  int first_of_variable(int d) const {
    const auto& v = sub.dimensions[static_cast<std::size_t>(d)].variable();
    for (int e = 0; e < d; ++e)
      if (!v.empty() && sub.dimensions[static_cast<std::size_t>(e)].variable() == v) return e;
    return d;
  }
  std::vector<int> axes() const {  // the first dimension of each variable, in order
    std::vector<int> out;
    for (int d = 0; d < static_cast<int>(sub.dimensions.size()); ++d)
      if (first_of_variable(d) == d) out.push_back(d);
    return out;
  }
  int slot_of(int d) const {
    const int first = first_of_variable(d);
    int slot = 0;
    for (int e = 0; e < first; ++e) slot += first_of_variable(e) == e ? 1 : 0;
    return slot;
  }
  std::size_t inner_size() const {
    std::size_t n = 1;
    for (int d : axes()) n *= sub.dimensions[static_cast<std::size_t>(d)].leaves().size();
    return n;
  }
  std::vector<int> leaf_index(std::size_t flat) const {  // per variable (axis) leaf position
    const auto ax = axes();
    std::vector<int> idx(ax.size());
    for (std::size_t a = ax.size(); a-- > 0;) {
      const auto n = sub.dimensions[static_cast<std::size_t>(ax[a])].leaves().size();
      idx[a] = static_cast<int>(flat % n);
      flat /= n;
    }
    return idx;
  }
  // Does table cell (t, f) contain inner cell `inner`?
  bool covers(const Table& t, std::size_t f, std::size_t inner) const {
    const auto idx = leaf_index(inner);
    const auto codes = t.cell_codes(f);
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      const auto& under = sub.dimensions[t.dims[td]].leaves_under(codes[td]);
      bool in = false;
      for (int l : under) in = in || l == idx[static_cast<std::size_t>(slot_of(t.dims[td]))];
      if (!in) return false;
    }
    return true;
  }
  // Adds a table over dims with the given codes per dim (all codes if empty); suppressed flats.
  Table& add_table(const std::string& id, std::vector<int> dims, std::vector<std::vector<std::string>> codes = {},
                   bool earlier = false) {
    Table t;
    t.id = id;
    t.title = id;
    t.earlier_publication = earlier;
    t.dims = dims;
    for (std::size_t td = 0; td < dims.size(); ++td) {
      const Dimension& dim = sub.dimensions[dims[td]];
      std::vector<int> c;
      if (td < codes.size() && !codes[td].empty()) {
        for (const auto& s : codes[td]) c.push_back(dim.find(s));
      } else {
        for (int i = 0; i < dim.size(); ++i) c.push_back(i);
      }
      t.codes.push_back(c);
    }
    t.value.assign(t.cell_count(), 0);
    t.status.assign(t.cell_count(), CellStatus::Published);
    sub.tables.push_back(t);
    Table& ref = sub.tables.back();
    for (std::size_t f = 0; f < ref.cell_count(); ++f)
      for (std::size_t i = 0; i < truth.size(); ++i)
        if (covers(ref, f, i)) ref.value[f] += truth[i];
    return ref;
  }
};

// Per suppressed cell of the planned tables (in table, flat order): the least and greatest value
// over all nonnegative integer completions consistent with the published cells (and the
// attacker's known range). max = INT64_MAX when unbounded.
struct BruteRange {
  std::int64_t min = std::numeric_limits<std::int64_t>::max(), max = std::numeric_limits<std::int64_t>::min();
};

inline std::vector<BruteRange> brute_force(const World& w, bool include_earlier) {
  const Submission& s = w.sub;
  const std::size_t n = w.inner_size();
  struct Row { std::vector<std::size_t> cells; std::int64_t value; std::int64_t lo, hi; };
  std::vector<Row> published;   // equality rows
  std::vector<Row> objectives;  // suppressed cells
  for (const auto& t : s.tables) {
    if (t.earlier_publication && !include_earlier) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      Row r;
      for (std::size_t i = 0; i < n; ++i)
        if (w.covers(t, f, i)) r.cells.push_back(i);
      r.value = t.value[f];
      r.lo = 0;
      r.hi = std::numeric_limits<std::int64_t>::max();
      if (!is_suppressed(t.status[f])) {
        published.push_back(r);
      } else if (!t.earlier_publication) {
        const bool small = t.value[f] >= s.policy.small_min && t.value[f] <= s.policy.small_max;
        if (s.policy.attacker_knows_small_range &&
            (t.status[f] == CellStatus::SuppressedPrimary || (t.status[f] == CellStatus::SuppressedByUser && small))) {
          r.lo = s.policy.small_min;
          r.hi = s.policy.small_max;
        }
        objectives.push_back(r);
      }
    }
  }
  std::vector<std::vector<int>> rows_of(n), objs_of(n);
  for (std::size_t r = 0; r < published.size(); ++r)
    for (auto c : published[r].cells) rows_of[c].push_back(static_cast<int>(r));
  for (std::size_t o = 0; o < objectives.size(); ++o)
    for (auto c : objectives[o].cells) objs_of[c].push_back(static_cast<int>(o));
  std::vector<BruteRange> out(objectives.size());
  // Cells in no published cell are bounded only by the attacker's known ranges, if at all.
  constexpr auto kNone = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> free_cap(n, kNone);  // kNone: bounded by published rows
  for (std::size_t i = 0; i < n; ++i) {
    if (!rows_of[i].empty()) continue;
    free_cap[i] = -1;  // -1: unbounded
    for (int o : objs_of[i]) {
      const auto hi = objectives[static_cast<std::size_t>(o)].hi;
      if (hi != kNone) free_cap[i] = free_cap[i] < 0 ? hi : std::min(free_cap[i], hi);
    }
  }
  for (std::size_t o = 0; o < objectives.size(); ++o)
    for (auto c : objectives[o].cells)
      if (free_cap[c] == -1) out[o].max = kNone;
  // Depth-first over inner cells; rows track their partial sums and unassigned counts.
  std::vector<std::int64_t> sum(published.size(), 0), osum(objectives.size(), 0);
  std::vector<int> left(published.size());
  for (std::size_t r = 0; r < published.size(); ++r) left[r] = static_cast<int>(published[r].cells.size());
  std::vector<int> oleft(objectives.size());
  for (std::size_t o = 0; o < objectives.size(); ++o) oleft[o] = static_cast<int>(objectives[o].cells.size());
  std::function<void(std::size_t)> go = [&](std::size_t i) {
    if (i == n) {
      for (std::size_t o = 0; o < objectives.size(); ++o) {
        out[o].min = std::min(out[o].min, osum[o]);
        if (out[o].max != std::numeric_limits<std::int64_t>::max()) out[o].max = std::max(out[o].max, osum[o]);
      }
      return;
    }
    // Unbounded free cells stay 0: they only raise maxima, marked above.
    std::int64_t cap = free_cap[i] == -1 ? 0 : free_cap[i];
    for (int r : rows_of[i]) cap = std::min(cap, published[static_cast<std::size_t>(r)].value - sum[static_cast<std::size_t>(r)]);
    for (std::int64_t v = 0; v <= cap; ++v) {
      bool ok = true;
      for (int r : rows_of[i]) {
        sum[static_cast<std::size_t>(r)] += v;
        --left[static_cast<std::size_t>(r)];
        if (left[static_cast<std::size_t>(r)] == 0 && sum[static_cast<std::size_t>(r)] != published[static_cast<std::size_t>(r)].value) ok = false;
      }
      for (int o : objs_of[i]) {
        osum[static_cast<std::size_t>(o)] += v;
        --oleft[static_cast<std::size_t>(o)];
        const auto& ob = objectives[static_cast<std::size_t>(o)];
        if (osum[static_cast<std::size_t>(o)] > ob.hi) ok = false;
        if (oleft[static_cast<std::size_t>(o)] == 0 && osum[static_cast<std::size_t>(o)] < ob.lo) ok = false;
      }
      if (ok) go(i + 1);
      for (int r : rows_of[i]) { sum[static_cast<std::size_t>(r)] -= v; ++left[static_cast<std::size_t>(r)]; }
      for (int o : objs_of[i]) { osum[static_cast<std::size_t>(o)] -= v; ++oleft[static_cast<std::size_t>(o)]; }
    }
  };
  go(0);
  return out;
}

}  // namespace hitoku::testing
