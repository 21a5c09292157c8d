// The audit of one set of published tables: reduce, split, bound, certify.
#include <algorithm>
#include <stdexcept>
#include <memory>

#include "audit/audit_run.h"
#include "audit/solve/truth_point.h"
#include "audit/system/table_space.h"

namespace hitoku {

AuditResult audit_cells(const Submission& submission, bool include_earlier, const AuditOptions& options) {
  return audit::AuditRun(submission, include_earlier, options).run();
}

namespace audit {

AuditRun::AuditRun(const Submission& submission, bool include_earlier, const AuditOptions& options)
    : submission_(submission), include_earlier_(include_earlier), options_(options), st_(result_.stats),
      space_(submission), change_(compare_patterns(submission, include_earlier, options.proven_before)),
      feasible_points_(points_still_feasible(change_, options.proven_before)),
      carried_cells_(carried_cells(submission, change_, options.proven_before, feasible_points_)) {
  if (options.table_space)
    table_space_ = table_cell_space(submission, space_, include_earlier, options.cyclic_relaxation);
  pinned_of_ = [this](const std::vector<int>& objectives) { return pinned_of(objectives); };
}

// A pending relaxation or truth plan is waited for (their futures), not abandoned.
AuditRun::~AuditRun() = default;

AuditResult AuditRun::run() {
  start_relaxation();
  start_truth_plan();
  count_tables();
  build_main_system();
  if (!relax_only_) solve_components();
  else st_.suppressed = static_cast<long long>(n_obj_);
  report_cells();
  if (main_sys_ && options_.keep_evidence)
    result_.evidence = std::make_shared<const AuditEvidence>(std::move(evidence_.out));
  return std::move(result_);
}

// A cyclic set: outer bounds from the table-cell relaxation, and the inner cells. The relaxation
// runs on its own thread while the inner cells' truth point and block LPs run (they need no outer
// bounds); cells it pins are dropped before anything else is solved for them.
void AuditRun::start_relaxation() {
  cyclic_ = table_space_ && table_space_->relaxation;
  if (!cyclic_) return;
  plan_relaxation_scope();
  if (outer_before_ && change_.newly_published.empty() && change_.newly_suppressed == 0) {
    // The same pattern as the earlier audit (protect's relaxation screen, then its full audit): the
    // same relaxation, so its outer bounds are this one's.
    relax_ = Relaxation{*outer_before_, {}, {}};
    st_.carried_outer = static_cast<long long>(relax_->cells.size());
    table_space_.reset();
    return;
  }
  auto run = [this, ts = std::move(*table_space_)] {
    return solve_relaxation(submission_, ts, include_earlier_, options_, relax_stats_, relax_scope_);
  };
  table_space_.reset();
  relax_running_ = std::async(options_.relaxation_only ? std::launch::deferred : std::launch::async, std::move(run));
  relax_only_ = options_.relaxation_only;
  if (relax_only_) relaxation();
}

// With an earlier audit of the same tables: which cells keep its outer bounds. Its set only shrank
// (cells published again): they still hold, for the cells it carries; the relaxation bounds the
// others. Its set only grew (cells suppressed here): they hold in the components of the relaxation
// that no newly suppressed cell reaches (RelaxationScope::fresh).
void AuditRun::plan_relaxation_scope() {
  if (options_.relaxation_only) return;
  outer_before_ = outer_bounds_before(submission_, change_, options_.proven_before);
  if (!outer_before_ || (!change_.newly_published.empty() && change_.newly_suppressed != 0)) {
    outer_before_.reset();
    return;
  }
  const bool shrank = change_.newly_suppressed == 0;
  keep_outer_.assign(outer_before_->size(), 0);
  std::size_t o = 0;
  for (std::size_t t = 0; t < submission_.tables.size(); ++t) {
    const Table& table = submission_.tables[t];
    if (table.earlier_publication) continue;
    for (std::size_t f = 0; f < table.cell_count(); ++f) {
      if (!is_suppressed(table.status[f])) continue;
      const std::pair<int, std::size_t> cell{static_cast<int>(t), f};
      // shrank: kept for carried cells; grew: marks the fresh cells (suppressed only here)
      keep_outer_[o] = shrank ? carried_cells_.count(cell) != 0 : !(*outer_before_)[o].known;
      ++o;
    }
  }
  if (shrank) {
    for (auto& k : keep_outer_) k = !k;  // the relaxation bounds the cells not carried
    relax_scope_.only = &keep_outer_;
  } else {
    relax_scope_.fresh = &keep_outer_;
  }
}

// Waits for the relaxation (once) and takes its figures.
const Relaxation& AuditRun::relaxation() {
  if (!relax_) {
    relax_ = relax_running_.get();
    for (auto [to, from] : {std::pair{&st_.relaxation_cells, &relax_stats_.relaxation_cells},
                            {&st_.relaxation_variables, &relax_stats_.relaxation_variables},
                            {&st_.relaxation_components, &relax_stats_.relaxation_components},
                            {&st_.relaxation_largest, &relax_stats_.relaxation_largest},
                            {&st_.relaxation_lp_solves, &relax_stats_.relaxation_lp_solves},
                            {&st_.relaxation_lp_resolves, &relax_stats_.relaxation_lp_resolves},
                            {&st_.relaxation_lp_bases_kept, &relax_stats_.relaxation_lp_bases_kept},
                            {&st_.relaxation_dual_settled, &relax_stats_.relaxation_dual_settled},
                            {&st_.relaxation_screened, &relax_stats_.relaxation_screened},
                            {&st_.relaxation_trivial, &relax_stats_.relaxation_trivial},
                            {&st_.relaxation_split_pieces, &relax_stats_.relaxation_split_pieces},
                            {&st_.relaxation_lp_cells, &relax_stats_.relaxation_lp_cells}})
      *to = *from;
    if (outer_before_)
      for (std::size_t o = 0; o < relax_->cells.size() && o < outer_before_->size(); ++o) {
        const bool keep = relax_scope_.only ? !keep_outer_[o] : o < relax_->reused.size() && relax_->reused[o];
        if (!keep) continue;
        relax_->cells[o] = (*outer_before_)[o];
        ++st_.carried_outer;
      }
    st_.relaxation_seconds = relax_stats_.relaxation_seconds;
    st_.relaxation_cpu_seconds = relax_stats_.relaxation_cpu_seconds;
    if (options_.progress)
      options_.progress("audit: relaxation done", 0, 0);
  }
  return *relax_;
}

// The truth point and its block partitions (step 8a) need only the tables: built on another
// thread while the inner-cell system is, for inner-cell audits (cyclic sets, --inner).
void AuditRun::start_truth_plan() {
  if (table_space_ || relax_only_ || !options_.truth_point) return;
  truth_running_ = std::async(std::launch::async, [this] {
    const double cpu_started = thread_cpu_seconds();
    TruthPlan plan;
    plan.point = truth_point(submission_, space_, include_earlier_);
    if (plan.point)
      for (std::int64_t size : {options_.block_cells, options_.block_cells_wide}) {
        const bool narrow = plan.partitions.empty();
        for (auto& p : block_partitions(submission_, space_, block_size(size))) plan.partitions.push_back(std::move(p));
        if (narrow) plan.narrow_partitions = plan.partitions.size();
      }
    plan.cpu_seconds = thread_cpu_seconds() - cpu_started;
    return plan;
  });
}

// Blocks of at most `cells` inner cells, fewer where one area (the slot with the most atoms) holds
// few: down to block_areas areas' cells, but not under a quarter of `cells`. Measured (docs/audit.md,
// session 12): Japan 10 × 6 (120 cells an area) 32.5 s at 3,000 against 13.9 s at 750; Hyogo 30 × 18
// (1,080 an area) keeps 3,000, as 1,000 (under one area) took 8.4 s against 3.7 s.
std::int64_t AuditRun::block_size(std::int64_t cells) const {
  int areas = 1;
  for (std::size_t slot = 0; slot < space_.dimensions().size(); ++slot) areas = std::max(areas, space_.atom_count(slot));
  const auto per_area = static_cast<std::int64_t>(space_.size()) / areas;
  const std::int64_t by_areas = options_.block_areas > 0 && per_area > 0 && options_.block_areas < cells / per_area
                                    ? options_.block_areas * per_area
                                    : cells;
  return std::min(cells, std::max(cells / 4, by_areas));
}

void AuditRun::count_tables() {
  for (const auto& t : submission_.tables) {
    if (t.earlier_publication && !include_earlier_) continue;
    ++st_.tables;
    st_.cells += static_cast<long long>(t.cell_count());
  }
  st_.inner_cells = space_.size();
}

// The main system: exact table cells, or inner cells (not built for relaxation_only: then only for
// certificates, when some cell is recoverable).
void AuditRun::build_main_system() {
  if (!relax_only_)
    main_sys_ = table_space_ ? build_reduced_system(submission_, *table_space_, include_earlier_)
                             : build_reduced_system(submission_, space_, include_earlier_);
  result_.inconsistencies = relax_only_ ? relax_->inconsistencies : main_sys_->inconsistencies;
  if (table_space_) st_.table_space_cells = static_cast<long long>(table_space_->size);
  n_obj_ = relax_only_ ? relax_->cells.size() : main_sys_->objectives.size();
  bounds_.assign(n_obj_, ObjectiveBounds{});
  if (options_.progress && main_sys_)
    options_.progress("audit: system built", 0, 0);
}

// Cells the relaxation pins need no inner-cell solve (their interval is that one value): dropped
// before a component is solved, or for the truth point's block LPs (which start before the
// relaxation is done) before any full solve, their bounds then left unset.
std::vector<char> AuditRun::pinned_of(const std::vector<int>& objectives) {
  std::vector<char> pinned(objectives.size(), 0);
  if (!cyclic_) return pinned;
  const auto& r = relaxation();
  for (std::size_t k = 0; k < objectives.size(); ++k) pinned[k] = r.cells[static_cast<std::size_t>(objectives[k])].pinned();
  return pinned;
}

void AuditRun::drop_pinned(ComponentSpec& c) {
  if (!cyclic_) return;
  const auto& r = relaxation();
  set_aside(c, *main_sys_, [&](int o) { return r.cells[static_cast<std::size_t>(o)].pinned(); });
}

void AuditRun::unset_pinned(const ComponentSpec& c) {
  const auto pinned = pinned_of(c.objectives);
  for (std::size_t k = 0; k < pinned.size(); ++k)
    if (pinned[k]) bounds_[static_cast<std::size_t>(c.objectives[k])] = ObjectiveBounds{};
}

void AuditRun::drop_carried(ComponentSpec& c) const {
  if (st_.carried_safe == 0) return;
  set_aside(c, *main_sys_, [&](int o) { return carried_[static_cast<std::size_t>(o)] != 0; });
}

// The truth point over the main system's variables, with its partitions' blocks per variable;
// nothing when it disagrees with what the reductions fixed.
const std::vector<std::int64_t>* AuditRun::truth_hint() {
  if (table_space_ || !options_.truth_point) return nullptr;
  if (!truth_tried_) {
    truth_tried_ = true;
    const ReducedSystem& sys = *main_sys_;
    TruthPlan plan = truth_running_.get();
    st_.truth_cpu_seconds = plan.cpu_seconds;
    if (options_.progress)
      options_.progress("audit: truth point", 0, 0);
    if (auto& x = plan.point) {
      std::vector<std::int64_t> v(static_cast<std::size_t>(sys.variables), 0);
      bool consistent = true;
      for (std::size_t c = 0; c < x->size() && consistent; ++c) {
        const auto var = sys.var_of_inner[c];
        if (var >= 0) v[static_cast<std::size_t>(var)] += (*x)[c];
        else if (sys.state[c] != InnerState::Unknown) consistent = (*x)[c] == sys.value[c];
      }
      if (consistent) {
        truth_of_var_ = std::move(v);
        narrow_partitions_ = plan.narrow_partitions;
        st_.truth_point = true;
        for (const auto& blocks : plan.partitions) {
          std::vector<int> of_var(static_cast<std::size_t>(sys.variables), -1);
          for (std::size_t c = 0; c < blocks.size(); ++c) {
            const auto var = sys.var_of_inner[c];
            if (var >= 0 && of_var[static_cast<std::size_t>(var)] < 0) of_var[static_cast<std::size_t>(var)] = blocks[c];
          }
          block_of_var_.push_back(std::move(of_var));
        }
      }
    }
  }
  return truth_of_var_ ? &*truth_of_var_ : nullptr;
}

TruthBlocks AuditRun::truth_blocks(const std::vector<std::int64_t>* truth) const {
  TruthBlocks b;
  b.truth = truth;
  b.partitions = truth && !block_of_var_.empty() ? &block_of_var_ : nullptr;
  b.narrow_partitions = narrow_partitions_;
  b.whole_check_variables = options_.block_whole_check_variables;
  b.open_cell_blocks = options_.open_cell_blocks;
  b.grown_blocks = options_.grown_blocks;
  b.progress = options_.progress;
  return b;
}

void AuditRun::solve_components() {
  const auto& sys = *main_sys_;
  st_.published_rows = static_cast<long long>(sys.row_count());
  st_.suppressed = static_cast<long long>(sys.objectives.size());
  st_.fixed_inner =
      std::count_if(sys.state.begin(), sys.state.end(), [](InnerState x) { return x != InnerState::Unknown; });
  st_.variables = sys.variables;
  st_.residual_rows = static_cast<long long>(sys.residual.size());

  const auto comps = find_components(sys, options_.split_components);
  st_.components = comps.count;
  auto spec = component_specs(comps);
  start_evidence();
  carried_ = carried_safe(carried_cells_, sys, bounds_);
  st_.carried_safe = std::count(carried_.begin(), carried_.end(), char{1});
  SolveCounters counters;
  std::vector<int> scratch(static_cast<std::size_t>(sys.variables), -1);
  long long done = 0;
  if (options_.progress) options_.progress("audit", 0, st_.suppressed);
  for (auto& c : spec) {  // one after another: the results are applied in the components' order
    st_.largest_component = std::max(st_.largest_component, static_cast<long long>(c.vars.size()));
    const auto objectives_before = static_cast<long long>(c.objectives.size());
    drop_carried(c);
    done += objectives_before - static_cast<long long>(c.objectives.size());
    if (c.objectives.empty()) continue;
    solve_one(c, counters, scratch);
    if (c.objectives.empty()) continue;
    done += static_cast<long long>(c.objectives.size());
    if (options_.progress) options_.progress("audit", done, st_.suppressed);
  }
  if (cyclic_) relaxation();  // its outer bounds are combined in report_cells
  take_counters(counters);
}

// One component by its size: full LPs, sampling (with the truth point's blocks when there is
// one), or only what subtraction proves. Leaves c.objectives empty when nothing was solved.
void AuditRun::solve_one(ComponentSpec& c, SolveCounters& counters, std::vector<int>& scratch) {
  const auto& sys = *main_sys_;
  const auto size = static_cast<long long>(c.vars.size());
  bool large = size > options_.max_lp_variables;
  const std::vector<std::int64_t>* truth = nullptr;
  if (large) truth = truth_hint();
  else if (truth_path_fits(c)) large = (truth = truth_hint()) != nullptr;
  // A cell whose known range holds one value (a derived value pins it, docs/audit.md "Derived values")
  // is recoverable as it stands: the attacker's interval lies inside the range and holds the truth.
  c.objectives.erase(std::remove_if(c.objectives.begin(), c.objectives.end(),
                                    [&](int o) {
                                      const Objective& obj = sys.objectives[static_cast<std::size_t>(o)];
                                      if (!obj.has_prior || obj.prior_lo != obj.prior_hi) return false;
                                      ObjectiveBounds& b = bounds_[static_cast<std::size_t>(o)];
                                      b = ObjectiveBounds{};
                                      b.lower = b.upper = obj.prior_lo;
                                      b.integral = true;
                                      return true;
                                    }),
                     c.objectives.end());
  if (!truth) drop_pinned(c);
  // A re-audit with few cells not carried: certificates first (measured: a cell suppressed since
  // the earlier audit, recoverable, cost 0.16 s of block LPs before). Not in a full audit, whose
  // small components are many (one elimination each would add up) and mostly safe.
  constexpr std::size_t kCertifyFirst = 8;
  if (options_.proven_before.submission && c.objectives.size() <= kCertifyFirst)
    c.objectives.erase(std::remove_if(c.objectives.begin(), c.objectives.end(),
                                      [&](int o) { return recoverable_by_certificate(static_cast<std::size_t>(o)); }),
                       c.objectives.end());
  if (c.objectives.empty()) return;
  ComponentSettings settings;
  settings.evidence = options_.keep_evidence ? &evidence_ : nullptr;
  settings.screening = options_.screening;
  settings.moves = options_.exact_moves;
  if (truth && size > options_.max_sample_variables) {
    // Too large for full solves, but the truth point's block LPs need none.
    ++st_.sampled_components;
    const auto blocks = truth_blocks(truth);
    settings.sample_only = true;
    settings.iterations_per_solve = options_.large_iterations_per_solve;
    settings.truth_blocks = &blocks;
    settings.settled_elsewhere = &pinned_of_;
    solve_component(sys, c, settings, scratch, bounds_, counters);
    unset_pinned(c);
  } else if (size > options_.max_sample_variables) {
    // Even sampling would take too long: only what subtraction proves is known.
    ++st_.skipped_components;
    for (int o : c.objectives) {
      auto& b = bounds_[static_cast<std::size_t>(o)];
      const auto& obj = sys.objectives[static_cast<std::size_t>(o)];
      if (obj.vars.empty()) {
        b.lower = b.upper = obj.constant;
        b.integral = true;
      } else {
        b.failed = b.too_large = true;
      }
    }
  } else if (large) {
    ++st_.sampled_components;
    const auto blocks = truth_blocks(truth);
    settings.sample_only = true;
    settings.samples = options_.large_samples;
    settings.iterations_per_solve = options_.large_iterations_per_solve;
    settings.samples_max = options_.large_samples_max;
    settings.cell_lps = options_.large_cell_lps;
    settings.truth_blocks = &blocks;
    settings.settled_elsewhere = &pinned_of_;
    solve_component(sys, c, settings, scratch, bounds_, counters);
    if (truth) unset_pinned(c);
  } else {
    // A derived value's row has general coefficients, where the LP relaxation can stay far wider
    // than what integer counts allow: its component always gets exact integer bounds (Cbc).
    settings.integer_bounds = options_.integer_bounds || !c.ranges.empty();
    solve_component(sys, c, settings, scratch, bounds_, counters);
  }
}

// A mid-sized component of a cyclic set's inner cells that the truth point's blocks may take instead
// of per-cell LPs: only where exact interval ends would decide nothing (AuditOptions::cyclic_lp_variables).
bool AuditRun::truth_path_fits(const ComponentSpec& c) const {
  const Policy& p = submission_.policy;
  const bool narrowness_free = p.narrow_interval == NarrowIntervalAction::Ignore || p.min_interval_width <= 1;
  return cyclic_ && narrowness_free && !options_.integer_bounds && c.ranges.empty() &&
         static_cast<long long>(c.vars.size()) > options_.cyclic_lp_variables;
}

// Per variable the objectives through it, for the exact points kept as evidence; the earlier
// audit's points that still lie in the attacker's set are kept again.
void AuditRun::start_evidence() {
  if (!options_.keep_evidence) return;
  for (const EvidencePoint* p : feasible_points_) evidence_.out.points.push_back(*p);
  const auto& sys = *main_sys_;
  evidence_.objectives_of_var.assign(static_cast<std::size_t>(sys.variables), {});
  for (std::size_t o = 0; o < sys.objectives.size(); ++o)
    for (int v : sys.objectives[o].vars) evidence_.objectives_of_var[static_cast<std::size_t>(v)].push_back(static_cast<int>(o));
}

void AuditRun::take_counters(const SolveCounters& counters) {
  st_.lp_solves = counters.lp_solves;
  st_.lp_resolves = counters.lp_resolves;
  st_.lp_bases_kept = counters.lp_bases_kept;
  st_.dual_settled = counters.dual_settled;
  st_.screened = counters.screened;
  st_.mip_solves = counters.mip_solves;
  st_.mip_limits = counters.mip_limits;
  st_.exact_points_integral = counters.points_integral;
  st_.exact_points_fractional = counters.points_fractional;
  st_.rejected_points = counters.points_rejected;
  st_.exact_points_big = counters.points_big;
  st_.moves = counters.moves;
  st_.move_screened = counters.move_screened;
  st_.local_repaired = counters.local_repaired;
  st_.block_lp_solves = counters.block_lp_solves;
  st_.block_settled = counters.block_settled;
}

}  // namespace audit
}  // namespace hitoku
