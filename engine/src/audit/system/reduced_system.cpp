#include "audit/system/reduced_system.h"

#include <algorithm>
#include <boost/pending/disjoint_sets.hpp>
#include <deque>
#include <limits>
#include <map>
#include <unordered_map>

#include "audit/system/column_lists.h"
#include "hitoku/model/checked_count.h"
#include "hitoku/derived/derived_values.h"
#include "hitoku/model/table_hierarchy.h"

namespace hitoku::audit {
namespace {

// A published cell is implied when, along some dimension, its children are all published.
// Their sum must then equal it; a mismatch is reported through `consistent`.
bool implied_by_children(const Table& t, std::size_t flat,
                         const std::vector<std::vector<std::vector<int>>>& kids, bool& consistent) {
  auto pos = t.positions(flat);
  for (std::size_t td = 0; td < pos.size(); ++td) {
    const auto& k = kids[td][pos[td]];
    if (k.empty()) continue;
    bool all = true;
    std::int64_t sum = 0;
    const int keep = pos[td];
    for (int q : k) {
      pos[td] = q;
      const std::size_t f = t.flat_index(pos);
      if (is_suppressed(t.status[f])) { all = false; break; }
      sum += t.value[f];
    }
    pos[td] = keep;
    if (all) {
      consistent = sum == t.value[flat];
      return true;
    }
  }
  return false;
}

struct VecHash {
  std::size_t operator()(const std::vector<int>& v) const {
    std::size_t h = v.size();
    for (int x : v) h ^= static_cast<std::size_t>(x) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
  }
};

// Per table dimension and code position: the table's finest codes under it (positions), or
// empty for every position when the finest codes do not cover each code's leaves exactly.
std::vector<std::vector<std::vector<int>>> finest_under(const Submission& s, const Table& t) {
  std::vector<std::vector<std::vector<int>>> out(t.dims.size());
  for (std::size_t td = 0; td < t.dims.size(); ++td) {
    const Dimension& dim = s.dimensions[t.dims[td]];
    const auto& codes = t.codes[td];
    auto ancestor = [&](int a, int c) {  // is a a proper ancestor of c
      for (int p = dim.parent(c); p >= 0; p = dim.parent(p))
        if (p == a) return true;
      return false;
    };
    std::vector<char> finest(codes.size(), 1);
    for (std::size_t p = 0; p < codes.size(); ++p)
      for (std::size_t q = 0; q < codes.size(); ++q)
        if (p != q && ancestor(codes[p], codes[q])) finest[p] = 0;
    out[td].resize(codes.size());
    for (std::size_t p = 0; p < codes.size(); ++p) {
      std::size_t leaves = 0;
      for (std::size_t q = 0; q < codes.size(); ++q)
        if (finest[q] && (q == p || ancestor(codes[p], codes[q]))) {
          out[td][p].push_back(static_cast<int>(q));
          leaves += dim.leaves_under(codes[q]).size();
        }
      if (leaves != dim.leaves_under(codes[p]).size()) return {};
    }
  }
  return out;
}

// Fills the sparse forms (terms) of residual rows and objectives.
void add_sparse_forms(const Submission& submission, const InnerSpace& space, ReducedSystem& sys) {
  std::vector<std::vector<std::vector<std::vector<int>>>> finest(submission.tables.size());
  std::vector<char> done(submission.tables.size(), 0);
  std::map<std::pair<int, std::size_t>, int> term_of;  // finest cell -> term (INT_MIN: none)
  auto finest_term = [&](int table, std::size_t flat) {
    auto [it, fresh] = term_of.emplace(std::make_pair(table, flat), 0);
    if (!fresh) return it->second;
    std::vector<int> vars;
    for (auto c : space.support(static_cast<std::size_t>(table), flat)) {
      const int v = sys.var_of_inner[static_cast<std::size_t>(c)];
      if (v >= 0) vars.push_back(v);
    }
    std::sort(vars.begin(), vars.end());
    vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
    if (vars.empty()) it->second = std::numeric_limits<int>::min();
    else if (vars.size() == 1) it->second = vars[0];
    else {
      it->second = -1 - static_cast<int>(sys.blocks.size());
      sys.blocks.push_back(std::move(vars));
    }
    return it->second;
  };
  auto sparse_form = [&](int table, std::size_t flat, const std::vector<int>& vars) {
    const Table& t = submission.tables[static_cast<std::size_t>(table)];
    if (!done[static_cast<std::size_t>(table)]) {
      finest[static_cast<std::size_t>(table)] = finest_under(submission, t);
      done[static_cast<std::size_t>(table)] = 1;
    }
    const auto& fu = finest[static_cast<std::size_t>(table)];
    if (fu.empty()) return vars;
    const auto pos = t.positions(flat);
    std::size_t count = 1;
    for (std::size_t td = 0; td < pos.size(); ++td) count *= fu[td][static_cast<std::size_t>(pos[td])].size();
    if (count <= 1) return vars;  // a finest cell: its own variables are as short as it gets
    std::vector<int> terms;
    std::vector<std::size_t> it(pos.size(), 0);
    std::vector<int> p(pos.size());
    while (true) {
      for (std::size_t td = 0; td < pos.size(); ++td) p[td] = fu[td][static_cast<std::size_t>(pos[td])][it[td]];
      const int term = finest_term(table, t.flat_index(p));
      if (term != std::numeric_limits<int>::min()) terms.push_back(term);
      std::size_t td = pos.size();
      while (td-- > 0) {
        if (++it[td] < fu[td][static_cast<std::size_t>(pos[td])].size()) break;
        it[td] = 0;
      }
      if (td == static_cast<std::size_t>(-1)) break;
    }
    std::sort(terms.begin(), terms.end());
    return terms.size() < vars.size() ? terms : vars;
  };
  for (auto& r : sys.residual) r.terms = sparse_form(sys.row_table[static_cast<std::size_t>(r.row)], sys.row_flat[static_cast<std::size_t>(r.row)], r.vars);
  for (auto& o : sys.objectives) o.terms = sparse_form(o.table, o.flat, o.vars);
}

// The working state of one reduction (steps 1 to 3 of reduced_system.h).
struct Reduction {
  const Submission& submission;
  const UnknownSpace& space;
  ReducedSystem& sys;
  std::vector<std::int64_t> col_start;  // unknown -> rows (CSR transpose of the rows)
  std::vector<std::int32_t> col_rows;
  std::vector<std::int64_t> unknown, rest;  // per row: unknowns left, value left
  std::vector<char> bad;                    // per row: contradicted
  struct LiveLink {
    std::size_t link;
    std::int64_t rhs;
  };
  std::vector<LiveLink> live_links;
  std::vector<int> residual_rows;
  const DerivedAnalysis& derived;
  // Earlier publications' derived values over their suppressed cells (DerivedRange::earlier): per
  // term of every such range, in order, the cell's inner support; its variables and fixed part.
  std::vector<std::vector<std::int32_t>> term_support;
  std::vector<std::vector<int>> term_vars;
  std::vector<std::int64_t> term_fixed;
};

// Step 1: published rows (less those implied by their children) and objectives.
void collect_rows(Reduction& red, bool include_earlier) {
  const Submission& submission = red.submission;
  ReducedSystem& sys = red.sys;
  const Policy& policy = submission.policy;
  sys.row_start.push_back(0);
  // Published derived values (rates, percentages) bound suppressed counts: a known range like the
  // policy's, intersected with it (docs/audit.md, "Derived values").
  std::map<std::pair<int, std::size_t>, std::pair<std::int64_t, std::int64_t>> derived_range;
  // Bounds with the earlier publications' values (rule ⑤) come after, and replace, those without.
  for (const DerivedBound& b : red.derived.bounds)
    if (!b.earlier || include_earlier)
      derived_range[{b.table, b.flat}] = {b.lower, std::min<long long>(b.upper, kMaxTableSum)};  // no count exceeds it
  for (std::size_t ti = 0; ti < submission.tables.size(); ++ti) {
    const Table& t = submission.tables[ti];
    if (t.earlier_publication && !include_earlier) continue;
    const auto kids = exact_children(submission, t);
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) {
        if (t.earlier_publication) continue;  // unknown to everyone; not ours to audit
        Objective o;
        o.table = static_cast<int>(ti);
        o.flat = f;
        o.inner = red.space.support(ti, f);
        const std::int64_t v = t.value[f];
        // The attacker is assumed to know a primary cell is small (policy); for cells marked by
        // the user we assume it whenever it is true, which can only narrow the interval.
        const bool small = policy.in_small_range(v);
        if (policy.attacker_knows_small_range &&
            (t.status[f] == CellStatus::SuppressedPrimary ||
             (t.status[f] == CellStatus::SuppressedByUser && small))) {
          o.has_prior = true;
          o.prior_lo = policy.small_min;
          o.prior_hi = policy.small_max;
        }
        if (auto d = derived_range.find({static_cast<int>(ti), f}); d != derived_range.end()) {
          const auto [lo, hi] = d->second;
          o.prior_lo = o.has_prior ? std::max<std::int64_t>(o.prior_lo, lo) : lo;
          o.prior_hi = o.has_prior ? std::min<std::int64_t>(o.prior_hi, hi) : hi;
          o.has_prior = true;
          // Pinned by a derived value: the attacker knows the count as if it were published, so it is
          // also a row (propagation and subtraction then use it; no solver has to find the point).
          if (lo == hi && lo == t.value[f])
            for (const auto& sup : red.space.row_supports(ti, f)) {
              sys.row_table.push_back(static_cast<int>(ti));
              sys.row_flat.push_back(f);
              sys.row_value.push_back(lo);
              sys.row_inner.insert(sys.row_inner.end(), sup.begin(), sup.end());
              sys.row_start.push_back(static_cast<std::int64_t>(sys.row_inner.size()));
            }
        }
        sys.objectives.push_back(std::move(o));
        continue;
      }
      bool consistent = true;
      if (implied_by_children(t, f, kids, consistent)) {
        if (!consistent) sys.inconsistencies.push_back(submission.cell_label(t, f));
        if (!red.space.keep_implied || !red.space.keep_implied(ti, f)) continue;
      }
      for (const auto& sup : red.space.row_supports(ti, f)) {
        sys.row_table.push_back(static_cast<int>(ti));
        sys.row_flat.push_back(f);
        sys.row_value.push_back(t.value[f]);
        sys.row_inner.insert(sys.row_inner.end(), sup.begin(), sup.end());
        sys.row_start.push_back(static_cast<std::int64_t>(sys.row_inner.size()));
      }
    }
  }
}

// Inner cell -> rows (CSR transpose).
void transpose_rows(Reduction& red) {
  const ReducedSystem& sys = red.sys;
  const auto n_inner = red.space.size;
  const std::size_t n_rows = sys.row_count();
  red.col_start.assign(n_inner + 1, 0);
  for (auto c : sys.row_inner) ++red.col_start[static_cast<std::size_t>(c) + 1];
  for (std::size_t i = 0; i < n_inner; ++i) red.col_start[i + 1] += red.col_start[i];
  red.col_rows.assign(sys.row_inner.size(), 0);
  std::vector<std::int64_t> fill(red.col_start.begin(), red.col_start.end() - 1);
  for (std::size_t r = 0; r < n_rows; ++r)
    for (auto it = sys.row_begin(r); it != sys.row_end(r); ++it)
      red.col_rows[static_cast<std::size_t>(fill[*it]++)] = static_cast<std::int32_t>(r);
}

// Step 2: propagation in exact integer arithmetic.
void propagate(Reduction& red) {
  ReducedSystem& sys = red.sys;
  const auto n_inner = red.space.size;
  const std::size_t n_rows = sys.row_count();
  sys.state.assign(n_inner, InnerState::Unknown);
  sys.value.assign(n_inner, 0);
  sys.fixed_by.assign(n_inner, -1);
  sys.fix_order.assign(n_inner, -1);
  red.unknown.assign(n_rows, 0);
  red.rest = sys.row_value;
  red.bad.assign(n_rows, 0);
  auto& unknown = red.unknown;
  auto& rest = red.rest;
  std::deque<std::size_t> queue;
  for (std::size_t r = 0; r < n_rows; ++r) {
    unknown[r] = sys.row_start[r + 1] - sys.row_start[r];
    queue.push_back(r);
  }
  std::int32_t order = 0;
  auto fix = [&](std::int32_t cell, std::int64_t v, InnerState how, std::size_t by) {
    sys.state[cell] = how;
    sys.value[cell] = v;
    sys.fixed_by[cell] = static_cast<std::int32_t>(by);
    sys.fix_order[cell] = order++;
    for (auto k = red.col_start[cell]; k < red.col_start[cell + 1]; ++k) {
      const auto r = static_cast<std::size_t>(red.col_rows[static_cast<std::size_t>(k)]);
      --unknown[r];
      rest[r] -= v;
      if (unknown[r] <= 1 || rest[r] <= 0) queue.push_back(r);
    }
  };
  while (!queue.empty()) {
    const std::size_t r = queue.front();
    queue.pop_front();
    if (red.bad[r]) continue;
    if (rest[r] < 0 || (unknown[r] == 0 && rest[r] != 0)) {
      red.bad[r] = 1;
      sys.inconsistencies.push_back(
          red.submission.cell_label(red.submission.tables[sys.row_table[r]], sys.row_flat[r]));
      continue;
    }
    if (unknown[r] == 0) continue;
    if (rest[r] == 0) {
      for (auto it = sys.row_begin(r); it != sys.row_end(r); ++it)
        if (sys.state[*it] == InnerState::Unknown) fix(*it, 0, InnerState::FixedZero, r);
    } else if (unknown[r] == 1) {
      for (auto it = sys.row_begin(r); it != sys.row_end(r); ++it)
        if (sys.state[*it] == InnerState::Unknown) {
          fix(*it, rest[r], InnerState::FixedBySubtraction, r);
          break;
        }
    }
  }
  for (auto& o : sys.objectives)  // objectives: their fixed part
    for (auto c : o.inner)
      if (sys.state[c] != InnerState::Unknown) o.constant += sys.value[c];
  red.term_fixed.assign(red.term_support.size(), 0);
  for (std::size_t k = 0; k < red.term_support.size(); ++k)
    for (auto c : red.term_support[k])
      if (sys.state[c] != InnerState::Unknown) red.term_fixed[k] += sys.value[c];
}

// Links (table space only): what their fixed cells leave; no propagation through them.
void find_live_links(Reduction& red) {
  ReducedSystem& sys = red.sys;
  for (std::size_t l = 0; l < red.space.links.size(); ++l) {
    const auto& lk = red.space.links[l];
    std::int64_t rhs = 0;
    bool open = false;
    for (auto c : lk.plus) {
      if (sys.state[c] == InnerState::Unknown) open = true;
      else rhs -= sys.value[c];
    }
    for (auto c : lk.minus) {
      if (sys.state[c] == InnerState::Unknown) open = true;
      else rhs += sys.value[c];
    }
    if (open) red.live_links.push_back({l, rhs});
    else if (rhs != 0) sys.inconsistencies.push_back("linked tables disagree on a shared margin");
  }
}

// Step 3: signatures of unknown inner cells over residual rows (2k, or 2k+1 for the minus side
// of a link) and objectives (from obj_base on), one list per inner cell (a hash map of vectors cost
// seconds of allocation at all-Japan scale).
using Signatures = ColumnLists<int>;

Signatures signatures(Reduction& red, int& obj_base) {
  ReducedSystem& sys = red.sys;
  for (std::size_t r = 0; r < sys.row_count(); ++r)
    if (!red.bad[r] && red.unknown[r] >= 1) red.residual_rows.push_back(static_cast<int>(r));
  obj_base = 2 * static_cast<int>(red.residual_rows.size() + red.live_links.size());
  // The terms of earlier publications' ranges: their inner cells get variables of their own (a cell
  // in no published row is still an unknown of the range), never merged across terms.
  const int term_base = obj_base + static_cast<int>(sys.objectives.size());
  auto visit = [&](auto&& emit) {  // every (unknown inner cell, id), each cell's ids ascending
    auto unknown = [&](auto c) { return sys.state[c] == InnerState::Unknown; };
    for (std::size_t k = 0; k < red.residual_rows.size(); ++k) {
      const auto r = static_cast<std::size_t>(red.residual_rows[k]);
      for (auto it = sys.row_begin(r); it != sys.row_end(r); ++it)
        if (unknown(*it)) emit(*it, 2 * static_cast<int>(k));
    }
    for (std::size_t l = 0; l < red.live_links.size(); ++l) {
      const int k = static_cast<int>(red.residual_rows.size() + l);
      const auto& lk = red.space.links[red.live_links[l].link];
      for (auto c : lk.plus)
        if (unknown(c)) emit(c, 2 * k);
      for (auto c : lk.minus)
        if (unknown(c)) emit(c, 2 * k + 1);
    }
    for (std::size_t o = 0; o < sys.objectives.size(); ++o)
      for (auto c : sys.objectives[o].inner)
        if (unknown(c)) emit(c, obj_base + static_cast<int>(o));
    for (std::size_t k = 0; k < red.term_support.size(); ++k)
      for (auto c : red.term_support[k])
        if (unknown(c)) emit(c, term_base + static_cast<int>(k));
  };
  return column_lists<int>(red.space.size, visit);
}

// Step 3: unknown inner cells with the same signature become one variable.
void merge_variables(Reduction& red) {
  ReducedSystem& sys = red.sys;
  int obj_base = 0;
  const Signatures signature = signatures(red, obj_base);
  // Cells with one signature share its first cell's variable: an open-addressing table of first
  // cells, probed by the signature's hash (a hash map's node per cell took 0.85 s at all-Japan).
  auto hash_of = [&signature](std::size_t c) {
    std::uint64_t h = signature[c].size();
    for (int x : signature[c])
      h ^= static_cast<std::uint64_t>(x) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0x9e3779b97f4a7c15ULL;  // spread the low bits used as the slot
  };
  auto same = [&signature](std::size_t a, std::size_t b) {
    return std::equal(signature[a].begin(), signature[a].end(), signature[b].begin(), signature[b].end());
  };
  std::size_t slots = 16;
  while (slots < 2 * red.space.size) slots *= 2;
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t cell = -1;
  };
  std::vector<Slot> first_cell(slots);
  // The variable of a cell's signature, and whether it is new.
  auto var_of = [&](std::size_t cell) -> std::pair<int, bool> {
    const std::uint64_t h = hash_of(cell);
    for (std::size_t at = h & (slots - 1);; at = (at + 1) & (slots - 1)) {
      Slot& s = first_cell[at];
      if (s.cell < 0) {
        s = {h, static_cast<std::int32_t>(cell)};
        return {sys.variables, true};
      }
      if (s.hash == h && same(static_cast<std::size_t>(s.cell), cell))
        return {sys.var_of_inner[static_cast<std::size_t>(s.cell)], false};
    }
  };
  const auto& residual_rows = red.residual_rows;
  sys.residual.resize(residual_rows.size() + red.live_links.size());
  for (std::size_t k = 0; k < residual_rows.size(); ++k) {
    const auto r = static_cast<std::size_t>(residual_rows[k]);
    sys.residual[k].row = residual_rows[k];
    sys.residual[k].rhs = red.rest[r];
  }
  std::vector<char> is_link(sys.residual.size(), 0);
  for (std::size_t l = 0; l < red.live_links.size(); ++l) {
    sys.residual[residual_rows.size() + l].rhs = red.live_links[l].rhs;
    sys.residual[residual_rows.size() + l].link = static_cast<int>(red.live_links[l].link);
    is_link[residual_rows.size() + l] = 1;
  }
  sys.var_of_inner.assign(red.space.size, -1);
  for (std::size_t cell = 0; cell < red.space.size; ++cell) {  // ascending: deterministic numbering
    if (signature[cell].empty()) continue;
    const auto [var, fresh] = var_of(cell);
    sys.var_of_inner[cell] = var;
    if (!fresh) continue;
    const int v = sys.variables++;
    for (const int id : signature[cell]) {
      if (id < obj_base) {
        auto& rr = sys.residual[static_cast<std::size_t>(id / 2)];
        rr.vars.push_back(v);
        if (is_link[static_cast<std::size_t>(id / 2)]) rr.coef.push_back(id % 2 ? -1.0 : 1.0);
      } else if (const auto o = static_cast<std::size_t>(id - obj_base); o < sys.objectives.size()) {
        sys.objectives[o].vars.push_back(v);
      } else {
        red.term_vars[o - sys.objectives.size()].push_back(v);
      }
    }
  }
}

// Rows with the same variables say the same thing: keep one (a different value is a contradiction).
void drop_duplicate_rows(const Submission& submission, ReducedSystem& sys) {
  std::unordered_map<std::vector<int>, std::size_t, VecHash> seen;
  std::vector<ResidualRow> unique_rows;
  for (auto& rr : sys.residual) {
    std::vector<int> key = rr.vars;  // a link's minus side as ~v (a link may equal a row)
    for (std::size_t k = 0; k < rr.coef.size(); ++k)
      if (rr.coef[k] < 0) key[k] = ~key[k];
    auto [it, fresh] = seen.emplace(std::move(key), unique_rows.size());
    if (fresh) {
      unique_rows.push_back(std::move(rr));
    } else if (unique_rows[it->second].rhs != rr.rhs) {
      sys.inconsistencies.push_back(
          rr.row < 0 ? std::string("linked tables disagree on a shared margin")
                     : submission.cell_label(submission.tables[sys.row_table[rr.row]], sys.row_flat[rr.row]));
    }
  }
  sys.residual = std::move(unique_rows);
}

// The inner supports of the earlier publications' ranges (before propagation and merging).
void collect_earlier_terms(Reduction& red, bool include_earlier) {
  if (!include_earlier) return;
  for (const DerivedRange& d : red.derived.ranges)
    if (d.earlier)
      for (const auto& term : d.terms) red.term_support.push_back(red.space.support(static_cast<std::size_t>(d.table), term.first));
  red.term_vars.assign(red.term_support.size(), {});
}

// Derived values over two or more suppressed cells: rows over the objectives' variables (an earlier
// publication's: over the variables of its cells' inner supports).
void attach_derived_ranges(Reduction& red, bool include_earlier) {
  ReducedSystem& sys = red.sys;
  const auto& ranges = red.derived.ranges;
  if (ranges.empty()) return;
  std::map<std::pair<int, std::size_t>, std::size_t> objective_of;
  for (std::size_t o = 0; o < sys.objectives.size(); ++o)
    objective_of[{sys.objectives[o].table, sys.objectives[o].flat}] = o;
  __extension__ typedef __int128 Wide;
  constexpr Wide kOpen = Wide(std::int64_t{1} << 61);
  std::size_t term = 0;  // next earlier term
  for (const DerivedRange& d : ranges) {
    if (d.earlier && !include_earlier) continue;
    std::map<int, Wide> coef;
    Wide constant = 0;
    for (const auto& [cell, a] : d.terms) {
      const std::vector<int>& vars = d.earlier ? red.term_vars[term] : sys.objectives[objective_of.at({d.table, cell})].vars;
      for (int v : vars) coef[v] += a;
      constant += Wide(a) * (d.earlier ? red.term_fixed[term++] : sys.objectives[objective_of.at({d.table, cell})].constant);
    }
    RangeRow row;
    for (const auto& [v, a] : coef)
      if (a != 0) {
        row.vars.push_back(v);
        row.coef.push_back(static_cast<std::int64_t>(a));
      }
    const Wide lo = d.has_lower ? Wide(d.lower) - constant : -kOpen, hi = d.has_upper ? Wide(d.upper) - constant : kOpen;
    const bool fits = (!d.has_lower || (lo > -kOpen && lo < kOpen)) && (!d.has_upper || (hi > -kOpen && hi < kOpen));
    if (!fits || (row.vars.empty() && (lo > 0 || hi < 0))) {
      // Beyond 64-bit rows, or contradicted by the cells the published values fix: never a pass.
      sys.inconsistencies.push_back(d.text_ja + " / " + d.text_en);
      continue;
    }
    if (row.vars.empty()) continue;  // holds at the fixed values: nothing more to learn
    row.lo = static_cast<std::int64_t>(lo);
    row.hi = static_cast<std::int64_t>(hi);
    sys.ranges.push_back(std::move(row));
  }
}

}  // namespace

ReducedSystem build_reduced_system(const Submission& submission, const InnerSpace& space,
                                   bool include_earlier) {
  UnknownSpace us;
  us.size = static_cast<std::size_t>(space.size());
  us.support = [&space](std::size_t t, std::size_t f) { return space.support(t, f); };
  us.row_supports = [&space](std::size_t t, std::size_t f) {
    return std::vector<std::vector<std::int32_t>>{space.support(t, f)};
  };
  us.inner = &space;
  return build_reduced_system(submission, us, include_earlier);
}

ReducedSystem build_reduced_system(const Submission& submission, const UnknownSpace& space,
                                   bool include_earlier) {
  ReducedSystem sys;
  const DerivedAnalysis derived = analyse_derived_values(submission);
  Reduction red{submission, space, sys, {}, {}, {}, {}, {}, {}, {}, derived, {}, {}, {}};
  collect_rows(red, include_earlier);
  collect_earlier_terms(red, include_earlier);
  transpose_rows(red);
  propagate(red);
  find_live_links(red);
  merge_variables(red);
  drop_duplicate_rows(submission, sys);
  attach_derived_ranges(red, include_earlier);
  if (space.inner) {
    add_sparse_forms(submission, *space.inner, sys);
  } else {
    for (auto& r : sys.residual) r.terms = r.vars;
    for (auto& o : sys.objectives) o.terms = o.vars;
  }
  return sys;
}

Components find_components(const ReducedSystem& sys, bool split) {
  Components c;
  const std::size_t nv = static_cast<std::size_t>(sys.variables), nr = sys.residual.size(),
                    no = sys.objectives.size();
  const std::size_t ng = sys.ranges.size();
  c.of_var.assign(nv, 0);
  c.of_row.assign(nr, 0);
  c.of_objective.assign(no, 0);
  c.of_range.assign(ng, 0);
  if (!split) {
    c.count = 1;
    return c;
  }
  // Union-find over variables, rows, objectives and ranges (an adjacency list of every edge cost
  // seconds of allocation at all-Japan scale; the components are the same).
  boost::disjoint_sets_with_storage<> sets(nv + nr + no + ng);
  auto join = [&sets](const std::vector<int>& vars, std::size_t node) {
    for (int v : vars) sets.union_set(static_cast<std::size_t>(v), node);
  };
  for (std::size_t r = 0; r < nr; ++r) join(sys.residual[r].vars, nv + r);
  for (std::size_t o = 0; o < no; ++o) join(sys.objectives[o].vars, nv + nr + o);
  for (std::size_t q = 0; q < ng; ++q) join(sys.ranges[q].vars, nv + nr + no + q);  // a derived value ties its cells
  std::vector<int> comp(nv + nr + no + ng);
  for (std::size_t k = 0; k < comp.size(); ++k) comp[k] = static_cast<int>(sets.find_set(k));
  // Renumber so that only components holding an objective count; others get -1.
  std::vector<int> renumber(comp.size(), -1);
  for (std::size_t o = 0; o < no; ++o) {
    int& id = renumber[static_cast<std::size_t>(comp[nv + nr + o])];
    if (id < 0) id = c.count++;
    c.of_objective[o] = id;
  }
  for (std::size_t v = 0; v < nv; ++v) c.of_var[v] = renumber[static_cast<std::size_t>(comp[v])];
  for (std::size_t r = 0; r < nr; ++r) c.of_row[r] = renumber[static_cast<std::size_t>(comp[nv + r])];
  for (std::size_t q = 0; q < ng; ++q) c.of_range[q] = renumber[static_cast<std::size_t>(comp[nv + nr + no + q])];
  return c;
}

}  // namespace hitoku::audit
