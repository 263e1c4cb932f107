#!/usr/bin/env bash
# Configures and builds one flavour of the project with clang and Ninja.
#   scripts/build.sh                      -> build/      (optimised, with debug info)
#   scripts/build.sh sanitize             -> build-san/  (ASan + UBSan, and the libFuzzer targets)
#   scripts/build.sh release TARGET...    -> only those targets (and what they need) in build/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
flavour=${1:-release}
shift || true
case "$flavour" in
  release)  dir="$root/build";     extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  sanitize) dir="$root/build-san"; extra=(-DCMAKE_BUILD_TYPE=Debug -DWASMPROF_SANITIZE=ON) ;;
  *) echo "usage: $0 [release|sanitize] [TARGET...]" >&2; exit 2 ;;
esac
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S "$root" -B "$dir" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DWASMPROF_WERROR="$werror" "${extra[@]}" >/dev/null
# With no targets named, everything: every test and benchmark (what scripts/test.sh needs).
cmake --build "$dir" ${1:+--target "$@"}
