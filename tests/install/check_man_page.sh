#!/usr/bin/env bash
# The man page made at build time from the CLI's help (src/cli/make_man_page.py) renders without
# a warning, by groff and by man, and has a section for every subcommand `wasmprof --help` lists.
#   check_man_page.sh <wasmprof.1> <wasmprof executable>
set -euo pipefail
page=$1 wasmprof=$2
fail() { echo "FAILED: $*" >&2; exit 1; }
[ -s "$page" ] || fail "no man page at $page"

# groff's every warning (-ww), output thrown away (-z): nothing may be said on stderr.
warnings=$(timeout 60 groff -man -Tutf8 -ww -z "$page" 2>&1) || fail "groff failed on $page: $warnings"
[ -z "$warnings" ] || fail "groff warns on $page:"$'\n'"$warnings"
rendered=$(MANWIDTH=80 timeout 60 man --warnings -l "$page" 2>"$page.man-stderr") || fail "man -l failed: $(cat "$page.man-stderr")"
[ ! -s "$page.man-stderr" ] || fail "man -l warns on $page:"$'\n'"$(cat "$page.man-stderr")"

# Every subcommand but help, as listed by the CLI itself, has its section and its options.
subcommands=$(timeout 30 "$wasmprof" --help | sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p' | grep -vx help)
[ "$(echo "$subcommands" | wc -l)" -ge 5 ] || fail "too few subcommands read from wasmprof --help: $subcommands"
for subcommand in $subcommands; do
  grep -qx ".SS wasmprof $subcommand" "$page" || fail "$page has no section for wasmprof $subcommand"
  grep -q "^   wasmprof $subcommand\$" <<<"$rendered" || fail "the rendered page lacks wasmprof $subcommand"
done
for section in NAME SYNOPSIS DESCRIPTION OPTIONS SUBCOMMANDS "EXIT STATUS"; do
  grep -qx "$section" <<<"$rendered" || fail "the rendered page lacks the section $section"
done
# An option of run's, as the page must show every subcommand's options.
grep -q -- "--profile-alloc" <<<"$rendered" || fail "the rendered page lacks run's --profile-alloc"
echo "ok: $page renders without warnings and documents: $(echo $subcommands)"
