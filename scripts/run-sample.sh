#!/usr/bin/env bash
# Sets up, builds, and runs hitoku's main job on the bundled sample submission.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== hitoku check testdata/sample/pass/manifest.yaml"
./build/cli/hitoku check testdata/sample/pass/manifest.yaml
