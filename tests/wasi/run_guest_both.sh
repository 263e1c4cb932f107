#!/usr/bin/env bash
# Runs one WASI guest under the project's runner and under node's WASI, each with a fresh copy
# of the same fixture directory preopened as /sandbox, and requires of both runs:
#   - the expected exit code,
#   - stdout identical to the expected file (and so to each other),
#   - the same /sandbox tree afterwards (names, types, contents, link targets),
#   - with CHECK_FILE=relpath=expected, that file in the tree after our run.
#
# usage: run_guest_both.sh RUNNER NODE NODE_SCRIPT EXPECTED_STDOUT EXPECTED_EXIT STDIN -- [runner flags] guest.wasm [args]
#   RUNNER is a CMake list (';'-separated): the command that runs a guest, e.g. "wasmprof;run".
set -uo pipefail

IFS=';' read -r -a runner <<<"$1"
node=$2 node_script=$3 expected_stdout=$4 expected_exit=$5 stdin_file=$6
shift 6
[ "${1:-}" = "--" ] && shift

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_fixture() {
  mkdir -p "$1/dir/sub"
  printf 'hello wasi\nsecond line\n' >"$1/input.txt"
  printf 'A\n' >"$1/dir/a.txt"
  printf 'BB\n' >"$1/dir/b.txt"
  printf 'nested\n' >"$1/dir/sub/c.txt"
}

# One line per entry: path, type, then the content's checksum or the link's target.
describe_tree() {
  (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while read -r path; do
    if [ -L "$path" ]; then echo "$path link $(readlink "$path")"
    elif [ -d "$path" ]; then echo "$path dir"
    else echo "$path file $(sha256sum <"$path" | cut -c1-16)"; fi
  done)
}

run_one() {  # name, command...
  local name=$1
  shift
  make_fixture "$work/$name"
  # stdin and stdout are pipes, as in a shell pipeline (and node's WASI can poll only those).
  # Bounded, so that a guest that never ends cannot hang CI (status 124 then).
  cat "$stdin_file" | timeout -k 10 100 "$@" 2>"$work/$name.stderr" | cat >"$work/$name.stdout"
  echo "${PIPESTATUS[1]}" >"$work/$name.exit"
}

# The guest's own flags and arguments, with the sandbox preopen added in front.
run_one ours "${runner[@]}" --dir "$work/ours::/sandbox" "$@"
run_one node "$node" --no-warnings "$node_script" --dir "$work/node::/sandbox" "$@"

status=0
for name in ours node; do
  exit_code=$(cat "$work/$name.exit")
  if [ "$exit_code" != "$expected_exit" ]; then
    echo "FAIL ($name): exit code $exit_code, expected $expected_exit; stderr:"; cat "$work/$name.stderr"; status=1
  fi
  if ! diff -u "$expected_stdout" "$work/$name.stdout" >"$work/$name.diff"; then
    echo "FAIL ($name): stdout differs from $expected_stdout:"; cat "$work/$name.diff"; status=1
  fi
done
if ! diff -u <(describe_tree "$work/node") <(describe_tree "$work/ours") >"$work/tree.diff"; then
  echo "FAIL: the sandbox tree after our run differs from node's (- node, + ours):"; cat "$work/tree.diff"; status=1
fi
if [ -n "${CHECK_FILE:-}" ]; then
  relpath=${CHECK_FILE%%=*} expected_file=${CHECK_FILE#*=}
  if ! cmp -s "$expected_file" "$work/ours/$relpath"; then
    echo "FAIL: /sandbox/$relpath after our run differs from $expected_file"; status=1
  fi
fi
[ $status -eq 0 ] && echo "guest output, exit code and files match node's and the expectation"
exit $status
