// Shared helpers of the benchmark-suite guests (see README.md in this folder).
//
// Every guest defines `uint32_t run(uint32_t n)`: it does work proportional to n and returns a
// checksum. The same source is compiled to wasm32-wasi (exporting `run`, importing nothing) and
// natively (called by native_main.c), so a guest must give the same checksum on both:
//   - only fixed-width integer types in anything that reaches the checksum (long and size_t
//     differ between wasm32 and x86-64);
//   - never a pointer value in the checksum (malloc returns different addresses);
//   - floating point limited to + - * / and sqrt, which IEEE 754 rounds exactly on both targets
//     (no libm transcendental functions: glibc and wasi-libc differ in the last bit), compiled
//     with -ffp-contract=off (see bench/suite.cmake);
//   - run(n) may be called more than once in one instance: it resets every piece of state.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint32_t run(uint32_t n);

#ifdef __cplusplus
}
#endif

// A small, fast pseudo-random generator (xorshift32); the state must never be 0.
typedef struct {
  uint32_t s;
} bench_rng;

static inline void bench_rng_seed(bench_rng* r, uint32_t seed) { r->s = seed ? seed : 0x9e3779b9u; }

static inline uint32_t bench_rng_next(bench_rng* r) {
  uint32_t x = r->s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  r->s = x;
  return x;
}

// Uniform in [0, bound) for small bounds (the bias is irrelevant here).
static inline uint32_t bench_rng_below(bench_rng* r, uint32_t bound) { return bench_rng_next(r) % bound; }

// Folds a value into a running checksum (a Murmur-style finalizer per step).
static inline uint32_t bench_mix(uint32_t h, uint32_t v) {
  h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h;
}

static inline uint32_t bench_mix64(uint32_t h, uint64_t v) {
  return bench_mix(bench_mix(h, (uint32_t)v), (uint32_t)(v >> 32));
}

// Fills out[0..size) with text-like bytes: words of a made-up vocabulary of 512 (generated from
// rng), drawn with a skewed distribution, separated by spaces, full stops and newlines.
static inline void bench_make_text(uint8_t* out, uint32_t size, bench_rng* rng) {
  // A vocabulary of 512 pronounceable words.
  static const char kConsonants[] = "bcdfghklmnprstvz";
  static const char kVowels[] = "aeiou";
  char words[512][12];
  uint8_t lengths[512];
  for (int w = 0; w < 512; ++w) {
    int len = 2 + (int)bench_rng_below(rng, 9);
    for (int i = 0; i < len; ++i)
      words[w][i] = (i & 1) ? kVowels[bench_rng_below(rng, 5)] : kConsonants[bench_rng_below(rng, 16)];
    lengths[w] = (uint8_t)len;
  }
  uint32_t pos = 0;
  uint32_t sentence = 0;
  while (pos < size) {
    // Skewed choice: small indices much more often.
    uint32_t r = bench_rng_next(rng);
    uint32_t w = (r & 511u) & ((r >> 9) & 511u) & ((r >> 18) | 0x1c0u);
    for (int i = 0; i < lengths[w] && pos < size; ++i) out[pos++] = (uint8_t)words[w][i];
    if (pos < size) out[pos++] = (++sentence % 11u == 0) ? '.' : ' ';
    if (sentence % 53u == 0 && pos < size) out[pos++] = '\n';
  }
}

// The bits of a double, so floating-point results are compared exactly.
static inline uint64_t bench_double_bits(double d) {
  union {
    double d;
    uint64_t u;
  } u;
  u.d = d;
  return u.u;
}
