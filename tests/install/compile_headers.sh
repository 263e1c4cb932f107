#!/usr/bin/env bash
# The public embedding headers compile, alone and warning-free, with one compiler:
#   compile_headers.sh c   <compiler> <include dir>          wasmprof.h in C11 and C17
#   compile_headers.sh c++ <compiler> <include dir> [alone]  wasmprof.h in C++17 and C++20, and
#       every wasmprof/*.hh together in C++20 (the C++ API's standard: std::span, defaulted ==),
#       and header_templates.cc, which instantiates the API's templates;
#       with `alone`, each header also first in a translation unit of its own, so one that forgets
#       an include of its own fails (one compiler is enough for that, and it costs a second a header).
set -euo pipefail
language=$1 compiler=$2 include=$3 alone=${4:-}
warnings=(-Wall -Wextra -Wpedantic -Werror)
failed=0
compile() {  # compile <language> <standard> <source text>
  if ! printf '%s\n' "$3" | timeout 60 "$compiler" -x "$1" "-std=$2" "${warnings[@]}" -fsyntax-only -I "$include" -; then
    echo "FAILED: $compiler -std=$2 on: $3" >&2
    failed=1
  fi
}
case "$language" in
  c)
    for standard in c11 c17; do compile c "$standard" '#include <wasmprof.h>'; done
    ;;
  c++)
    compile c++ c++17 '#include <wasmprof.h>'
    compile c++ c++20 '#include <wasmprof.h>'
    all=''
    for header in "$include"/wasmprof/*.hh; do
      name="wasmprof/$(basename "$header")"
      [ "$alone" = alone ] && compile c++ c++20 "#include <$name>"
      all+="#include <$name>"$'\n'
    done
    [ -n "$all" ] || { echo "no header in $include/wasmprof" >&2; exit 1; }
    compile c++ c++20 "$all#include <wasmprof.h>"
    compile c++ c++20 "$(cat "$(dirname "$0")/header_templates.cc")"
    ;;
  *) echo "usage: $0 c|c++ <compiler> <include dir>" >&2; exit 2 ;;
esac
exit "$failed"
