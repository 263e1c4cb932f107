#!/usr/bin/env python3
"""Checks what `wasmprof flamegraph` and `wasmprof convert` wrote for one profile against the
collapsed stacks of the same profile (one line per call path: "outer;...;leaf COUNT").

  check_views.py flamegraph SVG COLLAPSED [--rsvg RSVG_CONVERT PNG]
  check_views.py speedscope FILE COLLAPSED
  check_views.py cpuprofile FILE COLLAPSED
"""
import collections
import json
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def collapsed_totals(path):
    """Samples per call path (tuples of names) and per path prefix."""
    leaves, prefixes = collections.Counter(), collections.Counter()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            names = tuple(stack.split(";"))
            leaves[names] += int(count)
            for depth in range(1, len(names) + 1):
                prefixes[names[:depth]] += int(count)
    return leaves, prefixes


def collapsed_name(name):
    return name.replace(";", ":").replace("\n", " ")


def check_flamegraph(svg_path, collapsed_path, rest):
    _, prefixes = collapsed_totals(collapsed_path)
    total = sum(count for names, count in prefixes.items() if len(names) == 1)
    root = ET.parse(svg_path).getroot()  # raises on anything that is not well-formed XML
    if root.tag != SVG + "svg":
        fail("the root element is %s" % root.tag)
    width, height, side = int(root.get("width")), int(root.get("height")), int(root.get("data-side"))
    texts = "".join(t.text or "" for t in root.iter(SVG + "text"))
    if "Flame graph of" not in texts or "%d samples" % total not in texts:
        fail("no title or sample count")
    if root.find(SVG + "script") is None:
        fail("no inline script")
    frames = []
    for g in root.iter(SVG + "g"):
        if g.get("class") != "frame":
            continue
        rect = g.find(SVG + "rect")
        frames.append(dict(name=g.get("data-name"), start=int(g.get("data-start")), samples=int(g.get("data-samples")),
                           depth=int(g.get("data-depth")), width=float(rect.get("width")), y=float(rect.get("y"))))
    if not frames or frames[0]["name"] != "all" or frames[0]["samples"] != total:
        fail("the root frame does not hold all %d samples" % total)
    plot = width - 2 * side
    paths = {}
    for frame in sorted(frames, key=lambda f: f["depth"]):
        if frame["depth"] == 0:
            paths[id(frame)] = ()
            continue
        parents = [p for p in frames if p["depth"] == frame["depth"] - 1 and p["start"] <= frame["start"]
                   and frame["start"] + frame["samples"] <= p["start"] + p["samples"]]
        if len(parents) != 1:
            fail("%s has %d parents" % (frame["name"], len(parents)))
        path = paths[id(parents[0])] + (collapsed_name(frame["name"]),)
        paths[id(frame)] = path
        if prefixes.get(path) != frame["samples"]:
            fail("%s: %d samples drawn, %s in the collapsed stacks" % (";".join(path), frame["samples"], prefixes.get(path)))
        if abs(frame["width"] - plot * frame["samples"] / total) > 0.01:
            fail("%s is %.2f px wide for %d of %d samples" % (frame["name"], frame["width"], frame["samples"], total))
        if frame["y"] >= parents[0]["y"]:
            fail("%s is not above its caller" % frame["name"])
    drawn = set(paths.values())
    for path, count in prefixes.items():
        if plot * count / total >= 0.1 and path not in drawn:
            fail("%s (%d samples) is missing" % (";".join(path), count))
    deepest = max(f["depth"] for f in frames)
    if height != 60 + (deepest + 1) * 16 + 30:
        fail("height %d for %d levels" % (height, deepest + 1))
    if rest:
        if len(rest) != 3 or rest[0] != "--rsvg":
            fail("usage: ... --rsvg RSVG_CONVERT PNG")
        subprocess.run([rest[1], svg_path, "-o", rest[2]], check=True, timeout=100)
        with open(rest[2], "rb") as png:
            header = png.read(24)
        if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
            fail("rsvg-convert did not write a PNG")
        png_width, png_height = struct.unpack(">II", header[16:24])
        if (png_width, png_height) != (width, height):
            fail("the PNG is %dx%d, the SVG %dx%d" % (png_width, png_height, width, height))
    print("PASS: %d frames, %d samples" % (len(frames), total))


def check_speedscope(path, collapsed_path):
    leaves, _ = collapsed_totals(collapsed_path)
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    if data["$schema"] != "https://www.speedscope.app/file-format-schema.json":
        fail("$schema")
    frames = data["shared"]["frames"]
    profile = data["profiles"][0]
    if profile["type"] != "sampled" or len(profile["samples"]) != len(profile["weights"]):
        fail("not a sampled profile with a weight per sample")
    totals = collections.Counter()
    for stack, weight in zip(profile["samples"], profile["weights"]):
        names = tuple(collapsed_name(frames[i]["name"]) for i in stack)
        if names != ("(outside the profiled modules)",):
            totals[names] += weight
    if totals != leaves:
        fail("per-stack totals differ from the collapsed stacks")
    print("PASS: %d stacks" % len(totals))


def check_cpuprofile(path, collapsed_path):
    leaves, _ = collapsed_totals(collapsed_path)
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    nodes = {node["id"]: node for node in data["nodes"]}
    parent = {child: node["id"] for node in data["nodes"] for child in node.get("children", [])}
    if len(data["samples"]) != len(data["timeDeltas"]) or min(data["timeDeltas"] or [0]) < 0:
        fail("samples and timeDeltas do not pair up")

    def path_to(node_id):
        names = []
        while node_id in parent:
            names.append(collapsed_name(nodes[node_id]["callFrame"]["functionName"]))
            node_id = parent[node_id]
        return tuple(reversed(names))

    totals = collections.Counter(path_to(i) for i in data["samples"])
    hits = collections.Counter()
    for node_id, node in nodes.items():
        hits[path_to(node_id)] += node["hitCount"]
    for counter in (totals, hits):
        counter.pop(("(program)",), None)
        counter.pop((), None)
        for key in [k for k, v in counter.items() if v == 0]:
            del counter[key]
    if totals != leaves or hits != leaves:
        fail("per-stack totals differ from the collapsed stacks")
    print("PASS: %d stacks" % len(totals))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        fail(__doc__)
    kind, path, collapsed = sys.argv[1:4]
    {"flamegraph": lambda: check_flamegraph(path, collapsed, sys.argv[4:]),
     "speedscope": lambda: check_speedscope(path, collapsed),
     "cpuprofile": lambda: check_cpuprofile(path, collapsed)}[kind]()
