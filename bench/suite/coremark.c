// Integer-heavy, CoreMark-like: each iteration runs a linked-list workload (search, reverse,
// merge sort), a small-matrix workload (int16 x int16 -> int32 products, bit extraction,
// threshold sums) and a number-recognising state machine over a text buffer, and folds every
// result through a bitwise CRC-16. n = iterations.
#include <stdint.h>

#include "common.h"

// ---- CRC-16 (reflected polynomial 0xA001), one bit at a time as CoreMark-style code does ----

static uint16_t crc16_byte(uint8_t data, uint16_t crc) {
  for (int i = 0; i < 8; ++i) {
    uint16_t mix = (uint16_t)((crc ^ data) & 1u);
    crc >>= 1;
    if (mix) crc ^= 0xA001u;
    data >>= 1;
  }
  return crc;
}

static uint16_t crc16_u16(uint16_t v, uint16_t crc) {
  crc = crc16_byte((uint8_t)v, crc);
  return crc16_byte((uint8_t)(v >> 8), crc);
}

static uint16_t crc16_u32(uint32_t v, uint16_t crc) {
  crc = crc16_u16((uint16_t)v, crc);
  return crc16_u16((uint16_t)(v >> 16), crc);
}

// ---- linked list ----

enum { kListSize = 240 };

typedef struct list_node {
  struct list_node* next;
  int16_t data;
  int16_t idx;
} list_node;

static list_node g_nodes[kListSize];

static list_node* list_build(bench_rng* rng) {
  list_node* head = 0;
  for (int i = kListSize - 1; i >= 0; --i) {
    g_nodes[i].data = (int16_t)(bench_rng_next(rng) & 0x3fff);
    g_nodes[i].idx = (int16_t)i;
    g_nodes[i].next = head;
    head = &g_nodes[i];
  }
  return head;
}

static list_node* list_reverse(list_node* head) {
  list_node* prev = 0;
  while (head) {
    list_node* next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

// Position of the first node whose data equals `value` (masked), or -1; counts steps taken.
static int list_find(const list_node* head, int16_t value, uint32_t* steps) {
  int pos = 0;
  for (; head; head = head->next, ++pos) {
    ++*steps;
    if ((head->data & 0xff) == value) return pos;
  }
  return -1;
}

static int cmp_data(const list_node* a, const list_node* b) { return a->data - b->data; }
static int cmp_idx(const list_node* a, const list_node* b) { return a->idx - b->idx; }

// Bottom-up merge sort of a singly linked list, stable; `cmp` through a pointer like CoreMark.
static list_node* list_sort(list_node* list, int (*cmp)(const list_node*, const list_node*)) {
  int insize = 1;
  for (;;) {
    list_node* p = list;
    list_node* tail = 0;
    list = 0;
    int merges = 0;
    while (p) {
      ++merges;
      list_node* q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; ++i) {
        ++psize;
        q = q->next;
      }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        list_node* e;
        if (psize == 0) {
          e = q; q = q->next; --qsize;
        } else if (qsize == 0 || !q) {
          e = p; p = p->next; --psize;
        } else if (cmp(p, q) <= 0) {
          e = p; p = p->next; --psize;
        } else {
          e = q; q = q->next; --qsize;
        }
        if (tail) tail->next = e; else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return list;
    insize *= 2;
  }
}

static uint16_t list_bench(bench_rng* rng, uint16_t crc) {
  list_node* head = list_build(rng);
  uint32_t steps = 0;
  int found = 0;
  for (int i = 0; i < 24; ++i) {
    int pos = list_find(head, (int16_t)(bench_rng_next(rng) & 0xff), &steps);
    if (pos >= 0) found += pos; else found -= 1;
    if (i % 6 == 5) head = list_reverse(head);
  }
  head = list_sort(head, cmp_data);
  for (list_node* p = head; p; p = p->next) crc = crc16_u16((uint16_t)p->data, crc);
  head = list_sort(head, cmp_idx);
  uint32_t ordered = 0;
  for (list_node* p = head; p && p->next; p = p->next) ordered += p->idx < p->next->idx;
  crc = crc16_u32(steps, crc);
  crc = crc16_u32((uint32_t)found, crc);
  return crc16_u32(ordered, crc);
}

// ---- matrices ----

enum { kMat = 20 };

static int16_t g_a[kMat * kMat], g_b[kMat * kMat];
static int32_t g_c[kMat * kMat];

static void mat_mul(int32_t* c, const int16_t* a, const int16_t* b) {
  for (int i = 0; i < kMat; ++i)
    for (int j = 0; j < kMat; ++j) {
      int32_t sum = 0;
      for (int k = 0; k < kMat; ++k) sum += (int32_t)a[i * kMat + k] * (int32_t)b[k * kMat + j];
      c[i * kMat + j] = sum;
    }
}

static void mat_mul_bits(int32_t* c, const int16_t* a, const int16_t* b) {
  for (int i = 0; i < kMat; ++i)
    for (int j = 0; j < kMat; ++j) {
      int32_t sum = 0;
      for (int k = 0; k < kMat; ++k) {
        int32_t t = (int32_t)a[i * kMat + k] * (int32_t)b[k * kMat + j];
        sum += ((t >> 2) & 0xf) * ((t >> 5) & 0x7f);
      }
      c[i * kMat + j] = sum;
    }
}

static void mat_vec(int32_t* c, const int16_t* a, const int16_t* v) {
  for (int i = 0; i < kMat; ++i) {
    int32_t sum = 0;
    for (int k = 0; k < kMat; ++k) sum += (int32_t)a[i * kMat + k] * (int32_t)v[k];
    c[i] = sum;
  }
}

// Sums with a running threshold: branchy, data dependent.
static int16_t mat_sum(const int32_t* c, int count, int32_t clip) {
  int32_t cur = 0, prev = 0;
  int16_t ret = 0;
  for (int i = 0; i < count; ++i) {
    cur += c[i];
    if (cur > clip) {
      ret += 10;
      cur = 0;
    } else {
      ret += (cur > prev) ? 1 : 0;
    }
    prev = cur;
  }
  return ret;
}

static uint16_t matrix_bench(bench_rng* rng, uint16_t crc) {
  for (int i = 0; i < kMat * kMat; ++i) {
    g_a[i] = (int16_t)(bench_rng_next(rng) & 0xff) - 64;
    g_b[i] = (int16_t)(bench_rng_next(rng) & 0x1ff) - 200;
  }
  int16_t add = (int16_t)(bench_rng_next(rng) & 0x0f);
  for (int i = 0; i < kMat * kMat; ++i) g_a[i] = (int16_t)(g_a[i] + add);
  mat_vec(g_c, g_a, g_b);
  crc = crc16_u16((uint16_t)mat_sum(g_c, kMat, 5000), crc);
  mat_mul(g_c, g_a, g_b);
  crc = crc16_u16((uint16_t)mat_sum(g_c, kMat * kMat, 50000), crc);
  mat_mul_bits(g_c, g_a, g_b);
  crc = crc16_u16((uint16_t)mat_sum(g_c, kMat * kMat, 2000), crc);
  for (int i = 0; i < kMat * kMat; ++i) g_a[i] = (int16_t)(g_a[i] - add);
  for (int i = 0; i < kMat * kMat; i += 7) crc = crc16_u16((uint16_t)g_a[i], crc);
  return crc;
}

// ---- state machine: recognises integers, decimals, scientific and hex numbers ----

enum state { S_START, S_INVALID, S_S1, S_INT, S_HEX0, S_HEX, S_FLOAT, S_EXP, S_S2, S_SCI, S_COUNT };

enum { kTextSize = 1536 };
static char g_text[kTextSize + 1];

static void text_build(bench_rng* rng) {
  static const char* const kPieces[] = {"5012", "1234", "-874", "+122", "0x7f", "0X1A", "0x8bq", "35.54400",
                                        ".1234500", "-110.700", "+0.64400", "5.500e+3", "-.123e-2", "-87e+832",
                                        "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^", "--.00"};
  int pos = 0;
  while (pos < kTextSize - 12) {
    const char* p = kPieces[bench_rng_below(rng, sizeof kPieces / sizeof kPieces[0])];
    while (*p) g_text[pos++] = *p++;
    g_text[pos++] = ',';
  }
  g_text[pos] = 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Runs the machine over one comma-terminated token, returns the final state and advances *pos.
static enum state scan_token(const char* text, int* pos, uint32_t transitions[S_COUNT]) {
  enum state st = S_START;
  int i = *pos;
  for (; text[i] && text[i] != ','; ++i) {
    char c = text[i];
    enum state next = st;
    switch (st) {
      case S_START:
        if (c == '0') next = S_HEX0;
        else if (is_digit(c)) next = S_INT;
        else if (c == '+' || c == '-') next = S_S1;
        else if (c == '.') next = S_FLOAT;
        else next = S_INVALID;
        break;
      case S_S1:
        if (is_digit(c)) next = S_INT;
        else if (c == '.') next = S_FLOAT;
        else next = S_INVALID;
        break;
      case S_INT:
        if (c == '.') next = S_FLOAT;
        else if (c == 'e' || c == 'E') next = S_EXP;
        else if (!is_digit(c)) next = S_INVALID;
        break;
      case S_HEX0:
        if (c == 'x' || c == 'X') next = S_HEX;
        else if (is_digit(c)) next = S_INT;
        else if (c == '.') next = S_FLOAT;
        else next = S_INVALID;
        break;
      case S_HEX:
        if (!is_hex(c)) next = S_INVALID;
        break;
      case S_FLOAT:
        if (c == 'e' || c == 'E') next = S_EXP;
        else if (!is_digit(c)) next = S_INVALID;
        break;
      case S_EXP:
        if (c == '+' || c == '-') next = S_S2;
        else if (is_digit(c)) next = S_SCI;
        else next = S_INVALID;
        break;
      case S_S2:
        next = is_digit(c) ? S_SCI : S_INVALID;
        break;
      case S_SCI:
        if (!is_digit(c)) next = S_INVALID;
        break;
      case S_INVALID:
      case S_COUNT:
        break;
    }
    if (next != st) ++transitions[next];
    st = next;
    if (st == S_INVALID) {
      while (text[i] && text[i] != ',') ++i;
      break;
    }
  }
  *pos = text[i] ? i + 1 : i;
  return st;
}

static uint16_t state_bench(bench_rng* rng, uint16_t crc) {
  text_build(rng);
  uint32_t finals[S_COUNT] = {0}, transitions[S_COUNT] = {0};
  for (int round = 0; round < 2; ++round) {
    int pos = 0;
    while (g_text[pos]) ++finals[scan_token(g_text, &pos, transitions)];
    // Corrupt every 37th character so the second pass sees different tokens.
    for (int i = round; i < kTextSize && g_text[i]; i += 37)
      if (g_text[i] != ',') g_text[i] ^= 1;
  }
  for (int s = 0; s < S_COUNT; ++s) {
    crc = crc16_u32(finals[s], crc);
    crc = crc16_u32(transitions[s], crc);
  }
  return crc;
}

uint32_t run(uint32_t n) {
  bench_rng rng;
  uint32_t result = 0;
  for (uint32_t iter = 0; iter < n; ++iter) {
    bench_rng_seed(&rng, 0x1234567u + iter * 2654435761u);
    uint16_t crc = 0;
    crc = list_bench(&rng, crc);
    crc = matrix_bench(&rng, crc);
    crc = state_bench(&rng, crc);
    result = bench_mix(result, crc);
  }
  return result;
}
