# Sourced by the tests of `wasmprof view`: waiting for what the server prints once it listens.

# first_line_matching FILE REGEX: waits (up to 5 s) for the first match of REGEX in FILE, which the
# server writes once it is ready, and prints it; fails if none comes.
first_line_matching() {
  local match
  for _ in $(seq 100); do
    match=$(grep -o "$2" "$1" 2>/dev/null | head -1)
    [ -n "$match" ] && { echo "$match"; return 0; }
    sleep 0.05
  done
  return 1
}

# url_of FILE: the URL the server serves the profile at.
url_of() { first_line_matching "$1" 'http://127\.0\.0\.1:[0-9]*/[^ ]*'; }
