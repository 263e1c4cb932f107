#!/usr/bin/env bash
# `wasmprof print` as a user runs it (issue 18): the bundled example printed, flat and folded,
# read back (inspect validates the text; run gives the same output as the binary), text input
# printed too, -o, --help, and the errors.
#   print.sh WASMPROF EXAMPLE.wasm WORKDIR
set -u
wasmprof=$1 example=$2 work=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
t() { timeout -k 5 60 "$@"; }  # every command bounded: CI never hangs
mkdir -p "$work"
rm -f "$work"/print-*

t "$wasmprof" print "$example" >"$work/print-flat.wat" 2>"$work/print-err" || fail "print: status $?: $(cat "$work/print-err")"
grep -q '^(module' "$work/print-flat.wat" || fail "print: no (module"
grep -q '(func \$mat_mul (;[0-9]*;) (type [0-9]*)' "$work/print-flat.wat" || fail "print: \$mat_mul not named from the name section"
grep -q '^    call \$matrix_power_sum$' "$work/print-flat.wat" \
  || grep -q 'call \$mat_mul$' "$work/print-flat.wat" || fail "print: calls not by name"
grep -q '(i32.add' "$work/print-flat.wat" && fail "print: folded without --folded"
[ -s "$work/print-err" ] && fail "print: wrote to stderr: $(cat "$work/print-err")"

# -o: the file, nothing on stdout; --folded: S-expressions.
out=$(t "$wasmprof" print --folded "$example" -o "$work/print-folded.wat" 2>&1) || fail "print --folded -o: status $?"
[ -z "$out" ] || fail "print -o wrote to stdout: $out"
grep -q '(i32.add' "$work/print-folded.wat" || fail "print --folded: no folded (i32.add"

# Both texts are the module again: valid, and running it prints what the binary prints.
expected=$(t "$wasmprof" run "$example" 2>&1) || fail "run example: status $?"
for form in flat folded; do
  t "$wasmprof" inspect "$work/print-$form.wat" | grep -q "valid WebAssembly module" || fail "$form text is not a valid module"
  actual=$(t "$wasmprof" run "$work/print-$form.wat" 2>&1) || fail "run $form text: status $?"
  [ "$actual" = "$expected" ] || fail "run $form text: output differs from the binary's"
done

# Text in, text out: the printed text printed again names the same functions.
t "$wasmprof" print "$work/print-flat.wat" >"$work/print-again.wat" || fail "print of a .wat: status $?"
diff <(grep -o '(func \$[^ ]*' "$work/print-flat.wat") <(grep -o '(func \$[^ ]*' "$work/print-again.wat") >/dev/null \
  || fail "print of the printed text names other functions"

# Help, and errors: a usage line; a missing file, a text error as a compiler prints it, an
# unwritable output, each exit status 1.
t "$wasmprof" print --help | grep -qx "Usage: wasmprof print \[OPTIONS\] FILE" || fail "print --help: no usage line"
t "$wasmprof" help print | grep -q -- "--folded" || fail "help print: no --folded"
t "$wasmprof" print "$work/no-such.wasm" >/dev/null 2>"$work/print-err"
[ $? = 1 ] || fail "missing file: not status 1"
grep -q "no-such.wasm" "$work/print-err" || fail "missing file: not named: $(cat "$work/print-err")"
printf '(module\n  (func i32.ad))\n' >"$work/print-bad.wat"
t "$wasmprof" print "$work/print-bad.wat" >/dev/null 2>"$work/print-err"
[ $? = 1 ] || fail "bad text: not status 1"
grep -q "print-bad.wat:2:[0-9]*: error: " "$work/print-err" || fail "bad text: not a compiler's message: $(cat "$work/print-err")"
t "$wasmprof" print "$example" -o "$work/no-such-dir/x.wat" 2>"$work/print-err"
[ $? = 1 ] || fail "unwritable output: not status 1"
grep -q "cannot write" "$work/print-err" || fail "unwritable output: $(cat "$work/print-err")"

[ "$failures" = 0 ] && echo PASS
