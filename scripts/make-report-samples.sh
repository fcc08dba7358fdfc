#!/usr/bin/env bash
# Regenerate the sample compatibility reports in docs/ (tests/report/test_samples.py keeps them
# current) and, when a headless Chromium is installed, the README's screenshot of the HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=(examples/valid examples/broken/HV4005-synthetic-device-needs-enlightenment.yaml examples/fleet/cluster-mixed.yaml)
hvcheck report -f md -o docs/report-sample.md "${inputs[@]}"
hvcheck report -f html -o docs/report-sample.html "${inputs[@]}"
hvcheck report -f json -o docs/report-sample.json "${inputs[@]}"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  profile=$(mktemp -d)
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1400,1500 --hide-scrollbars \
    --screenshot="$PWD/docs/report-sample.png" "file://$PWD/docs/report-sample.html" 2>/dev/null
  rm -rf "$profile"
fi
echo "docs/report-sample.{md,html,json}${browser:+ and docs/report-sample.png} written"
