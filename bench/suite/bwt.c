// bzip2-like: for each 64 KiB block of generated text, the Burrows-Wheeler transform (a bucket
// sort on the first two bytes of every rotation, then a multikey quicksort of each bucket
// comparing the rotations byte by byte), a move-to-front pass with zero runs coded as bzip2's
// RUNA/RUNB digits, Huffman code lengths for the resulting symbols, and the inverse transform,
// which must give the block back. n = input size in KiB.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

// Symbols: RUNA (0), RUNB (1), move-to-front positions 1..255 as 2..256, end of block (257).
enum { kBlock = 1 << 16, kSymbols = 258 };

typedef struct {
  const uint8_t* text;  // the block twice over, so a rotation is a plain substring
  uint32_t len;
} rotations;

static void swap_i(uint32_t* a, uint32_t i, uint32_t j) {
  uint32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

static int byte_at(const rotations* r, uint32_t start, uint32_t depth) {
  return depth < r->len ? r->text[start + depth] : -1;  // equal rotations end at full length
}

// Bentley-Sedgewick multikey quicksort of rotation starts a[0..count), all equal on their first
// `depth` bytes.
static void mkqsort(const rotations* r, uint32_t* a, uint32_t count, uint32_t depth) {
  while (count > 1) {
    if (count < 8) {
      // Insertion sort comparing whole rotations from `depth`.
      for (uint32_t i = 1; i < count; ++i) {
        uint32_t v = a[i];
        uint32_t j = i;
        while (j > 0) {
          uint32_t d = depth;
          uint32_t u = a[j - 1];
          while (d < r->len && r->text[u + d] == r->text[v + d]) ++d;
          if (d == r->len || r->text[u + d] < r->text[v + d]) break;
          a[j] = u;
          --j;
        }
        a[j] = v;
      }
      return;
    }
    if (depth >= r->len) return;
    swap_i(a, 0, count / 2);
    int pivot = byte_at(r, a[0], depth);
    // Partition into < pivot, == pivot, > pivot: lt..gt is the equal range.
    uint32_t lt = 0, i = 1, gt = count;
    while (i < gt) {
      int c = byte_at(r, a[i], depth);
      if (c < pivot) swap_i(a, lt++, i++);
      else if (c > pivot) swap_i(a, i, --gt);
      else ++i;
    }
    mkqsort(r, a, lt, depth);
    mkqsort(r, a + gt, count - gt, depth);
    // Loop on the equal part, one byte deeper.
    a += lt;
    count = gt - lt;
    ++depth;
  }
}

// Sorts the rotations of block[0..len) and writes the last column; returns the primary index
// (the row of the original string).
static uint32_t bwt_forward(const uint8_t* block, uint32_t len, uint8_t* doubled, uint32_t* order,
                            uint32_t* bucket_start, uint8_t* last) {
  memcpy(doubled, block, len);
  memcpy(doubled + len, block, len);
  memset(bucket_start, 0, 65537 * sizeof(uint32_t));
  for (uint32_t i = 0; i < len; ++i) ++bucket_start[((uint32_t)doubled[i] << 8 | doubled[i + 1]) + 1];
  for (uint32_t b = 0; b < 65536; ++b) bucket_start[b + 1] += bucket_start[b];
  for (uint32_t i = 0; i < len; ++i) order[bucket_start[(uint32_t)doubled[i] << 8 | doubled[i + 1]]++] = i;
  // bucket_start[b] is now the end of bucket b; walk the buckets again from the start.
  rotations r = {doubled, len};
  uint32_t begin = 0;
  for (uint32_t b = 0; b < 65536; ++b) {
    uint32_t end = bucket_start[b];
    if (end - begin > 1) mkqsort(&r, order + begin, end - begin, 2);
    begin = end;
  }
  uint32_t primary = 0;
  for (uint32_t i = 0; i < len; ++i) {
    uint32_t start = order[i];
    if (start == 0) primary = i;
    last[i] = doubled[start + len - 1];
  }
  return primary;
}

static void bwt_inverse(const uint8_t* last, uint32_t len, uint32_t primary, uint32_t* next, uint8_t* out) {
  uint32_t count[256] = {0};
  for (uint32_t i = 0; i < len; ++i) ++count[last[i]];
  uint32_t sum = 0;
  for (int c = 0; c < 256; ++c) {
    uint32_t t = count[c];
    count[c] = sum;
    sum += t;
  }
  // LF mapping: row i's character is preceded (in the text) by row next[i]'s.
  for (uint32_t i = 0; i < len; ++i) next[count[last[i]]++] = i;
  uint32_t row = next[primary];
  for (uint32_t i = 0; i < len; ++i) {
    out[i] = last[row];
    row = next[row];
  }
}

// Move-to-front with zero runs written as bijective base-2 digits (RUNA = 0, RUNB = 1); other
// values v become v + 1. Returns the number of symbols.
static uint32_t mtf_encode(const uint8_t* in, uint32_t len, uint16_t* out, uint32_t* freq) {
  uint8_t table[256];
  for (int i = 0; i < 256; ++i) table[i] = (uint8_t)i;
  uint32_t n = 0, zeros = 0;
  for (uint32_t i = 0; i <= len; ++i) {
    int pos = 0;
    if (i < len) {
      uint8_t c = in[i];
      while (table[pos] != c) ++pos;
      if (pos == 0) {
        ++zeros;
        continue;
      }
      memmove(table + 1, table, (size_t)pos);
      table[0] = c;
    }
    // Flush the pending run of zeros.
    while (zeros > 0) {
      uint16_t digit = (uint16_t)((zeros - 1) & 1u);
      out[n++] = digit;
      ++freq[digit];
      zeros = (zeros - 1) >> 1;
    }
    if (i < len) {
      out[n++] = (uint16_t)(pos + 1);
      ++freq[pos + 1];
    }
  }
  out[n++] = kSymbols - 1;  // end of block
  ++freq[kSymbols - 1];
  return n;
}

// Huffman code lengths by repeatedly merging the two lightest trees (a simple O(k^2) search
// over at most 2 * 258 nodes, as small blocks of bzip2-like coders do). Returns total bits.
static uint64_t huffman_bits(const uint32_t* freq, uint8_t* lengths) {
  uint64_t weight[2 * kSymbols];
  int32_t parent[2 * kSymbols];
  uint8_t alive[2 * kSymbols];
  uint32_t nodes = 0;
  int32_t leaf_node[kSymbols];
  for (int s = 0; s < kSymbols; ++s) {
    leaf_node[s] = -1;
    if (!freq[s]) continue;
    leaf_node[s] = (int32_t)nodes;
    weight[nodes] = freq[s];
    parent[nodes] = -1;
    alive[nodes] = 1;
    ++nodes;
  }
  uint32_t live = nodes;
  while (live > 1) {
    int32_t a = -1, b = -1;
    for (uint32_t i = 0; i < nodes; ++i) {
      if (!alive[i]) continue;
      if (a < 0 || weight[i] < weight[a]) {
        b = a;
        a = (int32_t)i;
      } else if (b < 0 || weight[i] < weight[b]) {
        b = (int32_t)i;
      }
    }
    weight[nodes] = weight[a] + weight[b];
    parent[nodes] = -1;
    alive[nodes] = 1;
    alive[a] = alive[b] = 0;
    parent[a] = parent[b] = (int32_t)nodes;
    ++nodes;
    --live;
  }
  uint64_t bits = 0;
  for (int s = 0; s < kSymbols; ++s) {
    lengths[s] = 0;
    if (leaf_node[s] < 0) continue;
    uint8_t depth = 0;
    for (int32_t p = parent[leaf_node[s]]; p >= 0; p = parent[p]) ++depth;
    lengths[s] = depth ? depth : 1;
    bits += (uint64_t)lengths[s] * freq[s];
  }
  return bits;
}

uint32_t run(uint32_t n) {
  uint32_t size = n * 1024u;
  if (size == 0) return 0;
  bench_rng rng;
  bench_rng_seed(&rng, 0xb2b2b2u);
  uint8_t* input = malloc(size);
  bench_make_text(input, size, &rng);
  uint8_t* doubled = malloc(2 * kBlock);
  uint32_t* order = malloc(kBlock * sizeof(uint32_t));
  uint32_t* buckets = malloc(65537 * sizeof(uint32_t));
  uint8_t* last = malloc(kBlock);
  uint8_t* restored = malloc(kBlock);
  uint16_t* symbols = malloc((kBlock + 1) * sizeof(uint16_t));
  uint32_t freq[kSymbols];
  uint8_t lengths[kSymbols];

  uint32_t h = 0;
  uint64_t total_bits = 0;
  int round_trip_ok = 1;
  for (uint32_t at = 0; at < size; at += kBlock) {
    uint32_t len = size - at < kBlock ? size - at : kBlock;
    const uint8_t* block = input + at;
    uint32_t primary = bwt_forward(block, len, doubled, order, buckets, last);
    memset(freq, 0, sizeof freq);
    uint32_t count = mtf_encode(last, len, symbols, freq);
    total_bits += huffman_bits(freq, lengths);
    bwt_inverse(last, len, primary, order, restored);
    if (memcmp(restored, block, len) != 0) round_trip_ok = 0;
    h = bench_mix(h, primary);
    h = bench_mix(h, count);
    for (uint32_t i = 0; i < count; i += 5) h = h * 31u + symbols[i];
    for (int s = 0; s < kSymbols; ++s) h = h * 7u + lengths[s];
  }
  h = bench_mix64(h, total_bits);
  if (!round_trip_ok) h = ~h;
  free(input);
  free(doubled);
  free(order);
  free(buckets);
  free(last);
  free(restored);
  free(symbols);
  return h;
}
