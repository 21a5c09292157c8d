// Whether earlier publications alone determine a sum: each target enters the elimination as a
// hidden form (which may stand alone), and a relation naming it alone is its computation.
#include "rules/earlier_only.h"

namespace hitoku {

std::vector<std::optional<EliminatedSum>> determined_by(const InnerSpace& space, const std::vector<LinearForm>& published,
                                const std::vector<std::vector<std::int32_t>>& targets, bool modular) {
  std::vector<std::optional<EliminatedSum>> out(targets.size());
  if (published.empty() || targets.empty()) return out;
  std::vector<LinearForm> unknowns;
  unknowns.reserve(targets.size());
  for (const auto& t : targets) unknowns.push_back({t, 0, true});
  const auto sums = modular ? eliminate_sums_modular(space, published, unknowns)
                            : eliminate_sums(space, published, unknowns);
  // A computation that could not be rebuilt exactly proves nothing: the target stays this submission's.
  for (const EliminatedSum& e : sums)
    if (e.suppressed.size() == 1 && !e.value_unknown && !e.published.empty())
      out[static_cast<std::size_t>(e.suppressed.front())] = e;
  return out;
}

PublishedForms additive_published_forms(const Submission& s, const InnerSpace& space) {
  PublishedForms out;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (!t.additive) continue;  // totals that are not sums of their parts
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      out.all.push_back({space.support(ti, f), t.value[f], false});
      out.cell_of.push_back({static_cast<int>(ti), f});
      if (t.earlier_publication) out.earlier.push_back(out.all.back());
    }
  }
  return out;
}

}  // namespace hitoku
