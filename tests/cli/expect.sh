#!/usr/bin/env bash
# Runs a command and checks its exit status and output, for the CLI's ctests:
#   expect.sh STATUS REGEX [--file PATH] -- COMMAND [ARGS...]
# passes when COMMAND exits with STATUS, its stdout+stderr match the extended REGEX (if not
# empty) and, with --file, PATH exists afterwards (it is removed first). COMMAND gets
# WASMPROF_TEST_TIMEOUT seconds (100 by default).
set -u
status=$1 pattern=$2
shift 2
file=""
if [ "$1" = "--file" ]; then file=$2; shift 2; rm -f "$file"; fi
[ "$1" = "--" ] && shift
# Bounded (status 124 then), so that a command that never ends cannot hang CI.
output=$(timeout -k 10 "${WASMPROF_TEST_TIMEOUT:-100}" "$@" 2>&1)
actual=$?
echo "$output"
if [ "$actual" != "$status" ]; then echo "FAIL: exit status $actual, expected $status"; exit 1; fi
if [ -n "$pattern" ] && ! grep -Ezq -- "$pattern" <<<"$output"; then echo "FAIL: output does not match /$pattern/"; exit 1; fi
if [ -n "$file" ] && [ ! -s "$file" ]; then echo "FAIL: $file was not written"; exit 1; fi
echo "PASS"
