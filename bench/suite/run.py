#!/usr/bin/env python3
"""Times the benchmark suite natively, on wasmprof and on node (V8), and prints the ratios.

For each program of programs.txt it runs, interleaved, K times each (--runs, default 5):
  <build>/bench/suite/<program>-native n
  <build>/bench/suite/wasmprof_run <build>/bench/suite/suite_<program>.wasm n
  <build>/bench/suite/wasmprof_run ... n --strategy compiled --repeat 2   (the compiling tier: its
      functions compile at their first call, so the first call is reported apart and the second
      is the time, as node's warm-up)
  node node_run.mjs <build>/bench/suite/suite_<program>.wasm n   (one untimed warm-up call first)
takes the median time of each, checks that every checksum agrees (a mismatch is reported with
the program, n and every engine's checksum, and makes the exit status 1), and prints a table with
wasmprof/native and wasmprof/node per program, the same for the compiling tier, and their
geometric means.

--extras also measures translation throughput (code-section bytes / translation time) on the
largest guest of the suite and on bench/guests' large_module.wasm, time to first instruction
for both, and peak RSS minus linear memory per program.

Only the Python standard library is used. This is a benchmark, not a test: run it on a machine
as quiet as you can get and report the load it had (printed at the start and the end).
"""

import argparse
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LINE_RE = re.compile(r"checksum=(0x[0-9a-f]+) time_ms=([0-9.]+)")


def read_manifest():
    programs = []
    with open(os.path.join(HERE, "programs.txt")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, default_n, smoke_n, description = line.split(None, 3)
            programs.append((name, int(default_n), int(smoke_n), description.strip()))
    return programs


def key_values(text):
    return dict(re.findall(r"([a-z_]+)=([^ \n]+)", text))


class RunError(Exception):
    pass


def run_command(cmd, timeout):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RunError(f"timed out after {timeout} s: {' '.join(cmd)}")
    if proc.returncode != 0:
        raise RunError(f"exit status {proc.returncode}: {' '.join(cmd)}\n{proc.stderr.strip()}")
    return proc.stdout


def timed_call(cmd, timeout):
    """Runs one engine once; returns (checksum, ms of its last call, ms of its first call, all
    key=value pairs of its output)."""
    out = run_command(cmd, timeout)
    calls = LINE_RE.findall(out)
    if not calls:
        raise RunError(f"no checksum line in the output of {' '.join(cmd)}:\n{out}")
    checksum, ms = calls[-1]
    return checksum, float(ms), float(calls[0][1]), key_values(out)


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        model = fields.get("Model name", "").strip()
        cpus = fields.get("CPU(s)", "").strip()
        mhz = fields.get("CPU max MHz", fields.get("CPU MHz", "")).strip()
        return f"{model}, {cpus} CPUs" + (f", {mhz} MHz" if mhz else "")
    except OSError:
        return platform.processor() or platform.machine()


def fmt_ms(ms):
    return f"{ms:.1f}" if ms < 1000 else f"{ms:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(REPO, "build"), help="default: %(default)s")
    parser.add_argument("--runs", type=int, default=5, help="runs per engine and program (default 5)")
    parser.add_argument("--programs", help="comma-separated subset of programs.txt")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every default n by this")
    parser.add_argument("--n", type=int, help="use this n for every program (with --programs)")
    parser.add_argument("--node", default=shutil.which("node") or "/usr/bin/node", help="node binary")
    parser.add_argument("--no-node", action="store_true", help="skip node")
    parser.add_argument("--node-warmup", type=int, default=1, help="untimed run(n) calls before the timed one")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per process")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    parser.add_argument("--extras", action="store_true",
                        help="also measure translation throughput, time to first instruction and memory")
    args = parser.parse_args()

    suite = os.path.join(args.build_dir, "bench", "suite")
    wasmprof_run = os.path.join(suite, "wasmprof_run")
    if not os.access(wasmprof_run, os.X_OK):
        sys.exit(f"run.py: {wasmprof_run} not found: build first (scripts/build.sh)")
    use_node = not args.no_node
    if use_node and not (args.node and os.access(args.node, os.X_OK)):
        sys.exit("run.py: node not found (use --node PATH or --no-node)")

    programs = read_manifest()
    if args.programs:
        wanted = args.programs.split(",")
        unknown = set(wanted) - {p[0] for p in programs}
        if unknown:
            sys.exit(f"run.py: unknown programs: {', '.join(sorted(unknown))}")
        programs = [p for p in programs if p[0] in wanted]

    load_start = os.getloadavg()
    print(f"machine: {cpu_model()}; {platform.system()} {platform.release()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; runs: {args.runs}; "
          f"load average at start: {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}")
    if use_node:
        node_version = subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"node: {args.node} {node_version}, {args.node_warmup} warm-up call(s) before the timed one")
    print()

    rows = []
    mismatches = []
    errors = []
    for name, default_n, _, description in programs:
        n = args.n if args.n is not None else max(1, round(default_n * args.scale))
        wasm = os.path.join(suite, f"suite_{name}.wasm")
        engines = {
            "native": [os.path.join(suite, f"{name}-native"), str(n)],
            "wasmprof": [wasmprof_run, wasm, str(n)],
            "compiled": [wasmprof_run, wasm, str(n), "--strategy", "compiled", "--repeat", "2"],
        }
        if use_node:
            engines["node"] = [args.node, os.path.join(HERE, "node_run.mjs"), wasm, str(n),
                               "--warmup", str(args.node_warmup)]
        times = {engine: [] for engine in engines}
        checksums = {engine: set() for engine in engines}
        extra = {"overhead_kb": [], "peak_minus_memory_kb": [], "memory_kb": [], "compile_ms": [],
                 "node_first_ms": [], "compiled_first_ms": []}
        try:
            for _ in range(args.runs):
                for engine, cmd in engines.items():  # interleaved, so load changes hit all alike
                    checksum, ms, first_ms, kv = timed_call(cmd, args.timeout)
                    times[engine].append(ms)
                    checksums[engine].add(checksum)
                    if engine == "wasmprof":
                        extra["overhead_kb"].append(float(kv["overhead_kb"]))
                        extra["peak_minus_memory_kb"].append(float(kv["peak_minus_memory_kb"]))
                        extra["memory_kb"].append(float(kv["memory_bytes"]) / 1024)
                        extra["compile_ms"].append(float(kv["compile_ms"]))
                    if engine == "compiled":
                        extra["compiled_first_ms"].append(first_ms)
                    if engine == "node":
                        extra["node_first_ms"].append(float(kv["first_call_ms"]))
                        checksums[engine].add(kv["first_checksum"])
        except RunError as e:
            errors.append(f"{name}: {e}")
            print(f"{name:12} ERROR: {e}", file=sys.stderr)
            continue
        distinct = set().union(*checksums.values())
        if len(distinct) != 1:
            detail = "; ".join(f"{engine}: {', '.join(sorted(c))}" for engine, c in checksums.items())
            mismatches.append(f"{name} run({n}): {detail}")
            print(f"!!! CHECKSUM MISMATCH {name} run({n}): {detail}", file=sys.stderr)
        med = {engine: statistics.median(t) for engine, t in times.items()}
        row = {
            "name": name, "n": n, "description": description, "checksum": sorted(distinct)[0],
            "ok": len(distinct) == 1, "native": med["native"], "wasmprof": med["wasmprof"],
            "compiled": med["compiled"], "compiled_first": statistics.median(extra["compiled_first_ms"]),
            "node": med.get("node"), "node_first": statistics.median(extra["node_first_ms"]) if use_node else None,
            "spread": {engine: (min(t), max(t)) for engine, t in times.items()},
            "compile_ms": statistics.median(extra["compile_ms"]),
            "overhead_kb": statistics.median(extra["overhead_kb"]),
            "peak_minus_memory_kb": statistics.median(extra["peak_minus_memory_kb"]),
            "memory_kb": statistics.median(extra["memory_kb"]),
        }
        row["wasmprof/native"] = row["wasmprof"] / row["native"]
        row["wasmprof/node"] = row["wasmprof"] / row["node"] if use_node else None
        row["compiled/native"] = row["compiled"] / row["native"]
        row["compiled/node"] = row["compiled"] / row["node"] if use_node else None
        row["node/native"] = row["node"] / row["native"] if use_node else None
        rows.append(row)
        line = (f"{name:12} n={n:<8} native {fmt_ms(row['native']):>7} ms  wasmprof {fmt_ms(row['wasmprof']):>7} ms"
                f"  x{row['wasmprof/native']:.1f}")
        line += f"  compiled {fmt_ms(row['compiled']):>7} ms x{row['compiled/native']:.2f}"
        if use_node:
            line += f"  node {fmt_ms(row['node']):>7} ms  wasmprof/node x{row['wasmprof/node']:.1f}"
            line += f" compiled/node x{row['compiled/node']:.2f}"
        print(line + ("" if row["ok"] else "  CHECKSUM MISMATCH"), flush=True)

    load_end = os.getloadavg()
    print()
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    print()
    if rows:
        print_table(rows, use_node, markdown=False)
        if args.markdown:
            print()
            print_table(rows, use_node, markdown=True)
    if args.extras and rows:
        print()
        print_extras(args, suite, wasmprof_run, rows)

    if mismatches or errors:
        print(file=sys.stderr)
        for m in mismatches:
            print(f"CHECKSUM MISMATCH: {m}", file=sys.stderr)
        for e in errors:
            print(f"ERROR: {e}", file=sys.stderr)
        return 1
    return 0


def print_table(rows, use_node, markdown):
    headers = ["program", "n", "native ms", "wasmprof ms", "compiled ms", "compiled 1st call ms"]
    if use_node:
        headers += ["node ms", "node 1st call ms"]
    headers += ["wasmprof/native", "compiled/native"]
    if use_node:
        headers += ["wasmprof/node", "compiled/node", "node/native"]
    table = []
    for r in rows:
        name = r["name"] if r["ok"] else r["name"] + " (CHECKSUM MISMATCH)"
        cells = [name, str(r["n"]), fmt_ms(r["native"]), fmt_ms(r["wasmprof"]), fmt_ms(r["compiled"]),
                 fmt_ms(r["compiled_first"])]
        if use_node:
            cells += [fmt_ms(r["node"]), fmt_ms(r["node_first"])]
        cells += [f"{r['wasmprof/native']:.1f}", f"{r['compiled/native']:.2f}"]
        if use_node:
            cells += [f"{r['wasmprof/node']:.1f}", f"{r['compiled/node']:.2f}", f"{r['node/native']:.2f}"]
        table.append(cells)
    gm = ["geometric mean", "", "", "", "", ""]
    if use_node:
        gm += ["", ""]
    gm += [f"{geomean([r['wasmprof/native'] for r in rows]):.1f}", f"{geomean([r['compiled/native'] for r in rows]):.2f}"]
    if use_node:
        gm += [f"{geomean([r['wasmprof/node'] for r in rows]):.1f}", f"{geomean([r['compiled/node'] for r in rows]):.2f}",
               f"{geomean([r['node/native'] for r in rows]):.2f}"]
    table.append(gm)
    if markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
        for cells in table:
            if cells[0] == "geometric mean":
                cells = [f"**{c}**" if c else "" for c in cells]
            print("| " + " | ".join(cells) + " |")
        return
    widths = [max(len(h), *(len(c[i]) for c in table)) for i, h in enumerate(headers)]
    def fmt(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(fmt(headers))
    print("  ".join("-" * w for w in widths))
    for cells in table:
        print(fmt(cells))


def print_extras(args, suite, wasmprof_run, rows):
    # Memory: what the interpreter needs beyond the guest's own linear memory.
    print("memory of wasmprof_run (median of runs; MiB): linear memory at the end, peak RSS (VmHWM) minus")
    print("linear memory, and that minus the process's RSS before it read the module; compile = decode +")
    print("validate + translate")
    for r in rows:
        print(f"  {r['name']:12} linear {r['memory_kb'] / 1024:6.1f}  peak - linear {r['peak_minus_memory_kb'] / 1024:5.1f}"
              f"  peak - start - linear {r['overhead_kb'] / 1024:5.1f}   compile {r['compile_ms']:.2f} ms")
    targets = []
    largest = max(rows, key=lambda r: os.path.getsize(os.path.join(suite, f"suite_{r['name']}.wasm")))
    targets.append((f"suite_{largest['name']}.wasm", os.path.join(suite, f"suite_{largest['name']}.wasm")))
    large = os.path.join(args.build_dir, "bench", "guests", "large_module.wasm")
    if os.path.exists(large):
        targets.append(("large_module.wasm", large))
    print()
    print("translation (median of 9; MB = 10^6 bytes of code section):")
    for label, path in targets:
        try:
            kv = key_values(run_command([wasmprof_run, "--translate", path, "--iterations", "9"], args.timeout))
            print(f"  {label}: {int(kv['code_bytes']):,} code bytes, {kv['functions']} functions -> "
                  f"{int(kv['translated_bytes']):,} bytes of internal code; decode {kv['decode_ms']} ms, "
                  f"validate {kv['validate_ms']} ms, translate {kv['translate_ms']} ms "
                  f"({kv['translate_mb_s']} MB/s), compile (lazy: decode + validate) {kv['compile_ms']} ms "
                  f"({kv['compile_mb_s']} MB/s), eager compile {kv['eager_compile_ms']} ms")
        except RunError as e:
            print(f"  {label}: ERROR {e}")
    print()
    print("time to first instruction (median of 9: compile + instantiate, until the first instruction runs;")
    print("compiled: until the entry, compiled first, reaches its first check point):")
    for label, path in targets:
        for strategy in ("interpreter", "compiled"):
            try:
                kv = key_values(run_command([wasmprof_run, "--first-instruction", path, "--iterations", "9",
                                             "--strategy", strategy], args.timeout))
                print(f"  {label} ({strategy}): {kv['first_instruction_ms']} ms from bytes in memory, "
                      f"{kv['first_instruction_from_file_ms']} ms from reading the file (compile {kv['compile_ms']} ms); "
                      f"RSS {int(kv['start_rss_kb']) / 1024:.1f} MiB before, peak {int(kv['peak_rss_kb']) / 1024:.1f} MiB")
            except RunError as e:
                print(f"  {label} ({strategy}): ERROR {e}")
    print()
    print("the compiling tier, every function at once (LLVM -O2, one module per function):")
    for label, path in targets:
        try:
            kv = key_values(run_command([wasmprof_run, "--compile-native", path], args.timeout))
            print(f"  {label}: {kv['compiled']} of {kv['functions']} functions compiled ({kv['interpreted']} left to the "
                  f"interpreter) in {kv['native_compile_ms']} ms ({kv['native_compile_mb_s']} MB/s of code section); "
                  f"resident memory added {int(kv['rss_added_kb']) / 1024:.1f} MiB")
        except RunError as e:
            print(f"  {label}: ERROR {e}")


if __name__ == "__main__":
    sys.exit(main())
