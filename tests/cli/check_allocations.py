#!/usr/bin/env python3
"""Checks the native allocations table of a profile that `wasmprof run --profile-alloc` wrote for
tests/guests/alloc_sizes.wasm: every size in order, the function that allocated it, frees paired
with their blocks by address, and the bytes retained at exit.

  check_allocations.py PROFILE.json
"""
import json
import sys

# (bytes, allocator, caller), in the order alloc_sizes.c makes the calls.
EXPECTED = [
    (1000, "malloc", "alloc_a"), (1000, "malloc", "alloc_a"), (1000, "malloc", "alloc_a"),
    (4096, "malloc", "alloc_b"), (200, "calloc", "alloc_c"),
    (-1000, "realloc", "grow_a"), (3000, "realloc", "grow_a"),
    (256, "aligned_alloc", "alloc_aligned"), (100, "posix_memalign", "alloc_aligned"),
    (-1000, "free", "release"), (-256, "free", "release"), (-100, "free", "release"),
]
RETAINED = 1000 + 3000 + 4096 + 200


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        profile = json.load(file)
    thread = profile["threads"][0]
    table = thread.get("nativeAllocations")
    if table is None:
        fail("no nativeAllocations table")
    if table.get("weightType") != "bytes":
        fail("weightType is not 'bytes'")
    shared = profile["shared"]
    stacks, frames, funcs = shared["stackTable"], shared["frameTable"], shared["funcTable"]
    strings = shared["stringArray"]

    def names(stack):  # innermost first
        out = []
        while stack is not None:
            out.append(strings[funcs["name"][frames["func"][stacks["frame"][stack]]]])
            offset = stacks["prefixOffset"][stack]
            stack = None if offset == 0 else stack - offset
        return out

    length = table["length"]
    if length != len(EXPECTED):
        fail(f"{length} records, expected {len(EXPECTED)}")
    live = {}
    for i, (size, allocator, caller) in enumerate(EXPECTED):
        weight, address = table["weight"][i], table["memoryAddress"][i]
        stack = names(table["stack"][i])
        if weight != size or stack[:2] != [allocator, caller]:
            fail(f"record {i}: {weight} bytes from {stack[:2]}, expected {size} from {[allocator, caller]}")
        if table["threadId"][i] != thread["tid"]:
            fail(f"record {i}: threadId {table['threadId'][i]} is not the thread's tid")
        if weight >= 0:
            live[address] = weight
        elif live.pop(address, None) != -weight:
            fail(f"record {i}: frees {-weight} bytes at {address}, which no allocation of that size holds")
    if sum(live.values()) != RETAINED or sum(table["weight"]) != RETAINED:
        fail(f"retained {sum(live.values())} bytes, expected {RETAINED}")
    print(f"PASS: {length} allocation records, {RETAINED} bytes retained")


main()
