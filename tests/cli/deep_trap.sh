#!/usr/bin/env bash
# A trap at the bottom of a deep recursion prints a short backtrace: the repeated frames once,
# with "... N frames repeated", named as in profiles, with file:line from DWARF by default and
# without it under WASMPROF_BACKTRACE_DETAILS=0.
#   deep_trap.sh WASMPROF GUEST.wasm GUEST_SOURCE.c
set -u
wasmprof=$1 guest=$2 source=$3
fail() { echo "FAIL: $*"; echo "$output"; exit 1; }
marker() { grep -n "MARK:$1\$" "$source" | cut -d: -f1; }
trap_line=$(marker trap) call_line=$(marker recursive_call)

output=$(timeout 60 "$wasmprof" run "$guest" 5000 2>&1); status=$?
[ "$status" = 134 ] || fail "exit status $status, expected 134"
lines=$(wc -l <<<"$output")
[ "$lines" -lt 40 ] || fail "$lines lines for a 5000-deep recursion"
grep -Eq "^ +0: 0x[0-9a-f]+ - descend$" <<<"$output" || fail "frame 0 is not descend"
grep -Eq "^ +at .*deep_recursion\.c:$trap_line:[0-9]+$" <<<"$output" || fail "no file:line of the trap ($trap_line)"
grep -Eq "^ +at .*deep_recursion\.c:$call_line:[0-9]+$" <<<"$output" || fail "no file:line of the recursive call ($call_line)"
grep -Eq "^ +\.\.\. 499[0-9] frames repeated \(the frame above, 499[0-9] more times\)$" <<<"$output" || fail "no repeated frames line"
grep -Eq "^ *5000: 0x[0-9a-f]+ - descend$" <<<"$output" || fail "the last repetition (frame 5000) is not printed"
grep -Eq " - main$" <<<"$output" || fail "main is not printed"

output=$(WASMPROF_BACKTRACE_DETAILS=0 timeout 60 "$wasmprof" run "$guest" 5000 2>&1); status=$?
[ "$status" = 134 ] || fail "exit status $status, expected 134 (without details)"
grep -q " at " <<<"$output" && fail "file:line printed with WASMPROF_BACKTRACE_DETAILS=0"
grep -Eq "frames repeated" <<<"$output" || fail "no repeated frames line (without details)"
echo PASS
