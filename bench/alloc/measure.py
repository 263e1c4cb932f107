#!/usr/bin/env python3
"""The cost of allocation profiling on alloc_churn.wasm (bench/README.md, "Allocation profiling").

  bench/alloc/measure.py [--build build] [--depth 12] [--rounds 5]

Runs the guest plain, under --profile (precise sampling, 10 ms) and under --profile
--profile-alloc, interleaved, and prints the median wall and CPU (user+sys) seconds of each, the
CPU ratio of --profile-alloc to --profile, the number of allocation records and the profile
sizes. Whole-process times: they include compiling the guest and writing the profile.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--depth", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    wasmprof = os.path.join(args.build, "src/cli/wasmprof")
    guest = os.path.join(args.build, "bench/alloc/alloc_churn.wasm")
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "plain": [wasmprof, "run", guest, str(args.depth)],
            "profile": [wasmprof, "run", f"--profile=guest,{out}/profile.json", guest, str(args.depth)],
            "alloc": [wasmprof, "run", f"--profile=guest,{out}/alloc.json", "--profile-alloc", guest,
                      str(args.depth)],
        }
        wall = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.monotonic()
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall[name].append(time.monotonic() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        with open(f"{out}/alloc.json", encoding="utf-8") as file:
            records = json.load(file)["threads"][0]["nativeAllocations"]["length"]
        sizes = [os.path.getsize(f"{out}/{name}.json") for name in ("profile", "alloc")]
    print(f"alloc_churn depth {args.depth}, {args.rounds} rounds, load average {os.getloadavg()[0]:.2f}"
          f" {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"{'config':8} {'wall_s':>8} {'cpu_s':>8}")
    for name in commands:
        print(f"{name:8} {statistics.median(wall[name]):8.3f} {statistics.median(cpu[name]):8.3f}")
    ratio = statistics.median(cpu["alloc"]) / statistics.median(cpu["profile"])
    print(f"cpu ratio alloc/profile: {ratio:.2f}")
    print(f"allocation records: {records}; profile sizes: {sizes[0]} and {sizes[1]} bytes")


main()
