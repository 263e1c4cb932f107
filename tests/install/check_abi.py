#!/usr/bin/env python3
"""The ABI of libwasmprof.so is its APIs and nothing else (README.md, "Embedding").

  check_abi.py <libwasmprof.so> <include dir> <consumer dir> <scratch dir> <cc> <c++>

1. Every symbol the library defines in its dynamic symbol table (`nm -D --defined-only`) is one
   of the APIs': a C function named wasmprof_* (wasmprof.h) or wasm_* (the standard wasm.h), an
   entity of namespace wasm (its C++ header wasm.hh's), or a C++ entity of namespace wasmprof
   whose name a public header (include/wasmprof/*.hh) declares, with its members, vtable and
   type information; of wasmprof::detail only what the headers' inline code calls. Internal namespaces (wasmprof::exec, runtime, profile, text,
   capi...), internal classes of namespace wasmprof, the C++ library's templates, LLVM's
   demangler and RapidJSON are not. The names are read from the headers here, not from
   cmake/wasmprof.map, so the export list is checked against the API rather than against itself.
2. The library's SONAME is versioned and it does not need libLLVM (only the plugin does).
3. examples/consumer/'s two programs, compiled and linked against this library (not the static
   one), run and write their profiles.
"""
import os
import re
import subprocess
import sys

TIMEOUT = 60


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(command)} exited with {result.returncode}:\n{result.stdout}{result.stderr}")
    return result.stdout


def public_names(include_dir):
    """The names the public C++ headers declare at namespace scope in namespace wasmprof:
    classes, structs, enums, aliases and functions (the members of those are public too), and
    apart those of wasmprof::detail. Read token by token, with the braces counted, so a class's
    members and a function's body are not taken for names of the namespace."""
    names, detail = set(), set()
    folder = os.path.join(include_dir, "wasmprof")
    for header in sorted(os.listdir(folder)):
        if not header.endswith(".hh"):
            continue
        text = open(os.path.join(folder, header), encoding="utf-8").read()
        text = re.sub(r"//[^\n]*|/\*.*?\*/|R\"\((?:.|\n)*?\)\"|\"(?:\\.|[^\"\\])*\"", " ", text, flags=re.S)
        tokens = re.findall(r"\w+|::|\S", text)
        scopes = []  # one entry per open brace: the namespace's name, or None for any other block
        for i, token in enumerate(tokens):
            if token == "{":
                named = i >= 2 and tokens[i - 2] == "namespace"
                scopes.append(tokens[i - 1] if named else None)
                continue
            if token == "}":
                scopes.pop()
                continue
            if None in scopes:
                continue
            into = {("wasmprof",): names, ("wasmprof", "detail"): detail}.get(tuple(scopes))
            if into is None:
                continue
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if tokens[i - 1] in ("::", "<", ",", "enum"):
                continue  # a member defined out of its class, a template's parameter, `enum class`
            if token in ("class", "struct", "enum"):
                j = i + 1
                while j < len(tokens) and (tokens[j] in ("class", "[", "]") or tokens[j - 1] == "["):
                    j += 1  # enum class, [[nodiscard]]
                into.add(tokens[j])
            elif token == "using" and i + 2 < len(tokens) and tokens[i + 2] == "=":
                into.add(following)
            elif following == "(" and re.match(r"^[A-Za-z_]\w*$", token) and token not in ("decltype", "noexcept", "alignas", "sizeof"):
                into.add(token)
    if len(names) < 20:
        fail(f"only {len(names)} public names found in {folder}: is it the include directory?")
    return names, detail


def strip_templates(text):
    """`a<b<c>>::d` -> `a::d`."""
    while True:
        stripped = re.sub(r"<[^<>]*>", "", text)
        if stripped == text:
            return stripped
        text = stripped


def check_exports(library, include_dir):
    names, detail = public_names(include_dir)
    lines = run(["nm", "-D", "--defined-only", library]).splitlines()
    mangled = [line.split()[-1] for line in lines if line.strip()]
    demangled = run(["c++filt"], input="\n".join(mangled) + "\n").splitlines()
    outside = []
    for raw, symbol in zip(mangled, demangled):
        if not raw.startswith("_Z"):
            if not re.match(r"^(wasmprof|wasm)_\w+$", raw):
                outside.append(raw)
            continue
        entity = re.sub(r"^(typeinfo name for |typeinfo for |vtable for |VTT for |non-virtual thunk to )", "", symbol)
        # The qualified name: the return type (templates) and the parameters set apart.
        entity = strip_templates(entity.split("(")[0]).replace("[abi:cxx11]", "")
        entity = entity.split(" ")[-1]
        parts = entity.split("::")
        # Namespace wasm is the standard C API's C++ header's (wasm.hh), the API's alone.
        allowed = (len(parts) >= 2 and parts[0] == "wasmprof" and
                   (parts[1] in names or (parts[1] == "detail" and len(parts) >= 3 and parts[2] in detail))
                   ) or (len(parts) >= 2 and parts[0] == "wasm")
        if not allowed:
            outside.append(symbol)
    if outside:
        shown = "\n  ".join(outside[:40])
        fail(f"{len(outside)} of the {len(mangled)} symbols {library} exports are not in the API:\n  {shown}")
    if not any(symbol.startswith("wasmprof_engine_new") for symbol in mangled) or \
            not any("wasmprof::Engine::Engine" in symbol for symbol in demangled):
        fail(f"{library} does not export the API (wasmprof_engine_new, wasmprof::Engine): is it the right file?")
    print(f"ok: the {len(mangled)} symbols {os.path.basename(library)} exports are all in the API "
          f"({len(names)} public names, C: wasmprof_*, wasm_*)")


def check_dynamic_section(library):
    dynamic = run(["readelf", "-d", library])
    soname = re.search(r"Library soname: \[(.*?)\]", dynamic)
    if not soname or not re.match(r"^libwasmprof\.so\.\d+(\.\d+)?$", soname.group(1)):
        fail(f"{library}'s SONAME is not versioned: {soname.group(1) if soname else 'none'}")
    needed = re.findall(r"Shared library: \[(.*?)\]", dynamic)
    if any("LLVM" in name for name in needed):
        fail(f"{library} needs libLLVM ({needed}); only the compiling tier's plugin may")
    print(f"ok: SONAME {soname.group(1)}, needs {', '.join(needed)}")


def check_consumer(library, include_dir, consumer_dir, scratch, cc, cxx):
    os.makedirs(scratch, exist_ok=True)
    folder = os.path.dirname(os.path.abspath(library))
    link = [f"-L{folder}", f"-Wl,-rpath,{folder}", "-lwasmprof"]
    programs = {
        "consumer-c": [cc, "-std=c11", os.path.join(consumer_dir, "consumer.c")],
        "consumer-cc": [cxx, "-std=c++20", os.path.join(consumer_dir, "consumer.cc")],
    }
    for program, compile_command in programs.items():
        executable = os.path.join(scratch, program)
        run(compile_command + ["-O1", "-Wall", "-Wextra", "-Werror", f"-I{include_dir}", "-o", executable] + link)
        # Linked to the shared library, not to a copy of the static one.
        needed = re.findall(r"Shared library: \[(.*?)\]", run(["readelf", "-d", executable]))
        if not any(name.startswith("libwasmprof.so.") for name in needed):
            fail(f"{program} does not need libwasmprof.so: {needed}")
        profile = os.path.join(scratch, program + ".json")
        output = run([executable, profile])
        if "work(20) = 42" not in output:
            fail(f"{program} printed: {output}")
        text = open(profile, encoding="utf-8").read()
        for expected in ('"work"', '"leaf"', f'"{program}"'):
            if expected not in text:
                fail(f"{program}'s profile lacks {expected}")
        print(f"ok: {program} linked to {os.path.basename(library)} runs, work(20) = 42, its profile names work and leaf")


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    library, include_dir, consumer_dir, scratch, cc, cxx = sys.argv[1:]
    check_exports(library, include_dir)
    check_dynamic_section(library)
    check_consumer(library, include_dir, consumer_dir, scratch, cc, cxx)


if __name__ == "__main__":
    main()
