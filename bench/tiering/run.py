#!/usr/bin/env python3
"""End-to-end timing of the tiering guests: wasmprof run under each -C compiler=... strategy
(and optionally node's WASI), interleaved, N runs each. Prints, per guest and strategy, the
median wall time, CPU time (user + system, all threads) and peak RSS (from /usr/bin/time), the load average at start and end, and
whether every run produced the same output (stdout plus the files the guest wrote).

    bench/tiering/run.py [-n 5] [--guests flite,sqlite3] [--strategies interpreter,tiered,llvm]
                         [--node] [--wasmprof build/src/cli/wasmprof] [--guest-dir build/bench/tiering]

The guests come from bench/tiering/build_guest.sh. Never run by CI.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# About 1.1 s in the interpreter with the slt (clustergen) voice on the machine of README.md.
FLITE_TEXT = ("A gentle breeze moved through the old library, where rows of books waited "
              "quietly for readers who would come in the morning.")


def guest_runs(guest_dir):
    """Per guest: the wasm file, its arguments (OUT is the guest's /out directory) and stdin."""
    return {
        "flite": (os.path.join(guest_dir, "flite.wasm"),
                  ["-voice", "slt", "-t", FLITE_TEXT, "-o", "/out/speech.wav"], None),
        "sqlite3": (os.path.join(guest_dir, "sqlite3.wasm"), [":memory:"],
                    os.path.join(HERE, "workload.sql")),
    }


def command(strategy, wasmprof, wasm, args, out_dir):
    if strategy == "node":
        return ["node", "--no-warnings", os.path.join(HERE, "node_wasi.mjs"), out_dir, wasm] + args
    return [wasmprof, "run", "-C", "compiler=" + strategy, "--dir", out_dir + "::/out", wasm] + args


def digest_outputs(stdout, out_dir):
    h = hashlib.sha256(stdout)
    for name in sorted(os.listdir(out_dir)):
        with open(os.path.join(out_dir, name), "rb") as f:
            h.update(name.encode() + b"\0" + f.read())
    return h.hexdigest()[:16]


def run_once(strategy, wasmprof, wasm, args, stdin_path):
    work = tempfile.mkdtemp(prefix="tiering-")
    out_dir, time_file = os.path.join(work, "out"), os.path.join(work, "time")
    os.mkdir(out_dir)
    try:
        cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", time_file] + command(strategy, wasmprof, wasm, args, out_dir)
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            proc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        finally:
            if stdin_path:
                stdin.close()
        with open(time_file) as f:
            wall, user, system, rss = f.read().split()[-4:]
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode(errors="replace"))
            raise SystemExit(f"{strategy}: exit status {proc.returncode}: {' '.join(cmd)}")
        return float(wall), float(user) + float(system), int(rss), digest_outputs(proc.stdout, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5, help="runs per strategy (default 5)")
    parser.add_argument("--guests", default="flite,sqlite3")
    parser.add_argument("--strategies", default="interpreter,tiered,llvm",
                        help="comma-separated: interpreter, tiered, llvm, node")
    parser.add_argument("--node", action="store_true", help="also time node's WASI (preview1)")
    parser.add_argument("--wasmprof", default=os.path.join(ROOT, "build", "src", "cli", "wasmprof"))
    parser.add_argument("--guest-dir", default=os.path.join(ROOT, "build", "bench", "tiering"))
    opts = parser.parse_args()
    strategies = opts.strategies.split(",") + (["node"] if opts.node else [])
    runs = guest_runs(opts.guest_dir)
    for guest in opts.guests.split(","):
        wasm, args, stdin_path = runs[guest]
        size = os.path.getsize(wasm)
        print(f"== {guest}: {wasm} ({size / 1e6:.1f} MB), {opts.n} runs each, interleaved")
        start_load = loadavg()
        results = {s: [] for s in strategies}
        for i in range(opts.n):
            for s in strategies:
                wall, cpu, rss, digest = run_once(s, opts.wasmprof, wasm, args, stdin_path)
                results[s].append((wall, cpu, rss, digest))
                print(f"  run {i + 1} {s:12} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss / 1024:7.1f} MiB  out {digest}",
                      flush=True)
        end_load = loadavg()
        print(f"  load average at start: {start_load}; at end: {end_load}")
        print(f"  {'strategy':12} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>7} {'RSS MiB':>8}")
        for s in strategies:
            walls = [r[0] for r in results[s]]
            cpu = statistics.median(r[1] for r in results[s])
            rss = statistics.median(r[2] for r in results[s]) / 1024
            print(f"  {s:12} {statistics.median(walls):9.2f} {min(walls):7.2f} {max(walls):7.2f} {cpu:7.2f} {rss:8.1f}")
        digests = {r[3] for s in strategies for r in results[s]}
        print("  outputs identical across strategies and runs: " + ("yes" if len(digests) == 1 else f"NO {digests}"))
        if len(digests) != 1:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
