#!/usr/bin/env bash
# SIGINT stops a runaway guest and its profile is still written: status 130.
#   sigint.sh WASMPROF GUEST PROFILE
set -u
wasmprof=$1 guest=$2 profile=$3
rm -f "$profile"
"$wasmprof" run --profile=guest,"$profile",1ms "$guest" spin &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" = 130 ] || { echo "FAIL: exit status $status, expected 130"; exit 1; }
[ -s "$profile" ] || { echo "FAIL: no profile at $profile"; exit 1; }
grep -q '"spin"' "$profile" || { echo "FAIL: the profile does not show spin"; exit 1; }
echo PASS
