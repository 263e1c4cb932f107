#!/usr/bin/env bash
# The cost of epoch checks on every benchmark-suite program, measured the way a shared machine
# allows: one configuration per process (embedding_overhead --only), plain and epochs
# alternating, PAIRS pairs per program, each process the median of 5 rounds; prints, per
# program, the ratio of the medians and the median of the paired ratios, then their geometric
# means.
#
#   bench/embedding/epoch_pairs.sh [BUILD_DIR] [PAIRS] [SCALE]
#
# SCALE divides each program's default n (bench/suite/programs.txt); 5 keeps a run near 0.1-1 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
pairs=${2:-9}
scale=${3:-5}
bench=$build/bench/embedding_overhead
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -v '^#' "$root/bench/suite/programs.txt" | while read -r name default_n _; do
  [ -n "$name" ] || continue
  n=$(( default_n / scale > 0 ? default_n / scale : 1 ))
  for _ in $(seq "$pairs"); do
    for config in plain epochs; do
      ms=$("$bench" "$build/bench/suite/suite_$name.wasm" "$n" --rounds 5 --only "$config" |
           sed -n "s/^$config *cpu_ms= *//p")
      echo "$name $config $ms" >>"$log"
    done
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$log" <<'PY'
import collections, math, statistics, sys
times = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    name, config, ms = line.split()
    times[name][config].append(float(ms))
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
of_medians, paired = [], []
print(f"{'program':<12}{'plain ms':>10}{'epochs ms':>11}{'ratio of medians':>18}{'median paired':>15}")
for name, by_config in times.items():
    plain, epochs = by_config["plain"], by_config["epochs"]
    a = statistics.median(epochs) / statistics.median(plain)
    b = statistics.median(e / p for p, e in zip(plain, epochs))
    of_medians.append(a)
    paired.append(b)
    print(f"{name:<12}{statistics.median(plain):>10.1f}{statistics.median(epochs):>11.1f}{a:>18.3f}{b:>15.3f}")
print(f"{'geomean':<12}{'':>10}{'':>11}{geo(of_medians):>18.3f}{geo(paired):>15.3f}")
PY
