#!/usr/bin/env bash
# --profile=guest,PATH writes into what is at PATH (issue 14, points 1 and 2):
#   profile_targets.sh WASMPROF GUEST WORKDIR
# A device node, /dev/null, a FIFO stay what they are and get the bytes; a symlink is followed;
# a regular file is replaced atomically and keeps its mode; a write error (/dev/full) is
# reported with its reason; a symlink planted where the old code put its temporary file is
# never written through.
set -u
wasmprof=$1 guest=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { timeout 60 "$wasmprof" run --profile=guest,"$1" "$guest"; }

# A device node of our own first (root only: mknod): if it were replaced, so would /dev/null
# be, which the checks after it then leave alone.
system_devices_safe=1
if [ "$(id -u)" = 0 ]; then
  mknod "$work/null" c 1 3
  run "$work/null" >/dev/null 2>&1 || fail "device node: exit status $?"
  if [ ! -c "$work/null" ]; then
    fail "the device node $work/null was replaced; /dev/null and /dev/full not tried"
    system_devices_safe=0
  fi
else
  echo "SKIPPED: a device node of our own needs root (mknod); /dev/null covers the case"
fi

if [ "$system_devices_safe" = 1 ]; then
  # /dev/null: the profile goes nowhere and /dev/null is still the null device.
  if output=$(run /dev/null 2>&1); then :; else fail "/dev/null: exit status $?: $output"; fi
  [ -c /dev/null ] || fail "/dev/null is no longer a character device"
  # /dev/full: the write fails and says why, with a non-zero status.
  output=$(run /dev/full 2>&1)
  status=$?
  [ "$status" = 1 ] || fail "/dev/full: exit status $status, expected 1"
  grep -q "cannot write the profile to /dev/full: No space left on device" <<<"$output" || fail "/dev/full: $output"
  [ -c /dev/full ] || fail "/dev/full is no longer a character device"
fi

# A FIFO: a reader gets the whole profile, and the FIFO stays a FIFO.
mkfifo "$work/fifo"
timeout 60 cat "$work/fifo" >"$work/from-fifo" &
reader=$!
run "$work/fifo" >/dev/null 2>&1 || fail "FIFO: exit status $?"
wait "$reader"
[ -p "$work/fifo" ] || fail "the FIFO was replaced"
timeout 60 "$wasmprof" report "$work/from-fifo" | grep -q "cli_guest.wasm" || fail "what came through the FIFO is no profile"

# /dev/stdout on a pipe (a magic link to "pipe:[N]"): the profile comes out of the pipe.
timeout 60 "$wasmprof" run --profile=guest,/dev/stdout "$guest" exit 0 2>/dev/null | cat >"$work/from-stdout"
timeout 60 "$wasmprof" report "$work/from-stdout" | grep -q "cli_guest.wasm" || fail "what came out of /dev/stdout is no profile"

# A symlink to a file that does not exist yet, and one to a file with its own mode: the link
# stays, its target gets the profile, the file keeps its mode.
ln -s target.json "$work/link.json"
run "$work/link.json" >/dev/null 2>&1 || fail "symlink: exit status $?"
[ -L "$work/link.json" ] || fail "the symlink was replaced"
[ -s "$work/target.json" ] || fail "the symlink's target was not written"
echo old >"$work/mode.json"
chmod 0640 "$work/mode.json"
ln -s mode.json "$work/mode-link.json"
run "$work/mode-link.json" >/dev/null 2>&1 || fail "symlink to a file: exit status $?"
[ "$(stat -c %a "$work/mode.json")" = 640 ] || fail "the file's mode changed to $(stat -c %a "$work/mode.json")"
grep -q '"meta"' "$work/mode.json" || fail "the symlink's target file does not hold the profile"
[ -L "$work/mode-link.json" ] || fail "the symlink to a file was replaced"

# A symlink planted at the temporary name the old code used (PATH.tmp-PID, PID known since
# exec keeps the shell's) must not be followed: the file it points at stays as it was.
echo precious >"$work/victim"
timeout 60 bash -c 'ln -s "$2" "$3.tmp-$$"; exec "$1" run --profile=guest,"$3" "$4"' \
  planted "$wasmprof" "$work/victim" "$work/planted.json" "$guest" >/dev/null 2>&1 || fail "planted: exit status $?"
[ "$(cat "$work/victim")" = precious ] || fail "the file behind the planted symlink was overwritten"
grep -q '"meta"' "$work/planted.json" || fail "planted.json does not hold the profile"

# No temporary file is left behind by any of the runs.
leftovers=$(find "$work" \( -name '.*.json.*' -o -name '*.tmp-*' \) -type f)
[ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"

[ "$failures" = 0 ] && echo PASS
