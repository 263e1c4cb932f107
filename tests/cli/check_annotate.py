#!/usr/bin/env python3
"""Checks `wasmprof report --asm` / `--source` against the profile they annotate.

  check_annotate.py asm WASMPROF PROFILE FUNCTION MODULE
  check_annotate.py source WASMPROF PROFILE FUNCTION SOURCE_ROOT MARKER

asm: the per-instruction samples add up to the samples in the function's code, which equal the
function's self samples that `report` prints, and the offsets rise. source: the hottest line is
the one holding MARKER (found in the source, never a line number), and its self samples are at
most the function's self samples. Prints PASS or FAIL: why.
"""
import re
import subprocess
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(*command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail(f"{' '.join(command)}: status {done.returncode}: {done.stderr}")
    return done.stdout


def report_self(wasmprof, profile, function):
    for line in run(wasmprof, "report", "--top", "1000", profile).splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[3] == function:
            return int(fields[2])
    fail(f"{function} not in the report")


def check_asm(wasmprof, profile, function, module):
    out = run(wasmprof, "report", "--asm", function, profile, "--module", module)
    header = re.search(r"^# (\d+) samples in its code", out, re.M)
    if not header:
        fail("no header: " + out[:500])
    in_code = int(header.group(1))
    rows = re.findall(r"^ *(?:[0-9.]+%)? +(\d+)  0x([0-9a-f]+)  (.*)$", out, re.M)
    if not rows:
        fail("no instruction rows")
    total = sum(int(samples) for samples, _, _ in rows)
    offsets = [int(offset, 16) for _, offset, _ in rows]
    if offsets != sorted(offsets) or len(set(offsets)) != len(offsets):
        fail("offsets do not rise")
    if total != in_code:
        fail(f"instruction samples add up to {total}, not {in_code}")
    self_samples = report_self(wasmprof, profile, function)
    if in_code != self_samples:
        fail(f"{in_code} samples in the code, {self_samples} self samples in the report")
    if not rows[-1][2].strip() == "end":
        fail("the listing does not end with the body's end: " + rows[-1][2])
    print(f"PASS: {len(rows)} instructions, {total} samples = {function}'s self samples")


def check_source(wasmprof, profile, function, root, marker):
    out = run(wasmprof, "report", "--source", function, profile, "--source-root", root)
    rows = re.findall(r"^ *(?:[0-9.]+%)? +(?:[0-9.]+%)? +(\d+) +(\d+)  (.*)$", out, re.M)
    if not rows:
        fail("no source rows: " + out[:500])
    hottest = max(rows, key=lambda row: int(row[0]))
    if marker not in hottest[2]:
        fail(f"the hottest line is {hottest[1]}: {hottest[2]!r}, not the one with {marker!r}")
    self_samples = report_self(wasmprof, profile, function)
    if not 0 < int(hottest[0]) <= self_samples:
        fail(f"hottest line {hottest[0]} samples, function self {self_samples}")
    print(f"PASS: line {hottest[1]} hottest with {hottest[0]} of {self_samples} self samples")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "asm":
        check_asm(*sys.argv[2:])
    elif len(sys.argv) == 7 and sys.argv[1] == "source":
        check_source(*sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(2)
