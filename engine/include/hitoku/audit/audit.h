#pragma once
// Rules ④⑤: can an attacker who sees every published cell (of this submission, and of earlier
// publications for ⑤) recover a suppressed cell, by subtraction or any other calculation?
// See docs/audit.md for the method and the attacker model.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

struct AuditResult;

// An audit of the same tables and values with another suppression pattern (hitoku protect's
// rounds and cleanup, a researcher's revised pattern). Cells suppressed in both must keep their
// status. Publishing less only widens the attacker's set: every cell proven safe there keeps its
// interval (as an inner interval) and is not solved again. When cells suppressed there are
// published here, a safe cell is carried only if the exact points that showed its two ends there
// (AuditEvidence) leave every newly published cell at its value, so they still lie in the
// attacker's set; and when nothing is suppressed here that was published there, the earlier
// outer bounds still contain the attacker's intervals and the relaxation is not run again.
// audit_cells throws std::invalid_argument when the tables or values do not match.
struct ProvenBefore {
  const Submission* submission = nullptr;  // both must outlive the audit
  const AuditResult* result = nullptr;
  bool include_earlier = false;            // as audited there (carried only when equal)
};

struct AuditOptions {
  bool integer_bounds = false;     // exact integer bounds (Cbc) where the LP optimum is fractional
  bool split_components = true;    // solve independent components separately (same results)
  bool screening = true;           // skip per-cell LPs already settled by observed points
  // With screening: exact integer moves (each verified against every published row) from exact
  // points settle cell ends and cells without a solve of their own (same results, fewer LPs).
  bool exact_moves = true;
  // Decomposable (acyclic) table sets are audited over the finest cells of each maximal table
  // (linked by their shared margins) instead of the inner cells: same results, far smaller LPs.
  bool table_space = true;
  // In table-cell space, certificates of recoverable cells are also searched there (links are
  // identities over inner cells) and then verified exactly over the inner cells; false builds
  // the inner-cell system for them instead (slow when the inner cells number millions).
  bool table_space_certificates = true;
  // Components with more unknowns than this get no per-cell LP (it would take too long): a few
  // solves from scratch sample feasible points instead. A cell seen at values at least 1 apart
  // is proven not recoverable (its interval is then an inner bound); the others are reported
  // as not proven safe, unless subtraction alone recovers them.
  long long max_lp_variables = 10000;
  // Cyclic sets (inner cells, with the relaxation's outer bounds): a component with more unknowns
  // than this takes the truth point's block LPs (step 8a) instead of per-cell LPs, whose warm
  // re-solves on these degenerate models cost 10-35 ms each -- when nothing would judge the exact
  // interval ends: no minimum width above 1 in the policy, no derived-value ranges, no
  // integer_bounds. Every verdict stays exact (recoverable or proven safe by exact points); the
  // cells then show an inner interval inside the relaxation's outer one. Without a truth point
  // the per-cell LPs run as before.
  long long cyclic_lp_variables = 3000;
  int large_samples = 8;                // at least this many sampling solves (fewer if all decided)
  // Work limits are counts, never seconds, so the same input gets the same verdicts on any
  // machine (docs/audit.md "Determinism"): each sampling solve (and each block LP) stops after
  // large_iterations_per_solve simplex iterations (it then adds no point; a Hyogo-scale
  // sampling solve takes 3,000-10,000).
  long long large_iterations_per_solve = 500000;
  // Further sampling solves, up to large_samples_max, while the previous one decided some cell;
  // then LPs of their own (min and max) for at most large_cell_lps cells still open.
  int large_samples_max = 64;
  int large_cell_lps = 64;
  // Components with more unknowns than this are not even sampled (one solve takes minutes):
  // only cells recovered by subtraction are decided, the others are not proven.
  long long max_sample_variables = 200000;
  // Sampled components of the inner cells start from the TRUTH POINT: an integer inner-cell
  // point that reproduces every table cell's true value, built slice by slice (docs/audit.md
  // step 8a). Around it, block LPs move only the inner cells of one block (medical areas, groups
  // of ages or sites) with the rest held at the truth; every point is verified exactly on the
  // whole component. Blocks hold at most block_cells inner cells, then block_cells_wide for
  // the cells still open; full solves follow only for cells the blocks left open.
  bool truth_point = true;
  long long block_cells = 3000, block_cells_wide = 6000;
  // Where one area (the inner space's slot with the most atoms: municipalities) holds few inner
  // cells, blocks hold fewer: block_areas areas' cells, but never under a quarter of the limit.
  long long block_areas = 6;
  // Block points are re-checked from the component's rows through the block (always) and, in
  // components of at most this many variables, once more as whole points (a cross-check).
  long long block_whole_check_variables = 200000;
  // Once few cells are open after a partition: one block of all their inner cells (a cell traded
  // against a far one: two prefectures, two sites), and at the end each with its siblings (the
  // suppressed cells inside a published row through it, two steps out). Off: partitions only.
  bool open_cell_blocks = true;
  // Once at most 128 cells are open (partitions stop then): for each, a block grown by column
  // generation from its own inner cells, the outside cells whose LP reduced costs say they would
  // let it move joining the block, until it moves a whole unit (docs/audit.md step 8b).
  bool grown_blocks = true;
  // Cyclic table sets (e.g. area×site, area×age, site×age): first audit a table-cell
  // RELAXATION (pairwise-consistent margins of the maximal tables; docs/audit.md step 0). Its
  // intervals contain the attacker's (outer bounds): a cell it pins to one value is recoverable,
  // and every cell gets an outer interval, but it never proves a cell safe -- that still needs
  // the inner cells. Relaxation components with more unknowns than max_relaxation_variables get
  // no LP: their outer interval is the trivial one (0 or the known range up to the smallest
  // published cell covering the cell).
  bool cyclic_relaxation = true;
  long long max_relaxation_variables = 20000;
  // ... and components whose per-cell LPs would cost more than this many (variables × cells to
  // bound): each of the cells' two warm re-solves works over the whole component, so a component
  // just under the variable limit with tens of thousands of cells took 170-190 s of CPU (Japan
  // 10 × 6 in protect) against 1.3 s for Hyogo's largest (1,377 variables × 3,561 cells over 3
  // components, about 9 million). Such components get the trivial outer interval too.
  long long max_relaxation_work = 50'000'000;
  // Opt-in: a relaxation component over that limit is relaxed further -- published rows and
  // links with many unknowns (national totals) are dropped until it falls apart into pieces
  // within the limit -- and those pieces get per-cell LPs (outer bounds still; tighter than the
  // trivial ones) for at most relaxation_split_lp_solves LP solves in all.
  bool relaxation_split = false;
  long long relaxation_split_lp_solves = 20000;
  // A fast screen (e.g. for `hitoku protect`): for cyclic sets run only the relaxation. Cells it
  // pins are recoverable; every other cell is *not proven* (never safe), with its outer interval
  // in lower/upper and outer_lower/outer_upper. Decomposable sets are audited as usual (their
  // table-cell space is exact). Certificates are still searched for recoverable cells.
  bool relaxation_only = false;
  std::function<void(const std::string&, long long, long long)> progress;
  ProvenBefore proven_before;  // optional (submission == nullptr: none)
  // Keep the truth point's block points in AuditResult::evidence, so that an audit of a pattern
  // with cells published again can carry this one's safe cells (proven_before). Off by default:
  // at national scale the points take memory that a single audit does not need.
  bool keep_evidence = false;
  // audit_differencing: also judge the suppressed cells of earlier publications (rule ⑤: this
  // submission must not give them away). Off for hypothetical re-audits.
  bool judge_earlier_suppressed = true;
};

inline constexpr long long kUnbounded = std::numeric_limits<long long>::max();

// One suppressed cell of a planned table, as the attacker sees it.
struct CellAudit {
  int table = -1;             // index into Submission::tables
  std::size_t flat = 0;       // cell index in the table
  long long lower = 0, upper = 0;  // integer attacker interval; upper == kUnbounded if unbounded
  bool recoverable = false;        // the interval holds one value
  bool linear = false;             // recoverable as a linear combination of published cells
  bool uses_nonnegativity = false; // the proof needs "no count is negative"
  bool exact = false;              // both ends attained by integer completions (proven)
  bool unproven = false;           // no proof either way (solver trouble, contradictory
                                   // published values, or too large): treated as not safe
  bool too_large = false;          // unproven because its component exceeded max_lp_variables
  bool inner_bound = false;        // the attacker interval contains [lower, upper]; its ends are
                                   // not proven (large components): narrowness is judged on it
  // Cyclic sets: [outer_lower, outer_upper] contains the attacker interval (table-cell
  // relaxation; outer_upper == kUnbounded if unbounded). When both ends of [lower, upper] are
  // exact the two agree; with inner_bound the true ends lie between the two intervals.
  bool outer_bound = false;
  long long outer_lower = 0, outer_upper = 0;
  // Any set, with inner_bound: the component's own outer ends (LP or Cbc optima rounded outward),
  // intersected with the relaxation's when both are known; outer_lower/upper hold them. Kept apart
  // from outer_bound, which says a relaxation ran (re-audits carry only those).
  bool own_outer = false;
  bool recoverable_by_relaxation = false;  // pinned by the relaxation (no inner-cell solve)
  std::vector<CertificateTerm> certificate;  // published cells that give the value away
  long long certificate_divisor = 1;         // value = sum(coefficient * cell) / divisor
  std::vector<CertificateTerm> zero_cells;   // cells published as 0 the proof relies on
};

struct AuditStats {
  long long tables = 0, cells = 0, published_rows = 0, suppressed = 0;
  long long inner_cells = 0, fixed_inner = 0, variables = 0, residual_rows = 0;
  long long table_space_cells = 0;   // unknowns of the table-cell space (0: inner cells used);
                                     // fixed_inner then counts fixed table cells
  long long components = 0, largest_component = 0;
  long long lp_solves = 0;      // LP optimisations from a fresh model
  long long lp_resolves = 0;    // warm-started re-optimisations (objective changed only)
  long long lp_bases_kept = 0;  // ends whose last basis was already optimal: read off, not re-solved
  long long dual_settled = 0;   // ends an earlier LP's dual bounds where an exact point reaches: no LP
  long long screened = 0;       // cell bounds settled without an LP of their own
  long long mip_solves = 0;
  long long mip_limits = 0;  // of them, out of nodes: the end kept the proven bound (an outer end)
  long long certificate_searches = 0;
  long long sampled_components = 0;  // over max_lp_variables: sampled, no per-cell LP
  long long skipped_components = 0;  // over max_sample_variables: no LP at all
  // Safe verdicts rest on exact points (docs/audit.md, "Exactness"): solver points verified in
  // exact arithmetic (integral, or rational over a small denominator), those rejected, exact
  // integer moves applied, and cell ends / cells they settled without a solve of their own.
  long long exact_points_integral = 0, exact_points_fractional = 0, rejected_points = 0;
  // Exact rational points whose common denominator exceeds 64 bits (cyclic 3-way margins): they
  // prove the cell values they show; moves and local LPs do not start from them.
  long long exact_points_big = 0;
  long long moves = 0, move_screened = 0;
  long long local_repaired = 0;  // cells proven by an exact local LP around them (large components)
  bool truth_point = false;      // an integer point of the true table values was built (step 8a)
  long long block_lp_solves = 0; // block LPs around it
  long long block_settled = 0;   // cells proven by block LPs
  long long carried_safe = 0;    // cells proven safe by AuditOptions::proven_before, not solved again
  long long carried_outer = 0;   // cells whose outer bounds came from it (the relaxation not run)
  // Relaxation of a cyclic set (0 when not run).
  long long relaxation_cells = 0;        // table-cell unknowns
  long long relaxation_variables = 0;    // after reduction and merging
  long long relaxation_components = 0, relaxation_largest = 0;
  long long relaxation_lp_solves = 0, relaxation_lp_resolves = 0, relaxation_screened = 0;
  long long relaxation_lp_bases_kept = 0, relaxation_dual_settled = 0;
  long long relaxation_trivial = 0;      // components over max_relaxation_variables or _work (no LP)
  long long relaxation_split_pieces = 0; // pieces of those solved after dropping long rows
  long long relaxation_lp_cells = 0;     // cells whose outer interval comes from LPs
  long long relaxation_recoverable = 0;  // cells pinned by the relaxation
  long long relaxation_exact = 0;        // inner bounds meeting the outer bounds: exact ends
  double relaxation_seconds = 0;
  // CPU seconds of the threads that build the relaxation and the truth point with its partitions
  // (both run beside the main thread; figures for benchmarks, never a work limit).
  double relaxation_cpu_seconds = 0, truth_cpu_seconds = 0;
};

// One audit over a chosen set of published tables.
// Exact points of the attacker's set, kept so that an audit of a changed pattern can tell which of
// them still lie in its set (AuditOptions::proven_before): the truth point's block points (the
// truth point is an inner-cell point with every table cell at its true value; a block point
// changes the cells of one block). Each is kept as its change to every suppressed cell of the
// planned tables. Points from other stages are not kept.
struct EvidencePoint {
  std::int64_t den = 1;
  struct Change {
    int table = -1;
    std::size_t flat = 0;
    std::int64_t num = 0;  // the cell's value there minus its true value, times den (never 0)
  };
  std::vector<Change> changes;  // every suppressed cell of the planned tables it changes
};

struct AuditEvidence {
  std::vector<EvidencePoint> points;
};

struct AuditResult {
  std::vector<CellAudit> cells;  // every suppressed cell of every planned table, in table order
  std::shared_ptr<const AuditEvidence> evidence;  // AuditOptions::keep_evidence; else absent
  AuditStats stats;
  std::vector<std::string> inconsistencies;  // published values that cannot all hold (English)
};

// Audits with the published cells of the planned tables only (include_earlier = false) or also
// with those of earlier publications (include_earlier = true).
AuditResult audit_cells(const Submission& submission, bool include_earlier, const AuditOptions& options = {});

struct DifferencingOutput {
  RuleOutput rule4;  // recoverable (or too narrow) from this submission's own tables
  RuleOutput rule5;  // only together with earlier publications
  // Per entry of rule4.audit (whose intervals include earlier publications): the interval proven
  // from this submission's tables alone, none where that audit withholds it (recoverable or not
  // proven). Tells rule ⑤ from ④ for checks made on the intervals afterwards.
  std::vector<std::optional<Interval>> own_intervals;
  AuditStats stats;  // of the audit including earlier publications
};

DifferencingOutput audit_differencing(const Submission& submission, const AuditOptions& options = {});

// The attacker's integer interval of a sum of suppressed cells of the planned tables (rule ② in
// combination, where a derived value's rounding ties cells together): over the whole system of the
// planned tables (and the earlier publications with include_earlier), each component holding a sum
// solved with exact integer bounds (Cbc, as for a derived value's rows). `pinned` is proven (outer
// ends, rounded outward, holding one value); `checked` is false when the sum's component has more than
// max_variables unknowns or a cell is no suppressed cell of a planned table (then nothing is claimed).
struct SumBound {
  bool checked = false, pinned = false;
  long long lower = 0, upper = 0;  // outer ends when checked
};
using CellSum = std::vector<std::pair<int, std::size_t>>;  // (table, flat) of suppressed cells, disjoint
std::vector<SumBound> bound_sums(const Submission& submission, bool include_earlier, const std::vector<CellSum>& sums,
                                 long long max_variables = 10000);

// Rule ⑤'s earlier secrets (audit_differencing and protect): per table, 1 for an earlier publication
// with suppressed cells, whose hidden counts are secrets to judge (empty: none); the submission with
// those tables as planned ones; and the earlier publications alone, those tables as planned ones.
std::vector<char> earlier_secret_tables(const Submission& submission);
Submission with_earlier_secrets(const Submission& submission, const std::vector<char>& secret);
Submission earlier_publications_alone(const Submission& submission, const std::vector<char>& secret);

}  // namespace hitoku
