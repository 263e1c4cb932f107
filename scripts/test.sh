#!/usr/bin/env bash
# Installs what is missing, builds the optimised and the sanitizer flavours, and runs every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release
(cd "$root/build" && ctest --output-on-failure -j2)
"$root/scripts/build.sh" sanitize
(cd "$root/build-san" && ctest --output-on-failure -j2)
