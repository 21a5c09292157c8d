// Rules ④⑤ as findings: audit without and with earlier publications and compare.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/audit/audit.h"

namespace hitoku {
namespace {

std::string interval_text(const CellAudit& c) {
  const std::string hi = c.upper == kUnbounded ? "∞" : std::to_string(c.upper);
  return "[" + std::to_string(c.lower) + ", " + hi + "]";
}

std::string certificate_text(const CellAudit& c) {
  std::string out;
  for (const auto& t : c.certificate) {
    const long long k = t.coefficient;
    if (out.empty()) out += k < 0 ? "− " : "";
    else out += k < 0 ? " − " : " + ";
    const long long a = k < 0 ? -k : k;
    if (a != 1) out += std::to_string(a) + "×";
    out += t.label;
  }
  if (c.certificate_divisor != 1) out = "(" + out + ") ÷ " + std::to_string(c.certificate_divisor);
  return out;
}

enum class Problem { None, Recoverable, Narrow, Unproven };

Problem classify(const CellAudit& c, const Policy& p) {
  if (c.unproven) return Problem::Unproven;
  if (c.recoverable) return Problem::Recoverable;
  if (p.narrow_interval != NarrowIntervalAction::Ignore && c.upper != kUnbounded &&
      c.upper - c.lower < p.min_interval_width)
    return Problem::Narrow;
  return Problem::None;
}

// The printed value of a certificate's cell (-1 when it cannot be found).
long long printed_value(const Submission& s, const CertificateTerm& term) {
  const int ti = s.find_table(term.table);
  if (ti < 0) return -1;
  const Table& t = s.tables[static_cast<std::size_t>(ti)];
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    if (s.cell_key(t, f) == term.cell) return t.value[f];
  return -1;
}

Finding make_finding(const Submission& s, const CellAudit& c, Problem problem, const std::string& rule) {
  const Table& t = s.tables[static_cast<std::size_t>(c.table)];
  Finding f;
  f.rule = rule;
  f.table = t.id;
  f.cell = s.cell_key(t, c.flat);
  f.cell_label = s.cell_label(t, c.flat);
  f.certificate = c.certificate;
  f.certificate_divisor = c.certificate_divisor;
  const bool with_earlier = rule == "5";
  const std::string via_ja = with_earlier ? "既公表値と合わせると、" : "";
  const std::string via_en = with_earlier ? "Together with earlier publications, " : "";
  switch (problem) {
    case Problem::Recoverable:
      f.severity = Severity::Error;
      // The interval is the true value here: it is not printed.
      if (!c.certificate.empty()) {
        f.reason_ja = via_ja + "秘匿セルの値が公表セルの加減算で求められます: " + certificate_text(c);
        f.reason_en = via_en + "the suppressed value follows from published cells by subtraction: " +
                      certificate_text(c);
        if (!c.zero_cells.empty()) {
          f.reason_ja += "（内訳が0と分かるセル（0と公表されたセル、または他の内訳だけで公表値に達するセル）も用います）";
          f.reason_en += " (also using cells whose remaining parts are known to be 0: published as 0, or already "
                         "reached by their other parts)";
        }
      } else if (!c.zero_cells.empty()) {
        const CertificateTerm& zero = c.zero_cells.front();
        if (printed_value(s, zero) == 0) {
          f.reason_ja = via_ja + "0と公表されたセルに含まれるため、秘匿セルも0と分かります: " + zero.label;
          f.reason_en = via_en + "the suppressed cell lies inside a cell published as 0, so it is 0: " + zero.label;
        } else {  // the cell's other parts already add up to its printed value
          f.reason_ja = via_ja + "公表セルの他の内訳だけで公表値に達するため、残りの秘匿セルは0と分かります: " + zero.label;
          f.reason_en = via_en + "the other parts of a published cell already add up to its printed value, so the "
                                 "suppressed cell is 0: " + zero.label;
        }
        f.certificate = c.zero_cells;
      } else {
        f.reason_ja = via_ja + "秘匿セルの値が一つに定まります（公表値と、件数が負にならないこと" +
                      std::string(s.policy.attacker_knows_small_range ? "・秘匿の範囲" : "") + "から）";
        f.reason_en = via_en + "the suppressed value is pinned to a single value (by published values and " +
                      "nonnegative counts" +
                      std::string(s.policy.attacker_knows_small_range ? " and the known suppression range" : "") + ")";
      }
      break;
    case Problem::Narrow:
      f.severity = s.policy.narrow_interval == NarrowIntervalAction::Fail ? Severity::Error : Severity::Warning;
      f.interval = Interval{c.lower, c.upper, c.exact};
      f.reason_ja = via_ja + "推定可能な範囲 " + interval_text(c) + " が狭すぎます（最小幅 " +
                    std::to_string(s.policy.min_interval_width) + "）";
      f.reason_en = via_en + "the attacker interval " + interval_text(c) + " is narrower than the minimum width " +
                    std::to_string(s.policy.min_interval_width);
      break;
    case Problem::Unproven:
      f.severity = Severity::Error;
      if (c.too_large) {
        f.reason_ja = via_ja + "連結した秘匿セルの組が大きすぎ、安全性を証明できませんでした（表を分けるか秘匿を見直してください）";
        f.reason_en = via_en + "the linked group of suppressed cells is too large to prove this cell safe "
                      "(split the tables or revise the suppression)";
        break;
      }
      f.reason_ja = via_ja + "秘匿の安全性を証明できませんでした（公表値が矛盾しているか、計算が収束しません）";
      f.reason_en = via_en + "the suppression could not be proven safe (contradictory published values or "
                    "solver failure)";
      break;
    case Problem::None: break;
  }
  return f;
}

void summarise(RuleOutput& out, const std::string& rule, long long cells, bool has_earlier, long long earlier_cells = 0) {
  RuleResult& r = out.result;
  r.rule = rule;
  r.cells_checked = cells;
  for (const auto& f : out.findings) (f.severity == Severity::Error ? r.errors : r.warnings) += 1;
  r.state = r.errors ? RuleState::Fail : r.warnings ? RuleState::Warn : RuleState::Pass;
  const std::string n = std::to_string(cells), e = std::to_string(r.errors), w = std::to_string(r.warnings);
  if (rule == "4") {
    r.summary_ja = "秘匿セル " + n + " 個を、この提出の全表の公表値から差分で復元できるか検査: 問題 " + e +
                   " 件、警告 " + w + " 件";
    r.summary_en = "Checked " + n + " suppressed cells for recovery from all tables of this submission: " + e +
                   " errors, " + w + " warnings";
  } else if (!has_earlier) {
    r.summary_ja = "既公表値の申告なし（秘匿セル " + n + " 個）";
    r.summary_en = "No earlier publications declared (" + n + " suppressed cells)";
  } else {
    const std::string m = std::to_string(earlier_cells);
    r.summary_ja = "秘匿セル " + n + " 個" + (earlier_cells ? "と既公表の表の秘匿セル " + m + " 個" : "") +
                   "を、既公表値と合わせて復元できるか検査: 問題 " + e + " 件、警告 " + w + " 件";
    r.summary_en = "Checked " + n + " suppressed cells" + (earlier_cells ? " and " + m + " suppressed cells of earlier publications" : "") +
                   " for recovery together with earlier publications: " + e + " errors, " + w + " warnings";
  }
}

// Secrets of earlier publications: their suppressed cells (true values known) must not be given away
// by this submission either (rule ⑤: "with other published values"). Audited once with every table,
// the earlier tables' suppressed cells taken as the cells to judge, and once with the earlier
// publications alone. A cell this submission makes worse is a rule ⑤ error when its count is one
// rule ② hides (a cell the earlier table hid only to protect others gives nothing away by itself:
// a warning); one the earlier publications give away on their own is a warning (not this
// submission's doing). A hidden count nobody here knows (Table::value_unknown: no true_values, the
// registry stores none, this submission's tables do not give it; 0 stands in, which no verdict reads)
// is an error when given away, as it may be small.
int rank(Problem p) { return p == Problem::Recoverable ? 3 : p == Problem::Narrow ? 2 : p == Problem::Unproven ? 1 : 0; }

using CellRef = std::pair<std::string, std::size_t>;  // table id, flat index

std::map<CellRef, const CellAudit*> by_cell(const Submission& s, const AuditResult& r) {
  std::map<CellRef, const CellAudit*> out;
  for (const auto& c : r.cells) out[{s.tables[static_cast<std::size_t>(c.table)].id, c.flat}] = &c;
  return out;
}

Finding earlier_secret_finding(const Submission& s, const CellAudit& c, Problem p, bool this_submission) {
  Finding f = make_finding(s, c, p, "5");
  const Table& t = s.tables[static_cast<std::size_t>(c.table)];
  const bool small = s.policy.in_small_range(t.value[c.flat]);
  const std::string title = "既公表「" + t.title + "」で秘匿されたセル", title_en = "A cell suppressed in the earlier publication '" + t.title + "'";
  if (this_submission && t.is_value_unknown(c.flat)) {
    f.reason_ja = title + "です（この秘匿セルの真値を持たない（true_values にも登録簿にもなく、この提出の表からも求まらない）ため、"
                  "1〜9 件の可能性があるものとして扱います。10 件以上と分かっている場合は exceptions に根拠を書いてください）。" + f.reason_ja;
    f.reason_en = title_en + " (hitoku has no true values for this hidden count: neither true_values nor the registry give "
                  "one, nor this submission's tables, so it is taken as possibly a count of 1 to 9; if it is known to be 10 "
                  "or more, state the basis under exceptions). " + f.reason_en;
  } else if (!this_submission) {
    f.severity = Severity::Warning;
    f.reason_ja = title + "が、既公表の表だけから分かります（この提出によるものではありません）。" + f.reason_ja;
    f.reason_en = title_en + " is given away by the earlier publications alone (not by this submission). " + f.reason_en;
  } else if (!small) {
    f.severity = Severity::Warning;
    f.reason_ja = title + "（件数は秘匿の範囲外で、他のセルを守るための秘匿）が、この提出と合わせて分かります。" + f.reason_ja;
    f.reason_en = title_en + " (a count outside the suppression range, hidden to protect other cells) is given away "
                  "together with this submission. " + f.reason_en;
  } else {
    f.reason_ja = title + "（秘匿の範囲の件数）です。" + f.reason_ja;
    f.reason_en = title_en + " (a count in the suppression range). " + f.reason_en;
  }
  return f;
}

// The earlier tables whose suppressed cells are secrets to judge (rule ⑤), and the submission with
// them as planned tables: one audit then judges this submission's cells and theirs, and a small
// count an earlier table hid binds this submission's cells as any other known range does.
struct EarlierSecrets {
  std::vector<char> judged;  // per table; empty: none
  Submission with_all;
  bool any() const { return !judged.empty(); }
};

EarlierSecrets promote_earlier_secrets(const Submission& s, const AuditOptions& options) {
  EarlierSecrets e;
  if (!options.judge_earlier_suppressed) return e;
  e.judged = earlier_secret_tables(s);
  if (e.any()) e.with_all = with_earlier_secrets(s, e.judged);
  return e;
}

// Findings for the earlier tables' judged cells of `all` (the audit of e.with_all): those this
// submission gives away; the earlier publications alone are audited only when some cell is.
long long add_earlier_secret_findings(const Submission& s, const EarlierSecrets& e, const AuditResult& all,
                                      const AuditOptions& options, RuleOutput& rule5) {
  long long judged_cells = 0;
  std::vector<const CellAudit*> problems;
  for (const CellAudit& c : all.cells) {
    if (!e.judged[static_cast<std::size_t>(c.table)]) continue;
    ++judged_cells;
    if (classify(c, s.policy) != Problem::None) problems.push_back(&c);
  }
  if (problems.empty()) return judged_cells;  // the usual case: no second audit
  const Submission alone = earlier_publications_alone(s, e.judged);
  AuditOptions quiet = options;
  quiet.progress = nullptr;
  quiet.proven_before = {};
  quiet.judge_earlier_suppressed = false;
  const AuditResult own = audit_cells(alone, true, quiet);
  const auto own_of = by_cell(alone, own);
  for (const CellAudit* p : problems) {
    const CellAudit& c = *p;
    const auto o = own_of.find({s.tables[static_cast<std::size_t>(c.table)].id, c.flat});
    const Problem now = classify(c, s.policy), before = o == own_of.end() ? Problem::None : classify(*o->second, s.policy);
    const bool worse = rank(now) > rank(before);
    CellAudit shown = worse ? c : *o->second;
    shown.table = c.table;  // the index in this submission
    rule5.findings.push_back(earlier_secret_finding(s, shown, worse ? now : before, worse));
  }
  return judged_cells;
}

// This submission's cells of the audit with the earlier secrets promoted, in the order of an audit of
// s (the planned tables' suppressed cells in table order).
AuditResult own_cells_of(AuditResult all, const EarlierSecrets& e) {
  all.cells.erase(std::remove_if(all.cells.begin(), all.cells.end(),
                                 [&](const CellAudit& c) { return e.judged[static_cast<std::size_t>(c.table)] != 0; }),
                  all.cells.end());
  return all;
}

}  // namespace

DifferencingOutput audit_differencing(const Submission& s, const AuditOptions& options) {
  bool has_earlier = false;
  for (const auto& t : s.tables) has_earlier = has_earlier || t.earlier_publication;
  const AuditResult own = audit_cells(s, false, options);
  const EarlierSecrets secrets = has_earlier ? promote_earlier_secrets(s, options) : EarlierSecrets{};
  const AuditResult with_secrets = secrets.any() ? audit_cells(secrets.with_all, true, options) : AuditResult{};
  const AuditResult all = !has_earlier ? own : secrets.any() ? own_cells_of(with_secrets, secrets) : audit_cells(s, true, options);

  DifferencingOutput out;
  out.stats = all.stats;
  for (const auto* r : {&own, &all}) {
    if (r == &all && !has_earlier) break;
    for (const auto& label : r->inconsistencies) {
      Finding f;
      f.rule = r == &own ? "4" : "5";
      f.cell_label = label;
      f.reason_ja = "公表値が互いに矛盾しています（合計が合いません）: " + label;
      f.reason_en = "Published values contradict each other (totals do not add up): " + label;
      (r == &own ? out.rule4 : out.rule5).findings.push_back(std::move(f));
    }
  }
  for (std::size_t i = 0; i < own.cells.size(); ++i) {
    const CellAudit& a = own.cells[i];
    const CellAudit& b = all.cells[i];
    const Problem p_own = classify(a, s.policy), p_all = classify(b, s.policy);
    if (p_own != Problem::None) out.rule4.findings.push_back(make_finding(s, a, p_own, "4"));
    else if (p_all != Problem::None) out.rule5.findings.push_back(make_finding(s, b, p_all, "5"));

    const Table& t = s.tables[static_cast<std::size_t>(b.table)];
    SuppressedCellAudit entry;
    entry.table = t.id;
    entry.cell = s.cell_key(t, b.flat);
    entry.cell_label = s.cell_label(t, b.flat);
    entry.status = to_string(t.status[b.flat]);
    entry.recoverable = b.recoverable;
    entry.needs_earlier_publication = b.recoverable && !a.recoverable;
    entry.unproven = b.unproven;
    entry.interval_withheld = b.recoverable || b.unproven;
    if (!entry.interval_withheld) entry.interval = Interval{b.lower, b.upper, b.exact};
    if (!entry.interval_withheld && (b.outer_bound || b.own_outer) && b.inner_bound) {
      // Ends not reached by exact points (a cyclic set, or integer ends of a derived value's rows):
      // show the outer interval (the attacker's lies inside, and so the truth) and what is proven
      // inside; the inner interval alone could leave the true count out.
      entry.outer_bound = true;
      entry.inner_interval = entry.interval;
      entry.interval = Interval{b.outer_lower, b.outer_upper, false};
    }
    out.rule4.audit.push_back(std::move(entry));
    out.own_intervals.push_back(a.recoverable || a.unproven ? std::nullopt
                                                            : std::optional<Interval>(Interval{a.lower, a.upper, a.exact}));
  }
  const long long earlier_cells = secrets.any() ? add_earlier_secret_findings(s, secrets, with_secrets, options, out.rule5) : 0;
  summarise(out.rule4, "4", static_cast<long long>(own.cells.size()), has_earlier);
  summarise(out.rule5, "5", static_cast<long long>(own.cells.size()), has_earlier, earlier_cells);
  return out;
}

}  // namespace hitoku
