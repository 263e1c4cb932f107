#!/usr/bin/env python3
"""`wasmprof run --profile` warns once, on stderr, when a guest's DWARF does not match its code.

  check_dwarf_warning.py WASMPROF GUEST.wasm OUTDIR

GUEST must carry DWARF that matches it and export `run(n)`. This writes OUTDIR/moved.wasm, the
same module with every function body moved (the code section's LEB128 sizes re-encoded in five
bytes: still valid, it runs as before, but its DWARF now describes other offsets, as after a tool
rewrote the code), profiles both, and checks: the moved one gives exactly one warning line naming
the mismatch and still writes its profile; the original gives none.
"""
import os
import subprocess
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def read_leb(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def padded_leb(value):
    return bytes([(value >> (7 * i)) & 0x7F | (0x80 if i < 4 else 0) for i in range(5)])


def with_code_bodies_moved(module):
    out, at = bytearray(module[:8]), 8
    while at < len(module):
        section_id = module[at]
        size, payload_at = read_leb(module, at + 1)
        end = payload_at + size
        if section_id != 10:
            out += module[at:end]
        else:
            count, p = read_leb(module, payload_at)
            payload = bytearray(padded_leb(count))
            for _ in range(count):
                body_size, p = read_leb(module, p)
                payload += padded_leb(body_size) + module[p:p + body_size]
                p += body_size
            out += bytes([10]) + padded_leb(len(payload)) + payload
        at = end
    return bytes(out)


def profile(wasmprof, guest, profile_path):
    if os.path.exists(profile_path):
        os.remove(profile_path)
    run = subprocess.run([wasmprof, "run", "--profile=guest," + profile_path + ",1ms", "--invoke", "run", guest, "100000"],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        fail(f"{guest}: exit status {run.returncode}\n{run.stderr}")
    if not os.path.getsize(profile_path):
        fail(f"{guest}: no profile written")
    return [line for line in run.stderr.splitlines() if line.startswith("wasmprof: warning:")]


def main():
    wasmprof, guest, outdir = sys.argv[1:4]
    with open(guest, "rb") as file:
        original = file.read()
    moved = os.path.join(outdir, "moved.wasm")
    with open(moved, "wb") as file:
        file.write(with_code_bodies_moved(original))

    warnings = profile(wasmprof, guest, os.path.join(outdir, "matching-dwarf.json"))
    if warnings:
        fail("warnings for DWARF that matches: " + "\n".join(warnings))
    warnings = profile(wasmprof, moved, os.path.join(outdir, "moved-dwarf.json"))
    print("\n".join(warnings))
    if len(warnings) != 1:
        fail(f"{len(warnings)} warning lines for DWARF of moved code, expected exactly 1")
    if not warnings[0].startswith("wasmprof: warning: moved.wasm: DWARF does not match the code"):
        fail("the warning does not name the mismatch")
    print("PASS")


main()
