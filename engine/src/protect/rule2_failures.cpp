// Rule ② beyond single cells, as failures the repair loop can fix: derived small sums of suppressed
// cells (their certificate names the published cells to suppress) and small cells whose attacker
// upper bound shows they are small (no certificate: the loop widens the relations around them).
#include <algorithm>

#include "greedy.h"
#include "problem.h"
#include "rules/small_combinations.h"

namespace hitoku::protection {
namespace {

void add_small_sums(const Problem& p, const CombinationScan& scan, std::vector<char>& seen,
                    std::vector<Failure>& out) {
  for (const DerivedSum& d : scan.small) {
    if (d.earlier_only) continue;  // already public: no pattern of this submission changes it
    Failure f;
    if (!d.cells.empty()) {
      const int g = p.group_of[static_cast<std::size_t>(d.cells.front().table)][d.cells.front().flat];
      if (seen[static_cast<std::size_t>(g)]) continue;
      seen[static_cast<std::size_t>(g)] = 1;
      f.group = g;
    } else {  // only counts the tables leave out: no suppressed cell to name (group -1)
      f.hidden_label = d.hidden.front().label;
    }
    f.small_sum = true;
    f.uses_earlier = d.uses_earlier;
    for (const CellRef& term : d.terms)
      f.certificate_groups.push_back(p.group_of[static_cast<std::size_t>(term.table)][term.flat]);
    std::sort(f.certificate_groups.begin(), f.certificate_groups.end());
    f.certificate_groups.erase(std::unique(f.certificate_groups.begin(), f.certificate_groups.end()),
                               f.certificate_groups.end());
    f.has_certificate = !f.certificate_groups.empty();
    out.push_back(std::move(f));
  }
}

}  // namespace

void add_rule2_failures(const Problem& p, const Submission& patterned, const AuditResult& r,
                        std::vector<char>& seen, std::vector<Failure>& out) {
  const Policy& policy = p.sub->policy;
  if (policy.primary_upper_reach) {
    for (const CellAudit& c : r.cells) {
      // Unproven cells (a screen's, or too large) fail anyway or wait for the full audit.
      if (c.recoverable || c.unproven || c.upper == kUnbounded || c.upper > policy.small_max) continue;
      if (patterned.tables[static_cast<std::size_t>(c.table)].earlier_publication) continue;  // rule ⑤'s (earlier_secrets.h)
      const Table& t = patterned.tables[static_cast<std::size_t>(c.table)];
      if (!policy.in_small_range(t.value[c.flat])) continue;
      const int g = p.group_of[static_cast<std::size_t>(c.table)][c.flat];
      if (seen[static_cast<std::size_t>(g)]) continue;
      seen[static_cast<std::size_t>(g)] = 1;
      Failure f;
      f.group = g;
      f.small_reach = true;
      out.push_back(std::move(f));
    }
  }
  if (!policy.small_combinations) return;
  // The relations' remainders cost one pass over the relations: checked in every round. The exact
  // elimination (sparse, but dense in the worst case) runs only where it decides the verdict: on an
  // audit of a pattern that nothing else fails -- a cyclic set's screens included, so that the
  // screened loops repair its sums and the slow full audit rarely meets one. A passing pattern is
  // always such an audit, so what protect hands back has had the whole check.
  CombinationLimits limits;
  limits.elimination = false;
  add_small_sums(p, scan_small_combinations(patterned, limits), seen, out);
  if (!out.empty()) return;
  limits.elimination = true;
  add_small_sums(p, scan_small_combinations(patterned, limits), seen, out);
}

std::vector<Failure> combination_failures(const Problem& p, const Pattern& x) {
  std::vector<Failure> out;
  if (!p.sub->policy.small_combinations) return out;
  std::vector<char> seen(p.groups.size(), 0);
  add_small_sums(p, scan_small_combinations(apply_pattern(p, x)), seen, out);
  std::sort(out.begin(), out.end(), [](const Failure& a, const Failure& b) { return a.group < b.group; });
  return out;
}

Reason rule2_reason(const Failure& f, const std::string& who) {
  if (f.group < 0)
    return Reason{f.uses_earlier ? "5" : "2",
                  "表に載せていない件数「" + who + "」が公表値から差し引きで求められ、少数（規則②の範囲）になるため（その計算に使われるセル）",
                  "the count '" + who + "', which no table shows, followed from published values by subtraction and was "
                  "a small count (rule ② range); this cell is one of those values"};
  if (f.small_reach)
    return Reason{"2", "秘匿セル「" + who + "」の推定上限が秘匿の範囲の上限を超えず、少数と分かってしまうため（その周りの関係のセル）",
                  "the attacker's upper bound of '" + who + "' stayed within the small range, showing it is a small "
                  "count; this cell shares a relation with it"};
  return Reason{f.uses_earlier ? "5" : "2",
                "秘匿セル「" + who + "」を含む秘匿セルの合計が公表値から求められ、少数（規則②の範囲）になるため（その計算に使われるセル）",
                "a sum of suppressed cells including '" + who + "' followed from published values and was a small "
                "count (rule ② range); this cell is one of those values"};
}

}  // namespace hitoku::protection
