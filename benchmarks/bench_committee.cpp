// Benchmark of the committee's workflow (not a test): a batch of Hyogo-scale submissions checked against a
// registry of approved publications (rule ⑤), timing the registry lookup, the joining of the publications
// into the submission and the check itself, per submission.
//   bench_committee --registry NEW.sqlite [--submissions 100] [--publications 100] [--years 10]
//                   [--layout acyclic|linked|nested] [--cases N]
// The registry holds `publications` one-table publications over `years` data years (synthetic data of one
// seed per year: 41 municipalities, 30 sites, 18 age groups, sex); submission n is the data of year
// n % years and is checked with the publications of its year (--data-years), which agree with it.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "hitoku/rules/check.h"
#include "hitoku/publications/publications.h"
#include "synthetic.h"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Stage {
  std::vector<double> wall, cpu;
  void add(double w, double c) {
    wall.push_back(w);
    cpu.push_back(c);
  }
  double cpu_total() const {
    double s = 0;
    for (double x : cpu) s += x;
    return s;
  }
};

// Times f (wall and process CPU seconds, all threads) into stage.
template <typename F>
void timed(Stage& stage, F&& f) {
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  f();
  stage.add(std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count(), cpu_seconds() - c0);
}

hitoku::Submission year_data(const hitoku::bench::SyntheticSpec& base, int year) {
  hitoku::bench::SyntheticSpec spec = base;
  spec.seed = static_cast<std::uint32_t>(year + 1);
  return hitoku::bench::make_synthetic(spec);
}

}  // namespace

int main(int argc, char** argv) {
  std::string registry;
  int submissions = 100, publications = 100, years = 10;
  hitoku::bench::SyntheticSpec spec;
  spec.reference_dir = HITOKU_REFERENCE_DIR;
  spec.layout = "acyclic";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--registry") registry = v, ++i;
    else if (a == "--submissions") submissions = std::atoi(v), ++i;
    else if (a == "--publications") publications = std::atoi(v), ++i;
    else if (a == "--years") years = std::max(1, std::atoi(v)), ++i;
    else if (a == "--layout") spec.layout = v, ++i;
    else if (a == "--cases") spec.cases = std::atof(v), ++i;
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (registry.empty() || std::filesystem::exists(registry)) {
    std::fprintf(stderr, "give --registry NEW_FILE (a file that does not exist yet; it is created)\n");
    return 2;
  }
  using namespace hitoku;
  publications::init_registry(registry);
  std::vector<Submission> data;
  for (int y = 0; y < years; ++y) data.push_back(year_data(spec, y));
  Stage add;
  for (int m = 0; m < publications; ++m) {
    const int y = m % years;
    Submission one = data[static_cast<std::size_t>(y)];
    const std::size_t keep = static_cast<std::size_t>(m / years) % one.tables.size();
    one.tables = {one.tables[keep]};
    one.info.approval_number = "pub-" + std::to_string(m);
    one.info.approval_date = "2020-01-01";
    Report stub;
    stub.policy_id = one.policy.id;
    auto p = publications::publication_from_submission(one, stub, std::string(64, '0'));
    p.meta.first_year = p.meta.last_year = 2010 + y;
    timed(add, [&] { publications::add_publication(registry, p); });
  }
  const auto bytes = std::filesystem::file_size(registry);
  std::printf("registry: %d publications, %ju bytes (%.1f KiB); add: median %.4f s\n", publications,
              static_cast<std::uintmax_t>(bytes), static_cast<double>(bytes) / 1024, median(add.wall));
  std::printf("%5s %6s %10s %10s %10s %10s %8s\n", "sub", "pubs", "lookup_s", "join_s", "check_s", "total_s", "lookup%");
  Stage lookup, join, run, total;
  int passed = 0;
  for (int n = 0; n < submissions; ++n) {
    const int y = n % years;
    Submission s = data[static_cast<std::size_t>(y)];
    s.info.approval_number = "sub-" + std::to_string(n);
    std::vector<std::string> vars;
    for (const auto& d : s.dimensions) vars.push_back(publications::variable_key(d.id(), d.variable()));
    publications::Filter filter;
    filter.first_year = filter.last_year = 2010 + y;
    std::vector<publications::Publication> found;
    bool pass = false;
    timed(total, [&] {
      timed(lookup, [&] { found = publications::publications_sharing(registry, vars, filter); });
      timed(join, [&] { publications::add_as_earlier_publications(s, found, registry); });
      timed(run, [&] { pass = check(s).passed; });
    });
    passed += pass;
    std::printf("%5d %6zu %10.4f %10.4f %10.3f %10.3f %7.3f%%\n", n, found.size(), lookup.wall.back(), join.wall.back(),
                run.wall.back(), total.wall.back(), 100 * lookup.wall.back() / total.wall.back());
    std::fflush(stdout);
  }
  std::printf("\n%d submissions (%d pass), registry of %d publications (%.1f KiB)\n", submissions, passed, publications,
              static_cast<double>(bytes) / 1024);
  std::printf("median wall per submission: total %.3f s, lookup %.4f s, join %.4f s, check %.3f s\n", median(total.wall),
              median(lookup.wall), median(join.wall), median(run.wall));
  std::printf("CPU seconds: total %.1f, lookup %.2f, join %.2f, check %.1f\n", total.cpu_total(), lookup.cpu_total(),
              join.cpu_total(), run.cpu_total());
  std::printf("registry lookup share: %.3f%% of CPU, median %.3f%% of wall per submission\n",
              100 * lookup.cpu_total() / total.cpu_total(), 100 * median(lookup.wall) / median(total.wall));
  return 0;
}
