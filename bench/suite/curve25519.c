// 64-bit arithmetic: X25519 scalar multiplication (the Montgomery ladder on Curve25519) with the
// field GF(2^255 - 19) held in five 51-bit limbs and 64 x 64 -> 128-bit products, as fast
// 64-bit implementations do; each ladder step is 5 multiplications, 4 squarings and a
// multiplication by a small constant, and the final inversion is a chain of 254 squarings and
// 11 multiplications. On wasm32 each 128-bit product is a call to compiler-rt's __multi3.
// n = scalar multiplications, each one's output feeding the next as its point.
#include <stdint.h>
#include <string.h>

#include "common.h"

typedef unsigned __int128 u128;
typedef uint64_t fe[5];

static const uint64_t kMask51 = (UINT64_C(1) << 51) - 1;

static void fe_copy(fe r, const fe a) { memcpy(r, a, sizeof(fe)); }

static void fe_add(fe r, const fe a, const fe b) {
  for (int i = 0; i < 5; ++i) r[i] = a[i] + b[i];
}

// a - b + 2p, so every limb stays positive for b's limbs below 2^52.
static void fe_sub(fe r, const fe a, const fe b) {
  r[0] = a[0] + UINT64_C(0xFFFFFFFFFFFDA) - b[0];
  r[1] = a[1] + UINT64_C(0xFFFFFFFFFFFFE) - b[1];
  r[2] = a[2] + UINT64_C(0xFFFFFFFFFFFFE) - b[2];
  r[3] = a[3] + UINT64_C(0xFFFFFFFFFFFFE) - b[3];
  r[4] = a[4] + UINT64_C(0xFFFFFFFFFFFFE) - b[4];
}

// Reduces the five 128-bit column sums to limbs just above 51 bits; 2^255 = 19 mod p.
static void fe_carry_wide(fe r, u128 t0, u128 t1, u128 t2, u128 t3, u128 t4) {
  t1 += (uint64_t)(t0 >> 51);
  uint64_t r0 = (uint64_t)t0 & kMask51;
  t2 += (uint64_t)(t1 >> 51);
  uint64_t r1 = (uint64_t)t1 & kMask51;
  t3 += (uint64_t)(t2 >> 51);
  uint64_t r2 = (uint64_t)t2 & kMask51;
  t4 += (uint64_t)(t3 >> 51);
  uint64_t r3 = (uint64_t)t3 & kMask51;
  uint64_t carry = (uint64_t)(t4 >> 51);
  uint64_t r4 = (uint64_t)t4 & kMask51;
  r0 += carry * 19;
  r1 += r0 >> 51;
  r0 &= kMask51;
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
  r[4] = r4;
}

static void fe_mul(fe r, const fe a, const fe b) {
  uint64_t b1_19 = b[1] * 19, b2_19 = b[2] * 19, b3_19 = b[3] * 19, b4_19 = b[4] * 19;
  u128 t0 = (u128)a[0] * b[0] + (u128)a[1] * b4_19 + (u128)a[2] * b3_19 + (u128)a[3] * b2_19 + (u128)a[4] * b1_19;
  u128 t1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4_19 + (u128)a[3] * b3_19 + (u128)a[4] * b2_19;
  u128 t2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4_19 + (u128)a[4] * b3_19;
  u128 t3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0] + (u128)a[4] * b4_19;
  u128 t4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1] + (u128)a[4] * b[0];
  fe_carry_wide(r, t0, t1, t2, t3, t4);
}

static void fe_sq(fe r, const fe a) {
  uint64_t a0_2 = a[0] * 2, a1_2 = a[1] * 2, a3_19 = a[3] * 19, a4_19 = a[4] * 19;
  u128 t0 = (u128)a[0] * a[0] + (u128)a1_2 * a4_19 + (u128)(a[2] * 2) * a3_19;
  u128 t1 = (u128)a0_2 * a[1] + (u128)(a[2] * 2) * a4_19 + (u128)a[3] * a3_19;
  u128 t2 = (u128)a0_2 * a[2] + (u128)a[1] * a[1] + (u128)(a[3] * 2) * a4_19;
  u128 t3 = (u128)a0_2 * a[3] + (u128)a1_2 * a[2] + (u128)a[4] * a4_19;
  u128 t4 = (u128)a0_2 * a[4] + (u128)a1_2 * a[3] + (u128)a[2] * a[2];
  fe_carry_wide(r, t0, t1, t2, t3, t4);
}

static void fe_sq_n(fe r, const fe a, int times) {
  fe_sq(r, a);
  for (int i = 1; i < times; ++i) fe_sq(r, r);
}

static void fe_mul_small(fe r, const fe a, uint32_t k) {
  fe_carry_wide(r, (u128)a[0] * k, (u128)a[1] * k, (u128)a[2] * k, (u128)a[3] * k, (u128)a[4] * k);
}

// Constant-time conditional swap, as the ladder requires.
static void fe_cswap(fe a, fe b, uint64_t swap) {
  uint64_t mask = 0 - swap;
  for (int i = 0; i < 5; ++i) {
    uint64_t x = mask & (a[i] ^ b[i]);
    a[i] ^= x;
    b[i] ^= x;
  }
}

// z^(p - 2) = z^(2^255 - 21) = 1/z.
static void fe_invert(fe r, const fe z) {
  fe z2, z11, t, x5, x10, x20, x50, x100;
  fe_sq(z2, z);                 // z^2
  fe_sq_n(t, z2, 2);            // z^8
  fe_mul(t, t, z);              // z^9
  fe_mul(z11, z2, t);           // z^11
  fe_sq(x5, z11);               // z^22
  fe_mul(x5, x5, t);            // z^31 = z^(2^5 - 1)
  fe_sq_n(t, x5, 5);
  fe_mul(x10, t, x5);           // z^(2^10 - 1)
  fe_sq_n(t, x10, 10);
  fe_mul(x20, t, x10);          // z^(2^20 - 1)
  fe_sq_n(t, x20, 20);
  fe_mul(t, t, x20);            // z^(2^40 - 1)
  fe_sq_n(t, t, 10);
  fe_mul(x50, t, x10);          // z^(2^50 - 1)
  fe_sq_n(t, x50, 50);
  fe_mul(x100, t, x50);         // z^(2^100 - 1)
  fe_sq_n(t, x100, 100);
  fe_mul(t, t, x100);           // z^(2^200 - 1)
  fe_sq_n(t, t, 50);
  fe_mul(t, t, x50);            // z^(2^250 - 1)
  fe_sq_n(t, t, 5);             // z^(2^255 - 32)
  fe_mul(r, t, z11);            // z^(2^255 - 21)
}

static uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

static void fe_from_bytes(fe r, const uint8_t s[32]) {
  r[0] = load64_le(s) & kMask51;
  r[1] = (load64_le(s + 6) >> 3) & kMask51;
  r[2] = (load64_le(s + 12) >> 6) & kMask51;
  r[3] = (load64_le(s + 19) >> 1) & kMask51;
  r[4] = (load64_le(s + 24) >> 12) & kMask51;  // drops bit 255
}

static void fe_to_bytes(uint8_t s[32], const fe a) {
  uint64_t h[5];
  fe_copy(h, a);
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 4; ++i) {
      h[i + 1] += h[i] >> 51;
      h[i] &= kMask51;
    }
    h[0] += 19 * (h[4] >> 51);
    h[4] &= kMask51;
  }
  // Now h < 2^255 + small; subtract p once if h >= p.
  uint64_t q = (h[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (h[i] + q) >> 51;
  h[0] += 19 * q;
  for (int i = 0; i < 4; ++i) {
    h[i + 1] += h[i] >> 51;
    h[i] &= kMask51;
  }
  h[4] &= kMask51;
  uint64_t w0 = h[0] | h[1] << 51;
  uint64_t w1 = h[1] >> 13 | h[2] << 38;
  uint64_t w2 = h[2] >> 26 | h[3] << 25;
  uint64_t w3 = h[3] >> 39 | h[4] << 12;
  uint64_t words[4] = {w0, w1, w2, w3};
  for (int i = 0; i < 32; ++i) s[i] = (uint8_t)(words[i / 8] >> (8 * (i % 8)));
}

// RFC 7748 X25519: out = scalar * point (u-coordinates).
static void x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32]) {
  uint8_t k[32];
  memcpy(k, scalar, 32);
  k[0] &= 248;
  k[31] &= 127;
  k[31] |= 64;
  fe x1, x2 = {1}, z2 = {0}, x3, z3 = {1};
  fe a, aa, b, bb, e, c, d, da, cb, t;
  fe_from_bytes(x1, point);
  fe_copy(x3, x1);
  uint64_t swap = 0;
  for (int bit = 254; bit >= 0; --bit) {
    uint64_t kt = (k[bit >> 3] >> (bit & 7)) & 1;
    swap ^= kt;
    fe_cswap(x2, x3, swap);
    fe_cswap(z2, z3, swap);
    swap = kt;
    fe_add(a, x2, z2);
    fe_sq(aa, a);
    fe_sub(b, x2, z2);
    fe_sq(bb, b);
    fe_sub(e, aa, bb);
    fe_add(c, x3, z3);
    fe_sub(d, x3, z3);
    fe_mul(da, d, a);
    fe_mul(cb, c, b);
    fe_add(t, da, cb);
    fe_sq(x3, t);
    fe_sub(t, da, cb);
    fe_sq(t, t);
    fe_mul(z3, x1, t);
    fe_mul(x2, aa, bb);
    fe_mul_small(t, e, 121665);
    fe_add(t, aa, t);
    fe_mul(z2, e, t);
  }
  fe_cswap(x2, x3, swap);
  fe_cswap(z2, z3, swap);
  fe_invert(z2, z2);
  fe_mul(x2, x2, z2);
  fe_to_bytes(out, x2);
}

uint32_t run(uint32_t n) {
  uint8_t scalar[32], point[32] = {9}, out[32];
  bench_rng rng;
  bench_rng_seed(&rng, 25519u);
  uint32_t h = 0;
  for (uint32_t i = 0; i < n; ++i) {
    for (int j = 0; j < 32; ++j) scalar[j] = (uint8_t)bench_rng_next(&rng);
    x25519(out, scalar, point);
    memcpy(point, out, 32);
    for (int j = 0; j < 32; j += 4)
      h = bench_mix(h, (uint32_t)out[j] | (uint32_t)out[j + 1] << 8 | (uint32_t)out[j + 2] << 16 |
                           (uint32_t)out[j + 3] << 24);
  }
  return h;
}
