#!/usr/bin/env bash
# Sets up, builds, holds the size limits (no function over 150 lines, no source file over 600:
# scripts/longest.py, which needs universal-ctags from setup.sh) and the engine's module layers (every
# include runs down the declared layer order, no cycle: scripts/layers.py), then runs every test: the C++
# suite and the Python (CLI and package) suites, all via ctest, then the fuzz smoke runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh fuzz chromium fonts-noto-cjk poppler-utils
python3 scripts/longest.py --check engine cli python/src fuzz benchmarks
python3 scripts/layers.py --check
ctest --test-dir build --output-on-failure -j"$(nproc)"
# The parsers of untrusted input, fuzzed for a fixed number of runs each (docs/fuzzing.md): clang's
# libFuzzer build in build-fuzz/, then its ctest smoke tests.
bash scripts/fuzz.sh ci
