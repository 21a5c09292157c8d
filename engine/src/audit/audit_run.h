#pragma once
// One audit of a set of published tables (internal to audit/): the state of audit_cells and one
// method per stage. audit_cells.cpp runs the stages (systems, relaxation, components);
// audit_findings.cpp turns the bounds into the cells' findings and certificates.
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "audit/carried.h"
#include "audit/exact/certificate.h"
#include "audit/solve/component_solver.h"
#include "audit/solve/relaxation.h"
#include "audit/system/reduced_system.h"
#include "hitoku/audit/audit.h"
#include "hitoku/audit/inner_space.h"

namespace hitoku::audit {

class AuditRun {
 public:
  AuditRun(const Submission& submission, bool include_earlier, const AuditOptions& options);
  ~AuditRun();
  AuditRun(const AuditRun&) = delete;
  AuditRun& operator=(const AuditRun&) = delete;

  AuditResult run();

 private:
  // The truth point and its block partitions over the inner cells (step 8a).
  struct TruthPlan {
    std::optional<std::vector<std::int64_t>> point;
    std::vector<std::vector<int>> partitions;
    std::size_t narrow_partitions = 0;  // the first ones, of block_cells; the wide ones follow
    double cpu_seconds = 0;  // of the thread that built it
  };

  // audit_cells.cpp
  void start_relaxation();
  void plan_relaxation_scope();
  const Relaxation& relaxation();
  void start_truth_plan();
  std::int64_t block_size(std::int64_t cells) const;
  void count_tables();
  void build_main_system();
  void solve_components();
  void solve_one(ComponentSpec& c, SolveCounters& counters, std::vector<int>& scratch);
  bool truth_path_fits(const ComponentSpec& c) const;
  std::vector<char> pinned_of(const std::vector<int>& objectives);
  void drop_pinned(ComponentSpec& c);
  void unset_pinned(const ComponentSpec& c);
  void drop_carried(ComponentSpec& c) const;
  const std::vector<std::int64_t>* truth_hint();
  TruthBlocks truth_blocks(const std::vector<std::int64_t>* truth) const;
  void take_counters(const SolveCounters& counters);
  void start_evidence();

  // audit_findings.cpp
  void report_cells();
  CellAudit cell_of(std::size_t o, const std::vector<std::pair<int, std::size_t>>& suppressed_cells);
  void certify(std::size_t o, CellAudit& cell);
  const ReducedSystem& certificate_system();
  void prepare_certificates();
  bool recoverable_by_certificate(std::size_t o);

  const Submission& submission_;
  const bool include_earlier_;
  const AuditOptions& options_;
  AuditResult result_;
  AuditStats& st_;
  const InnerSpace space_;
  std::optional<UnknownSpace> table_space_;  // exact table cells (a decomposable set)
  // A cyclic set: outer bounds from the table-cell relaxation, run on its own thread.
  bool cyclic_ = false, relax_only_ = false;
  std::optional<Relaxation> relax_;
  AuditStats relax_stats_;
  std::future<Relaxation> relax_running_;
  std::future<TruthPlan> truth_running_;

  std::optional<ReducedSystem> main_sys_;  // exact table cells, or inner cells
  std::size_t n_obj_ = 0;
  std::vector<ObjectiveBounds> bounds_;
  // An earlier audit of another pattern (AuditOptions::proven_before): how the pattern changed, and
  // the cells it still proves safe.
  PatternChange change_;
  std::vector<const EvidencePoint*> feasible_points_;  // its kept points still in the attacker's set
  CarriedCells carried_cells_;
  std::optional<std::vector<OuterBound>> outer_before_;  // its outer bounds (plan_relaxation_scope)
  std::vector<char> keep_outer_;                         // the mask relax_scope_ points to
  RelaxationScope relax_scope_;
  std::vector<char> carried_;
  EvidenceSink evidence_;  // the exact points behind this audit's safe verdicts (AuditEvidence)
  std::function<std::vector<char>(const std::vector<int>&)> pinned_of_;

  // Sampled components of the inner-cell space start from an integer point that reproduces every
  // true table value (truth_point.h), built once when first needed.
  std::optional<std::vector<std::int64_t>> truth_of_var_;
  bool truth_tried_ = false;
  std::vector<std::vector<int>> block_of_var_;
  std::size_t narrow_partitions_ = 0;  // of block_of_var_, the first (TruthBlocks::narrow_partitions)

  // Certificates: searched in the main system, or in the inner-cell system built for them.
  bool table_certs_ = false;
  bool certificates_prepared_ = false;
  std::unordered_map<std::size_t, Certificate> early_certificates_;  // found before the LPs, verified
  std::optional<ReducedSystem> inner_sys_;
  const ReducedSystem* cert_sys_ = nullptr;
  std::vector<std::vector<int>> rows_of_var_;
};

}  // namespace hitoku::audit
