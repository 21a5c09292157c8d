#pragma once
// Clocks of the benchmark programs: process CPU seconds (every thread) and a progress printer that
// notes each stage with the wall and CPU seconds since it was made (BENCH_PROGRESS=1).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

namespace hitoku::bench {

inline double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

inline double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

// "wall s  CPU s  stage a b" on standard error.
inline std::function<void(const std::string&, long long, long long)> stage_printer() {
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  return [wall0, cpu0](const std::string& stage, long long a, long long b) {
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    std::fprintf(stderr, "%8.2f s wall %8.2f s CPU  %s %lld %lld\n", t, cpu_seconds() - cpu0, stage.c_str(), a, b);
  };
}

}  // namespace hitoku::bench
