// Memory-heavy: sorts n pseudo-random 32-bit keys three ways (quicksort with median-of-three
// and insertion sort for short ranges, heapsort, and a merge sort that copies runs with memcpy)
// and checks they agree, then edits a byte buffer of n bytes with random inserts and deletes
// that shift the tail with memmove, like a text editor without a gap. n = number of keys.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static void insertion_sort(uint32_t* a, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; ++i) {
    uint32_t v = a[i];
    int32_t j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      --j;
    }
    a[j + 1] = v;
  }
}

static void swap_u32(uint32_t* a, uint32_t* b) {
  uint32_t t = *a;
  *a = *b;
  *b = t;
}

static void quick_sort(uint32_t* a, int32_t lo, int32_t hi) {
  while (hi - lo > 16) {
    int32_t mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap_u32(&a[mid], &a[lo]);
    if (a[hi] < a[lo]) swap_u32(&a[hi], &a[lo]);
    if (a[hi] < a[mid]) swap_u32(&a[hi], &a[mid]);
    uint32_t pivot = a[mid];
    int32_t i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        swap_u32(&a[i], &a[j]);
        ++i;
        --j;
      }
    }
    // Recurse into the smaller side, loop on the larger.
    if (j - lo < hi - i) {
      quick_sort(a, lo, j);
      lo = i;
    } else {
      quick_sort(a, i, hi);
      hi = j;
    }
  }
  insertion_sort(a, lo, hi);
}

static void sift_down(uint32_t* a, uint32_t root, uint32_t count) {
  uint32_t v = a[root];
  for (;;) {
    uint32_t child = 2 * root + 1;
    if (child >= count) break;
    if (child + 1 < count && a[child + 1] > a[child]) ++child;
    if (a[child] <= v) break;
    a[root] = a[child];
    root = child;
  }
  a[root] = v;
}

static void heap_sort(uint32_t* a, uint32_t count) {
  for (uint32_t i = count / 2; i-- > 0;) sift_down(a, i, count);
  for (uint32_t end = count; end-- > 1;) {
    swap_u32(&a[0], &a[end]);
    sift_down(a, 0, end);
  }
}

// Top-down merge sort of a[0..count) using tmp; short runs by insertion sort.
static void merge_sort(uint32_t* a, uint32_t* tmp, uint32_t count) {
  if (count <= 24) {
    insertion_sort(a, 0, (int32_t)count - 1);
    return;
  }
  uint32_t half = count / 2;
  merge_sort(a, tmp, half);
  merge_sort(a + half, tmp, count - half);
  if (a[half - 1] <= a[half]) return;
  memcpy(tmp, a, half * sizeof(uint32_t));
  uint32_t i = 0, j = half, k = 0;
  while (i < half && j < count) a[k++] = tmp[i] <= a[j] ? tmp[i++] : a[j++];
  if (i < half) memcpy(a + k, tmp + i, (half - i) * sizeof(uint32_t));
}

static uint32_t hash_keys(const uint32_t* a, uint32_t count) {
  uint32_t h = count;
  for (uint32_t i = 0; i < count; ++i) h = h * 31u + a[i];
  return h;
}

// Random inserts and deletes in a buffer that is kept contiguous, so every edit moves the tail.
static uint32_t edit_buffer(uint32_t n, bench_rng* rng) {
  uint32_t capacity = n + 4096;
  uint8_t* buf = malloc(capacity);
  uint8_t chunk[256];
  uint32_t len = n / 2;
  for (uint32_t i = 0; i < len; ++i) buf[i] = (uint8_t)('a' + i % 26);
  uint32_t edits = n / 256 + 1;
  for (uint32_t e = 0; e < edits; ++e) {
    uint32_t pos = bench_rng_below(rng, len + 1);
    uint32_t size = 1 + bench_rng_below(rng, 255);
    if ((bench_rng_next(rng) & 3u) != 0 && len + size <= capacity) {
      for (uint32_t i = 0; i < size; ++i) chunk[i] = (uint8_t)(e + i);
      memmove(buf + pos + size, buf + pos, len - pos);
      memcpy(buf + pos, chunk, size);
      len += size;
    } else {
      if (pos + size > len) size = len - pos;
      memmove(buf + pos, buf + pos + size, len - pos - size);
      len -= size;
    }
  }
  uint32_t h = len;
  for (uint32_t i = 0; i < len; i += 7) h = h * 131u + buf[i];
  free(buf);
  return h;
}

uint32_t run(uint32_t n) {
  if (n < 2) return 0;
  bench_rng rng;
  bench_rng_seed(&rng, 0xc0ffeeu);
  uint32_t* keys = malloc(n * sizeof(uint32_t));
  uint32_t* a = malloc(n * sizeof(uint32_t));
  uint32_t* tmp = malloc(n * sizeof(uint32_t));
  for (uint32_t i = 0; i < n; ++i) keys[i] = bench_rng_next(&rng) % (n * 4u);

  memcpy(a, keys, n * sizeof(uint32_t));
  quick_sort(a, 0, (int32_t)n - 1);
  uint32_t h1 = hash_keys(a, n);

  memcpy(a, keys, n * sizeof(uint32_t));
  heap_sort(a, n);
  uint32_t h2 = hash_keys(a, n);

  memcpy(a, keys, n * sizeof(uint32_t));
  merge_sort(a, tmp, n);
  uint32_t h3 = hash_keys(a, n);

  uint32_t h = bench_mix(bench_mix(h1, h2), h3);
  if (h1 != h2 || h1 != h3) h = ~h;  // sorts disagree: make the checksum visibly wrong
  h = bench_mix(h, a[n / 3]);
  h = bench_mix(h, edit_buffer(n, &rng));
  free(keys);
  free(a);
  free(tmp);
  return h;
}
