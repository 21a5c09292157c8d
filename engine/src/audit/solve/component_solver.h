#pragma once
// Attacker intervals of the objectives of one component: LP (Clp) with screening, and exact
// integer bounds (Cbc) on request.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/exact/exact_point.h"
#include "audit/system/reduced_system.h"
#include "hitoku/audit/audit.h"

namespace hitoku::audit {

struct ObjectiveBounds {
  std::int64_t lower = 0, upper = 0;  // integer interval of the cell (constant included)
  bool unbounded = false;             // no published cell bounds it from above
  bool integral = false;              // both ends attained by integer completions (exact)
  bool failed = false;                // the solver gave no proof: treat as not safe
  bool too_large = false;             // too large for per-cell LPs, and sampling could not tell
  bool inner = false;                 // [lower, upper] is only known to lie inside the interval
  bool infeasible = false;            // the published values contradict each other
  // The outer ends alone (LP optima rounded outward, trivial or Cbc bounds), when both are
  // known: what a relaxation may claim (it never proves a cell safe).
  bool outer = false, outer_unbounded = false;
  std::int64_t outer_lower = 0, outer_upper = 0;
  // Safe verdicts rest on exact points only: [lower, upper] is attained by feasible points
  // verified in exact arithmetic (or the cell is recoverable, failed, or infeasible). An end
  // that no exact point reached is replaced by what exact points showed, and inner is set.
};

struct SolveCounters {
  long long lp_solves = 0, lp_resolves = 0, screened = 0, mip_solves = 0;
  long long mip_limits = 0;  // Cbc solves that ran out of nodes
  long long lp_bases_kept = 0;  // ends read off the last basis, already optimal for them (no re-solve)
  long long dual_settled = 0;   // ends an earlier LP's dual bounds where an exact point reaches (no LP)
  // Solver points turned into exact points (integral, or rational with a denominator > 1), and
  // those no small denominator made exact (they prove nothing).
  long long points_integral = 0, points_fractional = 0, points_rejected = 0;
  long long points_big = 0;  // exact, denominator beyond 64 bits: only their values are kept

  long long local_repaired = 0;  // cells proven by a local LP around them (large components)
  long long block_lp_solves = 0, block_settled = 0;  // block LPs around the truth point
  long long moves = 0;          // exact integer moves applied (each verified against every row)
  long long move_screened = 0;  // cell ends (small components) or cells (large) settled by moves
};

struct ComponentSpec {
  std::vector<int> vars, rows, objectives;  // global indices into the reduced system
  std::vector<int> ranges;                  // derived values' rows (ReducedSystem::ranges)
  // Objectives not bounded here (carried from an earlier audit, pinned by the relaxation) whose
  // known range still binds the others: the attacker knows it whether or not the cell is judged.
  std::vector<int> known;
};

// How a cell's interval is reported (the rule of docs/audit.md, "Exactness: what decides").
// Outer ends come from LP optima (rounded outward), trivial bounds or Cbc optima; evidence is
// the least and greatest value of the cell over exact feasible points. Outer ends pinned to one
// value make the cell recoverable (alarm side, no evidence needed). Otherwise an end is
// reported only where exact points reach it; else what they showed (inner). A cell whose exact
// points are not one integer apart, or that has none, is failed: never safe.
struct OuterEnds {
  bool lo_outer = false, hi_outer = false;  // lo / hi are proven outer ends
  double lo = 0, hi = 0;
  bool unbounded = false;                   // the LP found no upper end
};
struct Evidence {
  bool seen = false;
  Fraction lo, hi;      // over exact points, cell constant excluded
  bool ray_up = false;  // an exact ray raises the cell without limit
};
void judge_ends(const OuterEnds& e, const Evidence& ev, std::int64_t constant, bool lo_int, bool hi_int,
                ObjectiveBounds& b);

// A sampled component's start from the truth point (truth_point.h) and the blocks moved around
// it (docs/audit.md step 8a).
struct TruthBlocks {
  const std::vector<std::int64_t>* truth = nullptr;            // one value per variable
  const std::vector<std::vector<int>>* partitions = nullptr;   // per partition, a block id per variable
  std::size_t narrow_partitions = 0;  // the first partitions (of block_cells); the wide ones follow
  long long whole_check_variables = 200000;  // block points re-checked as whole points up to this size
  bool open_cell_blocks = true;              // blocks built around the cells partitions leave open
  bool grown_blocks = true;                  // blocks grown by column generation (step 8b)
  // Called as AuditOptions::progress after each stage of blocks ("audit: partition blocks", ...)
  // with the component's cells proven so far and all its cells.
  std::function<void(const std::string&, long long, long long)> progress;
};

// How one component is solved (the stages of docs/audit.md; solve/component_stages.h).
// Where exact points are kept (AuditEvidence): per variable of the system, the objectives through
// it (all of them: a point's change to a cell solved elsewhere matters as much when that cell is
// published later), and the points.
struct EvidenceSink {
  std::vector<std::vector<int>> objectives_of_var;
  AuditEvidence out;
};

struct ComponentSettings {
  bool screening = true;        // trivial ends and two joint solves settle cells before per-cell LPs
  bool integer_bounds = false;  // Cbc bounds for ends no integral exact point attains
  bool moves = true;            // exact integer moves from the exact points found
  // With sample_only, no per-cell LP: a few solves (at most samples_max, each limited to
  // iterations_per_solve simplex iterations; `samples` of them whatever they decide), then LPs
  // of their own for at most cell_lps cells still open, give feasible points and inner intervals.
  bool sample_only = false;
  int samples = 0, samples_max = 0, cell_lps = 0;
  long long iterations_per_solve = 0;
  const TruthBlocks* truth_blocks = nullptr;  // sampled components: the truth point and its blocks
  // Sampled components: per objective of the component, whether it is decided elsewhere (pinned by
  // the relaxation); asked once the blocks are done, before any full solve.
  const std::function<std::vector<char>(const std::vector<int>&)>* settled_elsewhere = nullptr;
  EvidenceSink* evidence = nullptr;  // keeps the truth point's block points (AuditEvidence)
};

// Fills out[o] for every objective o of the component. scratch_local has one entry per variable of
// the system, all -1 (left so). Every limit is a count: the same input gives the same verdicts on
// any machine.
void solve_component(const ReducedSystem& sys, const ComponentSpec& comp, const ComponentSettings& settings,
                     std::vector<int>& scratch_local, std::vector<ObjectiveBounds>& out, SolveCounters& counters);

}  // namespace hitoku::audit
