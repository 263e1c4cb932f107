#!/usr/bin/env bash
# SIGINT and SIGTERM stop the guest wherever it is, and its profile is still written:
#   signals.sh CASE WASMPROF GUEST WORKDIR
# CASE:
#   spin      SIGINT while the guest computes: status 130, the profile shows spin
#   read      SIGINT while it blocks reading stdin, a pipe that never gets data: 130
#   sleep     SIGTERM while it sleeps in poll_oneoff: 143
#   startup   SIGINT 0, 1, 2 ... 49 ms after wasmprof has taken the signals (50 runs): each
#             ends with 130 and a profile, whether the guest had started or not
#   early     SIGINT while wasmprof still waits to read its module (from a fifo): the signals are
#             already taken then, and the guest stops before its first instruction
#   twice     a second SIGINT ends wasmprof at once (while the first waits for the module)
# Every wait is bounded: a run that does not end is killed and the case fails.
set -u
case_name=$1 wasmprof=$2 guest=$3 work=$4
mkdir -p "$work"
pid=
fail() {
  echo "FAIL ($case_name): $*"
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  exit 1
}

# Waits (at most 30 s) until the file holds the line.
wait_for_line() {
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    grep -qx "$2" "$1" 2>/dev/null && return 0
    sleep 0.01
  done
  return 1
}

# Waits (at most 30 s) until process $1 is wasmprof and blocks SIGINT and SIGTERM: it has taken
# them. (Before its exec the process is a copy of this shell, which may block them too.)
wasmprof_exe=$(readlink -f "$wasmprof")
wait_for_signals_taken() {
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$wasmprof_exe" ] || { sleep 0.001; continue; }
    blocked=$(awk '/^SigBlk:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
    [ -n "$blocked" ] && (( (16#$blocked & 0x4002) == 0x4002 )) && return 0
    sleep 0.001
  done
  return 1
}

# Waits (at most 30 s) for $pid to end; sets status.
wait_bounded() {
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  kill -0 "$pid" 2>/dev/null && fail "still running 30 s after the signal"
  wait "$pid"
  status=$?
  pid=
}

expect_stopped() {  # expect_stopped STATUS PROFILE ERR
  [ "$status" = "$1" ] || fail "exit status $status, expected $1: $(cat "$3")"
  [ -s "$2" ] || fail "no profile at $2: $(cat "$3")"
  grep -q "interrupted by SIG" "$3" || fail "no interruption message: $(cat "$3")"
}

profile=$work/$case_name.json out=$work/$case_name.out err=$work/$case_name.err
rm -f "$profile" "$out" "$err"
case $case_name in
  spin)
    "$wasmprof" run --profile=guest,"$profile",1ms "$guest" spin >"$out" 2>"$err" &
    pid=$!
    wait_for_signals_taken "$pid" || fail "the signals were never taken"
    sleep 0.5
    kill -INT "$pid"
    wait_bounded
    expect_stopped 130 "$profile" "$err"
    grep -q '"spin"' "$profile" || fail "the profile does not show spin"
    ;;
  read)
    # The script holds the fifo's write end and never writes: the guest's read blocks.
    fifo=$work/stdin.fifo
    rm -f "$fifo"
    mkfifo "$fifo"
    exec 3<>"$fifo"
    "$wasmprof" run --profile=guest,"$profile",1ms "$guest" read <"$fifo" >"$out" 2>"$err" &
    pid=$!
    wait_for_line "$out" reading || fail "the guest never started reading: $(cat "$err")"
    sleep 0.2  # into the read
    kill -INT "$pid"
    wait_bounded
    exec 3>&-
    expect_stopped 130 "$profile" "$err"
    ;;
  sleep)
    "$wasmprof" run --profile=guest,"$profile",1ms "$guest" sleep >"$out" 2>"$err" &
    pid=$!
    wait_for_line "$out" sleeping || fail "the guest never started sleeping: $(cat "$err")"
    sleep 0.2  # into poll_oneoff
    kill -TERM "$pid"
    wait_bounded
    expect_stopped 143 "$profile" "$err"
    grep -q "interrupted by SIGTERM" "$err" || fail "$(cat "$err")"
    ;;
  startup)
    for delay in $(seq 0 49); do
      rm -f "$profile"
      "$wasmprof" run --profile=guest,"$profile",1ms "$guest" spin >"$out" 2>"$err" &
      pid=$!
      wait_for_signals_taken "$pid" || fail "run $delay: the signals were never taken"
      [ "$delay" = 0 ] || sleep "$(printf '0.%03d' "$delay")"
      kill -INT "$pid"
      wait_bounded
      expect_stopped 130 "$profile" "$err"
    done
    ;;
  early|twice)
    # The module comes through a fifo whose write end this script holds (and whose read end,
    # so that opening it never waits): wasmprof waits for the bytes until they are written.
    module=$work/$case_name-module.wasm
    rm -f "$module"
    mkfifo "$module"
    exec 3<>"$module"
    "$wasmprof" run --profile=guest,"$profile",1ms "$module" spin >"$out" 2>"$err" 3>&- &
    pid=$!
    wait_for_signals_taken "$pid" || fail "the signals were not taken before reading the module"
    kill -INT "$pid"
    if [ "$case_name" = twice ]; then
      sleep 0.2  # the first is taken
      kill -INT "$pid"
      wait_bounded
      [ "$status" = 130 ] || fail "exit status $status, expected 130: $(cat "$err")"
      grep -q "second signal" "$err" || fail "$(cat "$err")"
      exec 3>&-
      rm -f "$module"
    else
      timeout 30 cat "$guest" >&3 || fail "wasmprof did not read its module"
      exec 3>&-
      wait_bounded
      expect_stopped 130 "$profile" "$err"
      # At most the one sample the stop itself takes, at _start's first instruction.
      ! grep -q '"spin"' "$profile" || fail "the guest ran: $(cat "$err")"
      grep -Eq "\((0|1) samples\)" "$err" || fail "the guest ran: $(cat "$err")"
    fi
    ;;
  *)
    fail "unknown case"
    ;;
esac
echo PASS
