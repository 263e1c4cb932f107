#!/usr/bin/env bash
# wasmprof view as the frontend's symbol server (issue 19): /source/v1 serves a file the profile
# names from inside --source-root only, /asm/v1 the profiled module's instructions at their
# module offsets; malformed JSON, missing members, an unknown module, a file outside the
# roots (named directly, through '..' or through a symlink), other bytes under the module's
# name and huge bodies are answered with errors and nothing from outside; it listens on
# 127.0.0.1 only and stops on SIGINT.
#   view_symbols.sh WASMPROF PROFILE MODULE OTHER_MODULE SOURCE_DIR WORKDIR
set -u
wasmprof=$1 profile=$2 module=$3 other=$4 sources=$5 work=$6
pid=
fail() { echo "FAIL: $*"; [ -n "$pid" ] && kill "$pid" 2>/dev/null; exit 1; }
command -v curl >/dev/null || fail "curl is needed for this test"
rm -rf "$work" && mkdir -p "$work/root" "$work/outside" "$work/wrong" || fail "cannot make $work"

# The roots: a copy of the guest's sources, a secret beside them, a symlink out of the root.
cp "$sources/example.c" "$work/root/example.c"
echo "SECRET-OUTSIDE-THE-ROOT" >"$work/outside/secret.c"
ln -s "$work/outside/secret.c" "$work/root/link.c"
# The profile, with three more source files named: through '..', through the symlink, and a
# file inside the root that no function names is never asked for.
python3 - "$profile" "$work/profile.json" "$work" <<'PY' || fail "cannot write the test profile"
import json, sys
profile = json.load(open(sys.argv[1]))
work = sys.argv[3]
shared = profile["shared"]
for name in (work + "/root/../outside/secret.c", work + "/root/link.c"):
    shared["stringArray"].append(name)
    sources = shared["sources"]
    sources["filename"].append(len(shared["stringArray"]) - 1)
    for column in ("id", "sourceMapURL", "content"):
        sources[column].append(None)
    sources["startLine"].append(1)
    sources["startColumn"].append(1)
    sources["length"] += 1
    # A function naming it, so it is one of the profile's files.
    funcs = shared["funcTable"]
    funcs["name"].append(0)
    for column, value in (("isJS", False), ("relevantForJS", False), ("resource", 0), ("source", sources["length"] - 1),
                          ("lineNumber", None), ("columnNumber", None), ("originalLocation", None)):
        funcs[column].append(value)
    funcs["length"] += 1
json.dump(profile, open(sys.argv[2], "w"))
PY
example_c=$(python3 -c "
import json,sys;d=json.load(open(sys.argv[1]));s=d['shared']
print([s['stringArray'][i] for i in s['sources']['filename'] if s['stringArray'][i].endswith('/example.c')][0])" "$profile")
id=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['libs'][0]['breakpadId'])" "$profile")
name=$(basename "$module")
cp "$other" "$work/wrong/$name"  # another module under the profiled one's name

. "$(dirname "$0")/view_server.sh"  # url_of
# POST BODY PATH: prints the status, then the body.
post() { curl -s --max-time 10 -w '\n%{http_code}' -X POST -H 'Content-Type: text/plain' --data-binary "$1" "$server$2"; }
expect() {  # expect STATUS REGEX BODY PATH
  answer=$(post "$3" "$4")
  status=$(tail -n1 <<<"$answer")
  [ "$status" = "$1" ] || fail "$4 $3: status $status, expected $1: $answer"
  grep -Eq -- "$2" <<<"$answer" || fail "$4 $3: answer does not match /$2/: $(head -c 300 <<<"$answer")"
  if grep -q SECRET-OUTSIDE <<<"$answer"; then fail "$4 $3 served a file outside the root"; fi
}
source_request() { echo "{\"debugName\":\"$name\",\"debugId\":\"$id\",\"moduleOffset\":\"0x10\",\"file\":\"$1\"}"; }

"$wasmprof" view "$work/profile.json" --module "$module" --source-root "$work/root" >"$work/view.out" 2>"$work/view.err" &
pid=$!
url=$(url_of "$work/view.out") || fail "no URL printed: $(cat "$work/view.out" "$work/view.err")"
server=${url%/*}
port=$(sed -E 's|http://127\.0\.0\.1:([0-9]+)/.*|\1|' <<<"$url")
grep -q "?symbolServer=http%3A%2F%2F127.0.0.1%3A$port%2F[0-9a-f]\{32\}$" "$work/view.out" ||
  fail "no symbolServer in the link: $(cat "$work/view.out")"
# Loopback only.
listening=$(ss -Hltn "sport = :$port")
grep -q "127.0.0.1:$port" <<<"$listening" || fail "not listening on 127.0.0.1:$port: $listening"
grep -qv "127.0.0.1:$port" <<<"$listening" && fail "listening elsewhere too: $listening"
# Nothing without the token.
[ "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST --data '{}' "http://127.0.0.1:$port/source/v1")" = 404 ] ||
  fail "/source/v1 without the token was answered"

# /source/v1: the file, from the root (the profile names the build path; the tail is found).
expect 200 '"source":"// The bundled example guest' "$(source_request "$example_c")" /source/v1
headers=$(curl -s --max-time 10 -D - -o /dev/null -X POST --data-binary "$(source_request "$example_c")" "$server/source/v1")
grep -qi '^Access-Control-Allow-Origin: \*' <<<"$headers" || fail "/source/v1 without CORS: $headers"
# Refused: a file the profile does not name, '..', a symlink out of the root.
expect 403 '"error":"refused: /etc/passwd is not a source file' "$(source_request /etc/passwd)" /source/v1
expect 403 "\"error\":\"refused [^\"]*: a path with '..' in it" "$(source_request "$work/root/../outside/secret.c")" /source/v1
expect 403 '"error":"refused [^"]*link.c: .* outside ' "$(source_request "$work/root/link.c")" /source/v1
# Malformed requests and an unknown module.
expect 400 '"error":"malformed request: not JSON' '{"debugName": ' /source/v1
expect 400 "\"error\":\"malformed request: no 'file'" "{\"debugName\":\"$name\",\"debugId\":\"$id\"}" /source/v1
expect 400 "\"error\":\"malformed request: member 'file' is not a string" "{\"debugName\":\"$name\",\"debugId\":\"$id\",\"file\":[1]}" /source/v1
expect 404 '"error":"unknown module' "{\"debugName\":\"other.wasm\",\"debugId\":\"$id\",\"file\":\"$example_c\"}" /source/v1
expect 404 '"error":"unknown module' "{\"debugName\":\"$name\",\"debugId\":\"0123\",\"startAddress\":\"0x10\"}" /asm/v1
# A body beyond the limit is refused before it is read.
head -c 200000 /dev/zero | tr '\0' ' ' >"$work/big.json"
status=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST --data-binary "@$work/big.json" "$server/source/v1")
[ "$status" = 413 ] || fail "a 200 kB body: status $status"

# /asm/v1: mat_mul's instructions, at the offsets report --asm gives them.
report=$("$wasmprof" report --asm mat_mul "$profile" --module "$module") || fail "report --asm failed"
first=$(grep -Eo '0x[0-9a-f]{6}  ' <<<"$report" | head -1 | tr -d ' ')
count=$(grep -Ec '0x[0-9a-f]{6}  ' <<<"$report")
asm=$(post "{\"debugName\":\"$name\",\"debugId\":\"$id\",\"name\":\"$name\",\"codeId\":null,\"startAddress\":\"$first\",\"size\":\"0x4\",\"continueUntilFunctionEnd\":false}" /asm/v1)
[ "$(tail -n1 <<<"$asm")" = 200 ] || fail "/asm/v1: $asm"
head -n -1 <<<"$asm" >"$work/asm.json"
python3 - "$first" "$count" "$work/asm.json" <<'PY' || fail "/asm/v1 answer: $(head -c 300 <<<"$asm")"
import json, sys
answer = json.load(open(sys.argv[3]))
first, count = int(sys.argv[1], 16), int(sys.argv[2])
start = int(answer["startAddress"], 16)
addresses = [start + offset for offset, _ in answer["instructions"]]
assert addresses[0] == first, (hex(addresses[0]), hex(first))
assert len(addresses) == count, (len(addresses), count)
assert addresses == sorted(addresses) and answer["instructions"][-1][1].strip() == "end"
assert answer["arch"] == "wasm32" and start <= first < start + int(answer["size"], 16)
PY
expect 400 'startAddress is not a hex address' "{\"debugName\":\"$name\",\"debugId\":\"$id\",\"startAddress\":\"12\"}" /asm/v1
expect 404 'no function of ' "{\"debugName\":\"$name\",\"debugId\":\"$id\",\"startAddress\":\"0x0\"}" /asm/v1

kill -INT "$pid"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "after SIGINT: status $status"
grep -q "Stopped (SIGINT)" "$work/view.out" || fail "not stopped: $(cat "$work/view.out")"
# Each refusal was logged on the terminal.
for what in "/etc/passwd: not a source file" "'..'" "link.c .* outside"; do
  grep -Eq "wasmprof: view: refused .*$what" "$work/view.err" || fail "no log of the refusal of $what: $(cat "$work/view.err")"
done
grep -q "unknown module other.wasm" "$work/view.err" || fail "unknown module not logged: $(cat "$work/view.err")"

# No root and no module: the terminal says how to pass them, and the requests say why not.
"$wasmprof" view "$work/profile.json" --module "$work/wrong/$name" --module "$other" >"$work/bare.out" 2>"$work/bare.err" &
pid=$!
url=$(url_of "$work/bare.out") || fail "no URL printed: $(cat "$work/bare.out" "$work/bare.err")"
server=${url%/*}
grep -q "pass the folder that holds them with --source-root DIR" "$work/bare.out" || fail "no hint of --source-root: $(cat "$work/bare.out")"
grep -q "refused $work/wrong/$name: its bytes are not those of the profiled $name .*was it rebuilt" "$work/bare.err" ||
  fail "no refusal of the other module: $(cat "$work/bare.err")"
grep -q "$other: the profile has no module named $(basename "$other"); not served" "$work/bare.err" ||
  fail "no warning about a module of another name: $(cat "$work/bare.err")"
expect 404 'no source roots: start wasmprof view with --source-root DIR' "$(source_request "$example_c")" /source/v1
expect 404 "refused [^\"]*: its bytes are not those of the profiled $name" "{\"debugName\":\"$name\",\"debugId\":\"$id\",\"startAddress\":\"$first\"}" /asm/v1
kill -INT "$pid"
wait "$pid"
pid=
echo PASS
