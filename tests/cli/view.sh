#!/usr/bin/env bash
# wasmprof view serves the profile on 127.0.0.1 to any origin: the CORS preflight, the file's
# exact bytes with Access-Control-Allow-Origin, 404 for other paths; --exit-after ends it, and
# so does SIGINT (status 0), even sent twice.
#   view.sh WASMPROF PROFILE WORKDIR
set -u
wasmprof=$1 profile=$2 work=$3
fail() { echo "FAIL: $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }
command -v curl >/dev/null || fail "curl is needed for this test (scripts/apt-packages.txt)"
mkdir -p "$work"
# Outputs of an earlier run would give url_of an old URL before the new server writes its own.
rm -f "$work"/view*.out

. "$(dirname "$0")/view_server.sh"  # url_of

"$wasmprof" view "$profile" --exit-after 1 >"$work/view.out" 2>&1 &
pid=$!
url=$(url_of "$work/view.out") || fail "no URL printed: $(cat "$work/view.out")"
port=$(sed -E 's|http://127\.0\.0\.1:([0-9]+)/.*|\1|' <<<"$url")
grep -q "https://profiler.firefox.com/from-url/http%3A%2F%2F127.0.0.1%3A$port%2F" "$work/view.out" ||
  fail "no Firefox Profiler link: $(cat "$work/view.out")"

preflight=$(curl -s --max-time 10 -i -X OPTIONS -H 'Origin: https://profiler.firefox.com' -H 'Access-Control-Request-Method: GET' "$url")
grep -q '^HTTP/1.1 204' <<<"$preflight" || fail "preflight: $preflight"
grep -qi '^Access-Control-Allow-Origin: \*' <<<"$preflight" || fail "preflight without CORS: $preflight"
grep -qi '^Access-Control-Allow-Methods: .*GET' <<<"$preflight" || fail "preflight without methods: $preflight"
missing=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/etc/passwd")
[ "$missing" = 404 ] || fail "another path answered $missing"

curl -s --max-time 10 -H 'Origin: https://profiler.firefox.com' -D "$work/headers" -o "$work/body" "$url" || fail "GET failed"
cmp -s "$work/body" "$profile" || fail "the served bytes differ from $profile"
grep -qi '^Access-Control-Allow-Origin: \*' "$work/headers" || fail "GET without CORS: $(cat "$work/headers")"
grep -qi '^Content-Length: '"$(stat -c %s "$profile")" "$work/headers" || fail "wrong Content-Length"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "--exit-after 1: status $status"
grep -q "Served the file 1 time" "$work/view.out" || fail "$(cat "$work/view.out")"

# Until interrupted: SIGINT stops it cleanly.
"$wasmprof" view "$profile" >"$work/view-sigint.out" 2>&1 &
pid=$!
url_of "$work/view-sigint.out" >/dev/null || fail "no URL printed"
curl -s --max-time 10 -o /dev/null "$(url_of "$work/view-sigint.out")" || fail "GET failed"
kill -INT "$pid"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "after SIGINT: status $status"
grep -q "Stopped (SIGINT)" "$work/view-sigint.out" || fail "$(cat "$work/view-sigint.out")"

# Ctrl-C pressed twice (or one SIGINT sent twice, as timeout does to its child and its group):
# still a clean stop. A client that connected and says nothing keeps the server stopping (until
# its read times out), so the second SIGINT surely comes while the first is being handled. Job
# control (set -m) starts the server with SIGINT's default action, which a plain background
# job of a script would ignore, hiding a second SIGINT.
set -m
"$wasmprof" view "$profile" >"$work/view-sigint2.out" 2>&1 &
pid=$!
set +m
url=$(url_of "$work/view-sigint2.out") || fail "no URL printed"
port=$(sed -E 's|http://127\.0\.0\.1:([0-9]+)/.*|\1|' <<<"$url")
exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
sleep 0.3  # for the server to take the connection from its backlog
kill -INT "$pid"
sleep 0.5
kill -INT "$pid" 2>/dev/null
wait "$pid"
status=$?
pid=
exec 3<&-
[ "$status" = 0 ] || fail "after two SIGINTs: status $status"
grep -q "Stopped (SIGINT)" "$work/view-sigint2.out" || fail "$(cat "$work/view-sigint2.out")"
echo PASS
