// The guest of the embedding examples (embed.c, embed.cc): a library module with no WASI
// imports and no entry point, so a host needs to provide nothing but `env.mix`.
//
// Each export shows one thing an embedder handles:
//   checksum(n)      calls the host function env.mix n times: linking a host function
//   average(t, c)    divides by zero when c is 0: a trap, with a backtrace through named frames
//   spin_forever()   never returns: an epoch deadline has to stop it
//   collatz_steps(n) long, finite work: fuel decides whether it may finish
#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))
// Kept out of line so each has its own frame, and its name, in a backtrace.
#define NOINLINE __attribute__((noinline))

IMPORT("mix") int32_t host_mix(int32_t value);

EXPORT("checksum") int32_t checksum(int32_t n) {
  int32_t sum = 0;
  for (int32_t i = 0; i < n; ++i) sum = sum * 31 + host_mix(i);
  return sum;
}

NOINLINE int32_t divide_evenly(int32_t total, int32_t count) { return total / count; }

NOINLINE int32_t mean_of(int32_t total, int32_t count) { return divide_evenly(total, count) + 0 * total; }

EXPORT("average") int32_t average(int32_t total, int32_t count) { return mean_of(total, count); }

// Volatile, so that the loop has an effect and stays a loop.
static volatile uint32_t spins;

EXPORT("spin_forever") void spin_forever(void) {
  for (;;) spins = spins + 1;
}

EXPORT("collatz_steps") int32_t collatz_steps(int32_t limit) {
  int32_t total = 0;
  for (int32_t start = 1; start <= limit; ++start) {
    uint64_t n = (uint64_t)start;
    while (n != 1) {
      n = (n & 1) ? 3 * n + 1 : n / 2;
      ++total;
    }
  }
  return total;
}
