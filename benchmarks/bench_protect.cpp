// Benchmark of hitoku protect on the synthetic linked table sets of bench_audit (not a test).
// Every cell starts published; protect suppresses small counts (rule ②) and adds secondary cells.
//   bench_protect [hyogo|japan|hanshin|osaka-hyogo] [linked|nested|acyclic] [--method greedy|optimal] [--time-limit S]
//                 [--cleanup-audits N] [--seed N] [--cases N] [--sites N] [--ages N] [--relations-only]
//                 [--no-screen] [--final-rounds N] [--strict] [--combinations]
// --combinations: policy small_cells.combinations on (rule ② in combination, as hyogo-2018).
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <string>

#include "hitoku/protect/protect.h"
#include "bench_clock.h"
#include "synthetic.h"

int main(int argc, char** argv) {
  hitoku::bench::SyntheticSpec spec;
  spec.reference_dir = HITOKU_REFERENCE_DIR;
  hitoku::ProtectOptions options;
  std::string method = "greedy";
  bool cases_given = false;
  bool strict = false, combinations = false;
  if (std::getenv("BENCH_PROGRESS")) {
    options.progress = hitoku::bench::stage_printer();
    options.audit.progress = options.progress;  // the audits' own stages too
  }
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (hitoku::bench::known_geography(a)) spec.geography = a;
    else if (a == "linked" || a == "nested" || a == "acyclic") spec.layout = a;
    else if (a == "--method" && i + 1 < argc) method = argv[++i];
    else if (a == "--time-limit" && i + 1 < argc) options.time_limit_seconds = std::stod(argv[++i]);
    else if (a == "--cleanup-audits" && i + 1 < argc) options.cleanup_audits = std::stoi(argv[++i]);
    else if (a == "--polish-groups" && i + 1 < argc) options.polish_max_groups = std::stoi(argv[++i]);
    else if (a == "--relations-only") options.audit_rounds = 0;  // close relations, no audit
    else if (a == "--no-screen") options.screen_cyclic = false;   // every audit a full one (as before)
    else if (a == "--combinations") combinations = true;
    else if (a == "--strict") strict = true;  // attacker knows the 1..9 range; intervals under 3 fail
    else if (a == "--final-rounds" && i + 1 < argc) options.final_audit_rounds = std::stoi(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) spec.seed = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    else if (a == "--cases" && i + 1 < argc) { spec.cases = std::stod(argv[++i]); cases_given = true; }
    else if (a == "--sites" && i + 1 < argc) spec.sites = std::stoi(argv[++i]);
    else if (a == "--ages" && i + 1 < argc) spec.ages = std::stoi(argv[++i]);
    else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (method != "greedy" && method != "optimal") {
    std::fprintf(stderr, "--method is greedy or optimal\n");
    return 2;
  }
  options.method = method == "optimal" ? hitoku::ProtectMethod::Optimal : hitoku::ProtectMethod::Greedy;
  if (!cases_given) spec.cases = hitoku::bench::default_cases(spec.geography);
  spec.secondary = false;

  const auto t0 = std::chrono::steady_clock::now();
  auto submission = hitoku::bench::make_synthetic(spec);
  submission.policy.small_combinations = combinations;
  if (strict) {
    submission.policy.attacker_knows_small_range = true;
    submission.policy.narrow_interval = hitoku::NarrowIntervalAction::Fail;
    submission.policy.min_interval_width = 3;
  }
  long long cells = 0;
  for (auto& t : submission.tables) {
    cells += static_cast<long long>(t.cell_count());
    t.status.assign(t.cell_count(), hitoku::CellStatus::Published);  // protect decides everything
  }
  long long inner = 1;
  for (const auto& d : submission.dimensions) inner *= static_cast<long long>(d.leaves().size());
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = hitoku::bench::cpu_seconds();
  const auto result = hitoku::protect(submission, options);
  const auto t2 = std::chrono::steady_clock::now();
  const double c2 = hitoku::bench::cpu_seconds();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto& s = result.stats;
  std::printf("set                 %s %s, %d sites x %d ages (seed %u, %.0f cases), %zu tables, %lld cells\n",
              spec.geography.c_str(), spec.layout.c_str(), spec.sites, spec.ages, spec.seed, spec.cases,
              submission.tables.size(), cells);
  std::printf("inner cells         %lld\n", inner);
  std::printf("method              %s%s\n", method.c_str(),
              method == "optimal" ? (" (time limit " + std::to_string(options.time_limit_seconds) + " s)").c_str() : "");
  std::printf("result              %s\n", result.ok ? "pattern passes the audit" : "NO PATTERN (conflicts)");
  for (std::size_t i = 0; i < result.conflicts.size() && i < 3; ++i)
    std::printf("  conflict          %s\n", result.conflicts[i].reason_en.c_str());
  if (!result.ok)
    std::printf(options.audit_rounds == 0 ? "(counts below: relations closed, not audited)\n"
                                          : "(counts below: the last pattern tried, which the audit could not prove)\n");
  std::printf("primary cells       %lld\n", s.primary);
  std::printf("secondary cells     %lld\n", s.secondary);
  std::printf("suppressed share    %.2f%% of cells, %.3f%% of total value\n",
              cells ? 100.0 * double(s.primary + s.secondary) / double(cells) : 0.0,
              s.total_value ? 100.0 * double(s.suppressed_value) / double(s.total_value) : 0.0);
  std::printf("audits              %lld full, %lld relaxation screens (rounds %lld, cleanup published again %lld, "
              "added after the final audit %lld)\n",
              s.audits, s.screen_audits, s.rounds, s.cleanup_released, s.final_repairs);
  for (std::size_t i = 0; i < result.conflicts.size() && i < 1; ++i)
    std::printf("conflict cells      %zu\n", result.conflicts[i].cells.size());
  if (method != "optimal") std::printf("exact polish        %s\n", s.polished ? "ran" : "not run (over --polish-groups)");
  if (method == "optimal" || s.polished)
    std::printf("cost                %.1f, lower bound %.1f, gap %.2f%%%s\n", s.cost, s.lower_bound, 100 * s.gap,
                s.proven_optimal ? " (optimal)" : "");
  std::printf("generation time     %.2f s\n", std::chrono::duration<double>(t1 - t0).count());
  std::printf("protect wall time   %.2f s\n", std::chrono::duration<double>(t2 - t1).count());
  std::printf("protect CPU time    %.2f s\n", c2 - c1);
  std::printf("process CPU time    %.2f s (generation included)\n",
              double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
  std::printf("peak RSS            %.1f MB\n", double(usage.ru_maxrss) / 1024.0);
  return result.ok ? 0 : 1;
}
