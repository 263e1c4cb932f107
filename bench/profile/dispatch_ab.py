#!/usr/bin/env python3
"""Interleaved A/B timing of interpreter builds on the benchmark suite.

    python3 bench/profile/dispatch_ab.py BASE=path/to/wasmprof_run OTHER=path/to/wasmprof_run ... \
        [--runs 5] [--scale 0.5] [--programs coremark,nbody]

Each label=binary is a build of bench/suite's wasmprof_run (for instance the default build and
the WASMPROF_DISPATCH_CONST_TABLE measuring build, bench/README.md). For every program of
programs.txt at scale x its default n, the binaries run one after another, --runs times over
(A B C A B C ...), so a change in the machine's load hits every build alike. Prints, per
program, the median time of each build and its ratio to the first, the geometric mean of the
ratios, the spread of the ratios over the rounds (how noisy the run was) and the load average
at the start and the end. Checksums must agree.
"""

import argparse
import math
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def programs():
    with open(os.path.join(REPO, "bench", "suite", "programs.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, default_n = line.split()[:2]
                yield name, int(default_n)


def run(binary, wasm, n):
    out = subprocess.run([binary, wasm, str(n)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"checksum=(0x[0-9a-f]+) time_ms=([0-9.]+)", out)
    if not match:
        raise SystemExit(f"unexpected output from {binary}: {out!r}")
    return match.group(1), float(match.group(2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("builds", nargs="+", help="label=path of a wasmprof_run binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=0.5, help="fraction of each program's default n")
    parser.add_argument("--programs", default="", help="comma-separated subset")
    parser.add_argument("--suite-dir", default=os.path.join(REPO, "build", "bench", "suite"))
    args = parser.parse_args()
    builds = [tuple(b.split("=", 1)) for b in args.builds]
    wanted = set(filter(None, args.programs.split(",")))

    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    header = f"{'program':<11}" + "".join(f" {label + ' ms':>12}" for label, _ in builds)
    header += "".join(f" {label + '/' + builds[0][0]:>14} {'spread':>7}" for label, _ in builds[1:])
    print(header)
    geo = {label: [] for label, _ in builds[1:]}
    for name, default_n in programs():
        if wanted and name not in wanted:
            continue
        wasm = os.path.join(args.suite_dir, f"suite_{name}.wasm")
        n = max(1, int(default_n * args.scale))
        times = {label: [] for label, _ in builds}
        ratios = {label: [] for label, _ in builds[1:]}
        checksums = set()
        for _ in range(args.runs):
            round_times = {}
            for label, binary in builds:
                checksum, ms = run(binary, wasm, n)
                checksums.add(checksum)
                times[label].append(ms)
                round_times[label] = ms
            for label, _ in builds[1:]:
                ratios[label].append(round_times[label] / round_times[builds[0][0]])
        if len(checksums) != 1:
            raise SystemExit(f"{name}: checksums differ: {sorted(checksums)}")
        line = f"{name:<11}" + "".join(f" {statistics.median(times[label]):12.1f}" for label, _ in builds)
        for label, _ in builds[1:]:
            ratio = statistics.median(times[label]) / statistics.median(times[builds[0][0]])
            geo[label].append(ratio)
            spread = max(ratios[label]) - min(ratios[label])
            line += f" {ratio:14.3f} {spread:7.3f}"
        print(line, flush=True)
    line = f"{'geomean':<11}" + " " * (13 * len(builds))
    for label, _ in builds[1:]:
        line += f" {math.exp(sum(map(math.log, geo[label])) / max(1, len(geo[label]))):14.3f} {'':7}"
    print(line)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
