#!/usr/bin/env python3
"""Closeness to native: how far the per-function self shares of wasmprof's profiles (interpreter
and compiled tier) and of V8's profiler are from those of the same C program compiled natively.

For each program of bench/suite/programs.txt (n = its default n times --scale; spectral, whose work
is quadratic in n, the square root of that) it runs, one after another:
  native       perf record -e cpu-clock:u -c PERIOD <build>/bench/suite/<program>-native n
  interpreter  wasmprof run --profile=guest,OUT.json,INTERVAL --invoke run suite_<program>.wasm n
  compiled     the same with -C compiler=llvm (each function compiled to machine code at its first
               call, on the guest thread; the profile has no samples of the compile: its count
               matches the machine code's time under perf, compiled-perf below)
  node         node --cpu-prof --cpu-prof-interval US bench/suite/node_run.mjs suite_<program>.wasm n
               (one untimed warm-up call of run(n) and the timed one, as bench/suite/run.py: the
               first call runs partly in Liftoff, V8's baseline tier, as a one-call program would)
  node-no-liftoff  (only with --engines ...,node-no-liftoff) the same with node --no-liftoff: every
               function in TurboFan, V8's optimising tier, from the start
  compiled-perf  (only with --engines ...,compiled-perf) perf record of `wasmprof run -C compiler=llvm`
               without --profile, its machine code named through WASMPROF_PERFMAP=1: where the
               compiled code really spends its time, so that the compiled tier's distance from
               native can be split into the code's (compiled-perf against native) and the
               sampler's (compiled against compiled-perf). perf sees machine functions: a callee the
               compiler inlined counts for its caller there, where wasmprof shows it as a frame.
and takes each function's self share (samples whose innermost frame is that function, over the
samples of guest code). Against native it prints the total variation distance (half the sum of the
absolute share differences over all functions, in percentage points: the share of samples that
would have to move to turn one profile into the other) and the largest single difference.

Which samples count, and how names are matched (the same C functions keep their names through the
wasm name section):
  - native: functions defined in the program's own object (nm of
    <build>/bench/suite-native-objects/<program>.c.o), and libc's memcpy/memmove, memset,
    memcmp/bcmp and malloc/free (their glibc variants, e.g. __memmove_avx_unaligned_erms) in one
    bucket each, as the guest's wasi-libc copies are. Anything else (the driver's main and its
    clock reads, crt start-up, the dynamic loader, printf) is start-up, left out and reported as
    `outside`. perf cannot see the kernel at this machine's perf_event_paranoid (cpu-clock:u), so
    page faults are nowhere natively; in wasmprof and V8 they are time of the guest function that
    touched the page.
  - wasm (all three): functions the native program does not have, because they are helpers the
    wasm target needs (__multi3 for 64x64->128 products, the run.command_export wrapper),
    give their self time to their caller, which natively has that code inline. A function that
    only one side inlined (nbody's energy, natively a function of its own) stays as it is and
    shows up in the distance.
  - node: only frames of wasm code count; V8's "(program)", "(garbage collector)", "(idle)", "(root)"
    and the JavaScript of node_run.mjs are `outside`. node 20's V8 does not inline wasm functions.
  - wasmprof: every sample with a stack is guest code.

Sampling noise: with N samples a share p moves by about sqrt(p(1-p)/N); the `noise` column is the
distance two independent profiles of the same truth would show from that alone (expected value,
normal approximation): distances near it mean nothing.

Only the Python standard library is used (plus the tools it drives: perf, nm, node). This is a
measurement: run it on a machine as quiet as you can get (it prints the load at the start and end).

Examples:
  bench/profile/closeness.py --build-dir build
  bench/profile/closeness.py --engines interpreter,compiled,node,node-no-liftoff,compiled-perf --markdown
  bench/profile/closeness.py --programs coremark,richards --scale 10 --markdown --keep /tmp/closeness
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SUITE_SRC = os.path.join(REPO, "bench", "suite")
sys.path.insert(0, SUITE_SRC)
from run import read_manifest, cpu_model  # noqa: E402  (bench/suite/run.py: the same manifest)

ENGINES = ("native", "interpreter", "compiled", "node", "node-no-liftoff", "compiled-perf")
# Programs whose work grows faster than n (bench/suite/README.md: spectral's n is a matrix size):
# --scale multiplies the work, so n grows by its root.
WORK_EXPONENT = {"spectral": 2}
COMPARED = ("interpreter", "compiled", "node", "node-no-liftoff", "compiled-perf")

# libc functions both sides have, under one name each: glibc's ifunc variants natively
# (__memmove_avx_unaligned_erms serves memcpy and memmove alike), wasi-libc's copies in the guest.
LIBC_BUCKETS = (
    ("memcpy/memmove", re.compile(r"^_*(memcpy|memmove|mempcpy)(_.*)?$")),
    ("memset", re.compile(r"^_*memset(_.*)?$")),
    ("memcmp", re.compile(r"^_*(memcmp|memcmpeq|bcmp)(_.*)?$")),
    ("malloc/free", re.compile(r"^(_*(libc_)?(malloc|free|cfree|calloc|realloc)|_int_(malloc|free).*|malloc_consolidate"
                               r"|sysmalloc|unlink_chunk.*|tcache_.*|dlmalloc|dlfree|sbrk|abort)$")),
)


LIBC_NAMES = {bucket for bucket, _ in LIBC_BUCKETS}


def libc_bucket(name):
    for bucket, pattern in LIBC_BUCKETS:
        if pattern.match(name):
            return bucket
    return None


class RunError(Exception):
    pass


def run_command(cmd, timeout, env=None, cwd=None):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise RunError(f"timed out after {timeout} s: {' '.join(cmd)}")
    if proc.returncode != 0:
        raise RunError(f"exit status {proc.returncode}: {' '.join(cmd)}\n{proc.stderr.strip()[-2000:]}")
    return proc


# --- what each side calls its functions -------------------------------------------------------

def read_leb128(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def wasm_function_names(path):
    """The function names of a module's name section (subsection 1)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\0asm":
        raise RunError(f"{path} is not a wasm module")
    names = set()
    pos = 8
    while pos < len(data):
        section_id = data[pos]
        size, pos = read_leb128(data, pos + 1)
        end = pos + size
        if section_id == 0:
            length, p = read_leb128(data, pos)
            if data[p:p + length] == b"name":
                p += length
                while p < end:
                    subsection = data[p]
                    sub_size, p = read_leb128(data, p + 1)
                    sub_end = p + sub_size
                    if subsection == 1:
                        count, q = read_leb128(data, p)
                        for _ in range(count):
                            _, q = read_leb128(data, q)
                            length, q = read_leb128(data, q)
                            names.add(data[q:q + length].decode("utf-8", "replace"))
                            q += length
                    p = sub_end
        pos = end
    return names


def object_functions(path):
    """Functions defined in a native object file (nm: text symbols, local ones too)."""
    out = run_command(["nm", "--defined-only", path], 60).stdout
    return {fields[2] for fields in (line.split() for line in out.splitlines())
            if len(fields) == 3 and fields[1] in "tT"}


class Names:
    """Maps each side's function names onto one set: the program's C functions and the libc
    buckets. `fold` names (wasm helpers the native program has inline) give their samples to
    their caller."""

    def __init__(self, native_functions, wasm_functions):
        self.native = native_functions
        self.wasm = wasm_functions

    def canonical(self, name):
        bucket = libc_bucket(name)
        if bucket:
            return bucket
        if name in self.native:
            return name
        stripped = re.sub(r" \(inlinable copy\)$", "", name)  # the perf map's name of a copy
        return libc_bucket(stripped) or stripped

    def is_guest_native(self, name):
        return name in self.native or libc_bucket(name) is not None

    def folds(self, canonical):
        """A wasm-only helper: neither a function of the native program nor a libc bucket."""
        return canonical not in self.native and libc_bucket(canonical) is None and canonical in self.wasm


class Profile:
    """Self samples per canonical function, and the samples left out (by reason)."""

    def __init__(self):
        self.self = defaultdict(float)
        self.outside = defaultdict(float)
        self.folded = defaultdict(float)  # helper -> samples given to callers

    def add_stack(self, stack, weight, names):
        """stack: canonical names, outermost first; wasm-only helpers at its end fold away."""
        while stack and names.folds(stack[-1]):
            self.folded[stack[-1]] += weight
            stack = stack[:-1]
        if stack:
            self.self[stack[-1]] += weight
        else:
            self.outside["wasm helpers with no caller"] += weight

    def kept(self):
        return sum(self.self.values())

    def shares(self):
        total = self.kept()
        return {name: 100.0 * count / total for name, count in self.self.items()} if total else {}

    def own_shares(self):
        """Shares among the program's own functions: the libc buckets left out (the guest's
        wasi-libc memmove is a plain loop where glibc's is vectorised: a different program)."""
        own = {name: count for name, count in self.self.items() if name not in LIBC_NAMES}
        total = sum(own.values())
        return {name: 100.0 * count / total for name, count in own.items()} if total else {}

    def outside_share(self):
        total = self.kept() + sum(self.outside.values())
        return 100.0 * sum(self.outside.values()) / total if total else 0.0


# --- the engines ------------------------------------------------------------------------------

PERF_LINE = re.compile(r"^\s*[0-9a-f]+\s+(.*?)\s*\(([^()]*)\)\s*$")  # "ip sym (dso)"


def perf_record(cmd, period_ns, data_path, timeout, env=None):
    record = ["perf", "record", "-q", "-e", "cpu-clock:u", "-c", str(period_ns), "-o", data_path, "--"] + cmd
    proc = run_command(record, timeout, env=env)
    script = run_command(["perf", "script", "-i", data_path, "-F", "ip,sym,dso"], timeout).stdout
    samples = []
    for line in script.splitlines():
        m = PERF_LINE.match(line)
        if m:
            samples.append((m.group(1) or "[unknown]", m.group(2)))
        elif line.strip():
            raise RunError(f"perf script printed a line this script cannot read: {line!r}")
    return proc.stdout, samples


def profile_native(ctx, program, n, work):
    exe = os.path.join(ctx.suite, f"{program}-native")
    out, samples = perf_record([exe, str(n)], ctx.period_ns("native"), os.path.join(work, f"{program}.native.perf"),
                               ctx.args.timeout)
    m = re.search(r"checksum=(0x[0-9a-f]+)", out)
    profile = Profile()
    for sym, dso in samples:
        name = re.sub(r"\..*$", "", sym)  # clang's .cold/.llvm.N suffixes are the same function
        if ctx.names.is_guest_native(name):
            profile.add_stack([ctx.names.canonical(name)], 1, ctx.names)
        else:
            profile.outside[f"{name} ({os.path.basename(dso)})"] += 1
    return profile, int(m.group(1), 16) if m else None


def wasmprof_cmd(ctx, program, n, tier, profile_path=None):
    cmd = [ctx.wasmprof, "run"]
    if profile_path:
        cmd.append(f"--profile=guest,{profile_path},{ctx.interval_us(tier)}us")
    if tier in ("compiled", "compiled-perf"):
        cmd += ["-C", "compiler=llvm"]
    return cmd + ["--invoke", "run", os.path.join(ctx.suite, f"suite_{program}.wasm"), str(n)]


def profile_wasmprof(ctx, program, n, work, tier):
    path = os.path.join(work, f"{program}.{tier}.json")
    proc = run_command(wasmprof_cmd(ctx, program, n, tier, path), ctx.args.timeout)
    collapsed = run_command([ctx.wasmprof, "convert", path, "--to", "collapsed"], ctx.args.timeout).stdout
    profile = Profile()
    for line in collapsed.splitlines():
        stack_text, _, count = line.rpartition(" ")
        if not stack_text:
            continue
        stack = [ctx.names.canonical(wasmprof_frame_name(frame)) for frame in stack_text.split(";")]
        profile.add_stack(stack, float(count), ctx.names)
    m = re.search(r"\(([0-9]+) samples\)", proc.stderr)
    written = int(m.group(1)) if m else None
    if written is not None and written > profile.kept() + sum(profile.outside.values()):
        profile.outside["samples with no stack"] += written - profile.kept() - sum(profile.outside.values())
    return profile, checksum_of(proc.stdout)


def wasmprof_frame_name(frame):
    # A frame may carry the module's name ("suite_x.wasm!f") in some views: the function is what counts.
    return frame.rsplit("!", 1)[-1]


def checksum_of(text):
    lines = [line for line in text.split() if re.fullmatch(r"-?[0-9]+", line)]
    return int(lines[-1]) & 0xFFFFFFFF if lines else None


def profile_node(ctx, program, n, work, engine):
    name = f"{program}.{engine}.cpuprofile"
    cmd = [ctx.args.node] + (["--no-liftoff"] if engine == "node-no-liftoff" else [])
    cmd += ["--cpu-prof", "--cpu-prof-dir", work, "--cpu-prof-name", name,
            "--cpu-prof-interval", str(ctx.interval_us("node")), os.path.join(SUITE_SRC, "node_run.mjs"),
            os.path.join(ctx.suite, f"suite_{program}.wasm"), str(n), "--warmup", "1"]
    proc = run_command(cmd, ctx.args.timeout)
    with open(os.path.join(work, name)) as f:
        cpuprofile = json.load(f)
    nodes = {node["id"]: node for node in cpuprofile["nodes"]}
    parent = {}
    for node in cpuprofile["nodes"]:
        for child in node.get("children", []):
            parent[child] = node["id"]
    stacks = {}

    def wasm_stack(node_id):
        if node_id not in stacks:
            frames = []
            at = node_id
            while at is not None:
                frame = nodes[at]["callFrame"]
                if frame.get("url", "").startswith("wasm://"):
                    frames.append(ctx.names.canonical(v8_function_name(frame["functionName"])))
                at = parent.get(at)
            stacks[node_id] = frames[::-1]
        return stacks[node_id]

    profile = Profile()
    for sample in cpuprofile["samples"]:
        frame = nodes[sample]["callFrame"]
        if frame.get("url", "").startswith("wasm://"):
            profile.add_stack(wasm_stack(sample), 1, ctx.names)
        else:
            label = frame["functionName"] or "(anonymous)"
            profile.outside[label if label.startswith("(") else "JavaScript"] += 1
    m = re.search(r"checksum=(0x[0-9a-f]+)", proc.stdout)
    return profile, int(m.group(1), 16) if m else None


def v8_function_name(name):
    # V8 names a wasm function from the name section, as "$name" where it is a valid identifier.
    return name[1:] if name.startswith("$") else name


def profile_compiled_perf(ctx, program, n, work):
    env = dict(os.environ, WASMPROF_PERFMAP="1")
    out, samples = perf_record(wasmprof_cmd(ctx, program, n, "compiled-perf"), ctx.period_ns("compiled-perf"),
                               os.path.join(work, f"{program}.compiled-perf.perf"), ctx.args.timeout, env=env)
    profile = Profile()
    for sym, dso in samples:
        if re.search(r"/perf-[0-9]+\.map$", dso):  # the compiled code
            profile.add_stack([ctx.names.canonical(sym)], 1, ctx.names)
        else:
            runtime = "wasmprof" in dso or "LLVM" in dso
            profile.outside["compiler and runtime" if runtime else os.path.basename(dso)] += 1
    return profile, checksum_of(out)


# --- comparison -------------------------------------------------------------------------------

def distance(truth, other):
    """(total variation distance, largest |difference|, its function, signed difference)."""
    names = set(truth) | set(other)
    diffs = {name: other.get(name, 0.0) - truth.get(name, 0.0) for name in names}
    tvd = 0.5 * sum(abs(d) for d in diffs.values())
    worst = max(names, key=lambda name: abs(diffs[name])) if names else ""
    return tvd, abs(diffs.get(worst, 0.0)), worst, diffs.get(worst, 0.0)


def noise_floor(truth, n_truth, other, n_other):
    """Expected distance from sampling alone between two profiles of the same shares."""
    if not n_truth or not n_other:
        return float("nan")
    total = 0.0
    for name in set(truth) | set(other):
        p = (truth.get(name, 0.0) + other.get(name, 0.0)) / 200.0
        sigma = math.sqrt(p * (1 - p) * (1.0 / n_truth + 1.0 / n_other))
        total += sigma * math.sqrt(2 / math.pi)
    return 100.0 * 0.5 * total


class Context:
    def __init__(self, args):
        self.args = args
        self.suite = os.path.join(args.build_dir, "bench", "suite")
        self.objects = os.path.join(args.build_dir, "bench", "suite-native-objects")
        self.wasmprof = os.path.join(args.build_dir, "src", "cli", "wasmprof")
        self.names = None

    def rate(self, engine):
        return {"native": self.args.native_hz, "interpreter": self.args.interpreter_hz,
                "compiled": self.args.compiled_hz, "node": self.args.node_hz, "node-no-liftoff": self.args.node_hz,
                "compiled-perf": self.args.native_hz}[engine]

    def period_ns(self, engine):
        return max(1000, round(1e9 / self.rate(engine)))

    def interval_us(self, engine):
        return max(1, round(1e6 / self.rate(engine)))


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def fmt_diff(diff, name):
    return f"{diff:+.1f} {name}" if name else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(REPO, "build"), help="default: %(default)s")
    parser.add_argument("--programs", help="comma-separated subset of bench/suite/programs.txt")
    parser.add_argument("--scale", type=float, default=10.0,
                        help="run length: multiply every program's work (its default n; spectral's n squared) "
                             "by this (default %(default)s)")
    parser.add_argument("--engines", default="native,interpreter,compiled,node",
                        help=f"comma-separated, from {', '.join(ENGINES)} (native is always run; default %(default)s)")
    parser.add_argument("--native-hz", type=float, default=10000, help="perf's rate (default %(default)s)")
    parser.add_argument("--interpreter-hz", type=float, default=2000, help="default %(default)s")
    parser.add_argument("--compiled-hz", type=float, default=5000, help="default %(default)s")
    parser.add_argument("--node-hz", type=float, default=10000,
                        help="V8's --cpu-prof-interval as a rate (default %(default)s)")
    parser.add_argument("--node", default=shutil.which("node") or "/usr/bin/node", help="node binary")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per process (default %(default)s)")
    parser.add_argument("--top", type=int, default=8, help="functions per program in the detail (default %(default)s)")
    parser.add_argument("--keep", help="keep the raw profiles in this directory")
    parser.add_argument("--markdown", action="store_true", help="print the summary as Markdown too")
    args = parser.parse_args()

    engines = ["native"] + [e for e in args.engines.split(",") if e and e != "native"]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        sys.exit(f"closeness.py: unknown engines: {', '.join(sorted(unknown))}")
    for tool in ["perf", "nm"] + (["node"] if any(e.startswith("node") for e in engines) else []):
        if not shutil.which(tool if tool != "node" else args.node):
            sys.exit(f"closeness.py: {tool} not found")
    ctx = Context(args)
    if any(e != "native" and not e.startswith("node") for e in engines) and not os.access(ctx.wasmprof, os.X_OK):
        sys.exit(f"closeness.py: {ctx.wasmprof} not found: build the wasmprof target")

    programs = read_manifest()
    if args.programs:
        wanted = args.programs.split(",")
        unknown = set(wanted) - {p[0] for p in programs}
        if unknown:
            sys.exit(f"closeness.py: unknown programs: {', '.join(sorted(unknown))}")
        programs = [p for p in programs if p[0] in wanted]

    work = args.keep or tempfile.mkdtemp(prefix="closeness-")
    os.makedirs(work, exist_ok=True)
    print(f"machine: {cpu_model()}; {platform.system()} {platform.release()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z', time.gmtime())}; load average at start: {load()}")
    print(f"scale {args.scale}; rates (Hz): " + ", ".join(f"{e} {ctx.rate(e):g}" for e in engines))
    if any(e.startswith("node") for e in engines):
        print("node: " + subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout.strip())
    print()

    rows = []
    failures = []
    for name, default_n, _, _ in programs:
        n = max(1, round(default_n * args.scale ** (1.0 / WORK_EXPONENT.get(name, 1))))
        wasm = os.path.join(ctx.suite, f"suite_{name}.wasm")
        try:
            ctx.names = Names(object_functions(os.path.join(ctx.objects, f"{name}.c.o")), wasm_function_names(wasm))
            profiles, checksums, seconds = {}, {}, {}
            for engine in engines:
                start = time.monotonic()
                if engine == "native":
                    profiles[engine], checksums[engine] = profile_native(ctx, name, n, work)
                elif engine in ("interpreter", "compiled"):
                    profiles[engine], checksums[engine] = profile_wasmprof(ctx, name, n, work, engine)
                elif engine in ("node", "node-no-liftoff"):
                    profiles[engine], checksums[engine] = profile_node(ctx, name, n, work, engine)
                else:
                    profiles[engine], checksums[engine] = profile_compiled_perf(ctx, name, n, work)
                seconds[engine] = time.monotonic() - start
        except (RunError, OSError, ValueError, KeyError) as e:
            failures.append(f"{name}: {e}")
            print(f"{name}: ERROR {e}", file=sys.stderr, flush=True)
            continue
        if len(set(checksums.values())) != 1:
            failures.append(f"{name} run({n}): checksums differ: {checksums}")
        rows.append((name, n, profiles, seconds))
        print_program(name, n, engines, profiles, seconds, checksums, args.top)

    print(f"load average at end: {load()}")
    print()
    if rows:
        print_summary(rows, engines, markdown=False)
        if args.markdown:
            print()
            print_summary(rows, engines, markdown=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print(f"ERROR: {failure}", file=sys.stderr)
    return 1 if failures else 0


def print_program(name, n, engines, profiles, seconds, checksums, top):
    native = profiles["native"].shares()
    checksum = checksums["native"]
    print(f"== {name} run({n}), checksum {checksum if checksum is None else hex(checksum)}"
          + ("" if len(set(checksums.values())) == 1 else f"  CHECKSUMS DIFFER: {checksums}"))
    for engine in engines:
        p = profiles[engine]
        outside = sorted(p.outside.items(), key=lambda kv: -kv[1])[:4]
        line = (f"  {engine:13} {p.kept():8.0f} samples in {seconds[engine]:6.1f} s; outside {p.outside_share():4.1f} %"
                + (" (" + ", ".join(f"{k} {v:.0f}" for k, v in outside) + ")" if outside else ""))
        if p.folded:
            line += "; folded into callers: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(p.folded.items()))
        if engine != "native":
            tvd, worst, fn, signed = distance(native, p.shares())
            line += f"; distance {tvd:.1f}, largest {fmt_diff(signed, fn)}"
        if engine == "compiled-perf" and "compiled" in profiles:
            tvd, worst, fn, signed = distance(p.shares(), profiles["compiled"].shares())
            line += f"; wasmprof's compiled profile from it: {tvd:.1f}, largest {fmt_diff(signed, fn)}"
        print(line)
    names = set()
    for engine in engines:
        names |= set(profiles[engine].shares())
    ranked = sorted(names, key=lambda f: -max(profiles[e].shares().get(f, 0.0) for e in engines))[:top]
    print("    " + f"{'function':28}" + "".join(f"{e:>16}" for e in engines))
    for f in ranked:
        print("    " + f"{f[:28]:28}" + "".join(f"{profiles[e].shares().get(f, 0.0):16.1f}" for e in engines))
    print(flush=True)


def print_summary(rows, engines, markdown):
    compared = [e for e in COMPARED if e in engines]
    headers = ["program", "n", "native samples"]
    for e in compared:
        headers += [f"{e} samples", f"{e} distance", f"{e} largest (function)"]
    sampler = "compiled-perf" in engines and "compiled" in engines
    if sampler:
        headers += ["compiled from compiled-perf"]
    headers += ["noise"]
    table = []
    sums = defaultdict(float)
    for name, n, profiles, _ in rows:
        native = profiles["native"].shares()
        cells = [name, str(n), f"{profiles['native'].kept():.0f}"]
        noise = []
        for e in compared:
            tvd, _, fn, signed = distance(native, profiles[e].shares())
            sums[e] += tvd
            cells += [f"{profiles[e].kept():.0f}", f"{tvd:.1f}", fmt_diff(signed, fn)]
            noise.append(noise_floor(native, profiles["native"].kept(), profiles[e].shares(), profiles[e].kept()))
        if sampler:
            tvd, _, fn, signed = distance(profiles["compiled-perf"].shares(), profiles["compiled"].shares())
            cells.append(f"{tvd:.1f} ({fmt_diff(signed, fn)})")
        cells.append("-".join(f"{x:.1f}" for x in (min(noise), max(noise))) if noise else "")
        table.append(cells)
    mean = ["mean", "", ""]
    for e in compared:
        mean += ["", f"{sums[e] / len(rows):.1f}", ""]
    table.append(mean + [""] * (2 if sampler else 1))
    print_table(headers, table, markdown)
    print()
    print("the same without libc (distance over the program's own functions, libc's memcpy/memmove, memset,")
    print("memcmp and malloc/free left out on both sides; libc % = their share natively):")
    headers = ["program", "libc % natively"] + [f"{e} distance" for e in compared]
    headers += [f"{e} largest (function)" for e in compared]
    table = []
    sums = defaultdict(float)
    for name, n, profiles, _ in rows:
        native = profiles["native"].own_shares()
        libc = sum(v for k, v in profiles["native"].shares().items() if k in LIBC_NAMES)
        cells, largest = [name, f"{libc:.1f}"], []
        for e in compared:
            tvd, _, fn, signed = distance(native, profiles[e].own_shares())
            sums[e] += tvd
            cells.append(f"{tvd:.1f}")
            largest.append(fmt_diff(signed, fn))
        table.append(cells + largest)
    table.append(["mean", ""] + [f"{sums[e] / len(rows):.1f}" for e in compared] + ["" for e in compared])
    print_table(headers, table, markdown)


def print_table(headers, table, markdown):
    if markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if i == 0 or "largest" in h else "---:" for i, h in enumerate(headers)) + "|")
        for cells in table:
            print("| " + " | ".join(cells) + " |")
        return
    widths = [max(len(h), *(len(c[i]) for c in table)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    for cells in table:
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))


if __name__ == "__main__":
    sys.exit(main())
