// Hash kernel: SHA-256 (FIPS 180-4) of an n KiB buffer of pseudo-random bytes, then a chain of
// 16n short hashes, each of the previous digest and a counter (so the padding path runs too).
// 32-bit rotates, shifts, adds and message-schedule loads. n = buffer size in KiB.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
static const uint32_t kRound[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

// The first 32 bits of the fractional parts of the square roots of the first 8 primes.
static const uint32_t kInitial[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                     0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

typedef struct {
  uint32_t state[8];
  uint8_t buffer[64];
  uint32_t buffered;
  uint64_t total;  // bytes
} sha256_ctx;

static uint32_t rotr(uint32_t x, int r) { return (x >> r) | (x << (32 - r)); }

static void compress_block(uint32_t state[8], const uint8_t* block) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 | (uint32_t)block[4 * i + 2] << 8 |
           (uint32_t)block[4 * i + 3];
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = h + s1 + ch + kRound[i] + w[i];
    uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

static void sha256_init(sha256_ctx* ctx) {
  memcpy(ctx->state, kInitial, sizeof kInitial);
  ctx->buffered = 0;
  ctx->total = 0;
}

static void sha256_update(sha256_ctx* ctx, const uint8_t* data, uint32_t len) {
  ctx->total += len;
  if (ctx->buffered) {
    uint32_t take = 64 - ctx->buffered < len ? 64 - ctx->buffered : len;
    memcpy(ctx->buffer + ctx->buffered, data, take);
    ctx->buffered += take;
    data += take;
    len -= take;
    if (ctx->buffered < 64) return;
    compress_block(ctx->state, ctx->buffer);
    ctx->buffered = 0;
  }
  for (; len >= 64; data += 64, len -= 64) compress_block(ctx->state, data);
  memcpy(ctx->buffer, data, len);
  ctx->buffered = len;
}

static void sha256_final(sha256_ctx* ctx, uint8_t digest[32]) {
  uint64_t bits = ctx->total * 8;
  uint8_t pad[72] = {0x80};
  uint32_t pad_len = (ctx->buffered < 56 ? 56 : 120) - ctx->buffered;
  for (int i = 0; i < 8; ++i) pad[pad_len + i] = (uint8_t)(bits >> (56 - 8 * i));
  sha256_update(ctx, pad, pad_len + 8);
  for (int i = 0; i < 8; ++i) {
    digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
    digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
    digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
    digest[4 * i + 3] = (uint8_t)ctx->state[i];
  }
}

uint32_t run(uint32_t n) {
  uint32_t size = n * 1024u;
  bench_rng rng;
  bench_rng_seed(&rng, 0x5a5a5a5au);
  uint8_t* data = malloc(size ? size : 1);
  for (uint32_t i = 0; i < size; ++i) data[i] = (uint8_t)(bench_rng_next(&rng) >> 24);

  sha256_ctx ctx;
  uint8_t digest[32];
  sha256_init(&ctx);
  // Feed it in uneven pieces so the buffering path is exercised as well.
  uint32_t at = 0, piece = 1;
  while (at < size) {
    uint32_t len = size - at < piece ? size - at : piece;
    sha256_update(&ctx, data + at, len);
    at += len;
    piece = piece * 3 + 1;
    if (piece > 8192) piece = 7;
  }
  sha256_final(&ctx, digest);

  uint8_t message[36];
  for (uint32_t i = 0; i < 16 * n; ++i) {
    memcpy(message, digest, 32);
    message[32] = (uint8_t)i;
    message[33] = (uint8_t)(i >> 8);
    message[34] = (uint8_t)(i >> 16);
    message[35] = (uint8_t)(i >> 24);
    sha256_init(&ctx);
    sha256_update(&ctx, message, 36);
    sha256_final(&ctx, digest);
  }
  free(data);
  uint32_t h = 0;
  for (int i = 0; i < 32; i += 4)
    h = bench_mix(h, (uint32_t)digest[i] << 24 | (uint32_t)digest[i + 1] << 16 | (uint32_t)digest[i + 2] << 8 |
                         digest[i + 3]);
  return h;
}
