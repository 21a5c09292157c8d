#!/usr/bin/env bash
# Prints a hitoku HTML report to an A4 PDF for archiving, with Debian's Chromium and Noto CJK fonts.
# Usage: bash scripts/report-pdf.sh REPORT.html OUTPUT.pdf
# The browser profile lives in a folder beside OUTPUT.pdf and is removed afterwards: nothing else is written.
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 REPORT.html OUTPUT.pdf" >&2; exit 2; fi
html=$(realpath "$1")
out=$(realpath -m "$2")
[ -f "$html" ] || { echo "エラー: $1 がありません / error: $1 not found" >&2; exit 2; }
command -v chromium >/dev/null || { echo "エラー: chromium がありません（apt-get install chromium fonts-noto-cjk）/ error: chromium not installed" >&2; exit 2; }
source "$(dirname "$0")/chromium-flags.sh"
profile=$(dirname "$out")/.hitoku-chromium-profile-$$
trap 'rm -rf "$profile"' EXIT
tmp_pdf=$(dirname "$out")/.$(basename "$out").tmp-$$
chromium "${CHROMIUM_SAFE_FLAGS[@]}" --user-data-dir="$profile" --no-pdf-header-footer \
  --print-to-pdf="$tmp_pdf" "file://$html" >/dev/null 2>&1
[ -s "$tmp_pdf" ] || { rm -f "$tmp_pdf"; echo "エラー: PDF を作成できませんでした / error: PDF not produced" >&2; exit 2; }
mv "$tmp_pdf" "$out"
echo "$out"
