// The bundled example guest: a small WASI command that makes some text, checksums it, counts
// its words, sorts them by frequency and runs a floating-point kernel, then prints a report.
//
// It exists to be profiled, so its work is split into named functions of clearly different
// cost. At scale 1 the shares of executed instructions are roughly (measured on a native build
// with callgrind, as a proxy):
//   mat_mul                                              ~40%  (f64 loop nest)
//   crc32_bitwise                                        ~20%  (tight i32 bit loop)
//   generate_text > make_word > spell_word, rng_next     ~20%  (i64 arithmetic, memcpy)
//   count_words > table_lookup > hash_word               ~11%  (hashing, memcmp)
//   sort_by_count > quicksort_entries (recursive)        ~6%   (compare_entries, strcmp)
//   print_report                                         <1%   (printf, fd_write)
// They are kept out of line (noinline) and external, so each keeps its own frame and its own
// entry in the `name` section at any optimisation level.
//
// Everything is deterministic: the same scale prints the same report.
//   example.wasm [scale]    scale multiplies the amount of work (default 1, at most 64)

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

enum {
  TEXT_BYTES_PER_SCALE = 64 * 1024,
  VOCABULARY = 3000,   // distinct words the text can contain
  TABLE_SLOTS = 4096,  // power of two, larger than VOCABULARY
  MAX_WORD = 32,
  MATRIX_N = 64,
  TOP_WORDS = 8,
};

// ---- random numbers ------------------------------------------------------------------------

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

NOINLINE uint32_t rng_next(void) {
  // xorshift64*
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

// ---- text generation -----------------------------------------------------------------------

static const char *const syllables[] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "wen", "dar", "el", "qua", "sto", "ph", "ire",
};
enum { SYLLABLE_COUNT = sizeof syllables / sizeof syllables[0] };

// Writes the word with index `index` of the vocabulary: its base-15 digits, one syllable each.
NOINLINE size_t spell_word(char *out, uint32_t index) {
  size_t len = 0;
  do {
    const char *s = syllables[index % SYLLABLE_COUNT];
    size_t n = strlen(s);
    memcpy(out + len, s, n);
    len += n;
    index /= SYLLABLE_COUNT;
  } while (index != 0);
  return len;
}

// Picks a word of the vocabulary. Small indices are far more likely than large ones (the
// product of three uniform numbers), so a few words are very common and many are rare, as in
// real text.
NOINLINE size_t make_word(char *out) {
  uint32_t r = rng_next();
  uint32_t a = (r & 0xffffu) % VOCABULARY, b = (r >> 16) % VOCABULARY;
  uint32_t c = rng_next() % VOCABULARY;
  return spell_word(out, a * b / VOCABULARY * c / VOCABULARY);
}

// Fills `text` with `size - 1` bytes of words, spaces, punctuation and newlines.
NOINLINE void generate_text(char *text, size_t size) {
  char word[MAX_WORD];
  size_t at = 0;
  unsigned in_line = 0;
  while (at + MAX_WORD + 2 < size) {
    size_t n = make_word(word);
    memcpy(text + at, word, n);
    at += n;
    uint32_t r = rng_next() & 31u;
    if (r == 0) text[at++] = '.';
    else if (r == 1) text[at++] = ',';
    if (++in_line == 12) {
      text[at++] = '\n';
      in_line = 0;
    } else {
      text[at++] = ' ';
    }
  }
  while (at + 1 < size) text[at++] = ' ';
  text[at] = '\0';
}

// ---- checksum ------------------------------------------------------------------------------

// CRC-32 (IEEE, reflected), one bit at a time: deliberately the slow textbook form, so it is a
// visible, tight loop in a profile.
NOINLINE uint32_t crc32_bitwise(uint32_t crc, const uint8_t *data, size_t len) {
  crc = ~crc;
  for (size_t i = 0; i < len; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// ---- word counting -------------------------------------------------------------------------

struct entry {
  char word[MAX_WORD];
  uint32_t length;
  uint32_t count;
};

struct table {
  struct entry slots[TABLE_SLOTS];
  uint32_t used;
};

NOINLINE uint32_t hash_word(const char *word, size_t len) {
  // FNV-1a, 32-bit
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; ++i) {
    h ^= (uint8_t)word[i];
    h *= 16777619u;
  }
  return h;
}

// Finds `word` in the open-addressing table, inserting it with a count of zero if absent.
NOINLINE struct entry *table_lookup(struct table *t, const char *word, size_t len) {
  uint32_t i = hash_word(word, len) & (TABLE_SLOTS - 1);
  for (;;) {
    struct entry *e = &t->slots[i];
    if (e->length == 0) {
      if (t->used + 1 >= TABLE_SLOTS) {
        fputs("example: word table full\n", stderr);
        exit(1);
      }
      memcpy(e->word, word, len);
      e->word[len] = '\0';
      e->length = (uint32_t)len;
      t->used++;
      return e;
    }
    if (e->length == len && memcmp(e->word, word, len) == 0) return e;
    i = (i + 1) & (TABLE_SLOTS - 1);
  }
}

static int is_word_char(char c) { return c >= 'a' && c <= 'z'; }

// Splits the text into lowercase words and counts each. Returns the number of words.
NOINLINE uint32_t count_words(struct table *t, const char *text) {
  uint32_t words = 0;
  const char *p = text;
  while (*p) {
    while (*p && !is_word_char(*p)) ++p;
    const char *start = p;
    while (is_word_char(*p)) ++p;
    size_t len = (size_t)(p - start);
    if (len == 0) continue;
    if (len >= MAX_WORD) len = MAX_WORD - 1;
    table_lookup(t, start, len)->count++;
    ++words;
  }
  return words;
}

// ---- sorting -------------------------------------------------------------------------------

// Most frequent first; equal counts in alphabetical order, so the order is total.
NOINLINE int compare_entries(const struct entry *a, const struct entry *b) {
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return strcmp(a->word, b->word);
}

static void swap_entries(struct entry *a, struct entry *b) {
  struct entry tmp = *a;
  *a = *b;
  *b = tmp;
}

// Plain recursive quicksort (median of three), so a profile shows a recursive call stack.
NOINLINE void quicksort_entries(struct entry *v, int lo, int hi) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (compare_entries(&v[mid], &v[lo]) < 0) swap_entries(&v[mid], &v[lo]);
    if (compare_entries(&v[hi], &v[lo]) < 0) swap_entries(&v[hi], &v[lo]);
    if (compare_entries(&v[hi], &v[mid]) < 0) swap_entries(&v[hi], &v[mid]);
    struct entry pivot = v[mid];
    int i = lo, j = hi;
    while (i <= j) {
      while (compare_entries(&v[i], &pivot) < 0) ++i;
      while (compare_entries(&pivot, &v[j]) < 0) --j;
      if (i <= j) swap_entries(&v[i++], &v[j--]);
    }
    // Recurse into the smaller side, loop on the larger: the depth stays logarithmic.
    if (j - lo < hi - i) {
      quicksort_entries(v, lo, j);
      lo = i;
    } else {
      quicksort_entries(v, i, hi);
      hi = j;
    }
  }
}

// Moves the used slots to the front of the table and sorts them. Returns how many there are.
NOINLINE uint32_t sort_by_count(struct table *t) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < TABLE_SLOTS; ++i)
    if (t->slots[i].length != 0) t->slots[n++] = t->slots[i];
  if (n > 1) quicksort_entries(t->slots, 0, (int)n - 1);
  return n;
}

// ---- floating point ------------------------------------------------------------------------

NOINLINE void fill_matrix(double *m, int n, double seed) {
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m[i * n + j] = (double)((i * 7 + j * 3) % 11) * 0.125 + seed;
}

// c = a * b, n x n, row major: the most expensive function here by far.
NOINLINE void mat_mul(double *c, const double *a, const double *b, int n) {
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = 0.0;
      for (int k = 0; k < n; ++k) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
}

NOINLINE double matrix_trace(const double *m, int n) {
  double t = 0.0;
  for (int i = 0; i < n; ++i) t += m[i * n + i];
  return t;
}

// Multiplies a matrix by another `rounds` times, rescaling it each time so its trace stays n,
// and returns the sum of the final matrix's entries.
NOINLINE double matrix_power_sum(int n, int rounds) {
  size_t bytes = (size_t)n * (size_t)n * sizeof(double);
  double *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
  if (!a || !b || !c) {
    fputs("example: out of memory\n", stderr);
    exit(1);
  }
  fill_matrix(a, n, 0.5);
  fill_matrix(b, n, 0.25);
  for (int r = 0; r < rounds; ++r) {
    mat_mul(c, a, b, n);
    double scale = 1.0 / matrix_trace(c, n);
    for (int i = 0; i < n * n; ++i) a[i] = c[i] * scale * (double)n;
  }
  double sum = 0.0;
  for (int i = 0; i < n * n; ++i) sum += a[i];
  free(a);
  free(b);
  free(c);
  return sum;
}

// ---- report --------------------------------------------------------------------------------

NOINLINE void print_report(const struct table *t, uint32_t distinct, uint32_t words,
                           size_t text_bytes, uint32_t crc, double matrix) {
  printf("text: %zu bytes, crc32 %08x\n", text_bytes, (unsigned)crc);
  printf("words: %u total, %u distinct\n", (unsigned)words, (unsigned)distinct);
  printf("most frequent:\n");
  for (uint32_t i = 0; i < distinct && i < TOP_WORDS; ++i)
    printf("  %-12s %6u\n", t->slots[i].word, (unsigned)t->slots[i].count);
  printf("matrix sum: %.6f\n", matrix);
}

int main(int argc, char **argv) {
  int scale = 1;
  if (argc > 1) {
    scale = atoi(argv[1]);
    if (scale < 1 || scale > 64) {
      fprintf(stderr, "usage: %s [scale 1..64]\n", argv[0]);
      return 2;
    }
  }

  size_t text_size = (size_t)scale * TEXT_BYTES_PER_SCALE;
  char *text = malloc(text_size);
  struct table *table = calloc(1, sizeof *table);
  if (!text || !table) {
    fputs("example: out of memory\n", stderr);
    return 1;
  }

  generate_text(text, text_size);
  size_t text_bytes = strlen(text);
  uint32_t crc = crc32_bitwise(0, (const uint8_t *)text, text_bytes);
  uint32_t words = count_words(table, text);
  uint32_t distinct = sort_by_count(table);
  double matrix = matrix_power_sum(MATRIX_N, 4 * scale);
  print_report(table, distinct, words, text_bytes, crc, matrix);

  free(text);
  free(table);
  return 0;
}
