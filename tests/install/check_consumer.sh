#!/usr/bin/env bash
# An embedder's view of wasmprof: install this build into a scratch prefix, check what is there
# (the installed CLI loads the installed compiling tier), then build the out-of-tree project
# examples/consumer/ against the installed package, once through find_package(wasmprof) and once
# through pkg-config, and run its C and C++ programs: each calls the guest and writes a profile
# naming the guest's functions. Only the small consumer is compiled; the library is this build's.
# The pkg-config way is compiled with the second pair of compilers when given (GCC: the headers'
# templates instantiated by another compiler than the library's).
#   check_consumer.sh <build dir> <consumer source> <scratch dir> <bindir> <libdir> <cc> <c++> [<cc> <c++>]
set -euo pipefail
build=$1 consumer=$2 scratch=$3 bindir=$4 libdir=$5 cc=$6 cxx=$7 other_cc=${8:-$6} other_cxx=${9:-$7}
prefix=$scratch/prefix
fail() { echo "FAILED: $*" >&2; exit 1; }

rm -rf "$scratch"
mkdir -p "$scratch"
timeout 120 cmake --install "$build" --prefix "$prefix" >"$scratch/install.log" || { cat "$scratch/install.log" >&2; fail "cmake --install"; }
for file in include/wasmprof.h include/wasmprof/wasmprof.hh include/wasmprof/profiler.hh "$libdir/libwasmprof.a" \
            "$bindir/wasmprof" "$libdir/wasmprof/libwasmprof_llvm_plugin.so" "$libdir/cmake/wasmprof/wasmprofConfig.cmake" \
            "$libdir/cmake/wasmprof/wasmprofConfigVersion.cmake" "$libdir/pkgconfig/wasmprof.pc"; do
  [ -e "$prefix/$file" ] || fail "cmake --install did not place $file"
done

# The installed CLI finds the installed plugin (not the build tree's) when asked to compile.
printf '(module (func (export "_start") (local i32)\n  (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))\n    (br_if 0 (i32.lt_u (local.get 0) (i32.const 1000))))))\n' >"$scratch/loop.wat"
LD_DEBUG=files timeout 60 "$prefix/$bindir/wasmprof" run -C compiler=llvm "$scratch/loop.wat" >"$scratch/cli.log" 2>&1 ||
  { cat "$scratch/cli.log" >&2; fail "the installed CLI's run with compiler=llvm"; }
grep -q "file=$prefix/$bindir/.*libwasmprof_llvm_plugin.so .*dynamically loaded" "$scratch/cli.log" ||
  { grep -i "plugin\|wasmprof:" "$scratch/cli.log" >&2; fail "the installed CLI did not load the installed plugin"; }

# find_package-c-only: a project that enables C alone, with the C program only.
for way in find_package pkg-config find_package-c-only; do
  dir=$scratch/consumer-$way
  programs=(consumer-c consumer-cc)
  case "$way" in
    find_package) options=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx") ;;
    pkg-config) options=(-DUSE_PKG_CONFIG=ON -DCMAKE_C_COMPILER="$other_cc" -DCMAKE_CXX_COMPILER="$other_cxx") ;;
    find_package-c-only) options=(-DC_ONLY=ON -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$other_cc"); programs=(consumer-c) ;;
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
    echo "ok: $program built with $way ($(grep -m1 "CMAKE_C_COMPILER:" "$dir/CMakeCache.txt" | cut -d= -f2)), work(20) = 42, profile names work and leaf"
  done
done
