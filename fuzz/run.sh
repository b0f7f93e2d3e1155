#!/usr/bin/env bash
# Run fuzz targets one at a time at the lowest priority, each for SECONDS (default 600),
# logging to fuzz/logs/<target>.log. Usage: fuzz/run.sh [target...] (default: all four).
set -uo pipefail
cd "$(dirname "$0")"
seconds=${SECONDS_PER_TARGET:-600}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(front_matter link_resolve surgical_edit render)
[ -d corpus ] || ./seed.sh
mkdir -p logs
for t in "${targets[@]}"; do
    echo "== $t $(date +%T)"
    nice -n 19 cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" >"logs/$t.log" 2>&1
    echo "== $t exit $? $(date +%T): $(grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$t.log" | tail -1)"
done
