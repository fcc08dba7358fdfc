#!/usr/bin/env bash
# Regenerate the README's screenshot of the HTML report (docs/report-sample.png) with a headless
# Chromium; scripts/regen writes the sample reports themselves (docs/report-sample.{md,html,json}).
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=(examples/valid examples/broken/HV4005-synthetic-device-needs-enlightenment.yaml examples/fleet/cluster-mixed.yaml)
# the samples include a failing host on purpose: report exits 1 for it, as check would
hvcheck report --exit-zero -f html -o docs/report-sample.html "${inputs[@]}"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  profile=$(mktemp -d)
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1400,1500 --hide-scrollbars \
    --screenshot="$PWD/docs/report-sample.png" "file://$PWD/docs/report-sample.html" 2>/dev/null
  rm -rf "$profile"
fi
echo "docs/report-sample.html${browser:+ and docs/report-sample.png} written"
