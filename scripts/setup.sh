#!/usr/bin/env bash
# Installs what hitoku needs from Debian 12's packages (only what is missing) and builds it in build/.
# Run as root on Debian 12. Nothing is downloaded except Debian packages through apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev doctest-dev
  coinor-libclp-dev coinor-libcbc-dev libssl-dev libsqlite3-dev
  libzip-dev libpugixml-dev libxlsxwriter-dev  # Excel workbooks (.xlsx) in and out
  pybind11-dev python3-dev python3-pandas python3-openpyxl python3-pytest
  python3-distributed  # tests of the Python batch on a Dask LocalCluster (loopback only)
  universal-ctags  # scripts/longest.py: function extents
)
# `fuzz` first adds clang and its libFuzzer runtime (scripts/fuzz.sh); callers add what only they need.
if [ "${1:-}" = fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev)
  shift
fi
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's Python (where python3-pandas and pybind11 live), not whatever python3 is first on PATH.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3
cmake --build build -j"$(nproc)"
