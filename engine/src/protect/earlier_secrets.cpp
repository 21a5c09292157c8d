#include "earlier_secrets.h"

#include <algorithm>

namespace hitoku::protection {

int failure_rank(const CellAudit& c, bool narrow) {
  if (c.unproven && !c.recoverable && !narrow) return 1;
  return c.recoverable ? 3 : narrow ? 2 : 0;
}

void mark_earlier_secrets(Problem& p, const AuditOptions& options) {
  const Submission& s = *p.sub;
  p.earlier_secrets.clear();
  if (!options.judge_earlier_suppressed) return;
  p.earlier_secrets = earlier_secret_tables(s);
  if (p.earlier_secrets.empty()) return;
  std::vector<int> index_in_s;  // the earlier publications alone hold the earlier tables, in order
  for (std::size_t t = 0; t < s.tables.size(); ++t)
    if (s.tables[t].earlier_publication) index_in_s.push_back(static_cast<int>(t));
  AuditOptions quiet = options;
  quiet.progress = nullptr;
  quiet.proven_before = {};
  const AuditResult r = audit_cells(earlier_publications_alone(s, p.earlier_secrets), true, quiet);
  const Policy& policy = s.policy;
  for (const CellAudit& c : r.cells) {
    const bool narrow = policy.narrow_interval == NarrowIntervalAction::Fail && c.upper != kUnbounded &&
                        c.upper - c.lower < policy.min_interval_width;
    if (const int rank = failure_rank(c, narrow); rank > 0)
      p.earlier_alone[{index_in_s[static_cast<std::size_t>(c.table)], c.flat}] = rank;
  }
}

bool is_earlier_secret(const Problem& p, int table) {
  return !p.earlier_secrets.empty() && p.earlier_secrets[static_cast<std::size_t>(table)] != 0;
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
