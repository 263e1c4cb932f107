#!/usr/bin/env bash
# The profiler's benchmark tables in one go (bench/profile/README.md): overhead on the whole
# suite (both modes, 1 and 10 kHz), fidelity at 1 and 10 kHz, and the cost of a sample; then the
# overhead and fidelity on the compiling tier (--compiled). About 6 minutes on a quiet 2-CPU
# machine. Run on a machine as quiet as you can get; the load
# average is printed at the start and the end of each part.
#
#   bench/profile/run_all.sh [build-dir]        (default: build; run scripts/build.sh first)
#
# Environment: SCALE (fraction of each suite program's default n, default 0.1), ROUNDS (default
# 15), SECONDS_1KHZ / SECONDS_10KHZ (CPU seconds of each fidelity run, default 20 / 4: enough
# samples that sampling noise stays under +/-0.4 points).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
ninja -C "$build" profile_overhead profile_fidelity profile_sample_cost >/dev/null
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) CPUs"
echo "== overhead: guest-thread CPU time, ratio to unprofiled (median of per-round ratios)"
"$build/bench/profile_overhead" "$build/bench/suite" "$root/bench/suite/programs.txt" \
  --scale "${SCALE:-0.1}" --rounds "${ROUNDS:-15}"
for interval in 1000 100; do
  seconds=${SECONDS_1KHZ:-20}
  [ "$interval" = 100 ] && seconds=${SECONDS_10KHZ:-4}
  echo "== fidelity at $((1000000 / interval)) Hz, load $(cut -d' ' -f1 /proc/loadavg)"
  "$build/bench/profile_fidelity" "$build/bench/profile/fidelity.wasm" --seconds "$seconds" --interval-us "$interval"
done
echo "== compiled tier: overhead (full n: machine code runs ~8x faster), load $(cut -d' ' -f1 /proc/loadavg)"
"$build/bench/profile_overhead" "$build/bench/suite" "$root/bench/suite/programs.txt" \
  --scale "$(python3 -c "print(${SCALE:-0.1} * 10)")" --rounds "${ROUNDS:-15}" --compiled
echo "== compiled tier: fidelity at 1000 Hz, load $(cut -d' ' -f1 /proc/loadavg)"
"$build/bench/profile_fidelity" "$build/bench/profile/fidelity.wasm" --seconds "${SECONDS_1KHZ:-20}" --compiled
echo "== sample cost, load $(cut -d' ' -f1 /proc/loadavg)"
for depth in 30 3000; do
  "$build/bench/profile_sample_cost" "$build/bench/profile/deep.wasm" --depth "$depth" \
    --samples $([ "$depth" = 30 ] && echo 1000000 || echo 20000)
done
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
