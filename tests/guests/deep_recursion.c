// A WASI command that recurses N calls deep (argv[1]) and traps at the bottom, for the CLI's
// backtrace tests (tests/cli/deep_trap.sh): a deep stack of one repeated frame, with DWARF.
#include <stdlib.h>

volatile int sink;

// Not a tail call, and no accumulator clang could turn into a loop: the volatile store after
// the call keeps every level a frame of its own.
__attribute__((noinline)) int descend(int depth) {
  if (depth == 0) __builtin_trap();  // MARK:trap
  int below = descend(depth - 1);    // MARK:recursive_call
  sink = below;
  return below + 1;
}

int main(int argc, char** argv) {
  int depth = argc > 1 ? atoi(argv[1]) : 5000;
  return descend(depth) == 0;
}
