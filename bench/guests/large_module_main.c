// The function table, the shared helpers and main of the large benchmark guest (see
// large_module.h). Prints a checksum of one pass over every function.
#include <stdio.h>

#include "large_module.h"

FOR_EACH_FUNCTION(DECLARE_FN)

#define TABLE_ENTRY(id) fn_##id,
work_fn const table[TABLE_SIZE] = {FOR_EACH_FUNCTION(TABLE_ENTRY)};

__attribute__((noinline)) uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

__attribute__((noinline)) double damp(double f) {
  while (f > 1e6 || f < -1e6) f *= 0.001;
  return f;
}

__attribute__((noinline)) uint32_t bit_steps(uint32_t x, unsigned rounds) {
  for (unsigned r = 0; r < rounds; ++r) x = (x & 1u) ? 3u * x + 1u : x >> 1;
  return x;
}

int main(void) {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < TABLE_SIZE; ++i)
    sum = mix64(sum ^ table[i](i * 2654435761u, sum, (double)i, 2));
  printf("large_module: %d functions, checksum %016llx\n", TABLE_SIZE, (unsigned long long)sum);
  return 0;
}
