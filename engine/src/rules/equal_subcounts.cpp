// Rule ①: a count X equal to a count Y that holds it, X narrower in a sensitive variable, tells that
// every patient of Y is in X's categories (X ⊂ Y and |X| = |Y| leave Y \ X empty). Counts are
// matched by the units their codes cover (printed_cells.h), so X and Y may come from any tables and
// groupings, Y rolled up along any of its dimensions.
#include "rules/equal_subcounts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "hitoku/audit/inner_space.h"
#include "rules/derived_group_size.h"
#include "rules/earlier_only.h"
#include "rules/small_combinations.h"

namespace hitoku {
namespace {

using Key = PrintedCells::Key;

// Per key slot: whether it is a sensitive variable's.
std::vector<char> sensitive_slots(const Submission& s, const PrintedCells& printed) {
  std::vector<char> out(printed.slots(), 0);
  for (std::size_t d = 0; d < s.dimensions.size(); ++d)
    if (is_sensitive(s.policy, s.dimensions[d])) out[printed.slot_of(static_cast<int>(d))] = 1;
  return out;
}

// The printed counts that hold x with at least one sensitive slot larger (each slot kept or taken
// to a larger set of units), above 0, in a fixed order (at most kMaxKeys roll-ups tried).
std::vector<std::pair<Key, std::int64_t>> printed_holders(const PrintedCells& printed, const std::vector<char>& sensitive,
                                                          const Key& x) {
  constexpr std::size_t kMaxKeys = 4096;
  std::vector<std::vector<int>> options(printed.slots());
  for (std::size_t q = 0; q < printed.slots(); ++q) {
    options[q].push_back(x[q]);
    for (int id : printed.larger(q, x[q])) options[q].push_back(id);
  }
  std::vector<std::pair<Key, std::int64_t>> out;
  std::vector<std::size_t> at(printed.slots(), 0);
  Key y = x;
  for (std::size_t tried = 0; tried < kMaxKeys; ++tried) {
    std::size_t q = 0;
    for (; q < at.size(); ++q) {
      if (++at[q] < options[q].size()) break;
      at[q] = 0;
    }
    if (q == at.size()) break;
    bool sensitive_rolled = false;
    for (std::size_t k = 0; k < at.size(); ++k) {
      y[k] = options[k][at[k]];
      sensitive_rolled = sensitive_rolled || (at[k] > 0 && sensitive[k]);
    }
    if (!sensitive_rolled) continue;
    if (const auto v = printed.value(y); v && *v > 0) out.emplace_back(y, *v);
  }
  return out;
}

// The first of them equal to `value`, and a sensitive slot it rolls up.
struct Larger {
  Key key;
  std::size_t slot = 0;
};
std::optional<Larger> equal_larger(const PrintedCells& printed, const std::vector<char>& sensitive, const Key& x,
                                   std::int64_t value) {
  for (auto& [y, v] : printed_holders(printed, sensitive, x)) {
    if (v != value) continue;
    Larger l{y, 0};
    for (std::size_t q = 0; q < y.size() - 1; ++q)
      if (sensitive[q] && y[q] != x[q]) l.slot = q;
    return l;
  }
  return std::nullopt;
}

// The table dimension of table t in slot `slot`, or the first sensitive one.
std::size_t dimension_in_slot(const PrintedCells& printed, const Table& t, std::size_t slot) {
  for (std::size_t td = 0; td < t.dims.size(); ++td)
    if (printed.slot_of(t.dims[td]) == slot) return td;
  return 0;
}

std::string label_of(const Submission& s, const PrintedCells::Where& w) {
  const bool planned = w.table >= 0;
  const Table& t = s.tables[static_cast<std::size_t>(planned ? w.table : w.earlier_table)];
  return s.cell_label(t, planned ? w.flat : w.earlier_flat);
}

}  // namespace

void equal_printed_subcounts(const Submission& s, const PrintedCells& printed, std::vector<DisclosedGroup>& out) {
  const auto sensitive = sensitive_slots(s, printed);
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f]) || t.value[f] <= 0) continue;
      const Key x = printed.key_of(t, f);
      bool narrowed = false;
      for (std::size_t q = 0; q < printed.slots(); ++q) narrowed = narrowed || (sensitive[q] && !printed.is_root(q, x[q]));
      if (!narrowed) continue;
      const auto y = equal_larger(printed, sensitive, x, t.value[f]);
      if (!y) continue;
      const auto where = printed.where(y->key);
      CellRef group{static_cast<int>(ti), f};
      if (t.earlier_publication) {  // completed here only when this submission prints the larger count
        if (!where || where->table < 0 || where->earlier) continue;
        group = {where->table, where->flat};
      } else if (where && where->table >= 0) {
        group = {where->table, where->flat};
      }
      DisclosedGroup g;
      g.category = {static_cast<int>(ti), f};
      g.group = group;
      g.group_label = label_of(s, *where);
      g.dimension = dimension_in_slot(printed, t, y->slot);
      out.push_back(std::move(g));
    }
  }
}

namespace {

// A narrower count no table prints, from a printed cell with one code changed, and the printed
// counts that hold it.
struct Narrower {
  Key key;
  std::vector<std::int32_t> support;
  std::string label;
  std::vector<std::pair<Key, std::int64_t>> holders;
};

// The narrower counts worth eliminating: each printed cell of a planned additive table with one code
// changed (a sensitive dimension to another code of its variable, or another dimension to a parent
// while a sensitive code stays narrow), not printed anywhere, held by a printed count.
std::vector<Narrower> narrower_counts(const Submission& s, const PrintedCells& printed, const InnerSpace& space) {
  const auto sensitive = sensitive_slots(s, printed);
  std::vector<Narrower> out;
  std::set<Key> seen;
  auto consider = [&](std::size_t ti, std::size_t f, std::size_t td, int dim, int code) {
    const Table& t = s.tables[ti];
    Key x = printed.key_of(t, f);
    printed.set_code(x, dim, code);
    bool narrowed = false;
    for (std::size_t q = 0; q < printed.slots(); ++q) narrowed = narrowed || (sensitive[q] && !printed.is_root(q, x[q]));
    if (!narrowed || printed.value(x) || !seen.insert(x).second) return;
    auto holders = printed_holders(printed, sensitive, x);
    if (holders.empty()) return;
    const int slot = space.slot_of_dimension(t.dims[td]);
    if (slot < 0) return;
    auto support = group_support(space, s.dimensions[static_cast<std::size_t>(dim)], slot, space.support(ti, f), code);
    if (!support || support->empty()) return;
    auto codes = t.cell_codes(f);
    auto dims = t.dims;
    codes[td] = code;
    dims[td] = dim;
    out.push_back({std::move(x), std::move(*support), s.cell_label(t, codes, dims), std::move(holders)});
  };
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (t.earlier_publication || !t.additive) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      const auto codes = t.cell_codes(f);
      for (std::size_t td = 0; td < t.dims.size(); ++td) {
        const int d = t.dims[td];
        const Dimension& dim = s.dimensions[static_cast<std::size_t>(d)];
        if (!is_sensitive(s.policy, dim)) {
          for (int up = dim.parent(codes[td]); up >= 0; up = dim.parent(up)) consider(ti, f, td, d, up);
          continue;
        }
        for (std::size_t e = 0; e < s.dimensions.size(); ++e)  // every code of every grouping of the variable
          if (printed.slot_of(static_cast<int>(e)) == printed.slot_of(d))
            for (int c = 0; c < s.dimensions[e].size(); ++c)
              if (!s.dimensions[e].is_refinement(c)) consider(ti, f, td, static_cast<int>(e), c);
      }
    }
  }
  return out;
}

// The cell of this submission to name for a computed count: one the computation uses, a printed 0
// first (the zero that tells everyone else is in the category); table -1 when none.
CellRef named_cell(const Submission& s, const EliminatedSum& sum, const std::vector<CellRef>& published_cell) {
  CellRef best;
  for (std::size_t k = 0; k < sum.published.size(); ++k) {
    const CellRef c = published_cell[static_cast<std::size_t>(sum.published[k])];
    const Table& t = s.tables[static_cast<std::size_t>(c.table)];
    if (sum.coefficients[k] == 0 || t.earlier_publication) continue;
    if (t.value[c.flat] == 0) return c;
    if (best.table < 0) best = c;
  }
  return best;
}

}  // namespace

bool equal_derived_subcounts(const Submission& s, const PrintedCells& printed, LazyInnerSpace& lazy,
                             std::vector<DisclosedGroup>& out) {
  const CombinationLimits limits;
  const InnerSpace* space = lazy.get();
  if (!space) return false;
  const auto candidates = narrower_counts(s, printed, *space);
  if (candidates.empty()) return true;
  const PublishedForms forms = additive_published_forms(s, *space);
  std::vector<std::vector<std::int32_t>> targets;
  for (const auto& c : candidates) targets.push_back(c.support);
  const bool modular = space->size() > limits.rational_max_inner_cells;
  const auto given = determined_by(*space, forms.all, targets, modular);
  std::optional<std::vector<std::optional<EliminatedSum>>> given_earlier;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& sum = given[i];
    if (!sum || sum->value <= 0) continue;
    const auto holder = std::find_if(candidates[i].holders.begin(), candidates[i].holders.end(),
                                     [&](const auto& h) { return h.second == sum->value; });
    if (holder == candidates[i].holders.end()) continue;
    const auto where = printed.where(holder->first);
    if (!given_earlier) given_earlier = determined_by(*space, forms.earlier, targets, modular);
    if ((*given_earlier)[i] && where->earlier) continue;  // the earlier publications alone tell it
    CellRef named = named_cell(s, *sum, forms.cell_of);
    if (named.table < 0 && where->table >= 0) named = {where->table, where->flat};
    if (named.table < 0) continue;
    DisclosedGroup g;
    g.category = named;
    g.group = where->table >= 0 ? CellRef{where->table, where->flat} : named;
    g.group_label = label_of(s, *where);
    g.category_label = candidates[i].label;
    g.category_value = sum->value;
    out.push_back(std::move(g));
  }
  return true;
}

}  // namespace hitoku
