#!/usr/bin/env bash
# The README example in the real Firefox Profiler through `wasmprof view`'s link (issue 19):
# check.sh opens mat_mul's source and assembly views; the source view must show example.c with
# samples, the assembly view instructions whose self counts add up to mat_mul's self samples
# (as `wasmprof report` counts them).
#   view_in_frontend.sh WASMPROF CHECK_SH PROFILE MODULE SOURCE_ROOT WORKDIR [SCREENSHOTS_DIR]
set -u
wasmprof=$1 check=$2 profile=$3 module=$4 root=$5 work=$6 shots=${7:-}
pid=
fail() { echo "FAIL: $*"; [ -n "$pid" ] && kill "$pid" 2>/dev/null; exit 1; }
mkdir -p "$work" && rm -f "$work/view.out"
"$wasmprof" view "$profile" --module "$module" --source-root "$root" >"$work/view.out" 2>"$work/view.err" &
pid=$!
. "$(dirname "$0")/view_server.sh"
link=$(first_line_matching "$work/view.out" 'https://profiler\.firefox\.com/[^ ]*') ||
  fail "no link printed: $(cat "$work/view.out" "$work/view.err")"
args=(--url "$link" --source mat_mul --asm mat_mul --timeout 120)
[ -n "$shots" ] && args+=(--screenshots "$shots")
timeout -k 10 170 "$check" "${args[@]}" >"$work/check.out" 2>&1
status=$?
kill -INT "$pid"
wait "$pid"
pid=
cat "$work/check.out"
[ "$status" = 0 ] || fail "check.sh: status $status"
self=$("$wasmprof" report --top 1000 "$profile" | awk '$4 == "mat_mul" { print $3 }')
grep -Eq "source view of \"mat_mul\" .*example\.c: .* with sample counts" "$work/check.out" || fail "no source view with counts"
grep -Eq "assembly view of \"mat_mul\" .*: [0-9]+ instructions .*sum self $self;" "$work/check.out" ||
  fail "the assembly view's self counts do not add up to mat_mul's $self self samples"
echo PASS
