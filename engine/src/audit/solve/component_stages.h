#pragma once
// The solver of one component (internal to solve/): its state and one method per stage.
//   component_model.cpp     the LP (Clp) and the exact system of the component
//   component_evidence.cpp  exact points, moves and rays: what the cells' intervals rest on
//   component_full.cpp      small components: screening, per-cell LPs, Cbc bounds
//   component_sampled.cpp   large components: rounds of two solves, own LPs, local repair
//   component_blocks.cpp    large components: block LPs around the truth point (step 8a)
//   component_open_cells.cpp  blocks around the cells still open, grown blocks (steps 8a, 8b)
// Stages run one after another in a fixed order, so the same input gives the same verdicts.
#include <coin/ClpSimplex.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "audit/exact/exact_point.h"
#include "audit/solve/block_system.h"
#include "audit/solve/component_solver.h"
#include "audit/solve/dual_bounds.h"
#include "audit/solve/grown_block.h"

namespace hitoku::audit {

class ComponentSolver {
 public:
  ComponentSolver(const ReducedSystem& sys, const ComponentSpec& comp, const ComponentSettings& settings,
                  std::vector<int>& local, SolveCounters& counters);
  ~ComponentSolver();
  ComponentSolver(const ComponentSolver&) = delete;
  ComponentSolver& operator=(const ComponentSolver&) = delete;

  // Fills out[o] for every objective o of the component.
  void solve(std::vector<ObjectiveBounds>& out);

 private:
  // A solve from scratch of the component's LP (sampled components).
  struct Point {
    int status = -1;
    double value = 0;
    std::vector<double> x;
  };

  // component_model.cpp
  std::vector<int> lp_columns(const std::vector<int>& terms);
  void map_columns();
  void build_model();
  void add_row(const std::vector<int>& lc, double lo, double hi);
  struct VariableBounds {  // per local variable; hi kNoBound: none
    std::vector<std::int64_t> lo, hi;
    // Per residual row of the component (comp_.rows order; links left at 0): the sums of its
    // variables' bounds (128 bits: on contradictory input they can pass 64), and how many have no
    // upper bound.
    std::vector<Wide128> row_lo, row_hi;
    std::vector<int> row_open;
  };
  static constexpr std::int64_t kNoBound = std::numeric_limits<std::int64_t>::max();
  VariableBounds propagated_bounds() const;
  void find_trivial_bounds();
  void tighten_by_row(std::size_t i, int r, const VariableBounds& vb);
  void build_exact_system();
  void add_derived_rows();
  void add_known_ranges();  // ComponentSpec::known: their known ranges, LP rows and exact ranges  // published derived values over several cells: LP rows and exact ranges
  const Objective& objective(std::size_t i) const;

  // component_evidence.cpp
  void note_range(std::size_t i, Fraction at_most, Fraction at_least, bool integral);
  void note(std::size_t i, Fraction v, bool integral) { note_range(i, v, v, integral); }
  void record(const ExactPoint& p);
  void record_big(const BigPoint& p);
  void build_lifted();
  std::optional<ExactPoint> lifted_point(const double* x, BigPoint* big);
  bool observe(const double* x);
  bool trivial_lo_reached(std::size_t i) const;
  bool trivial_hi_reached(std::size_t i) const;
  bool width_proven(std::size_t i) const;
  bool undecided(std::size_t i) const;
  std::vector<std::pair<int, std::int64_t>> effects_of(const Move& d, int dir) const;
  void big_moves(const std::vector<Move>& moves);
  void try_moves(std::size_t i);
  void finish(std::size_t i, const OuterEnds& e, ObjectiveBounds& b, bool lo_int, bool hi_int) const;

  // component_full.cpp
  int optimise(const std::vector<int>& c, double sense, double& value);
  bool basis_still_optimal(int col, double sense);
  bool exact_ray(std::size_t i);
  void solve_full(std::vector<ObjectiveBounds>& out);
  bool report_fixed(std::size_t i, ObjectiveBounds& b, bool with_outer) const;
  void screen_all();
  void solve_cell_full(std::size_t i, ObjectiveBounds& b);
  bool dual_settles(std::size_t i, double sense, double& end);
  bool lo_attained(std::size_t i, const OuterEnds& e) const;
  bool int_at_seen_lo(std::size_t i) const;
  bool int_at_seen_hi(std::size_t i) const;
  bool hi_attained(std::size_t i, const OuterEnds& e) const;

  // component_sampled.cpp
  void solve_sampled(std::vector<ObjectiveBounds>& out);
  Point solve_fresh(const std::vector<double>& w, double sense) const;
  // Loads m with cost w into a fresh, silent Clp model and solves it from scratch.
  // Clp chooses the method unless told (ClpSolve::automatic); block LPs use the primal simplex.
  static void solve_from_scratch(ClpSimplex& one, const Model& m, const std::vector<double>& w, double sense,
                                 int max_iterations, ClpSolve::SolveType method = ClpSolve::automatic);
  std::pair<Point, Point> solve_two(const std::vector<double>& w1, double s1, const std::vector<double>& w2,
                                    double s2);
  std::vector<double> cut_signs(std::vector<int> order);
  void sample_rounds();
  void own_cell_lps(std::vector<double>& lp_lo, std::vector<double>& lp_hi);
  void repair_open_cells();
  void local_repair(std::size_t i, std::size_t long_row);
  void repair_from(std::size_t i, const ExactPoint& base, const std::vector<int>& pos, const std::vector<int>& vars,
                   const std::vector<int>& near_rows, const std::vector<int>& near_ranges);
  void report_sampled(std::vector<ObjectiveBounds>& out, const std::vector<double>& lp_lo,
                      const std::vector<double>& lp_hi);

  // component_blocks.cpp
  void start_from_truth();
  void truth_blocks();
  long long open_count() const;
  void stage(const char* what) const;
  std::vector<int> open_in_block(const std::vector<int>& vars) const;
  std::vector<int> still_pushed(const std::vector<int>& open_before) const;
  // How a block pushes its open cells: all down only; all down and all up at once (two threads);
  // that, then also apart (cut signs). The first partition uses the first, the others the second
  // (docs/audit.md step 8a).
  enum class BlockPush { down, down_up, down_up_apart };
  void block_phase(const std::vector<int>& vars, BlockPush push);
  void take_block_point(const ExactSystem& ls, const std::vector<int>& vars, const std::vector<double>& x);
  void take_exact_block_point(const std::vector<int>& vars, const ExactPoint& q);
  void take_big_block_point(const std::vector<int>& vars, const BigPoint& big);
  void keep_block_point(const std::vector<int>& vars, const ExactPoint& q) const;
  std::vector<int> inner_cells_of(const std::vector<int>& cells, std::size_t cap);
  void run_block(std::vector<int> vars, BlockPush push = BlockPush::down_up_apart);
  bool partition_blocks(const std::vector<int>& block_of_var, BlockPush push, std::size_t max_blocks);
  void around_open_cells();
  void union_of_open_cells();
  void sibling_cells(int j, std::vector<int>& found, std::vector<int>& in_row, std::vector<int>& cell_in,
                     int& stamp) const;
  void siblings_of_open_cells();
  void take_grown_point(const GrownBlock& block);
  void grown_blocks();

  // The inputs.
  const ReducedSystem& sys_;
  const ComponentSpec& comp_;
  const ComponentSettings& settings_;
  std::vector<int>& local_;  // global variable -> local column (-1 elsewhere)
  SolveCounters& counters_;

  // The component's LP: its variables, then one column per block used (ReducedSystem::blocks).
  int n_ = 0;                                // variables
  std::size_t no_ = 0;                       // objectives
  std::vector<std::vector<int>> cols_;       // per objective, its variables' local columns (ascending)
  std::vector<std::vector<int>> obj_cols_;   // per objective, its LP columns (sparse form)
  std::vector<std::vector<int>> row_cols_;   // per residual row, its LP columns (sparse form)
  // ComponentSpec::known with a range over unknowns: the objectives, their cols_ and obj_cols_.
  std::vector<const Objective*> known_;
  std::vector<std::vector<int>> known_cols_, known_lp_cols_;
  std::unordered_map<int, int> block_col_;
  std::vector<int> block_ids_;
  int ncols_ = 0;
  Model m_;
  std::vector<std::vector<int>> rows_of_col_;  // published rows (not links) per variable
  std::vector<double> rhs_of_row_;
  std::vector<double> trivial_lo_, trivial_hi_;
  ExactSystem es_;  // the exact system (local variables; a cell's known range is part of it)
  std::vector<std::vector<int>> objectives_of_col_;

  // Evidence: per objective the least and greatest value seen at exact points, and apart the least
  // and greatest seen at integral ones (integer ends from Cbc can lie inside the rational points of
  // a derived value's rows); the points kept as move bases.
  std::vector<Fraction> seen_lo_, seen_hi_;
  std::vector<char> seen_, seen_int_;
  std::vector<std::int64_t> seen_int_lo_, seen_int_hi_;
  std::vector<char> ray_up_;  // an exact ray raises the cell without limit
  std::vector<ExactPoint> bases_;
  std::vector<BigPoint> big_bases_;
  std::optional<ExactSystem> lifted_;  // the LP's own system, built on first need
  long long solve_work_ = 0;
  std::optional<MoveFinder> finder_;

  // Small components: one LP re-solved per objective.
  std::unique_ptr<ClpSimplex> lp_;
  bool fresh_ = true;
  bool factor_kept_ = false;  // the last solve was a re-solve that kept its factorization, optimal
  std::vector<double> tableau_row_, tableau_slack_;
  std::vector<int> last_cols_;
  bool infeasible_ = false;
  std::optional<DualBounds> duals_;  // the re-solves' dual certificates (small components)

  // Sampled components.
  std::mt19937 rng_{12345};
  std::vector<char> elsewhere_;  // decided elsewhere (pinned by the relaxation)
  int solve_iterations_ = 1;
  bool hopeless_ = false;        // the first vertices gave no exact point
  // Blocks around the truth point: the base, its row sums, each cell's value there, and the
  // block's columns numbered (pos_, -1 outside).
  bool truth_base_ = false;
  long long whole_check_ = 0;
  ExactPoint block_base_;
  PointSums sums_;
  std::vector<std::int64_t> base_value_;
  std::vector<int> pos_;
  std::function<bool(int)> pushed_here_;  // open cells a block pushes (empty: all it touches)
  std::vector<char> tried_around_;        // per cell, whether a block around it was solved
};

}  // namespace hitoku::audit
