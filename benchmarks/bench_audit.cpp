// Benchmark of the differencing audit on synthetic linked table sets (not a test).
//   bench_audit [hyogo|japan|hanshin|osaka-hyogo] [linked|nested|acyclic] [--seed N] [--cases N] [--integer] [--no-split]
//               [--rates D]  (a rate per 100,000 with D decimals printed beside every cell of every table)
//               [--rates-published D]  (the same beside published counts only, as protect leaves them)
//               [--no-screening] [--no-moves] [--no-truth] [--no-open-cell-blocks] [--no-grown-blocks] [--block-cells N] [--block-cells-wide N] [--block-areas N (0: off)] [--no-secondary] [--inner] [--max-lp N] [--cyclic-lp N]
//               [--samples-max N] [--samples-seconds S] [--relaxation-only] [--no-relaxation]
//               [--max-relax N] [--relaxation-split] [--combinations] [--combination-cells N]
// --combinations: after the audit, also the rule ② combination scan that `hitoku check` runs with
// small_cells.combinations on (relation remainders, and the exact elimination up to its size
// limit), timed on its own so that one run gives the ratio (audit + scan) / audit.
// --combination-cells N: the elimination's size limit (CombinationLimits::max_inner_cells).
// The line "digests" fingerprints every suppressed cell's verdict, outer bounds and reported
// interval: two binaries compared on one set must agree on the first two.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "hitoku/audit/audit.h"
#include "rules/small_combinations.h"
#include "bench_clock.h"
#include "synthetic.h"

namespace {
using hitoku::bench::cpu_seconds;

__extension__ typedef __int128 Wide;

// A crude rate per 100,000 beside every cell (suppressed ones too: the unprotected draft), from a
// synthetic public population, rounded half-up exactly as docs/formats.md §2.1 reads it.
void add_rates(hitoku::Submission& s, int decimals, bool published_only) {
  for (auto& t : s.tables) {
    if (t.earlier_publication) continue;
    hitoku::DerivedColumn c;
    c.header = "rate";
    c.decimals = decimals;
    c.population.resize(t.cell_count());
    c.values.resize(t.cell_count());
    long long scale = 1;
    for (int k = 0; k < decimals; ++k) scale *= 10;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const long long pop = 20000 + 3000 * t.value[f] + static_cast<long long>(f % 7) * 1000;
      c.population[f] = pop;
      c.values[f].state = published_only && hitoku::is_suppressed(t.status[f]) ? hitoku::DerivedValue::State::Withheld
                                                                              : hitoku::DerivedValue::State::Printed;
      const Wide num = static_cast<Wide>(2) * t.value[f] * 100000 * scale + pop;
      c.values[f].scaled = static_cast<std::int64_t>(num / (2 * static_cast<Wide>(pop)));
    }
    t.derived.push_back(std::move(c));
  }
}

}  // namespace

// The command line: the synthetic set, the audit's options and what else to run and print.
struct BenchArgs {
  int rate_decimals = -1;
  bool rates_published_only = false;
  hitoku::bench::SyntheticSpec spec;
  hitoku::AuditOptions options;
  bool cases_given = false, combinations = false;
  hitoku::CombinationLimits combination_limits;
};

// False (after naming it on standard error) for an argument it does not know.
bool parse_args(int argc, char** argv, BenchArgs& args) {
  auto& [rate_decimals, rates_published_only, spec, options, cases_given, combinations, combination_limits] = args;
  spec.reference_dir = HITOKU_REFERENCE_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (hitoku::bench::known_geography(a)) spec.geography = a;
    else if (a == "linked" || a == "nested" || a == "acyclic") spec.layout = a;
    else if (a == "--inner") options.table_space = false;
    else if (a == "--relaxation-only") options.relaxation_only = true;
    else if (a == "--no-relaxation") options.cyclic_relaxation = false;
    else if (a == "--relaxation-split") options.relaxation_split = true;
    else if (a == "--max-relax" && i + 1 < argc) options.max_relaxation_variables = std::stoll(argv[++i]);
    else if (a == "--samples-max" && i + 1 < argc) options.large_samples_max = std::stoi(argv[++i]);
    else if (a == "--cell-lps" && i + 1 < argc) options.large_cell_lps = std::stoi(argv[++i]);
    else if (a == "--solve-iterations" && i + 1 < argc) options.large_iterations_per_solve = std::stoll(argv[++i]);
    else if (a == "--max-lp" && i + 1 < argc) options.max_lp_variables = std::stoll(argv[++i]);
    else if (a == "--cyclic-lp" && i + 1 < argc) options.cyclic_lp_variables = std::stoll(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) spec.seed = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    else if (a == "--cases" && i + 1 < argc) { spec.cases = std::stod(argv[++i]); cases_given = true; }
    else if (a == "--sites" && i + 1 < argc) spec.sites = std::stoi(argv[++i]);
    else if (a == "--ages" && i + 1 < argc) spec.ages = std::stoi(argv[++i]);
    else if (a == "--integer") options.integer_bounds = true;
    else if (a == "--no-split") options.split_components = false;
    else if (a == "--no-screening") options.screening = false;
    else if (a == "--no-moves") options.exact_moves = false;
    else if (a == "--no-truth") options.truth_point = false;
    else if (a == "--no-open-cell-blocks") options.open_cell_blocks = false;
    else if (a == "--no-grown-blocks") options.grown_blocks = false;
    else if (a == "--block-cells" && i + 1 < argc) options.block_cells = std::stoll(argv[++i]);
    else if (a == "--block-cells-wide" && i + 1 < argc) options.block_cells_wide = std::stoll(argv[++i]);
    else if (a == "--block-areas" && i + 1 < argc) options.block_areas = std::stoll(argv[++i]);
    else if (a == "--no-secondary") spec.secondary = false;
    else if (a == "--combinations") combinations = true;
    else if (a == "--combination-cells" && i + 1 < argc) combination_limits.max_inner_cells = std::stoll(argv[++i]);
    else if (a == "--rates" && i + 1 < argc) rate_decimals = std::stoi(argv[++i]);
    else if (a == "--rates-published" && i + 1 < argc) {
      rate_decimals = std::stoi(argv[++i]);
      rates_published_only = true;
    }
    else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return false;
    }
  }
  return true;
}

int main(int argc, char** argv) {
  BenchArgs args;
  if (!parse_args(argc, argv, args)) return 2;
  auto& [rate_decimals, rates_published_only, spec, options, cases_given, combinations, combination_limits] = args;
  if (std::getenv("BENCH_PROGRESS"))  // stage notes with the wall and CPU seconds since the start
    options.progress = hitoku::bench::stage_printer();
  if (!cases_given) spec.cases = hitoku::bench::default_cases(spec.geography);

  const auto t0 = std::chrono::steady_clock::now();
  auto submission = hitoku::bench::make_synthetic(spec);
  if (rate_decimals >= 0) add_rates(submission, rate_decimals, rates_published_only);
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = cpu_seconds();
  const auto result = hitoku::audit_cells(submission, false, options);
  const auto t2 = std::chrono::steady_clock::now();
  const double c2 = cpu_seconds();
  hitoku::CombinationScan scan;
  if (combinations) scan = hitoku::scan_small_combinations(submission, combination_limits);
  const auto t3 = std::chrono::steady_clock::now();
  const double c3 = cpu_seconds();

  long long recoverable = 0, linear = 0, unproven = 0, inner_bounds = 0, outer_shown = 0;
  // Digests (FNV-1a) of every cell's verdict, outer interval and reported interval, so that two
  // binaries' runs can be compared: the verdicts and outer bounds must agree; inner intervals may
  // differ with the points found.
  std::uint64_t verdict_digest = 14695981039346656037ULL, outer_digest = verdict_digest, interval_digest = verdict_digest;
  auto mix = [](std::uint64_t& h, long long v) {
    for (int b = 0; b < 8; ++b) h = (h ^ ((static_cast<std::uint64_t>(v) >> (8 * b)) & 0xff)) * 1099511628211ULL;
  };
  for (const auto& c : result.cells) {
    for (long long v : {static_cast<long long>(c.table), static_cast<long long>(c.flat)}) {
      mix(verdict_digest, v);
      mix(outer_digest, v);
      mix(interval_digest, v);
    }
    mix(verdict_digest, c.recoverable + 2 * c.unproven);
    for (long long v : {static_cast<long long>(c.outer_bound), c.outer_lower, c.outer_upper}) mix(outer_digest, v);
    for (long long v : {static_cast<long long>(c.inner_bound), c.lower, c.upper}) mix(interval_digest, v);
    recoverable += c.recoverable;
    linear += c.linear;
    unproven += c.unproven;
    if (c.unproven && std::getenv("BENCH_PROGRESS")) {
      const auto& t = submission.tables[static_cast<std::size_t>(c.table)];
      std::string codes;
      const auto at = t.cell_codes(c.flat);
      for (std::size_t d = 0; d < at.size(); ++d)
        codes += " " + submission.dimensions[static_cast<std::size_t>(t.dims[d])].code(at[d]);
      std::fprintf(stderr, "not proven: table %d cell %zu (%s) [%lld, %lld] too_large %d inner %d\n", c.table, c.flat,
                   codes.c_str(), c.lower, c.upper, c.too_large, c.inner_bound);
    }
    inner_bounds += !c.unproven && !c.recoverable && c.inner_bound;
    outer_shown += !c.unproven && !c.recoverable && c.inner_bound && c.outer_bound;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto& s = result.stats;
  const double gen = std::chrono::duration<double>(t1 - t0).count();
  const double audit = std::chrono::duration<double>(t2 - t1).count();
  std::printf("set                 %s %s (seed %u, %.0f cases)%s%s%s\n", spec.geography.c_str(), spec.layout.c_str(),
              spec.seed, spec.cases, options.integer_bounds ? " --integer" : "",
              options.split_components ? "" : " --no-split", options.screening ? "" : " --no-screening");
  std::printf("tables              %lld\n", s.tables);
  std::printf("cells               %lld\n", s.cells);
  std::printf("published rows      %lld (after dropping cells implied by their children)\n", s.published_rows);
  std::printf("inner cells         %lld\n", s.inner_cells);
  std::printf("table-cell space     %lld unknowns%s\n", s.table_space_cells,
              s.table_space_cells ? "" : " (not used: inner cells)");
  std::printf("fixed unknowns      %lld\n", s.fixed_inner);
  std::printf("variables           %lld (unknown inner cells after merging)\n", s.variables);
  std::printf("residual rows       %lld\n", s.residual_rows);
  std::printf("suppressed cells    %lld\n", s.suppressed);
  std::printf("components          %lld (largest %lld variables; %lld sampled, %lld skipped)\n", s.components,
              s.largest_component, s.sampled_components, s.skipped_components);
  std::printf("LP solves           %lld fresh + %lld warm re-solves (%.2f per suppressed cell), %lld ends read off a basis, %lld by earlier duals\n",
              s.lp_solves, s.lp_resolves, s.suppressed ? double(s.lp_solves + s.lp_resolves) / double(s.suppressed) : 0.0,
              s.lp_bases_kept, s.dual_settled);
  std::printf("screened bounds     %lld of %lld\n", s.screened, 2 * s.suppressed);
  std::printf("MIP solves          %lld (out of nodes: %lld)\n", s.mip_solves, s.mip_limits);
  std::printf("exact points        %lld integral, %lld fractional (rational), %lld big-denominator, %lld rejected\n",
              s.exact_points_integral, s.exact_points_fractional, s.exact_points_big, s.rejected_points);
  std::printf("exact moves         %lld applied, %lld ends/cells settled by them\n", s.moves, s.move_screened);
  std::printf("local LPs           %lld cells proven by an exact local LP\n", s.local_repaired);
  std::printf("truth point         %s; %lld block LPs proved %lld cells\n", s.truth_point ? "built" : "none", s.block_lp_solves, s.block_settled);
  std::printf("recoverable         %lld (%lld by subtraction), unproven %lld\n", recoverable, linear, unproven);
  std::printf("inner-bound cells   %lld (%lld reported with an outer bound)\n", inner_bounds, outer_shown);
  std::printf("digests             verdicts %016llx, outer bounds %016llx, intervals %016llx\n",
              static_cast<unsigned long long>(verdict_digest), static_cast<unsigned long long>(outer_digest),
              static_cast<unsigned long long>(interval_digest));
  if (s.relaxation_cells > 0) {
    std::printf("relaxation          %lld table-cell unknowns -> %lld variables; %lld components (largest %lld; "
                "%lld over the LP limit, trivial bounds)\n",
                s.relaxation_cells, s.relaxation_variables, s.relaxation_components, s.relaxation_largest,
                s.relaxation_trivial);
    std::printf("relaxation LPs      %lld fresh + %lld warm re-solves, %lld ends read off a basis, %lld by earlier duals, %lld ends screened, "
                "%lld split pieces, %.2f s\n",
                s.relaxation_lp_solves, s.relaxation_lp_resolves, s.relaxation_lp_bases_kept, s.relaxation_dual_settled, s.relaxation_screened,
                s.relaxation_split_pieces, s.relaxation_seconds);
    std::printf("relaxation LP cells %lld of %lld (the others: trivial outer bounds)\n", s.relaxation_lp_cells,
                s.suppressed);
    std::printf("relaxation decided  %lld recoverable; %lld inner bounds made exact by meeting the outer bound\n",
                s.relaxation_recoverable, s.relaxation_exact);
  }
  if (s.truth_cpu_seconds > 0 || s.relaxation_cpu_seconds > 0)
    std::printf("side threads CPU    truth point and partitions %.2f s, relaxation %.2f s\n", s.truth_cpu_seconds,
                s.relaxation_cpu_seconds);
  std::printf("generation time     %.2f s\n", gen);
  if (rate_decimals >= 0)
    std::printf("rates               %s, %d decimals\n", rates_published_only ? "published cells" : "every cell", rate_decimals);
  std::printf("audit wall time     %.2f s\n", audit);
  std::printf("audit CPU time      %.2f s\n", c2 - c1);
  if (combinations) {
    const double wall = std::chrono::duration<double>(t3 - t2).count();
    std::printf("combination scan    %zu small sums; elimination %s (%lld inner cells)\n", scan.small.size(),
                scan.elimination_run ? "run" : "not run (remainders only)", static_cast<long long>(scan.inner_cells));
    long long eliminated = 0, without_computation = 0;
    for (const auto& d : scan.small) {
      eliminated += d.from_elimination;
      without_computation += d.from_elimination && d.terms.empty();
    }
    std::printf("combination sums    %lld from the elimination, %lld of them without a proven computation\n", eliminated,
                without_computation);
    std::printf("combination time    %.2f s wall, %.2f s CPU; (audit + scan) / audit: wall %.3f, CPU %.3f\n", wall,
                c3 - c2, (audit + wall) / audit, (c3 - c1) / (c2 - c1));
  }
  std::printf("peak RSS            %.1f MB\n", double(usage.ru_maxrss) / 1024.0);
  return 0;
}
