// The always-inlined helpers every generated function of the DWARF benchmark guest calls (see
// generate_dwarf_guest.cmake): nested, so each call site leaves inlined subroutines two and
// three deep in the DWARF, as real optimised code does.
#pragma once

#include <stdint.h>

static inline __attribute__((always_inline)) uint32_t rotl(uint32_t x, uint32_t by) {
  return (x << (by & 31)) | (x >> ((32 - by) & 31));
}

static inline __attribute__((always_inline)) uint32_t scramble(uint32_t x, uint32_t salt) {
  x ^= rotl(x, salt % 29 + 1);
  return x * 2654435761u + salt;
}

static inline __attribute__((always_inline)) uint32_t combine(uint32_t a, uint32_t b, uint32_t salt) {
  uint32_t left = scramble(a, salt);
  uint32_t right = scramble(b ^ left, salt + 1);
  return left + rotl(right, 7);
}
