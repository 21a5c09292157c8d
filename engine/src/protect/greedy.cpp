#include "hitoku/model/groupings.h"
#include "greedy.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <optional>

#include "remainders.h"

namespace hitoku::protection {
namespace {

class Greedy {
 public:
  Greedy(const Problem& p, const ProtectOptions& o) : p_(p), o_(o) {
    out_.x = initial_pattern(p);
    out_.reasons.resize(p.groups.size());
    count_.assign(p.relations.size(), 0);
    for (std::size_t r = 0; r < p.relations.size(); ++r)
      for (int g : p.relations[r].groups) count_[r] += out_.x[static_cast<std::size_t>(g)];
    queued_.assign(p.relations.size(), 0);
    conflicted_.assign(p.groups.size(), 0);
    screen_ = o.audit;
    screen_.relaxation_only = true;
    // The screen differs from the full audit only when a relaxation runs at all.
    screening_ = o.screen_cyclic && !o.audit.relaxation_only && o.audit.table_space && o.audit.cyclic_relaxation;
  }

  Outcome run() {
    for (std::size_t r = 0; r < p_.relations.size(); ++r) enqueue(static_cast<int>(r));
    close_relations();
    repair_with_audits();
    if (out_.conflicts.empty() && out_.audited_ok) cleanup();
    // A screened pattern is handed back only once the full audit passes it.
    if (out_.conflicts.empty() && out_.audited_ok && screened_) final_audit();
    return std::move(out_);
  }

 private:
  // Phase 1: no relation may hold exactly one suppressed cell (it equals the total minus the rest).
  void close_relations() {
    while (!queue_.empty()) {
      const int r = queue_.front();
      queue_.pop_front();
      queued_[static_cast<std::size_t>(r)] = 0;
      const int lone = lone_suppressed(r);
      if (lone < 0) {
        widen_small_remainder(r);
        continue;
      }
      std::vector<int> cands;
      for (int g : rel(r).groups)
        if (open(g)) cands.push_back(g);
      const int best = pick(cands, r);
      if (best < 0) {
        conflict_relation(r, lone);
        continue;
      }
      const Relation& R = rel(r);
      const Table& t = p_.sub->tables[static_cast<std::size_t>(R.table)];
      const std::string total = p_.sub->cell_label(t, R.parent_flat);
      suppress(best, Reason{t.earlier_publication ? "5" : "4",
                            "「" + total + "」とその内訳で秘匿が「" + p_.label(lone) + "」だけになり、差し引きで分かるのを防ぐため",
                            "so that '" + p_.label(lone) + "' is not the only suppressed cell among '" + total +
                                "' and its parts (it would follow by subtraction)"});
    }
  }

  // Rule ② in combination (small_cells.combinations): a relation whose total is published gives
  // away the sum of its suppressed parts, which must not be a small count. Suppress one more part:
  // one that lifts the sum past small_max when there is one, else the largest; the total when the
  // open parts cannot lift it. Re-queued by suppress() until the sum is out of range. Fixing this
  // here, not round by round from the audit, keeps cyclic sets to a few audits.
  void widen_small_remainder(int r) {
    if (!combinations_) return;
    Remainder rem;
    if (!relation_remainder(p_, out_.x, r, rem) || !small_remainder(p_, rem)) return;
    const std::int64_t max = p_.sub->policy.small_max;
    std::vector<int> reach, largest;
    std::int64_t open_sum = 0, top = -1;
    for (int g : rem.published) {
      if (!open(g)) continue;
      const std::int64_t v = p_.groups[static_cast<std::size_t>(g)].value;
      open_sum += v;
      if (rem.sum + v > max) reach.push_back(g);
      if (v > top) largest.clear();
      if (v >= top) {
        top = v;
        largest.push_back(g);
      }
    }
    int best = rem.sum + open_sum > max ? pick(reach.empty() ? largest : reach, r) : -1;
    if (best < 0 && open(rem.parent)) best = rem.parent;
    if (best < 0) return;  // nothing to suppress: the audit's rule ② check names it
    const Relation& R = rel(r);
    const std::string total = p_.sub->cell_label(p_.sub->tables[static_cast<std::size_t>(R.table)], R.parent_flat);
    suppress(best, Reason{"2", "「" + total + "」の内訳の秘匿セルの合計が差し引きで分かり、少数（規則②の範囲）になるのを防ぐため",
                          "so that the suppressed parts of '" + total + "' do not add up to a small count (rule ② "
                          "range) that follows by subtraction"});
  }

  // Phase 2: audit; for each cell the audit still recovers, suppress the cheapest cell that breaks
  // its certificate (or, without one, a cell of its relations); close relations again; repeat.
  void repair_with_audits() {
    const long long max_rounds =
        o_.audit_rounds >= 0 ? o_.audit_rounds : static_cast<long long>(p_.groups.size()) + 2;
    while (out_.rounds < max_rounds) {
      ++out_.rounds;
      const auto failures = audit();
      if (o_.progress) o_.progress("protect", out_.rounds, static_cast<long long>(failures.size()));
      if (failures.empty()) {
        out_.audited_ok = true;
        return;
      }
      // Suppressing more only grows a component the audit cannot solve: stop and say so.
      if (std::any_of(failures.begin(), failures.end(), [](const Failure& f) { return f.too_large; })) {
        conflict_unproven(failures);
        return;
      }
      const bool added = repair(failures);
      if (out_.conflicts.empty() && !added) conflict_unproven(failures);
      if (!out_.conflicts.empty()) return;
      close_relations();
    }
  }

  // For each failure, suppress the cheapest open cell of its certificate (else of the relations
  // around it). Returns whether some cell was added. A recoverable cell with nothing left to
  // suppress is a conflict (forced cells); a cell merely not proven is left to the caller.
  // `overlap`: as a last resort, any open cell sharing inner cells with the failing one (in any
  // table) -- used by the final audit, where the loops' own choices are exhausted.
  bool repair(const std::vector<Failure>& failures, bool overlap = false) {
    bool added = false;
    const Pattern audited = out_.x;  // the pattern the failures were found on
    for (const auto& f : failures) {
      const bool hidden = f.group < 0;  // a count no table shows: only its computation can be cut
      if (!hidden && !out_.x[static_cast<std::size_t>(f.group)]) continue;  // published meanwhile? (cannot happen)
      const auto cut = [&](int g) { return out_.x[static_cast<std::size_t>(g)] != 0; };
      // A count no table shows whose computation an earlier repair of this round already cut.
      if (hidden && std::any_of(f.certificate_groups.begin(), f.certificate_groups.end(), cut)) continue;
      std::vector<int> cands;
      for (int g : f.certificate_groups)
        if (open(g)) cands.push_back(g);
      if (cands.empty() && !hidden) cands = neighbours(f.group, 1);
      if (cands.empty() && !hidden) cands = neighbours(f.group, 2);
      if (cands.empty() && overlap && !hidden) cands = overlapping(f.group);
      const int best = pick(cands, -1);
      if (best < 0) {
        // Nothing left to suppress around it because this round's earlier repairs took it: the
        // failure is stale (its certificate may be cut already); the next audit judges it again.
        if (!f.unproven && !stale(f, audited)) conflict_failure(f);
        continue;
      }
      const std::string who = hidden ? f.hidden_label : p_.label(f.group);
      const std::string rule = f.uses_earlier ? "5" : "4";
      suppress(best, f.small_sum || f.small_reach ? rule2_reason(f, who)
                     : f.has_certificate
                         ? Reason{rule, "秘匿セル「" + who + "」が公表セルの加減算で復元できたため（その計算に使われるセル）",
                                  "'" + who + "' could be recovered by adding and subtracting published cells; "
                                              "this cell is one of them"}
                     : f.unproven
                         ? Reason{rule, "秘匿セル「" + who + "」の安全性を差分監査が証明できなかったため（その周りの関係のセル）",
                                  "the audit could not prove '" + who + "' safe; this cell shares a relation with it"}
                         : Reason{rule, "秘匿セル「" + who + "」の値が公表値から一つに定まった（または範囲が狭すぎた）ため",
                                  "'" + who + "' was pinned down by the published values (or its interval was "
                                              "too narrow)"});
      added = true;
    }
    return added;
  }

  // The audit used inside the loops: the relaxation screen while the set may be cyclic (for a
  // decomposable set the screen IS the full audit, so it is simply counted as one).
  std::vector<Failure> audit() {
    if (!screening_) return audit_pattern(p_, out_.x, o_.audit, out_.audits);
    bool screened = false;
    long long n = 0;
    AuditRecord record;
    auto failures = audit_pattern(p_, out_.x, screen_, n, &screened, &record);
    // The full audit of the same pattern takes this screen's outer bounds (the same relaxation).
    if (screened) last_screen_ = ScreenRecord{out_.x, std::move(record)};
    (screened ? out_.screens : out_.audits) += n;
    screened_ = screened_ || screened;
    screening_ = screened;
    return failures;
  }

  // Phase 4 (cyclic sets, after screening): the full audit of the pattern. Suppressing more cells
  // only widens every attacker interval, so the repairs made here never undo what the screen
  // showed; each repair round ends with one more full audit, and the pattern is handed back only
  // after a full audit passes it.
  void final_audit() {
    out_.audited_ok = false;
    AuditOptions full = o_.audit;
    bool patient = false;
    // Repairs only suppress more: cells the previous round proved safe stay safe (their points
    // still lie in the attacker's set), so each round solves only the others.
    // Carrying is sound but may prove less than a full audit (fewer open cells drive fewer block
    // LPs, whose points also settle cells they were not aimed at): when cells fail that did not
    // fail before, only as not proven, the same pattern is audited in full before any repair.
    std::optional<AuditRecord> last;
    std::vector<int> failed_before;
    auto audit_round = [&] {
      AuditOptions options = full;
      const bool carry = last.has_value();
      if (carry) options.proven_before = ProvenBefore{&last->patterned, &last->result, last->include_earlier};
      else if (last_screen_ && last_screen_->x == out_.x)
        options.proven_before = ProvenBefore{&last_screen_->record.patterned, &last_screen_->record.result,
                                             last_screen_->record.include_earlier};
      AuditRecord now;
      auto failures = audit_pattern(p_, out_.x, options, out_.audits, nullptr, &now);
      const bool only_unproven =
          std::all_of(failures.begin(), failures.end(), [](const Failure& f) { return f.unproven; });
      const bool new_failure = std::any_of(failures.begin(), failures.end(), [&](const Failure& f) {
        return !std::binary_search(failed_before.begin(), failed_before.end(), f.group);
      });
      if (carry && !failures.empty() && only_unproven && new_failure) {
        options.proven_before = ProvenBefore{};
        failures = audit_pattern(p_, out_.x, options, out_.audits, nullptr, &now);
      }
      last = std::move(now);
      failed_before.clear();
      for (const auto& f : failures) failed_before.push_back(f.group);
      std::sort(failed_before.begin(), failed_before.end());
      return failures;
    };
    if (!unscreened_.empty()) {
      // The cleanup's last batch, released unscreened: kept when the full audit passes it; else
      // restored (the pattern the screens passed), carrying this audit's safe cells.
      const auto failures = audit_round();
      if (o_.progress) o_.progress("protect final audit", 0, static_cast<long long>(failures.size()));
      if (failures.empty()) {
        out_.released += static_cast<long long>(unscreened_.size());
        for (int g : unscreened_) out_.reasons[static_cast<std::size_t>(g)] = Reason{};
        out_.audited_ok = true;
        return;
      }
      for (int g : unscreened_) restore(g);
      unscreened_.clear();
    }
    for (int round = 0;; ++round) {
      auto failures = audit_round();
      // Only cells left undecided by a sampled component: first try the same pattern once more
      // with four times the sampling budget (more points; costs time, not cells). Not when no
      // full sampling solve ran (blocks only): the same audit would come out the same.
      if (!failures.empty() && !patient &&
          std::all_of(failures.begin(), failures.end(), [](const Failure& f) { return f.too_large; }) &&
          std::any_of(failures.begin(), failures.end(), [](const Failure& f) { return f.sampled; })) {
        patient = true;
        full.large_samples_max *= 4;
        full.large_cell_lps *= 4;
        failures = audit_round();
      }
      if (o_.progress) o_.progress("protect final audit", round + 1, static_cast<long long>(failures.size()));
      if (failures.empty()) {
        out_.audited_ok = true;
        return;
      }
      const bool unproven = std::any_of(failures.begin(), failures.end(), [](const Failure& f) { return f.unproven; });
      // Hiding more around a few unproven cells may let the audit settle them; around many (the
      // audit cannot prove this set at all) it only inflates the pattern: stop and name them.
      const auto n_unproven = std::count_if(failures.begin(), failures.end(), [](const Failure& f) { return f.unproven; });
      const auto n_suppressed = std::count(out_.x.begin(), out_.x.end(), char{1});
      if (n_unproven > std::max<std::ptrdiff_t>(8, n_suppressed / 20)) {
        conflict_unproven(failures);
        return;
      }
      if (round >= o_.final_audit_rounds) {
        if (unproven) conflict_unproven(failures);
        return;  // nothing passed: no pattern (protect says so)
      }
      // Recoverable or too narrow: break the certificate, as in phase 2. Not proven (the inner
      // cells were too many to settle it): suppress a cell in a relation around it, which
      // widens its interval and gives the audit's sampled points more room.
      const auto before = n_suppressed;
      const bool added = repair(failures, true);
      if (!out_.conflicts.empty() || !added) {
        if (unproven) conflict_unproven(failures);
        return;
      }
      out_.final_repairs += std::count(out_.x.begin(), out_.x.end(), char{1}) - before;
      close_relations();
    }
  }

  // Phase 3: publish again secondary cells not needed, most expensive first, in batches that are
  // halved when their audit fails. Bounded by a number of audits, so the result is deterministic.
  void cleanup() {
    std::vector<int> order;
    for (std::size_t g = 0; g < p_.groups.size(); ++g)
      if (out_.x[g] && p_.groups[g].candidate()) order.push_back(static_cast<int>(g));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const double ca = p_.groups[static_cast<std::size_t>(a)].cost, cb = p_.groups[static_cast<std::size_t>(b)].cost;
      return ca != cb ? ca > cb : a > b;
    });
    budget_ = o_.cleanup_audits;
    std::size_t next = 0;
    while (budget_ > 0 && next < order.size()) {
      // A batch: cells whose release keeps every relation closed, taken in order.
      std::vector<int> batch;
      while (next < order.size() && batch.size() < 64) {
        const int g = order[next++];
        if (releasable(g)) {
          release(g);
          batch.push_back(g);
        }
      }
      if (batch.empty()) break;
      // The last batch of a screened (cyclic) set: the full audit that follows anyway judges it
      // (final_audit restores it when that audit fails), which saves one screen -- unless it
      // leaves a rule ② sum in combination, which costs no audit to see.
      if (screened_ && screening_ && next >= order.size() && combination_failures(p_, out_.x).empty()) {
        unscreened_ = batch;
        break;
      }
      settle(batch);
    }
  }

  // The batch is released; audit it and halve it until what stays released passes.
  void settle(const std::vector<int>& batch) {
    if (budget_ <= 0) {
      for (int g : batch) restore(g);
      return;
    }
    --budget_;
    // A rule ② sum in combination shows without an audit (a second or so against a screen's few).
    if (combination_failures(p_, out_.x).empty() && audit().empty()) {
      out_.released += static_cast<long long>(batch.size());
      for (int g : batch) out_.reasons[static_cast<std::size_t>(g)] = Reason{};
      return;
    }
    for (int g : batch) restore(g);
    if (batch.size() == 1) return;
    const auto half = static_cast<std::ptrdiff_t>(batch.size() / 2);
    for (const auto& part : {std::vector<int>(batch.begin(), batch.begin() + half),
                             std::vector<int>(batch.begin() + half, batch.end())}) {
      std::vector<int> again;
      for (int g : part)
        if (releasable(g)) {
          release(g);
          again.push_back(g);
        }
      if (!again.empty()) settle(again);
    }
  }

  // Whether a cell of f's certificate, or of the relations around it (the cells repair() would
  // have taken), was suppressed after the audit that found f.
  bool stale(const Failure& f, const Pattern& audited) const {
    const auto changed = [&](int g) { return out_.x[static_cast<std::size_t>(g)] != audited[static_cast<std::size_t>(g)]; };
    if (std::any_of(f.certificate_groups.begin(), f.certificate_groups.end(), changed)) return true;
    if (f.group < 0) return false;
    for (int r : p_.relations_of[static_cast<std::size_t>(f.group)])
      for (int h : rel(r).groups) {
        if (changed(h)) return true;
        if (!out_.x[static_cast<std::size_t>(h)]) continue;
        for (int q : p_.relations_of[static_cast<std::size_t>(h)])
          if (std::any_of(rel(q).groups.begin(), rel(q).groups.end(), changed)) return true;
      }
    return false;
  }

  const Relation& rel(int r) const { return p_.relations[static_cast<std::size_t>(r)]; }
  bool open(int g) const { return !out_.x[static_cast<std::size_t>(g)] && p_.groups[static_cast<std::size_t>(g)].candidate(); }

  void enqueue(int r) {
    if (queued_[static_cast<std::size_t>(r)]) return;
    queued_[static_cast<std::size_t>(r)] = 1;
    queue_.push_back(r);
  }

  // The single suppressed group of a relation that matters (of a planned table), or -1.
  int lone_suppressed(int r) const {
    if (count_[static_cast<std::size_t>(r)] != 1) return -1;
    for (int g : rel(r).groups)
      if (out_.x[static_cast<std::size_t>(g)]) return p_.groups[static_cast<std::size_t>(g)].members.empty() ? -1 : g;
    return -1;
  }

  // A relation left with no open cell once its only suppressed cell is set.
  bool dead_end(int r, int except) const {
    if (count_[static_cast<std::size_t>(r)] != 0) return false;
    for (int g : rel(r).groups)
      if (g != except && open(g)) return false;
    return true;
  }

  // Cheapest candidate, counting relations it would leave with a single suppressed cell (more
  // work later) against those it closes. -1 when none.
  int pick(const std::vector<int>& cands, int fixing) const {
    int best = -1;
    bool best_dead = true;
    double best_score = std::numeric_limits<double>::infinity();
    for (int h : cands) {
      int opens = 0, closes = 0;
      bool dead = false;
      for (int r : p_.relations_of[static_cast<std::size_t>(h)]) {
        // Rule ② in combination: a cell that leaves a small remainder (a lone 3 joined by a 4)
        // opens work too; one that lifts a small remainder closes some.
        const int change = combinations_ ? remainder_change(p_, out_.x, r, h) : 0;
        if (r == fixing) {
          opens += change > 0;
          continue;
        }
        if (count_[static_cast<std::size_t>(r)] == 0) {
          ++opens;
          dead = dead || dead_end(r, h);
        } else if (change != 0) {
          ++(change > 0 ? opens : closes);
        } else if (lone_suppressed(r) >= 0) {
          ++closes;
        }
      }
      const double score = p_.groups[static_cast<std::size_t>(h)].cost * (1 + opens) / (1 + closes);
      if (best < 0 || (best_dead && !dead) || (best_dead == dead && score < best_score)) {
        best = h;
        best_dead = dead;
        best_score = score;
      }
    }
    return best;
  }

  // Open groups in the relations around g (ring 1), or around its suppressed neighbours (ring 2).
  std::vector<int> neighbours(int g, int ring) const {
    std::vector<int> centre{g}, out;
    if (ring == 2) {
      centre.clear();
      for (int r : p_.relations_of[static_cast<std::size_t>(g)])
        for (int h : rel(r).groups)
          if (h != g && out_.x[static_cast<std::size_t>(h)]) centre.push_back(h);
    }
    for (int c : centre)
      for (int r : p_.relations_of[static_cast<std::size_t>(c)])
        for (int h : rel(r).groups)
          if (open(h)) out.push_back(h);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Open groups whose cells share inner cells with g's first cell: in every dimension both
  // tables use, their leaf sets meet (dimensions one of them totals over always meet).
  std::vector<int> overlapping(int g) const {
    const Submission& s = *p_.sub;
    const Member& m = p_.groups[static_cast<std::size_t>(g)].members.front();
    const Table& t = s.tables[static_cast<std::size_t>(m.table)];
    const std::vector<int> codes = t.cell_codes(m.flat);
    std::vector<int> out;
    for (std::size_t h = 0; h < p_.groups.size(); ++h) {
      if (!open(static_cast<int>(h))) continue;
      const Member& n = p_.groups[h].members.front();
      const Table& u = s.tables[static_cast<std::size_t>(n.table)];
      const std::vector<int> other = u.cell_codes(n.flat);
      bool meet = true;
      for (std::size_t a = 0; a < t.dims.size() && meet; ++a)
        for (std::size_t b = 0; b < u.dims.size(); ++b) {
          const Dimension& d = s.dimensions[static_cast<std::size_t>(t.dims[a])];
          const Dimension& e = s.dimensions[static_cast<std::size_t>(u.dims[b])];
          if (!same_variable(d, e)) continue;  // groupings of one variable share their leaves
          const auto& x = d.leaves_under(codes[a]);
          const auto& y = e.leaves_under(other[b]);
          meet = std::any_of(x.begin(), x.end(), [&](int l) { return std::find(y.begin(), y.end(), l) != y.end(); });
        }
      if (meet) out.push_back(static_cast<int>(h));
    }
    return out;
  }

  void suppress(int g, Reason why) {
    out_.x[static_cast<std::size_t>(g)] = 1;
    out_.reasons[static_cast<std::size_t>(g)] = std::move(why);
    for (int r : p_.relations_of[static_cast<std::size_t>(g)]) {
      ++count_[static_cast<std::size_t>(r)];
      enqueue(r);
    }
  }

  bool releasable(int g) const {
    for (int r : p_.relations_of[static_cast<std::size_t>(g)]) {
      if (count_[static_cast<std::size_t>(r)] != 2) continue;
      for (int h : rel(r).groups)
        if (h != g && out_.x[static_cast<std::size_t>(h)] && !p_.groups[static_cast<std::size_t>(h)].members.empty())
          return false;
    }
    // Nor may publishing it leave a small remainder (rule ② in combination).
    if (!combinations_) return true;
    Remainder rem;
    for (int r : p_.relations_of[static_cast<std::size_t>(g)])
      if (relation_remainder(p_, out_.x, r, rem, g) && small_remainder(p_, rem)) return false;
    return true;
  }
  void release(int g) {
    out_.x[static_cast<std::size_t>(g)] = 0;
    for (int r : p_.relations_of[static_cast<std::size_t>(g)]) --count_[static_cast<std::size_t>(r)];
  }
  void restore(int g) {
    out_.x[static_cast<std::size_t>(g)] = 1;
    for (int r : p_.relations_of[static_cast<std::size_t>(g)]) ++count_[static_cast<std::size_t>(r)];
  }

  void conflict_relation(int r, int lone) {
    if (conflicted_[static_cast<std::size_t>(lone)]) return;
    conflicted_[static_cast<std::size_t>(lone)] = 1;
    ProtectConflict c;
    c.cells.push_back(p_.label(lone));
    std::string kept_ja, kept_en;
    for (int g : rel(r).groups) {
      if (g == lone) continue;
      c.cells.push_back(p_.label(g));
      const Group& G = p_.groups[static_cast<std::size_t>(g)];
      if (G.keep && kept_ja.empty()) {
        kept_ja = "（公表の指定: " + G.forced_where + "）";
        kept_en = " (forced: " + G.forced_where + ")";
      }
    }
    c.reason_ja = "「" + p_.label(lone) + "」を秘匿しても、同じ合計の他のセルがすべて公表を指定されているか既公表のため、差し引きで分かります" + kept_ja;
    c.reason_en = "'" + p_.label(lone) + "' would follow by subtraction: every other cell of the same total is forced to stay "
                  "published or was published earlier" + kept_en;
    out_.conflicts.push_back(std::move(c));
  }

  // The audit could not prove these cells safe (too many unknowns, or no settling point within
  // its budgets): hitoku never writes such a pattern. Names every cell concerned.
  void conflict_unproven(const std::vector<Failure>& failures) {
    ProtectConflict c;
    long long n = 0;
    for (const auto& f : failures)
      if (f.unproven || f.too_large) {
        ++n;
        c.cells.push_back(p_.label(f.group));
      }
    c.reason_ja = "差分監査が " + std::to_string(n) + " 個の秘匿セルの安全性を証明できません（連立する未知数が多い、または表の組が循環していて、監査の上限の中で厳密に検算できる証拠が得られません）。"
                  "表を分けるか小さくしてください";
    c.reason_en = "the differencing audit cannot prove " + std::to_string(n) +
                  " suppressed cells safe: within the audit's limits it found no exactly verified evidence (their linked system is large, or the tables form a cycle); split or shrink the tables";
    out_.conflicts.push_back(std::move(c));
  }

  void conflict_failure(const Failure& f) {
    if (f.group >= 0 && conflicted_[static_cast<std::size_t>(f.group)]) return;
    if (f.group >= 0) conflicted_[static_cast<std::size_t>(f.group)] = 1;
    out_.exhausted = true;
    const std::string who = f.group >= 0 ? p_.label(f.group) : f.hidden_label;
    ProtectConflict c;
    c.cells.push_back(who);
    for (int g : f.certificate_groups) c.cells.push_back(p_.label(g));
    c.reason_ja = "「" + who + "」を守るために秘匿できるセルがありません（公表の指定または既公表値のため）";
    c.reason_en = "no cell can be suppressed to protect '" + who +
                  "' (the cells it follows from are forced to stay published or were published earlier)";
    out_.conflicts.push_back(std::move(c));
  }

  const Problem& p_;
  const ProtectOptions& o_;
  Outcome out_;
  std::vector<int> count_;  // per relation: suppressed groups
  std::vector<char> queued_, conflicted_;
  const bool combinations_ = p_.sub->policy.small_combinations;
  std::deque<int> queue_;
  int budget_ = 0;
  AuditOptions screen_;     // o_.audit with relaxation_only
  bool screening_ = false;  // audit() screens (until a screen shows the set is not cyclic)
  bool screened_ = false;   // some audit of the loops was a screen: final_audit() must follow
  std::vector<int> unscreened_;  // the cleanup's last batch, released for the full audit to judge
  struct ScreenRecord {
    Pattern x;
    AuditRecord record;
  };
  std::optional<ScreenRecord> last_screen_;  // the last relaxation screen and its pattern
};

}  // namespace

Outcome run_greedy(const Problem& p, const ProtectOptions& options) { return Greedy(p, options).run(); }

}  // namespace hitoku::protection
