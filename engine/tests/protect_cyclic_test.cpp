// hitoku protect on cyclic table sets (area×sex, area×age, sex×age): the greedy's loops audit
// with the relaxation screen (AuditOptions::relaxation_only), and the final pattern must pass the
// full audit -- checked here against the full audit itself and an independent brute force, and
// against the optimum of --method optimal. The final gate is exercised with a screen weakened on
// purpose, and with a full audit that can prove nothing.
#include <doctest/doctest.h>

#include <random>

#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"
#include "hitoku/protect/protect.h"

using namespace hitoku;
using hitoku::testing::World;
using hitoku::testing::make_dimension;

namespace {

// Three linked 2-D margins of one area×sex×age array (a cyclic set), optionally with an area
// hierarchy. Small counts 1..3, others 4..7 (keeps the brute force quick). `strict`: the
// attacker knows the 1..3 range of primary cells and intervals narrower than 2 fail.
World cyclic_world(std::mt19937& rng, bool hierarchy, bool strict = false) {
  World w;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  if (hierarchy)
    w.sub.dimensions.push_back(
        make_dimension("area", {{"T", ""}, {"R1", "T"}, {"R2", "T"}, {"a1", "R1"}, {"a2", "R1"}, {"a3", "R2"}}));
  else
    w.sub.dimensions.push_back(make_dimension("area", {{"T", ""}, {"a1", "T"}, {"a2", "T"}, {"a3", "T"}}));
  w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.dimensions.push_back(make_dimension("age", {{"T", ""}, {"y", "T"}, {"o", "T"}}));
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  if (strict) {
    w.sub.policy.attacker_knows_small_range = true;
    w.sub.policy.narrow_interval = NarrowIntervalAction::Fail;
    w.sub.policy.min_interval_width = 2;
  }
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) {
    const int kind = pick(0, 9);  // strict: some zeros too (nonnegativity pins more cells)
    v = strict && kind < 3 ? 0 : kind < 6 ? pick(1, 3) : pick(4, 7);
  }
  w.add_table("t1", {0, 1});
  w.add_table("t2", {0, 2});
  w.add_table("t3", {1, 2});
  return w;
}

// The full audit (default options, earlier publications included) passes every suppressed cell
// (not recoverable, proven, and as wide as the policy asks when it says fail).
bool full_audit_passes(const Submission& s) {
  const Policy& p = s.policy;
  for (const auto& c : audit_cells(s, true).cells) {
    if (c.recoverable || c.unproven) return false;
    if (p.narrow_interval == NarrowIntervalAction::Fail && c.upper != kUnbounded && c.upper - c.lower < p.min_interval_width)
      return false;
  }
  return true;
}

// Every small count suppressed; no suppressed cell pinned over all nonnegative integer
// completions (brute force, independent of the engine); the full audit passes.
void check_safe(const World& original, const Submission& out) {
  for (const auto& t : out.tables)
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (t.value[f] >= out.policy.small_min && t.value[f] <= out.policy.small_max) CHECK(is_suppressed(t.status[f]));
  World w = original;
  w.sub = out;
  for (const auto& r : hitoku::testing::brute_force(w, true)) CHECK(r.min < r.max);
  CHECK(full_audit_passes(out));
}

bool same_statuses(const Submission& a, const Submission& b) {
  for (std::size_t t = 0; t < a.tables.size(); ++t)
    if (a.tables[t].status != b.tables[t].status) return false;
  return true;
}

}  // namespace

TEST_CASE("protect on cyclic sets: the screened greedy passes the full audit and a brute force, near the optimum") {
  std::mt19937 rng(2026);
  long long greedy_total = 0, optimal_total = 0, unscreened_total = 0, screens = 0, released = 0;
  long long strict_greedy = 0, strict_optimal = 0, strict_unscreened = 0;
  int impossible = 0, only_screened = 0, strict_unproven = 0;
  for (int i = 0; i < 24; ++i) {
    const bool strict = i >= 8;
    const World w = cyclic_world(rng, i % 2 == 1, strict);
    CAPTURE(i);
    // The greedy itself (no exact polish), screened and unscreened.
    ProtectOptions screened;
    screened.polish_max_groups = 0;
    ProtectOptions full = screened;
    full.screen_cyclic = false;  // every audit a full one, as before the screen
    const ProtectResult u = protect(w.sub, full);
    CHECK(u.stats.screen_audits == 0);
    const ProtectResult g = protect(w.sub, screened);
    if (!u.ok) {
      // Some strict sets get no pattern from the unscreened greedy (cells pinned by zeros and the
      // known range, with nothing left to hide around them). The screened greedy's final repair
      // may look further (any cell overlapping the failing one); what it hands back must be safe.
      ++impossible;
      if (g.ok) {
        ++only_screened;
        check_safe(w, g.submission);
      }
      continue;
    }
    REQUIRE(g.ok);
    check_safe(w, g.submission);
    check_safe(w, u.submission);
    CHECK(g.stats.screen_audits > 0);  // the loops did screen (the set is cyclic)
    screens += g.stats.screen_audits;
    released += g.stats.cleanup_released;  // the last batch is judged by the full audit alone

    ProtectOptions o;
    o.method = ProtectMethod::Optimal;
    // A strict set may need more rounds of covers than a test can wait for (set 19: 118 rounds in
    // 60 s, lower bound 27.03 against 28); there the best pattern found is checked, not its optimality.
    if (strict) o.time_limit_seconds = 10;
    const ProtectResult opt = protect(w.sub, o);
    REQUIRE(opt.ok);
    if (strict && !opt.stats.proven_optimal) {
      ++strict_unproven;
      CHECK(opt.stats.lower_bound <= opt.stats.cost + 1e-6);
    } else {
      REQUIRE(opt.stats.proven_optimal);
    }
    check_safe(w, opt.submission);
    const long long added_g = g.stats.secondary, added_o = opt.stats.secondary;
    CHECK(added_o <= added_g);
    if (strict) {
      // Known ranges, a minimum width and zeros: the greedy is often far from the optimum here
      // (with or without the screen); reported, not bounded (docs/protect.md, open points).
      strict_greedy += added_g;
      strict_optimal += added_o;
      strict_unscreened += u.stats.secondary;
      continue;
    }
    CHECK(static_cast<double>(added_g) <= 1.5 * static_cast<double>(added_o) + 1.0);  // docs/protect.md
    greedy_total += added_g;
    optimal_total += added_o;
    unscreened_total += u.stats.secondary;
  }
  MESSAGE("secondary cells on 8 plain cyclic sets: screened greedy " << greedy_total << ", unscreened greedy "
                                                                     << unscreened_total << ", optimal " << optimal_total
                                                                     << "; screens " << screens);
  MESSAGE("on " << 16 - impossible << " strict sets: screened greedy " << strict_greedy << ", unscreened "
                << strict_unscreened << ", optimal " << strict_optimal << "; " << impossible
                << " more without an unscreened pattern, of which the screened greedy protected " << only_screened
                << "; optimality not proven within 10 s on " << strict_unproven);
  CHECK(static_cast<double>(greedy_total) <= 1.5 * static_cast<double>(optimal_total));
  CHECK(impossible < 8);
  CHECK(released > 0);  // cleanup did publish cells again, and those patterns passed check_safe
}

TEST_CASE("protect on cyclic sets: a pattern the screen lets through is handed back only if the full audit passes it") {
  // A screen weakened on purpose: relaxation components over 0 unknowns get trivial outer bounds
  // only, so the screen pins (almost) nothing and the loops stop once the relations are closed.
  // Whatever the screen misses, the final full audit must catch.
  std::mt19937 rng(31);
  int gated = 0, refused = 0, stuck = 0, rerun = 0;
  for (int i = 0; i < 16; ++i) {
    const World w = cyclic_world(rng, i % 2 == 0, true);
    CAPTURE(i);
    ProtectOptions weak;
    weak.polish_max_groups = 0;  // the greedy's own final gate
    weak.audit.max_relaxation_variables = 0;
    weak.final_audit_rounds = 0;  // no repair after the final audit: reject or pass as it stands
    const ProtectResult once = protect(w.sub, weak);
    if (once.ok) {
      CHECK(once.stats.final_repairs == 0);
      check_safe(w, once.submission);
    } else {
      ++refused;  // the final audit rejected the screened pattern: nothing handed back
      CHECK(once.changes.empty());
    }
    weak.final_audit_rounds = 4;
    const ProtectResult repaired = protect(w.sub, weak);
    if (!repaired.ok) {
      // The repair found nothing more to hide (a heuristic: it looks only at the certificate, the
      // relations around the failing cell and cells overlapping it); nothing is handed back, and
      // protect says why.
      ++stuck;
      CHECK_FALSE(once.ok);
      CHECK(repaired.changes.empty());
      CHECK_FALSE(repaired.conflicts.empty());
      continue;
    }
    check_safe(w, repaired.submission);
    if (repaired.stats.unscreened_rerun) {
      // The screened path ran out of cells to suppress; a greedy auditing in full found a pattern.
      ++rerun;
      CHECK_FALSE(once.ok);
      CHECK(repaired.stats.final_repairs == 0);
    } else if (repaired.stats.final_repairs > 0) {
      ++gated;
      CHECK_FALSE(once.ok);  // the same screened pattern, which the full audit rejected
    }
  }
  MESSAGE("final audit rejected the screened pattern in " << refused << " of 16 sets; repaired in " << gated
                                                            << ", by a greedy auditing in full in " << rerun
                                                            << ", no pattern in " << stuck);
  CHECK(gated > 0);  // the gate had work to do, so this test shows it working
  CHECK(gated + rerun + stuck == refused);
}

TEST_CASE("protect on cyclic sets: cells the full audit cannot prove stop protect, named") {
  // A full audit that proves nothing beyond subtraction (no LP, no sampling, no truth point):
  // no pattern may be handed back, however clean the screen.
  std::mt19937 rng(5);
  const World w = cyclic_world(rng, false);
  ProtectOptions o;
  o.audit.max_lp_variables = 0;
  o.audit.max_sample_variables = 0;
  o.audit.truth_point = false;
  const ProtectResult r = protect(w.sub, o);
  CHECK_FALSE(r.ok);
  REQUIRE_FALSE(r.conflicts.empty());
  const auto& c = r.conflicts.back();
  CHECK(c.reason_en.find("cannot prove") != std::string::npos);
  CHECK(c.reason_ja.find("証明できません") != std::string::npos);
  CHECK_FALSE(c.cells.empty());
  for (const auto& label : c.cells) CHECK(label.rfind("t", 0) == 0);  // "t1: a1 × m" style labels
  CHECK(r.stats.audits >= 2);  // the same pattern was re-audited with a larger sampling budget first
}

TEST_CASE("protect on cyclic sets: deterministic, decomposable sets are not screened") {
  std::mt19937 rng(8);
  const World w = cyclic_world(rng, true);
  const ProtectResult a = protect(w.sub), b = protect(w.sub);
  REQUIRE(a.ok);
  REQUIRE(b.ok);
  CHECK(same_statuses(a.submission, b.submission));
  CHECK(a.stats.screen_audits == b.stats.screen_audits);
  CHECK(a.stats.audits == b.stats.audits);

  // area×sex and sex×age: decomposable, so the screen would be the full audit itself.
  World chain = cyclic_world(rng, false);
  chain.sub.tables.pop_back();
  chain.sub.tables.erase(chain.sub.tables.begin() + 1);  // keep t1 (area×sex)
  chain.add_table("t3", {1, 2});                          // and sex×age
  const ProtectResult s = protect(chain.sub);
  ProtectOptions off;
  off.screen_cyclic = false;
  const ProtectResult u = protect(chain.sub, off);
  REQUIRE(s.ok);
  REQUIRE(u.ok);
  CHECK(s.stats.screen_audits == 0);
  CHECK(s.stats.audits == u.stats.audits);
  CHECK(same_statuses(s.submission, u.submission));
  check_safe(chain, s.submission);
}
