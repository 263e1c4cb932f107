#!/usr/bin/env python3
"""Checks that a profile carries what the Firefox Profiler needs to ask a symbol server
(`wasmprof view`) for source and assembly (issue 19), and nothing of the host:

- every lib has a name, a debugName and a breakpadId (the module's id: 32 hex digits);
- every wasm frame (lib != -1) has its module offset as address, inside the lib's bytes, and a
  native symbol of the same lib whose [address, address + functionSize) holds the frame's
  address; host frames have address -1 and no lib;
- every native symbol has a size; every source file's first function has a first frame with an
  address and a lib (the frontend's "address proof" before it asks /source/v1).

- no source text is in the profile (sources.content all null: embedding is opt-in), or with
  --embedded FILE, exactly FILE's text for the one source named .../<FILE's name>.

  check_symbol_tables.py PROFILE.json[.gz] [--embedded FILE]     prints PASS or FAIL: why
"""
import gzip
import json
import re
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main(path, embedded=None):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as file:
        profile = json.load(file)
    libs = profile["libs"]
    shared = profile["shared"]
    frames, funcs, symbols = shared["frameTable"], shared["funcTable"], shared["nativeSymbols"]
    if not libs:
        fail("no libs")
    for i, lib in enumerate(libs):
        if not lib.get("name") or lib.get("debugName") != lib["name"]:
            fail(f"lib {i}: name/debugName {lib.get('name')!r}/{lib.get('debugName')!r}")
        if not re.fullmatch(r"[0-9a-f]{32}", lib.get("breakpadId") or ""):
            fail(f"lib {i}: breakpadId {lib.get('breakpadId')!r}")
    for s in range(symbols["length"]):
        if symbols["functionSize"][s] is None:
            fail(f"native symbol {s} has no size")
    wasm_frames = 0
    for f in range(frames["length"]):
        lib, address, symbol = frames["lib"][f], frames["address"][f], frames["nativeSymbol"][f]
        if lib == -1:
            if address != -1 or symbol is not None:
                fail(f"host frame {f}: address {address}, native symbol {symbol}")
            continue
        wasm_frames += 1
        if symbol is None:
            fail(f"frame {f} has no native symbol")
        start, size = symbols["address"][symbol], symbols["functionSize"][symbol]
        if symbols["libIndex"][symbol] != lib or not start <= address < start + size:
            fail(f"frame {f} at {address:#x} (lib {lib}) outside its symbol {symbol} [{start:#x}, +{size:#x})")
    if wasm_frames == 0:
        fail("no wasm frames")
    sources = shared["sources"]
    for s in range(sources["length"]):
        first_func = funcs["source"].index(s)
        first_frame = frames["func"].index(first_func)
        if frames["address"][first_frame] == -1 or frames["lib"][first_frame] == -1:
            fail(f"source {s}: no address proof (func {first_func}, frame {first_frame})")
    names = [shared["stringArray"][index] for index in sources["filename"]]
    with_text = [(name, text) for name, text in zip(names, sources["content"]) if text is not None]
    if embedded is None:
        if with_text:
            fail(f"source texts in a profile that did not ask for them: {[name for name, _ in with_text]}")
    else:
        wanted = open(embedded, encoding="utf-8").read()
        tail = "/" + embedded.rsplit("/", 1)[-1]
        if len(with_text) != 1 or not with_text[0][0].endswith(tail) or with_text[0][1] != wanted:
            fail(f"expected only {tail}'s text, found {[(name, len(text)) for name, text in with_text]}")
    print(f"PASS: {len(libs)} lib(s), {wasm_frames} wasm frames in {symbols['length']} native symbols, "
          f"{sources['length']} source files")


if __name__ == "__main__":
    if len(sys.argv) == 2:
        main(sys.argv[1])
    elif len(sys.argv) == 4 and sys.argv[2] == "--embedded":
        main(sys.argv[1], sys.argv[3])
    else:
        print(__doc__)
        sys.exit(2)
