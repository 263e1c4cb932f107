// A guest whose precise-mode profile the source-line tests read (tests/profile/profile_lines_test.cc,
// tests/cli): one hot line in a function of its own, and a helper that is always inlined. The
// tests find the lines by the marker comments at their ends, so the markers are the contract:
// moving code around is fine, removing a marker is not. No libc: `run` is called directly
// (`wasmprof run --invoke run profile_lines.wasm N`).

// Always inlined, even at -O2: its code carries an inlined-subroutine DIE whose call position is
// the marked line in helper_loop().
static inline __attribute__((always_inline)) unsigned rotate_mix(unsigned x, unsigned i) {  // MARK:helper_definition
  return ((x << 7) | (x >> 25)) ^ (i * 2654435769u);  // MARK:helper_body
}

__attribute__((noinline)) unsigned helper_loop(unsigned n) {  // MARK:helper_loop_definition
  unsigned acc = 7;
  for (unsigned i = 0; i < n; ++i) acc = rotate_mix(acc, i) + 1;  // MARK:helper_call
  return acc;
}

// The loop is a single line, so every instruction of it (compare, increment, body) is that line.
__attribute__((noinline)) unsigned hot_loop(unsigned n) {  // MARK:hot_definition
  unsigned acc = 1;
  for (unsigned i = 0; i < n; ++i) acc = (acc ^ i) * 2654435761u + (acc >> 7);  // MARK:hot_line
  return acc;
}

// Three quarters of the iterations are hot_loop's.
__attribute__((export_name("run"))) unsigned run(unsigned n) {
  return hot_loop(6 * n) + helper_loop(2 * n);
}
