// A guest whose DWARF the DWARF line tests read (tests/profile/dwarf_lines_test.cc). The tests
// find the lines by the marker comments at their ends, so the markers are the contract: moving code
// around is fine, removing a marker is not.
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned sink;

// Always inlined into its caller even at -O2, so its code carries an inlined-subroutine DIE
// whose call position is the marked line in mix().
static inline __attribute__((always_inline)) unsigned scramble(unsigned x) {  // MARK:scramble_definition
  unsigned y = x * 2654435761u;  // MARK:scramble_body
  return y ^ (y >> 13);
}

__attribute__((noinline)) unsigned mix(unsigned n) {  // MARK:mix_definition
  unsigned acc = 0;
  for (unsigned i = 0; i < n; ++i) {
    acc += scramble(i + acc);  // MARK:mix_calls_scramble
  }
  return acc;
}

__attribute__((noinline)) unsigned count_bits(unsigned n) {
  unsigned bits = 0;
  for (unsigned i = 0; i < n; ++i) {
    bits += (unsigned)__builtin_popcount(i * 7u + sink);  // MARK:count_bits_loop
  }
  return bits;
}

int main(int argc, char** argv) {
  unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 1000u;
  sink = mix(n) + count_bits(n);  // MARK:main_calls
  printf("%u\n", sink);
  return 0;
}
