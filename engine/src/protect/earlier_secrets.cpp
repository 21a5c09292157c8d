#include "earlier_secrets.h"

#include <algorithm>

namespace hitoku::protection {

int failure_rank(const CellAudit& c, bool narrow) {
  if (c.unproven && !c.recoverable && !narrow) return 1;
  return c.recoverable ? 3 : narrow ? 2 : 0;
}

void mark_earlier_secrets(Problem& p, const AuditOptions& options) {
  const Submission& s = *p.sub;
  p.earlier_secrets.assign(s.tables.size(), 0);
  if (!options.judge_earlier_suppressed) return;
  bool any = false;
  for (std::size_t t = 0; t < s.tables.size(); ++t) {
    const Table& table = s.tables[t];
    p.earlier_secrets[t] = table.earlier_publication &&
                           std::any_of(table.status.begin(), table.status.end(), [](CellStatus c) { return is_suppressed(c); });
    any = any || p.earlier_secrets[t];
  }
  if (!any) return;
  // The earlier publications alone; index_in_s maps their tables back.
  Submission alone = s;
  alone.tables.clear();
  std::vector<int> index_in_s;
  for (std::size_t t = 0; t < s.tables.size(); ++t) {
    if (!s.tables[t].earlier_publication) continue;
    alone.tables.push_back(s.tables[t]);
    alone.tables.back().earlier_publication = !p.earlier_secrets[t];
    index_in_s.push_back(static_cast<int>(t));
  }
  AuditOptions quiet = options;
  quiet.progress = nullptr;
  quiet.proven_before = {};
  const AuditResult r = audit_cells(alone, true, quiet);
  const Policy& policy = s.policy;
  for (const CellAudit& c : r.cells) {
    const bool narrow = policy.narrow_interval == NarrowIntervalAction::Fail && c.upper != kUnbounded &&
                        c.upper - c.lower < policy.min_interval_width;
    if (const int rank = failure_rank(c, narrow); rank > 0)
      p.earlier_alone[{index_in_s[static_cast<std::size_t>(c.table)], c.flat}] = rank;
  }
}

Submission with_earlier_secrets(const Problem& p, Submission patterned) {
  for (std::size_t t = 0; t < p.earlier_secrets.size(); ++t)
    if (p.earlier_secrets[t]) patterned.tables[t].earlier_publication = false;
  return patterned;
}

bool earlier_secret_fails(const Problem& p, const CellAudit& c, int rank) {
  const Table& t = p.sub->tables[static_cast<std::size_t>(c.table)];
  // A count of 10 or more, or 0, hidden only to protect others gives nothing away itself (the
  // check's warning); one nobody here knows may be small.
  if (!t.is_value_unknown(c.flat) && !p.sub->policy.in_small_range(t.value[c.flat])) return false;
  const auto alone = p.earlier_alone.find({c.table, c.flat});
  return rank > (alone == p.earlier_alone.end() ? 0 : alone->second);
}

}  // namespace hitoku::protection
