// An allocation-heavy WASI command for the cost of allocation profiling (bench/README.md,
// "Allocation profiling"): `alloc_churn [depth]` builds and frees binary trees of 16-byte nodes
// (one malloc per node, the classic binary-trees benchmark), grows strings by realloc, and
// keeps a ring of mixed-size blocks that it replaces one by one. Prints a checksum so the
// work cannot be optimised away.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
  struct node* left;
  struct node* right;
  uint32_t value;
};

__attribute__((noinline)) struct node* make_tree(int depth, uint32_t value) {
  struct node* node = malloc(sizeof *node);
  if (!node) abort();
  node->value = value;
  node->left = depth > 0 ? make_tree(depth - 1, 2 * value) : NULL;
  node->right = depth > 0 ? make_tree(depth - 1, 2 * value + 1) : NULL;
  return node;
}

__attribute__((noinline)) uint32_t check_tree(const struct node* node) {
  if (!node) return 0;
  return node->value ^ (check_tree(node->left) + check_tree(node->right));
}

__attribute__((noinline)) void free_tree(struct node* node) {
  if (!node) return;
  free_tree(node->left);
  free_tree(node->right);
  free(node);
}

// Trees of every depth from 4 to max_depth, more of the shallow ones.
__attribute__((noinline)) uint32_t trees(int max_depth) {
  uint32_t sum = 0;
  for (int depth = 4; depth <= max_depth; depth += 2) {
    const int iterations = 1 << (max_depth - depth + 2);
    for (int i = 0; i < iterations; ++i) {
      struct node* tree = make_tree(depth, (uint32_t)i);
      sum += check_tree(tree);
      free_tree(tree);
    }
  }
  return sum;
}

// Appends words to a string that realloc grows by half each time it is full.
__attribute__((noinline)) uint32_t grow_strings(int rounds) {
  uint32_t sum = 0;
  for (int round = 0; round < rounds; ++round) {
    size_t capacity = 16, length = 0;
    char* text = malloc(capacity);
    if (!text) abort();
    for (int word = 0; word < 400; ++word) {
      char piece[16];
      const int n = snprintf(piece, sizeof piece, "w%d ", word * round);
      if (length + (size_t)n + 1 > capacity) {
        capacity += capacity / 2 + (size_t)n;
        text = realloc(text, capacity);
        if (!text) abort();
      }
      memcpy(text + length, piece, (size_t)n + 1);
      length += (size_t)n;
    }
    sum += (uint32_t)length + (uint8_t)text[length / 2];
    free(text);
  }
  return sum;
}

// A ring of 256 blocks of 8 to 4 KiB bytes, each replaced in turn.
__attribute__((noinline)) uint32_t ring(int replacements) {
  enum { kSlots = 256 };
  unsigned char* slots[kSlots] = {0};
  uint32_t seed = 12345, sum = 0;
  for (int i = 0; i < replacements; ++i) {
    seed = seed * 1103515245u + 12345u;
    const size_t size = 8 + (seed >> 8) % 4096;
    const int slot = i % kSlots;
    free(slots[slot]);
    slots[slot] = (seed & 0x100) ? calloc(1, size) : malloc(size);
    if (!slots[slot]) abort();
    slots[slot][size - 1] = (unsigned char)i;
    sum += slots[slot][0] + slots[slot][size - 1];
  }
  for (int slot = 0; slot < kSlots; ++slot) free(slots[slot]);
  return sum;
}

int main(int argc, char** argv) {
  const int depth = argc > 1 ? atoi(argv[1]) : 14;
  uint32_t sum = trees(depth);
  sum += grow_strings(1 << (depth - 6));
  sum += ring(1 << (depth + 2));
  printf("alloc_churn %d: checksum %u\n", depth, (unsigned)sum);
  return 0;
}
