// Registry path benchmark: a synthetic extract of N records (default 1,000,000) built into three
// planned tables. Prints the time and the peak memory of the build, which runs in a child
// process so that the generator's memory does not count.
//
//   registry_build_bench WORKDIR [RECORDS]
//
// WORKDIR receives extract.csv (generated once, reused when present) and plan.yaml.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "hitoku/geography/geography.h"
#include "hitoku/registry/synth_registry.h"
#include "hitoku/registry/table_plan.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: registry_build_bench WORKDIR [RECORDS]\n";
    return 2;
  }
  const fs::path dir = argv[1];
  const long long records = argc > 2 ? std::stoll(argv[2]) : 1'000'000;
  fs::create_directories(dir);
  const fs::path extract = dir / ("extract_" + std::to_string(records) + ".csv");
  using clock = std::chrono::steady_clock;
  // About 45,000 tumours a year (Hyogo), so N records span N / 45,000 years ending in 2022.
  const int years = static_cast<int>(std::max(1LL, (records + 44999) / 45000));
  const int first_year = 2023 - years;
  if (!fs::exists(extract)) {
    hitoku::SynthOptions o;
    o.seed = 20240401;
    o.records = records;
    o.first_year = first_year;
    o.years = years;
    o.hospitals = std::string(HITOKU_SOURCE_DIR) + "/testdata/hospitals/hyogo_hospitals_synthetic.csv";
    o.reference = hitoku::reference_directory() + "/hyogo_municipalities.csv";
    auto t0 = clock::now();
    std::ofstream out(extract, std::ios::binary);
    auto s = hitoku::write_synthetic_extract(o, out);
    out.close();
    std::printf("generated %lld records (%lld patients, %d years) in %.1f s\n", s.records, s.patients, o.years,
                std::chrono::duration<double>(clock::now() - t0).count());
  }
  const fs::path plan = dir / "plan.yaml";
  std::ofstream(plan) << "plan_version: 1\n"
                         "policy: hyogo-2018\n"
                         "extract: " << extract.filename().string() << "\n"
                         "allowed_folders: [" << hitoku::reference_directory() << "]\n"
                         "reference: " << hitoku::reference_directory() << "/hyogo_municipalities.csv\n"
                         "filters:\n  - {field: 統計対象区分, in: [1]}\n"
                         "dimensions:\n"
                         "  - {id: area, field: 集約診断時患者住所市区町村コード, recode: {base: municipality, wards: true}}\n"
                         "  - {id: sex, field: 集約性別, recode: sex}\n"
                         "  - {id: age, field: 診断時年齢, recode: age5}\n"
                         "  - {id: site, field: ICD-10 コード, recode: icd10_sites}\n"
                         "  - {id: year, field: 集約診断日, recode: {base: year, from: " << first_year << ", to: 2022}}\n"
                         "tables:\n"
                         "  - {id: area_sex_year, dimensions: [area, sex, year]}\n"
                         "  - {id: site_sex_age, dimensions: [site, sex, age]}\n"
                         "  - {id: area_site_patients, dimensions: [area, site], unit: patients}\n";
  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    auto t0 = clock::now();
    hitoku::PlanBuildStats stats;
    hitoku::Submission sub = hitoku::build_submission_from_plan(plan.string(), &stats);
    double secs = std::chrono::duration<double>(clock::now() - t0).count();
    std::size_t cells = 0;
    for (const auto& t : sub.tables) cells += t.cell_count();
    std::printf("built %zu tables, %zu cells from %lld records (%lld patients) in %.2f s "
                "(reading %.2f s, counting %.2f s)\n",
                sub.tables.size(), cells, stats.records_read, stats.patients, secs, stats.seconds_reading,
                stats.seconds_counting);
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  std::printf("extract size %.0f MB; build peak memory (max RSS) %.0f MB; exit %d\n",
              static_cast<double>(fs::file_size(extract)) / 1e6, static_cast<double>(usage.ru_maxrss) / 1024.0,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
