// An earlier audit of another pattern of the same tables, carried into this one (carried.h).
#include "audit/carried.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace hitoku::audit {

namespace {

std::invalid_argument mismatch(const std::string& what) {
  return std::invalid_argument("proven_before: the earlier audit is not of the same tables (" + what + ")");
}

// The earlier audit's cells by (table, cell).
std::map<std::pair<int, std::size_t>, std::size_t> cells_of(const AuditResult& result) {
  std::map<std::pair<int, std::size_t>, std::size_t> at;
  for (std::size_t k = 0; k < result.cells.size(); ++k) at.emplace(std::pair{result.cells[k].table, result.cells[k].flat}, k);
  return at;
}

using CellKey = std::pair<int, std::size_t>;
using Spans = std::map<CellKey, std::pair<std::int64_t, std::int64_t>>;  // least and greatest integer change
__extension__ typedef __int128 Wide;

void widen(Spans& spans, const CellKey& cell, Wide num, Wide den) {  // den > 0
  const Wide fl = num / den - ((num % den != 0) && (num < 0)), ce = num / den + ((num % den != 0) && (num > 0));
  constexpr Wide kFar = Wide(1) << 62;
  if (fl > kFar || ce < -kFar) return;
  auto& [down, up] = spans[cell];
  down = std::min(down, static_cast<std::int64_t>(std::max(ce, -kFar)));
  up = std::max(up, static_cast<std::int64_t>(std::min(fl, kFar)));
}

// One newly published cell P: a kept point that raised P and one that lowered it, mixed so that P
// keeps its value, is a point of this pattern's set (both lay in the earlier set, which is convex,
// and the mix meets P's new row). With one new row such pairs are the vertices of the kept points'
// hull cut by it, so they reach every cell's least and greatest change over that hull.
void widen_by_pairs(const AuditEvidence& evidence, const CellKey& published, Spans& spans) {
  struct Side {
    const EvidencePoint* point;
    std::int64_t moved = 0;  // |change of P| (numerator over point->den)
    std::map<CellKey, std::int64_t> change;
  };
  std::vector<Side> up, down;
  for (const auto& p : evidence.points) {
    Side side{&p, 0, {}};
    for (const auto& c : p.changes) side.change.emplace(CellKey{c.table, c.flat}, c.num);
    const auto at = side.change.find(published);
    if (at == side.change.end()) continue;
    if (at->second == std::numeric_limits<std::int64_t>::min()) continue;  // |change| not representable
    side.moved = at->second > 0 ? at->second : -at->second;
    (at->second > 0 ? up : down).push_back(std::move(side));
  }
  for (const Side& a : up)
    for (const Side& b : down) {
      // The mix b.moved·d_b·a + a.moved·d_a·b over their sum: change of X = (q·x_a + p·x_b) / (p·d_b + q·d_a).
      const Wide p = a.moved, q = b.moved, den = p * b.point->den + q * a.point->den;
      for (const auto& [cell, xa] : a.change) {
        const auto xb = b.change.find(cell);
        widen(spans, cell, q * xa + p * (xb == b.change.end() ? 0 : xb->second), den);
      }
      for (const auto& [cell, xb] : b.change)
        if (!a.change.count(cell)) widen(spans, cell, p * xb, den);
    }
}

// Every safe cell of the earlier audit with its interval (nothing was published again).
CarriedCells safe_before(const AuditResult& old, const PatternChange& change) {
  CarriedCells carried;
  for (const auto& c : old.cells) {
    if (c.unproven || c.recoverable || change.newly_published.count({c.table, c.flat})) continue;
    CarriedCell k;
    k.lower = c.lower;
    k.unbounded = c.upper == kUnbounded;  // a ray keeps every published row: it still does
    k.upper = k.unbounded ? 0 : c.upper;
    k.integral = c.exact;  // integer completions attained both ends there: they still exist
    carried.emplace(std::pair{c.table, c.flat}, k);
  }
  return carried;
}

// What the attacker knows besides the published counts is the same here or less: the policy's known
// ranges, and every derived value printed here was printed there alike, from the same data. Then
// every point of the earlier attacker's set that meets this pattern's published counts lies in this
// one's; otherwise nothing is carried.
bool no_new_knowledge(const Submission& old, const Submission& now) {
  const Policy &a = old.policy, &b = now.policy;
  if (a.small_min != b.small_min || a.small_max != b.small_max ||
      a.attacker_knows_small_range != b.attacker_knows_small_range ||
      a.attacker_knows_populations != b.attacker_knows_populations)
    return false;
  for (std::size_t t = 0; t < now.tables.size(); ++t) {
    const auto &was = old.tables[t].derived, &is = now.tables[t].derived;
    if (was.size() != is.size()) return false;
    for (std::size_t k = 0; k < is.size(); ++k) {
      const DerivedColumn &x = was[k], &y = is[k];
      if (x.kind != y.kind || x.decimals != y.decimals || x.rounding != y.rounding || x.rounding_stated != y.rounding_stated || x.per != y.per ||
          x.population != y.population || x.base != y.base || x.weight != y.weight || x.age_position != y.age_position ||
          x.values.size() != y.values.size())
        return false;
      for (std::size_t f = 0; f < y.values.size(); ++f)
        if (y.values[f].published() && (!x.values[f].published() || x.values[f].scaled != y.values[f].scaled)) return false;
    }
  }
  return true;
}

}  // namespace

PatternChange compare_patterns(const Submission& submission, bool include_earlier, const ProvenBefore& before) {
  PatternChange change;
  if (!before.submission || !before.result || before.include_earlier != include_earlier) return change;
  const Submission& old = *before.submission;
  if (old.tables.size() != submission.tables.size()) throw mismatch("number of tables");
  for (std::size_t t = 0; t < old.tables.size(); ++t) {
    const Table& a = old.tables[t];
    const Table& b = submission.tables[t];
    if (a.id != b.id || a.value != b.value || a.earlier_publication != b.earlier_publication ||
        a.status.size() != b.status.size())
      throw mismatch("table " + b.id);
    change.derived_columns = change.derived_columns || !b.derived.empty() || !a.derived.empty();
    for (std::size_t f = 0; f < a.cell_count(); ++f) {
      const bool was = is_suppressed(a.status[f]), is = is_suppressed(b.status[f]);
      if (was && is && a.status[f] != b.status[f])
        throw mismatch("table " + b.id + ": a cell suppressed in both is suppressed for another reason");
      if ((was != is) && a.earlier_publication) throw mismatch("earlier publication " + b.id);
      if (was && !is) change.newly_published.emplace(static_cast<int>(t), f);
      if (!was && is) ++change.newly_suppressed;
    }
  }
  change.usable = no_new_knowledge(old, submission);
  return change;
}

std::vector<const EvidencePoint*> points_still_feasible(const PatternChange& change, const ProvenBefore& before) {
  std::vector<const EvidencePoint*> out;
  if (!change.usable || !before.result->evidence) return out;
  // Derived values may be printed or withheld with their counts: their rows may differ between
  // the patterns, so with newly published cells no point is trusted (a full audit of the cells).
  if (!change.newly_published.empty() && change.derived_columns) return out;
  for (const auto& p : before.result->evidence->points) {
    // It satisfied every row published there; rows published only here are its newly published
    // cells, which it must leave at their values. Cells suppressed only here just drop rows.
    bool feasible = true;
    for (const auto& c : p.changes) feasible = feasible && !change.newly_published.count({c.table, c.flat});
    if (feasible) out.push_back(&p);
  }
  return out;
}

CarriedCells carried_cells(const Submission& submission, const PatternChange& change, const ProvenBefore& before,
                           const std::vector<const EvidencePoint*>& feasible) {
  if (!change.usable) return {};
  const AuditResult& old = *before.result;
  if (change.newly_published.empty()) return safe_before(old, change);
  if (change.derived_columns) return {};
  // Each cell's least and greatest change over points of this pattern's set: the truth point
  // (change 0), the kept points still feasible and, for one newly published cell, mixes of two.
  // Only integer steps count: a cell is safe when they span at least one.
  Spans span;
  for (const EvidencePoint* p : feasible)
    for (const auto& c : p->changes) widen(span, {c.table, c.flat}, c.num, p->den);
  if (change.newly_published.size() == 1 && old.evidence)
    widen_by_pairs(*old.evidence, *change.newly_published.begin(), span);
  std::set<std::pair<int, std::size_t>> safe_there;
  for (const auto& c : old.cells)
    if (!c.unproven && !c.recoverable) safe_there.emplace(c.table, c.flat);
  CarriedCells carried;
  for (const auto& [cell, s] : span) {
    if (s.second - s.first < 1 || !safe_there.count(cell)) continue;
    const Table& t = submission.tables[static_cast<std::size_t>(cell.first)];
    if (!is_suppressed(t.status[cell.second])) continue;
    CarriedCell k;
    k.lower = t.value[cell.second] + s.first;
    k.upper = t.value[cell.second] + s.second;
    carried.emplace(cell, k);
  }
  return carried;
}

std::vector<char> carried_safe(const CarriedCells& carried, const ReducedSystem& sys, std::vector<ObjectiveBounds>& bounds) {
  std::vector<char> out(sys.objectives.size(), 0);
  for (std::size_t o = 0; o < sys.objectives.size(); ++o) {
    const auto it = carried.find({sys.objectives[o].table, sys.objectives[o].flat});
    if (it == carried.end()) continue;
    out[o] = 1;
    ObjectiveBounds& b = bounds[o];
    b = ObjectiveBounds{};
    b.lower = it->second.lower;
    b.unbounded = it->second.unbounded;
    b.upper = it->second.upper;
    b.integral = it->second.integral;
    b.inner = true;  // the attacker's ends may lie elsewhere now
  }
  return out;
}

std::optional<std::vector<OuterBound>> outer_bounds_before(const Submission& submission, const PatternChange& change,
                                                           const ProvenBefore& before) {
  if (!change.usable || change.derived_columns) return std::nullopt;
  const AuditResult& old = *before.result;
  if (!old.inconsistencies.empty()) return std::nullopt;
  const auto at = cells_of(old);
  std::vector<OuterBound> r;
  for (std::size_t t = 0; t < submission.tables.size(); ++t) {
    const Table& table = submission.tables[t];
    if (table.earlier_publication) continue;
    for (std::size_t f = 0; f < table.cell_count(); ++f) {
      if (!is_suppressed(table.status[f])) continue;
      const auto it = at.find({static_cast<int>(t), f});
      if (it == at.end()) {  // suppressed only here: no earlier bound (unknown)
        r.emplace_back();
        continue;
      }
      const CellAudit& c = old.cells[it->second];
      if (!c.outer_bound) return std::nullopt;  // no relaxation ran there (or gave nothing)
      OuterBound b;
      b.known = true;
      b.lower = c.outer_lower;
      b.unbounded = c.outer_upper == kUnbounded;
      b.upper = c.outer_upper;
      r.push_back(b);
    }
  }
  return r;
}

}  // namespace hitoku::audit
