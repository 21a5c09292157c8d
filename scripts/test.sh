#!/usr/bin/env bash
# Sets up, builds, and runs every test: the C++ suite and the Python (CLI and package) suites, all via ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh chromium fonts-noto-cjk poppler-utils
ctest --test-dir build --output-on-failure -j"$(nproc)"
