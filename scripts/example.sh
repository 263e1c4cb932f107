#!/usr/bin/env bash
# Installs what is missing, builds wasmprof and profiles the bundled example guest: the guest's
# output, then where its profile was written and its top functions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release
"$root/build/src/cli/wasmprof" run --profile=guest,"$root/example-profile.json",1ms \
  "$root/build/tests/guests/example.wasm" 4
