#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan+UBSan) in build-fuzz/ and runs them (docs/fuzzing.md).
#   scripts/fuzz.sh ci            each harness for a short fixed number of runs (the ctest smoke tests)
#   scripts/fuzz.sh SECONDS       each harness in turn for SECONDS, on one core; corpora kept in
#                                  build-fuzz/fuzz/corpus-<harness>, crashes in build-fuzz/fuzz/crashes/
# Clang comes from Debian: scripts/setup.sh fuzz installs clang-14 and libclang-rt-14-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-ci}"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHITOKU_FUZZ=ON \
      -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)"

if [ "$mode" = ci ]; then
  ctest --test-dir build-fuzz --output-on-failure
  exit 0
fi

seconds="$mode"
dir=build-fuzz/fuzz
mkdir -p "$dir/crashes"
for harness in csv manifest table_plan extract report_json xlsx; do
  mkdir -p "$dir/corpus-$harness"
  corpora=("$dir/corpus-$harness" "$dir/seeds/$harness")
  [ -d "fuzz/regressions/$harness" ] && corpora+=("fuzz/regressions/$harness")
  echo "== fuzz_$harness for ${seconds}s"
  # One process, one core; -print_final_stats gives the executions and their rate.
  "$dir/fuzz_$harness" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$dir/crashes/$harness-" "${corpora[@]}" \
      2>&1 | tee "$dir/run-$harness.log" | grep -E "^(stat::|==|INFO: Seed|#[0-9]+ +DONE)" || true
done
