// A large, synthetic guest for the decode+validate benchmark: 4096 distinct functions, each with
// a loop over a switch mixing i32, i64 and f64 arithmetic, a conditional indirect call through a
// function table, and direct calls to shared helpers. The preprocessor writes them (nested
// repetition macros, each level multiplying by four), and each function's body is specialised
// by its own number, so the compiled bodies differ in constants, shifts and shape.
//
// The functions are split over four translation units (large_module_part0.c ... part3.c, 1024
// each) so the build compiles them in parallel; large_module_main.c holds the table, the helpers
// and main. Every function sits in the table, which main walks, so the linker keeps them all;
// the `name` section names each one (fn_1000000 ... fn_1333333: 1 then its path in base 4).
#pragma once

#include <stdint.h>

typedef uint64_t (*work_fn)(uint32_t a, uint64_t b, double c, int depth);

enum { TABLE_SIZE = 4096 };
extern work_fn const table[TABLE_SIZE];

uint64_t mix64(uint64_t x);
double damp(double f);
uint32_t bit_steps(uint32_t x, unsigned rounds);

// REP_n(M, p) calls M once for each number p followed by n base-4 digits.
#define REP_1(M, p) M(p##0) M(p##1) M(p##2) M(p##3)
#define REP_2(M, p) REP_1(M, p##0) REP_1(M, p##1) REP_1(M, p##2) REP_1(M, p##3)
#define REP_3(M, p) REP_2(M, p##0) REP_2(M, p##1) REP_2(M, p##2) REP_2(M, p##3)
#define REP_4(M, p) REP_3(M, p##0) REP_3(M, p##1) REP_3(M, p##2) REP_3(M, p##3)
#define REP_5(M, p) REP_4(M, p##0) REP_4(M, p##1) REP_4(M, p##2) REP_4(M, p##3)
#define REP_6(M, p) REP_5(M, p##0) REP_5(M, p##1) REP_5(M, p##2) REP_5(M, p##3)
#define FOR_EACH_FUNCTION(M) REP_6(M, 1)
// The 1024 functions of one part: 1, the part's digit, then five more digits.
#define FOR_EACH_FUNCTION_OF_PART(M, part) REP_5_OF(M, part)
#define REP_5_OF(M, prefix) REP_5(M, prefix)

#define DECLARE_FN(id) uint64_t fn_##id(uint32_t a, uint64_t b, double c, int depth);

static inline uint64_t rotl64(uint64_t x, unsigned k) {
  return (x << (k & 63)) | (x >> ((64 - k) & 63));
}

// The shape of the body depends on id % 4 (folded away at compile time), its constants on id.
#define DEFINE_FN(id)                                                                            \
  uint64_t fn_##id(uint32_t a, uint64_t b, double c, int depth) {                               \
    uint64_t acc = b ^ ((uint64_t)id * 0x9e3779b97f4a7c15ull);                                   \
    double f = c + (double)(id % 97) * 0.5;                                                      \
    uint32_t n = a % (id % 13 + 3) + 1;                                                          \
    for (uint32_t i = 0; i < n; ++i) {                                                           \
      switch ((a + i * (id % 7 + 1)) % 7) {                                                      \
        case 0: acc = rotl64(acc, id % 61 + 1) + i; break;                                       \
        case 1: f = f * (1.0 + (double)(id % 89) * 1e-7) + (double)(acc & 0xff); break;          \
        case 2: a = a * (uint32_t)(id | 1) + (uint32_t)(acc >> (id % 29 + 3)); break;            \
        case 3: acc ^= (uint64_t)(int64_t)(f * (double)(id % 31 + 2)); break;                    \
        case 4: a ^= a >> (id % 11 + 1); acc += (uint64_t)a * (id % 1009 + 1); break;            \
        case 5: f = f / ((double)(i + id % 5) + 1.5) + (double)(id % 17); break;                 \
        default: acc = (acc >> (id % 7 + 1)) | ((uint64_t)(int32_t)a << 32); break;              \
      }                                                                                          \
    }                                                                                            \
    if (id % 4 == 0) {                                                                           \
      acc = mix64(acc + (uint64_t)id);                                                           \
    } else if (id % 4 == 1) {                                                                    \
      int64_t s = (int64_t)acc;                                                                  \
      acc = (uint64_t)(s < 0 ? -s / (id % 23 + 2) : s % (id % 1013 + 7));                        \
    } else if (id % 4 == 2) {                                                                    \
      a = bit_steps(a ^ (uint32_t)id, (unsigned)(id % 9 + 2));                                   \
    } else {                                                                                     \
      f = damp(f * (double)(id % 19 + 1) - (double)(acc & 0xffff));                             \
    }                                                                                            \
    if (depth > 0 && (acc & 3u) != 3u)                                                           \
      acc += table[(acc >> 11) % TABLE_SIZE](a ^ (uint32_t)id, acc, f, depth - 1);              \
    if (f > 1e9 || f < -1e9) f = damp(f);                                                        \
    return acc + (uint64_t)(int64_t)f + a;                                                       \
  }
