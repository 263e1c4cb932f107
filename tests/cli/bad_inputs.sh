#!/usr/bin/env bash
# Every subcommand reports an input it cannot use as an error with the reason, exit status 1,
# and never dies of an exception (issue 14, points 5 and 15):
#   bad_inputs.sh WASMPROF GUEST WORKDIR
set -u
export LC_ALL=C  # the non-UTF-8 file name below must match .
wasmprof=$1 guest=$2 work=$3
rm -rf "$work"
mkdir -p "$work/dir"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

mkfifo "$work/fifo"             # nobody writes to it: it must not block
: >"$work/empty"
echo "secret" >"$work/unreadable"
chmod 000 "$work/unreadable"
# chmod 000 does not stop root: as root the unreadable case runs as nobody (setpriv).
as_user=()
if [ "$(id -u)" = 0 ]; then
  chmod o+rx "$work" "$work/dir"
  # nobody must be able to run wasmprof from where it was built, or the case says nothing.
  if command -v setpriv >/dev/null &&
     setpriv --reuid=65534 --regid=65534 --clear-groups "$wasmprof" --version >/dev/null 2>&1; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "SKIPPED: the unreadable file as root (cannot run $wasmprof as nobody through setpriv)"
  fi
fi

# check NAME STATUS REGEX COMMAND...: the status, the reason, and no uncaught exception.
check() {
  local name=$1 status=$2 pattern=$3
  shift 3
  local output actual
  output=$(timeout 60 "$@" 2>&1 </dev/null)
  actual=$?
  [ "$actual" = "$status" ] || fail "$name: exit status $actual, expected $status: $output"
  grep -Eq -- "$pattern" <<<"$output" || fail "$name: output does not match /$pattern/: $output"
  if grep -Eq "terminate called|basic_ios|invalid module" <<<"$output"; then fail "$name: $output"; fi
}

subcommands=("run" "inspect" "report" "convert --to collapsed" "flamegraph -o $work/never.svg" "view --exit-after 1")
for subcommand in "${subcommands[@]}"; do
  read -r -a words <<<"$subcommand"
  what=${words[0]}
  kind=profile
  [ "$what" = run ] || [ "$what" = inspect ] && kind=module
  check "$what on a directory" 1 "error: cannot read $work/dir: Is a directory" "$wasmprof" "${words[@]}" "$work/dir"
  check "$what on a missing file" 1 "error: cannot open $work/missing: No such file or directory" \
    "$wasmprof" "${words[@]}" "$work/missing"
  if [ "$kind" = module ]; then
    empty_reason="malformed module"
  else
    empty_reason="not a processed profile"
  fi
  check "$what on an empty file" 1 "error: $work/empty: .*$empty_reason|error: .*$empty_reason" \
    "$wasmprof" "${words[@]}" "$work/empty"
  check "$what on a FIFO nobody writes to" 1 "$empty_reason" "$wasmprof" "${words[@]}" "$work/fifo"
  # /proc/self/mem opens but cannot be read at offset 0, even by root.
  check "$what on a file that fails to read" 1 "error: cannot read /proc/self/mem: Input/output error" \
    "$wasmprof" "${words[@]}" /proc/self/mem
  if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    check "$what on an unreadable file" 1 "error: cannot open $work/unreadable: Permission denied" \
      "${as_user[@]}" "$wasmprof" "${words[@]}" "$work/unreadable"
  fi
  [ "$kind" = profile ] && check "$what on a module" 1 "error: $guest: not a processed profile" \
    "$wasmprof" "${words[@]}" "$guest"
done

# A guest whose file name is not UTF-8 runs, but cannot name a profile's module: EILSEQ.
odd="$work/$(printf 'guest\xff').wasm"
cp "$guest" "$odd"
check "run on a non-UTF-8 name" 0 "hello from cli_guest" "$wasmprof" run "$odd"
check "run --profile on a non-UTF-8 name" 1 "cannot name the profile's module after .*: Invalid or incomplete multibyte" \
  "$wasmprof" run --profile=guest,"$work/odd.json" "$odd"
check "inspect on a non-UTF-8 name" 0 "valid WebAssembly module" "$wasmprof" inspect "$odd"

[ "$failures" = 0 ] && echo PASS
