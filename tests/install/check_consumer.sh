#!/usr/bin/env bash
# An embedder's view of wasmprof: install this build into a scratch prefix, check what is there
# (the installed CLI loads the installed compiling tier), then build the out-of-tree project
# examples/consumer/ against the installed package, through find_package(wasmprof) (the static
# library, and with `shared` the shared one) and through pkg-config (which links the shared
# library when there is one), and run its C and C++ programs: each calls the guest and writes a
# profile naming the guest's functions. Only the small consumer is compiled; the library is this
# build's. The pkg-config way is compiled with the second pair of compilers when given (GCC: the
# headers' templates instantiated by another compiler than the library's).
#   check_consumer.sh <build dir> <consumer source> <scratch dir> <bindir> <libdir> <shared: 1|0> <cc> <c++> [<cc> <c++>]
set -euo pipefail
build=$1 consumer=$2 scratch=$3 bindir=$4 libdir=$5 shared=$6 cc=$7 cxx=$8 other_cc=${9:-$7} other_cxx=${10:-$8}
prefix=$scratch/prefix
fail() { echo "FAILED: $*" >&2; exit 1; }

rm -rf "$scratch"
mkdir -p "$scratch"
timeout 120 cmake --install "$build" --prefix "$prefix" >"$scratch/install.log" || { cat "$scratch/install.log" >&2; fail "cmake --install"; }
for file in include/wasmprof.h include/wasmprof/wasmprof.hh include/wasmprof/profiler.hh "$libdir/libwasmprof.a" \
            "$bindir/wasmprof" "$libdir/wasmprof/libwasmprof_llvm_plugin.so" "$libdir/cmake/wasmprof/wasmprofConfig.cmake" \
            "$libdir/cmake/wasmprof/wasmprofConfigVersion.cmake" "$libdir/pkgconfig/wasmprof.pc" share/man/man1/wasmprof.1; do
  [ -e "$prefix/$file" ] || fail "cmake --install did not place $file"
done
ways=(find_package pkg-config find_package-c-only)
if [ "$shared" = 1 ]; then
  # The library under its SONAME (what programs load) and the development link to it.
  soname=$(readelf -d "$build/libwasmprof.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
  for file in "$libdir/$soname" "$libdir/libwasmprof.so"; do
    [ -e "$prefix/$file" ] || fail "cmake --install did not place $file"
  done
  ways+=(find_package-shared)
fi

# The installed CLI finds the installed plugin (not the build tree's) when asked to compile.
printf '(module (func (export "_start") (local i32)\n  (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))\n    (br_if 0 (i32.lt_u (local.get 0) (i32.const 1000))))))\n' >"$scratch/loop.wat"
LD_DEBUG=files timeout 60 "$prefix/$bindir/wasmprof" run -C compiler=llvm "$scratch/loop.wat" >"$scratch/cli.log" 2>&1 ||
  { cat "$scratch/cli.log" >&2; fail "the installed CLI's run with compiler=llvm"; }
grep -q "file=$prefix/$bindir/.*libwasmprof_llvm_plugin.so .*dynamically loaded" "$scratch/cli.log" ||
  { grep -i "plugin\|wasmprof:" "$scratch/cli.log" >&2; fail "the installed CLI did not load the installed plugin"; }

# find_package-c-only: a project that enables C alone, with the C program only.
for way in "${ways[@]}"; do
  dir=$scratch/consumer-$way
  programs=(consumer-c consumer-cc)
  case "$way" in
    find_package) options=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx") ;;
    pkg-config) options=(-DUSE_PKG_CONFIG=ON -DCMAKE_C_COMPILER="$other_cc" -DCMAKE_CXX_COMPILER="$other_cxx") ;;
    find_package-c-only) options=(-DC_ONLY=ON -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$other_cc"); programs=(consumer-c) ;;
    find_package-shared) options=(-DUSE_SHARED=ON -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx") ;;
  esac
  PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" timeout 120 cmake -S "$consumer" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" "${options[@]}" \
    >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log" >&2; fail "configuring the consumer ($way)"; }
  timeout 300 cmake --build "$dir" >"$dir.build.log" 2>&1 || { cat "$dir.build.log" >&2; fail "building the consumer ($way)"; }
  # Nothing of the build tree was used: headers and library come from the prefix.
  source_include=$(cd "$consumer/../.." && pwd)/include
  if grep -q -e "$build/libwasmprof.a" -e "$build/src/" -e "$source_include" "$dir/build.ninja"; then
    fail "the consumer ($way) was built against the build tree, not the installed package"
  fi
  for program in "${programs[@]}"; do
    profile=$dir/$program.json
    output=$(timeout 60 "$dir/$program" "$profile") || fail "$program ($way) exited with $?"
    [[ "$output" == *"work(20) = 42"* ]] || fail "$program ($way) printed: $output"
    for text in '"preprocessedProfileVersion"' "\"${program}\"" '"consumer.wasm"' '"work"' '"leaf"'; do
      grep -qF "$text" "$profile" || fail "$program ($way): the profile lacks $text"
    done
    # Which library it runs with: the installed shared one (pkg-config and find_package-shared,
    # when there is one) or none (static).
    loaded=$(timeout 30 env LD_TRACE_LOADED_OBJECTS=1 "$dir/$program" | grep -o "$prefix/[^ ]*libwasmprof\.so[^ ]*" || true)
    expect_shared=$([ "$shared" = 1 ] && [[ "$way" == pkg-config || "$way" == find_package-shared ]] && echo yes || echo no)
    if [ "$expect_shared" = yes ] && [ "$loaded" != "$prefix/$libdir/$soname" ]; then
      fail "$program ($way) does not load the installed $soname: '${loaded}'"
    elif [ "$expect_shared" = no ] && [ -n "$loaded" ]; then
      fail "$program ($way) loads $loaded, expected the static library"
    fi
    echo "ok: $program built with $way ($(grep -m1 "CMAKE_C_COMPILER:" "$dir/CMakeCache.txt" | cut -d= -f2))${loaded:+, linked to $loaded}, work(20) = 42, profile names work and leaf"
  done
done

# A program linked to the installed shared library finds the installed compiling tier beside
# the library (not the build tree's, which the library would fall back on).
if [ "$shared" = 1 ]; then
  program=$scratch/consumer-find_package-shared/consumer-c
  LD_DEBUG=files timeout 60 "$program" "$scratch/compiled.json" compiled >"$scratch/compiled.log" 2>&1 ||
    { cat "$scratch/compiled.log" >&2; fail "consumer-c (shared) on the compiling tier"; }
  grep -q "file=$prefix/$libdir/wasmprof/libwasmprof_llvm_plugin.so .*dynamically loaded" "$scratch/compiled.log" ||
    { grep -i "plugin\|wasmprof" "$scratch/compiled.log" >&2; fail "consumer-c linked to the shared library did not load the installed plugin"; }
  grep -q '"work"' "$scratch/compiled.json" || fail "the compiled run's profile lacks work"
  echo "ok: consumer-c linked to $soname loads the installed plugin and runs compiled"
fi
