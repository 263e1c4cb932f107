// Compression-like byte loop: an LZ77 compressor with a hash table of chains over a 64 KiB
// window (minimum match 4, bounded chain walk, one step of lazy matching) writing a byte-oriented
// stream of literal runs and (length, distance) pairs; then the decompressor, whose output is
// compared with the input. The input is bench_make_text's generated text, which compresses about
// 3:1. n = input size in KiB.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

enum {
  kWindow = 1 << 16,
  kHashBits = 15,
  kMinMatch = 4,
  kMaxMatch = 255 + kMinMatch,
  kMaxChain = 48,
};

static uint32_t hash4(const uint8_t* p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return (v * 2654435761u) >> (32 - kHashBits);
}

static uint8_t* put_varint(uint8_t* out, uint32_t v) {
  while (v >= 0x80) {
    *out++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *out++ = (uint8_t)v;
  return out;
}

static const uint8_t* get_varint(const uint8_t* in, uint32_t* v) {
  uint32_t result = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = *in++;
    result |= (uint32_t)(b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  *v = result;
  return in;
}

typedef struct {
  int32_t* head;  // most recent position of each hash
  int32_t* prev;  // previous position with the same hash, by position mod window
} matcher;

static void insert(matcher* m, const uint8_t* in, uint32_t pos) {
  uint32_t h = hash4(in + pos);
  m->prev[pos & (kWindow - 1)] = m->head[h];
  m->head[h] = (int32_t)pos;
}

// Longest match for position pos; returns its length (0 if shorter than kMinMatch).
static uint32_t longest_match(const matcher* m, const uint8_t* in, uint32_t pos, uint32_t size, uint32_t* distance) {
  uint32_t best = 0;
  uint32_t limit = size - pos < kMaxMatch ? size - pos : kMaxMatch;
  if (limit < kMinMatch) return 0;
  int32_t cand = m->head[hash4(in + pos)];
  for (int chain = 0; chain < kMaxChain && cand >= 0; ++chain) {
    uint32_t c = (uint32_t)cand;
    if (pos - c > kWindow - 1 || c >= pos) break;
    if (in[c + best] == in[pos + best] && in[c] == in[pos]) {
      uint32_t len = 0;
      while (len < limit && in[c + len] == in[pos + len]) ++len;
      if (len > best) {
        best = len;
        *distance = pos - c;
        if (len == limit) break;
      }
    }
    int32_t next = m->prev[c & (kWindow - 1)];
    if (next >= cand) break;  // the slot was reused by a newer position
    cand = next;
  }
  return best >= kMinMatch ? best : 0;
}

static uint8_t* flush_literals(uint8_t* out, const uint8_t* start, uint32_t count) {
  out = put_varint(out, count);
  memcpy(out, start, count);
  return out + count;
}

static uint32_t compress(const uint8_t* in, uint32_t size, uint8_t* out, matcher* m) {
  for (uint32_t i = 0; i < (1u << kHashBits); ++i) m->head[i] = -1;
  uint8_t* o = out;
  uint32_t literal_start = 0;
  uint32_t pos = 0;
  while (pos + kMinMatch <= size) {
    uint32_t distance = 0;
    uint32_t len = longest_match(m, in, pos, size, &distance);
    insert(m, in, pos);
    if (len && pos + 1 + kMinMatch <= size) {
      // Lazy matching: prefer a longer match starting one byte later.
      uint32_t distance2 = 0;
      uint32_t len2 = longest_match(m, in, pos + 1, size, &distance2);
      if (len2 > len + 1) {
        ++pos;
        len = len2;
        distance = distance2;
        insert(m, in, pos);
      }
    }
    if (!len) {
      ++pos;
      continue;
    }
    o = flush_literals(o, in + literal_start, pos - literal_start);
    *o++ = (uint8_t)(len - kMinMatch);
    *o++ = (uint8_t)distance;
    *o++ = (uint8_t)(distance >> 8);
    uint32_t end = pos + len;
    for (++pos; pos < end; ++pos)
      if (pos + kMinMatch <= size) insert(m, in, pos);
    literal_start = pos;
  }
  o = flush_literals(o, in + literal_start, size - literal_start);
  return (uint32_t)(o - out);
}

// Returns the decompressed size, or 0xffffffff on a malformed stream.
static uint32_t decompress(const uint8_t* in, uint32_t size, uint8_t* out, uint32_t capacity) {
  const uint8_t* end = in + size;
  uint32_t pos = 0;
  for (;;) {
    uint32_t literals;
    in = get_varint(in, &literals);
    if (literals > capacity - pos || (uint32_t)(end - in) < literals) return 0xffffffffu;
    memcpy(out + pos, in, literals);
    in += literals;
    pos += literals;
    if (in == end) return pos;
    if (end - in < 3) return 0xffffffffu;
    uint32_t len = (uint32_t)in[0] + kMinMatch;
    uint32_t distance = (uint32_t)in[1] | (uint32_t)in[2] << 8;
    in += 3;
    if (distance == 0 || distance > pos || len > capacity - pos) return 0xffffffffu;
    // Byte by byte: matches may overlap their own output.
    const uint8_t* from = out + pos - distance;
    for (uint32_t i = 0; i < len; ++i) out[pos + i] = from[i];
    pos += len;
  }
}

uint32_t run(uint32_t n) {
  uint32_t size = n * 1024u;
  if (size == 0) return 0;
  bench_rng rng;
  bench_rng_seed(&rng, 0x1f2e3d4cu);
  uint8_t* input = malloc(size);
  uint8_t* packed = malloc(size + size / 64 + 64);
  uint8_t* unpacked = malloc(size);
  matcher m;
  m.head = malloc((1u << kHashBits) * sizeof(int32_t));
  m.prev = malloc(kWindow * sizeof(int32_t));
  bench_make_text(input, size, &rng);

  uint32_t packed_size = compress(input, size, packed, &m);
  uint32_t unpacked_size = decompress(packed, packed_size, unpacked, size);
  uint32_t h = bench_mix(packed_size, unpacked_size);
  for (uint32_t i = 0; i < packed_size; ++i) h = h * 33u + packed[i];
  if (unpacked_size != size || memcmp(input, unpacked, size) != 0) h = ~h;  // round trip failed
  free(input);
  free(packed);
  free(unpacked);
  free(m.head);
  free(m.prev);
  return h;
}
