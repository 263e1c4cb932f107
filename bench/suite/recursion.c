// Call-heavy: doubly recursive Fibonacci, the Takeuchi function, Ackermann(3, k) (whose call
// depth reaches 2^(k+3)) and a non-tail-recursive walk down a 3000-node chain, so calls,
// returns and frame set-up dominate. n = rounds; one round is roughly 230 000 calls.
#include <stdint.h>
#include <stdlib.h>

#include "common.h"

static uint32_t fib(uint32_t k) { return k < 2 ? k : fib(k - 1) + fib(k - 2); }

static int32_t tak(int32_t x, int32_t y, int32_t z) {
  if (y >= x) return z;
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

static uint32_t ack(uint32_t m, uint32_t k) {
  if (m == 0) return k + 1;
  if (k == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, k - 1));
}

typedef struct chain {
  struct chain* next;
  uint32_t value;
} chain;

// The result of the recursive call is used non-linearly, so the compiler cannot turn the
// recursion into a loop.
static uint32_t walk(const chain* c, uint32_t salt) {
  if (!c) return salt;
  uint32_t r = walk(c->next, salt);
  return (r * 31u + c->value) ^ (r >> 7);
}

enum { kChain = 3000 };

uint32_t run(uint32_t n) {
  chain* nodes = malloc(kChain * sizeof(chain));
  for (uint32_t i = 0; i < kChain; ++i) {
    nodes[i].next = i + 1 < kChain ? &nodes[i + 1] : 0;
    nodes[i].value = i * 2654435761u;
  }
  uint32_t h = 0;
  for (uint32_t round = 0; round < n; ++round) {
    h = bench_mix(h, fib(20 + (round & 3u)));
    h = bench_mix(h, (uint32_t)tak(18 - (int32_t)(round & 1u), 12, 6));
    h = bench_mix(h, ack(3, 4 + (round & 1u)));
    for (uint32_t rep = 0; rep < 8; ++rep) h = bench_mix(h, walk(nodes, round + rep));
  }
  free(nodes);
  return h;
}
