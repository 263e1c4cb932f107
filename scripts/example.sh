#!/usr/bin/env bash
# Installs what is missing, builds wasmprof and profiles the bundled example guest: the guest's
# output, then where its profile was written and its top functions. The guest is the -g build,
# so the profile also has source lines (wasmprof report --lines example-profile.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
# Only the CLI and the example guest: the tests and benchmarks (most of the build) are not needed.
"$root/scripts/build.sh" release wasmprof wasm_guest_example-debug
"$root/build/src/cli/wasmprof" run --profile=guest,"$root/example-profile.json",1ms \
  "$root/build/tests/guests/example-debug.wasm" 4
