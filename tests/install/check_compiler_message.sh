#!/usr/bin/env bash
# Configuring wasmprof with a compiler other than clang (GCC, Debian's default) fails at once,
# with the sentence that says what is needed and how to choose clang.
#   check_compiler_message.sh <source dir> <scratch dir> <c compiler> <c++ compiler>
set -uo pipefail
source=$1 scratch=$2 cc=$3 cxx=$4
rm -rf "$scratch"
output=$(timeout 120 cmake -S "$source" -B "$scratch" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" 2>&1)
status=$?
rm -rf "$scratch"
if [ "$status" -eq 0 ]; then
  echo "configuring with $cxx succeeded; expected the clang-only message" >&2
  exit 1
fi
# CMake wraps the message; join its lines before matching.
joined=$(printf '%s' "$output" | tr -s ' \n' '  ')
for expected in "wasmprof must be built with clang 14 or later" "-DCMAKE_CXX_COMPILER=clang++"; do
  if [[ "$joined" != *"$expected"* ]]; then
    printf 'configure output lacks "%s":\n%s\n' "$expected" "$output" >&2
    exit 1
  fi
done
# The message comes before anything else is looked for (LLVM, GTest...): the first error is ours.
if [[ "$joined" == *"Could not find"* ]]; then
  printf 'configure failed elsewhere before the compiler check:\n%s\n' "$output" >&2
  exit 1
fi
echo "ok: $cxx is refused at configure time"
