#!/usr/bin/env bash
# Installs what is missing, builds wasmprof and runs it on the bundled example guest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release
"$root/build/src/cli/wasmprof" inspect "$root/build/tests/guests/example.wasm"
