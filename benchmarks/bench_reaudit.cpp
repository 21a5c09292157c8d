// Benchmark of the re-audit of a changed pattern (AuditOptions::proven_before; issue 22): after a
// full audit of a synthetic linked set, each trial changes the pattern by one cell -- a suppressed
// secondary cell published again, or one more published cell suppressed -- and audits the new
// pattern twice, carrying the first audit and in full. Prints per trial the CPU seconds of both
// (process CPU, every thread), their ratio, what was carried, the carrying audit's side threads'
// CPU (relaxation, truth point) and its block LPs, and checks that both give every cell the same verdict. BENCH_PROGRESS=1 prints
// the stages of each carrying audit (wall and CPU seconds since it started).
//   bench_reaudit [hyogo|japan|hanshin|osaka-hyogo] [linked|nested|acyclic] [--seed N] [--trials N]
//                 [--direction publish|suppress|both]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "hitoku/audit/audit.h"
#include "synthetic.h"

namespace {

using hitoku::bench::cpu_seconds;

struct Timed {
  hitoku::AuditResult result;
  double cpu = 0;
};

Timed timed_audit(const hitoku::Submission& s, const hitoku::AuditOptions& options) {
  const double c0 = cpu_seconds();
  Timed t{hitoku::audit_cells(s, false, options), 0};
  t.cpu = cpu_seconds() - c0;
  return t;
}

// The secondary suppressions (to publish again) or the published cells (to suppress), as (table, cell).
std::vector<std::pair<std::size_t, std::size_t>> cells_with(const hitoku::Submission& s, bool want_secondary) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t t = 0; t < s.tables.size(); ++t)
    for (std::size_t f = 0; f < s.tables[t].cell_count(); ++f) {
      const auto st = s.tables[t].status[f];
      if (want_secondary ? st == hitoku::CellStatus::SuppressedSecondary : st == hitoku::CellStatus::Published)
        out.emplace_back(t, f);
    }
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  hitoku::bench::SyntheticSpec spec;
  spec.reference_dir = HITOKU_REFERENCE_DIR;
  int trials = 3;
  std::string direction = "both";
  bool cases_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (hitoku::bench::known_geography(a)) spec.geography = a;
    else if (a == "linked" || a == "nested" || a == "acyclic") spec.layout = a;
    else if (a == "--seed" && i + 1 < argc) spec.seed = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    else if (a == "--cases" && i + 1 < argc) { spec.cases = std::stod(argv[++i]); cases_given = true; }
    else if (a == "--trials" && i + 1 < argc) trials = std::stoi(argv[++i]);
    else if (a == "--direction" && i + 1 < argc) direction = argv[++i];
    else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (!cases_given) spec.cases = hitoku::bench::default_cases(spec.geography);
  const hitoku::Submission base = hitoku::bench::make_synthetic(spec);
  const hitoku::AuditOptions options;  // a full audit
  const Timed plain = timed_audit(base, options);
  hitoku::AuditOptions keeping = options;  // keeping its points costs the difference
  keeping.keep_evidence = true;
  const Timed first = timed_audit(base, keeping);
  std::printf("set          %s %s (seed %u): %zu suppressed cells, full audit %.2f s CPU, keeping its points %.2f s "
              "(%zu points)\n",
              spec.geography.c_str(), spec.layout.c_str(), spec.seed, first.result.cells.size(), plain.cpu, first.cpu,
              first.result.evidence ? first.result.evidence->points.size() : std::size_t{0});
  std::printf("%-5s %-8s %9s %9s %6s %7s %6s %7s %7s %6s %s\n", "trial", "change", "carried", "full", "ratio",
              "carried", "outer", "relax s", "truth s", "blocks", "verdicts");
  std::mt19937 rng(spec.seed);
  std::vector<double> ratios;
  int disagreements = 0;
  for (int k = 0; k < trials; ++k)
    for (const bool publish : {true, false}) {
      if ((publish && direction == "suppress") || (!publish && direction == "publish")) continue;
      auto pool = cells_with(base, publish);
      if (pool.empty()) continue;
      const auto [t, f] = pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
      hitoku::Submission changed = base;
      changed.tables[t].status[f] = publish ? hitoku::CellStatus::Published : hitoku::CellStatus::SuppressedSecondary;
      hitoku::AuditOptions carrying = keeping;
      if (std::getenv("BENCH_PROGRESS")) carrying.progress = hitoku::bench::stage_printer();  // its stages
      carrying.proven_before = hitoku::ProvenBefore{&base, &first.result, false};
      const Timed again = timed_audit(changed, carrying);
      const Timed full = timed_audit(changed, options);
      int differ = 0;
      for (std::size_t i = 0; i < full.result.cells.size(); ++i) {
        const auto& a = again.result.cells[i];
        const auto& b = full.result.cells[i];
        differ += a.recoverable != b.recoverable || a.unproven != b.unproven;
      }
      disagreements += differ;
      ratios.push_back(again.cpu / full.cpu);
      const auto& st = again.result.stats;
      std::printf("%-5d %-8s %9.3f %9.3f %6.3f %7lld %6lld %7.2f %7.2f %6lld %s\n", k + 1, publish ? "publish" : "suppress",
                  again.cpu, full.cpu, again.cpu / full.cpu, st.carried_safe, st.carried_outer, st.relaxation_cpu_seconds,
                  st.truth_cpu_seconds, st.block_lp_solves, differ ? "DIFFER" : "same");
    }
  std::printf("median ratio %.3f over %zu trials; cells with different verdicts: %d\n", median(ratios), ratios.size(),
              disagreements);
  return disagreements ? 1 : 0;
}
