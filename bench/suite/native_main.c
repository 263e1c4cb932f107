// Native driver of a benchmark-suite guest: calls the guest's run(n) and prints its checksum and
// how long the call took, in the same key=value format as wasmprof_run and node_run.mjs.
//
//   <guest>-native <n> [repeat]
//
// With repeat > 1 it calls run(n) that many times and prints one line per call (each call must
// give the same checksum: guests reset their state).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t run(uint32_t n);

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s <n> [repeat]\n", argv[0]);
    return 2;
  }
  uint32_t n = (uint32_t)strtoul(argv[1], 0, 0);
  int repeat = argc == 3 ? atoi(argv[2]) : 1;
  for (int i = 0; i < repeat; ++i) {
    double start = now_ms();
    uint32_t checksum = run(n);
    double elapsed = now_ms() - start;
    printf("checksum=0x%08x time_ms=%.3f\n", checksum, elapsed);
  }
  return 0;
}
