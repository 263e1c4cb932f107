#!/usr/bin/env bash
# Help pages as wasmtime's: `wasmprof help [SUBCOMMAND]`, the program's name in each Usage
# line, and exactly one Usage line per page (issue 14, point 13).
#   help.sh WASMPROF
set -u
wasmprof=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# page NAME USAGE_LINE COMMAND...: exit 0, one Usage line, and it is USAGE_LINE.
page() {
  local name=$1 expected=$2
  shift 2
  local output
  output=$(timeout 60 "$@" 2>&1) || fail "$name: exit status $?"
  local usages
  usages=$(grep -c "Usage" <<<"$output")
  [ "$usages" = 1 ] || fail "$name: $usages Usage lines: $output"
  grep -qxF -- "$expected" <<<"$output" || fail "$name: no line '$expected' in: $output"
}

page "help" "Usage: wasmprof [OPTIONS] SUBCOMMAND" "$wasmprof" help
page "help --help" "Usage: wasmprof [OPTIONS] SUBCOMMAND" "$wasmprof" help --help
page "--help" "Usage: wasmprof [OPTIONS] SUBCOMMAND" "$wasmprof" --help
page "help run" "Usage: wasmprof run [OPTIONS] FILE [ARGS...]" "$wasmprof" help run
page "run --help" "Usage: wasmprof run [OPTIONS] FILE [ARGS...]" "$wasmprof" run --help
page "help report" "Usage: wasmprof report [OPTIONS] PROFILE" "$wasmprof" help report
page "inspect --help" "Usage: wasmprof inspect [OPTIONS] FILE" "$wasmprof" inspect --help
"$wasmprof" help | grep -q "help  *Print this help" || fail "help does not list itself"
timeout 60 "$wasmprof" help nosuch >/dev/null 2>&1
[ $? = 2 ] || fail "help nosuch: not a usage error"

[ "$failures" = 0 ] && echo PASS
