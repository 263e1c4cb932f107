#!/usr/bin/env python3
"""Checks every #include in src/ and include/ against the layer table of ARCHITECTURE.md.

The table is the rule: its "folder" column gives each layer's folder (a layer's folder may hold
another layer's, as src/profile/ holds src/profile/views/: a file or header belongs to the layer of
the deepest folder that holds it), and its "may include" column names, for each layer, the layers
whose internal headers the layer's files may include, or single headers of a layer
(`runtime/sampling.hh`) where only those may be used; besides those, a layer's files include their
own layer's headers and the public ones (`wasmprof/...`, `wasmprof.h`, `wasm.h`, `wasmprof_wasm.h`). A public header may include
only public headers.

  check_layers.py ROOT                       exit 0 when every include keeps the rule, 1 otherwise
  check_layers.py ROOT --plant FILE:HEADER   the same check as if FILE also included HEADER; with
                                             --expect-violation, exit 0 only if that plant is the
                                             one violation reported (the test that the test can fail)
"""
import argparse
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
PUBLIC = ("wasmprof/", "wasmprof.h", "wasmprof_wasm.h", "wasm.h")
SOURCE_SUFFIXES = {".cc", ".hh", ".h", ".c", ".def", ".inc"}


class LayerTable:
    """The layers' folders (relative to src/, ending in '/') and what each may include."""

    def __init__(self, folders: dict[str, str], uses: dict[str, set[str]]):
        self.folders = folders
        self.uses = uses

    def layer_of(self, path: str) -> str | None:
        """The layer owning `path` (relative to src/): the one whose folder is the deepest that holds it."""
        owners = [layer for layer, folder in self.folders.items() if path.startswith(folder)]
        return max(owners, key=lambda layer: len(self.folders[layer]), default=None)


def read_layer_table(architecture: pathlib.Path) -> LayerTable:
    """Reads each layer's folder and what it may include, from the table's header row onwards."""
    rows = [line for line in architecture.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    if not rows:
        sys.exit(f"check_layers: no table in {architecture}")
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    try:
        columns = [header.index(name) for name in ("layer", "folder", "may include")]
    except ValueError:
        sys.exit(f"check_layers: the first table of {architecture} needs 'layer', 'folder' and 'may include' columns")
    folders: dict[str, str] = {}
    table: dict[str, set[str]] = {}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if len(cells) <= max(columns):
            break  # the end of the first table
        layer, folder, uses = (cells[column] for column in columns)
        folder = folder.strip("`")
        if not (folder.startswith("src/") and folder.endswith("/")):
            sys.exit(f"check_layers: layer {layer}'s folder {folder} is not a folder of src/")
        folders[layer] = folder.removeprefix("src/")
        table[layer] = {name.strip(" `") for name in uses.split(",")} - {"", "-"}
    layers = LayerTable(folders, table)
    for layer, uses in table.items():
        unknown = {name for name in uses if name not in table and layers.layer_of(name) is None}
        if unknown:
            sys.exit(f"check_layers: layer {layer} may include unknown layers {sorted(unknown)}")
    return layers


def includes_of(path: pathlib.Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [(text.count("\n", 0, match.start()) + 1, match.group(1)) for match in INCLUDE.finditer(text)]


def violations(root: pathlib.Path, table: LayerTable, planted: tuple[str, str] | None) -> list[str]:
    found = []
    files = [p for p in sorted((root / "src").rglob("*")) + sorted((root / "include").rglob("*"))
             if p.is_file() and p.suffix in SOURCE_SUFFIXES]
    for path in files:
        relative = path.relative_to(root).as_posix()
        includes = includes_of(path)
        if planted and planted[0] == relative:
            includes.append((0, planted[1]))
        if relative.startswith("include/"):
            for line, header in includes:
                if not header.startswith(PUBLIC):
                    found.append(f"{relative}:{line}: public header includes internal \"{header}\"")
            continue
        layer = table.layer_of(relative.removeprefix("src/"))
        if layer is None:
            found.append(f"{relative}: folder {path.parent.relative_to(root).as_posix()}/ is in no layer of ARCHITECTURE.md's table")
            continue
        allowed = table.uses[layer] | {layer}
        for line, header in includes:
            if header.startswith(PUBLIC) or "/" not in header:
                continue  # public headers, and generated headers beside the file (pprof_profile.pb.h)
            target = table.layer_of(header)
            if target not in allowed and header not in allowed:
                found.append(f"{relative}:{line}: layer {layer} includes \"{header}\" of layer {target or 'none'}, "
                             f"which it may not (may include: {', '.join(sorted(table.uses[layer])) or 'nothing'})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("--plant", help="FILE:HEADER, checked as if FILE included HEADER")
    parser.add_argument("--expect-violation", action="store_true")
    args = parser.parse_args()
    table = read_layer_table(args.root / "ARCHITECTURE.md")
    planted = tuple(args.plant.split(":", 1)) if args.plant else None
    if planted and not (args.root / planted[0]).is_file():
        sys.exit(f"check_layers: no file {planted[0]} to plant an include in")
    found = violations(args.root, table, planted)
    for line in found:
        print(line)
    if args.expect_violation:
        ok = len(found) == 1 and found[0].startswith(f"{planted[0]}:0:")
        print("the planted include was caught" if ok else "expected exactly the planted include to be reported")
        return 0 if ok else 1
    print(f"{len(found)} include(s) break the layer table" if found else "every include keeps the layer table")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
