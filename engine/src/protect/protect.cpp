// hitoku protect: set up the problem, run the chosen method, audit the result, explain each change.
#include "hitoku/protect/protect.h"

#include <chrono>
#include <limits>

#include "hitoku/rules/rules.h"

#include "greedy.h"
#include "optimal.h"
#include "problem.h"

namespace hitoku {
namespace {

using protection::Group;
using protection::Origin;

ProtectChange explain(const protection::Problem& p, const std::vector<protection::Reason>& reasons, const Submission& out,
                      const protection::Member& m, bool optimal) {
  const int gi = p.group_of[static_cast<std::size_t>(m.table)][m.flat];
  const Group& g = p.groups[static_cast<std::size_t>(gi)];
  const Policy& policy = p.sub->policy;
  ProtectChange c;
  c.table = m.table;
  c.flat = m.flat;
  c.status = out.tables[static_cast<std::size_t>(m.table)].status[m.flat];
  const std::string range = std::to_string(policy.small_min) + "〜" + std::to_string(policy.small_max);
  if (c.status == CellStatus::SuppressedPrimary && !g.primary_rule.empty()) {
    c.rule = g.primary_rule;
    c.reason_ja = g.primary_ja;
    c.reason_en = g.primary_en;
  } else if (c.status == CellStatus::SuppressedPrimary && !policy.in_small_range(g.value)) {
    c.rule = "1";
    c.reason_ja = "件数は範囲外だが患者が " + range + " 人しかいないため（規則①）";
    c.reason_en = "the count comes from only " + std::to_string(policy.small_min) + "-" + std::to_string(policy.small_max) +
                  " patients (rule ①)";
  } else if (c.status == CellStatus::SuppressedPrimary) {
    c.rule = "2";
    c.reason_ja = "件数が規則②の範囲（" + range + "）にあるため";
    c.reason_en = "the count is in the rule ② range (" + std::to_string(policy.small_min) + "-" +
                  std::to_string(policy.small_max) + ")";
  } else if (g.origin == Origin::Forced) {
    c.rule = "user";
    c.reason_ja = "秘匿が指定されているため（" + g.forced_where + "）";
    c.reason_en = "suppression was asked for (" + g.forced_where + ")";
  } else if (g.origin == Origin::User) {
    c.rule = "4";
    c.reason_ja = "同じセルが他の表で秘匿されているため（同じ値を一方だけ公表すると分かります）";
    c.reason_en = "the same cell is suppressed in another table (publishing it here would give it away)";
  } else if (const auto& r = reasons[static_cast<std::size_t>(gi)]; !r.rule.empty()) {
    c.rule = r.rule;
    c.reason_ja = r.ja;
    c.reason_en = r.en;
  } else {
    c.rule = p.has_earlier ? "4/5" : "4";
    c.reason_ja = optimal ? "差分で秘匿セルが分からないようにする最小費用の秘匿パターン（Cbc）の一部"
                          : "差分で秘匿セルが分からないようにするため";
    c.reason_en = optimal ? "part of the least-cost pattern (Cbc) under which no suppressed cell can be recovered"
                          : "so that no suppressed cell can be recovered by differencing";
  }
  if (g.members.size() > 1) {
    c.reason_ja += "（同じ集計値が複数の表にあり、すべてで秘匿）";
    c.reason_en += " (the same aggregate appears in several tables; suppressed in all)";
  }
  return c;
}

// Counts of a pattern applied to the planned tables.
void count_pattern(const Submission& patterned, ProtectStats& st) {
  st.primary = st.secondary = st.user = st.suppressed_value = st.total_value = 0;
  for (const auto& t : patterned.tables) {
    if (t.earlier_publication) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      st.total_value += t.value[f];
      if (!is_suppressed(t.status[f])) continue;
      st.suppressed_value += t.value[f];
      switch (t.status[f]) {
        case CellStatus::SuppressedPrimary: ++st.primary; break;
        case CellStatus::SuppressedSecondary: ++st.secondary; break;
        default: ++st.user; break;
      }
    }
  }
}

}  // namespace

// The whole method on tables that add up.
static ProtectResult protect_additive(const Submission& submission, const ProtectOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  ProtectResult result;
  const protection::Problem problem = protection::build_problem(submission, options);
  if (!problem.conflicts.empty()) {
    result.conflicts = problem.conflicts;
    return result;
  }
  protection::Outcome greedy = protection::run_greedy(problem, options);
  if (greedy.exhausted && greedy.screens > 0) {
    // The screened loops took a path that ends with nothing left to suppress around a failing
    // cell (every cell suppressed can itself be pinned, through known ranges and zeros); the
    // loops audited in full take another path and may find a pattern.
    ProtectOptions unscreened = options;
    unscreened.screen_cyclic = false;
    protection::Outcome second = protection::run_greedy(problem, unscreened);
    second.screens += greedy.screens;
    second.audits += greedy.audits;
    if (second.conflicts.empty() && second.audited_ok) {
      greedy = std::move(second);
      result.stats.unscreened_rerun = true;
    }
  }
  ProtectStats& st = result.stats;
  st.audits = greedy.audits;
  st.rounds = greedy.rounds;
  st.cleanup_released = greedy.released;
  st.screen_audits = greedy.screens;
  st.final_repairs = greedy.final_repairs;
  if (!greedy.conflicts.empty() || !greedy.audited_ok) {
    // Counts of the pattern reached, for the record; the pattern itself is not handed back.
    count_pattern(protection::apply_pattern(problem, greedy.x), st);
    st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    result.conflicts = std::move(greedy.conflicts);
    if (result.conflicts.empty())
      result.conflicts.push_back({{}, "監査を通る秘匿パターンが見つかりませんでした", "no pattern passing the audit was found"});
    return result;
  }
  protection::Pattern x = greedy.x;
  const bool optimal = options.method == ProtectMethod::Optimal;
  long long candidates = 0;
  for (const auto& g : problem.groups) candidates += g.candidate() ? 1 : 0;
  const bool polish = !optimal && options.polish_max_groups > 0 && candidates <= options.polish_max_groups;
  bool from_mip = false;
  if (optimal || polish) {
    protection::OptimalLimits limits;
    limits.seconds = optimal ? options.time_limit_seconds : options.polish_seconds;
    if (limits.seconds <= 0) limits.seconds = std::numeric_limits<double>::infinity();  // counts only
    if (polish) {
      // Each MIP round ends in a full audit: the polish may spend at most as many as the greedy
      // did, plus one (cyclic sets, whose loops screen, get two; their full audits are slow).
      limits.max_nodes = options.polish_max_nodes;
      limits.max_rounds = static_cast<int>(std::min<long long>(options.polish_max_rounds, greedy.audits + 1));
    }
    const auto o = protection::run_optimal(problem, greedy.x, options, limits);
    st.audits += o.audits;
    if (optimal) st.rounds = o.rounds;
    st.lower_bound = o.lower_bound;
    st.proven_optimal = o.proven_optimal;
    st.polished = polish;
    x = o.x;
    from_mip = o.from_mip;
    if (o.from_mip) greedy.reasons.assign(problem.groups.size(), {});
  }
  // x is exactly the pattern of the last passing audit (greedy: cleanup restores the last audited
  // state whenever an audit fails; optimal: only audited MIP patterns replace it), so hitoku never
  // hands back a pattern its own audit rejected. Front ends run check() on it as the last gate.
  std::vector<protection::Member> added;
  result.submission = protection::apply_pattern(problem, x, &added);
  for (const auto& m : added) result.changes.push_back(explain(problem, greedy.reasons, result.submission, m, optimal || from_mip));
  count_pattern(result.submission, st);
  st.cost = protection::pattern_cost(problem, x);
  if (!optimal && !polish) st.lower_bound = 0;
  st.gap = st.cost > 0 ? std::max(0.0, (st.cost - st.lower_bound) / st.cost) : 0;
  if ((optimal || polish) && st.proven_optimal) st.gap = 0;
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.ok = true;
  return result;
}

}  // namespace hitoku

namespace hitoku {

// Distinct-patient tables do not add up, so the audit cannot judge them (check fails any
// suppressed cell of theirs, rule ④): one that needs a suppression is a conflict; fully published
// ones are left as they are and the additive tables are protected.
ProtectResult protect(const Submission& submission, const ProtectOptions& options) {
  ProtectResult result;
  bool any = false;
  for (const Table& t : submission.tables) {
    if (t.additive || t.earlier_publication) continue;
    any = true;
    ProtectConflict c;
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (is_suppressed(t.status[f]) ||
          submission.policy.in_small_range(t.value[f]))
        c.cells.push_back(submission.cell_label(t, f));
    if (c.cells.empty()) continue;
    c.reason_ja = "実患者数の表「" + t.id + "」は合計が内訳の和にならず、秘匿の安全性を差分監査で証明できません。"
                  "腫瘍数の表にするか、専門委員会の確認を受けてください";
    c.reason_en = "table '" + t.id + "' counts distinct patients and does not add up, so no suppression in it can be "
                  "proven safe; count tumours instead, or ask the committee";
    result.conflicts.push_back(std::move(c));
  }
  if (!result.conflicts.empty()) return result;
  if (!any) return protect_additive(submission, options);
  result = protect_additive(additive_tables_only(submission), options);
  if (!result.ok) return result;
  Submission full = submission;
  for (auto& change : result.changes) {
    const Table& t = result.submission.tables[static_cast<std::size_t>(change.table)];
    change.table = full.find_table(t.id);
  }
  for (const Table& t : result.submission.tables)
    full.tables[static_cast<std::size_t>(full.find_table(t.id))].status = t.status;
  result.submission = std::move(full);
  return result;
}

}  // namespace hitoku
