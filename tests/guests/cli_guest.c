// A WASI command for the CLI's tests: what it does is chosen by its first argument.
//   trap         traps three calls deep (deep_trap <- middle <- outer)
//   spin         loops forever (for --fuel and SIGINT)
//   exit N       exits with status N
//   argv0        prints its argv[0] ("argv[0]=...")
//   recurse N    recurses N calls deep (for the stack limits), then prints "recursed N"
//   (none)       prints "hello from cli_guest" and returns 0
// It also exports `add` and `scale` for --invoke.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

__attribute__((export_name("add"))) int32_t add(int32_t a, int32_t b) { return a + b; }
__attribute__((export_name("scale"))) double scale(double x, int64_t by) { return x * (double)by; }

volatile int sink;

NOINLINE void deep_trap(int depth) {
  sink = depth;
  __builtin_trap();
}
NOINLINE void middle(int depth) {
  deep_trap(depth + 1);
  sink += 1;
}
NOINLINE void outer(void) {
  middle(1);
  sink += 2;
}

NOINLINE int recurse(int depth) {
  if (depth <= 0) return sink;
  return recurse(depth - 1) + 1;
}

NOINLINE void spin(void) {
  for (uint32_t i = 0;; ++i) sink = (int)i;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "trap") == 0) outer();
  if (argc > 1 && strcmp(argv[1], "spin") == 0) spin();
  if (argc > 2 && strcmp(argv[1], "exit") == 0) exit(atoi(argv[2]));
  if (argc > 2 && strcmp(argv[1], "recurse") == 0) {
    printf("recursed %d\n", recurse(atoi(argv[2])));
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "argv0") == 0) {
    printf("argv[0]=%s\n", argv[0]);
    return 0;
  }
  printf("hello from cli_guest\n");
  return 0;
}
