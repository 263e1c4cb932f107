// Allocates known sizes from known functions, for the allocation profiling tests
// (tests/profile/allocation_profiling_test.cc, tests/cli):
//   alloc_a        3 x malloc(1000)
//   alloc_b        1 x malloc(4096)
//   alloc_c        calloc(10, 20) = 200 bytes
//   grow_a         realloc of alloc_a's third block to 3000 bytes
//   alloc_aligned  aligned_alloc(64, 256) and posix_memalign(128, 100)
//   release        frees alloc_a's second block, both aligned blocks, and NULL
// Retained at exit: 1000 + 3000 + 4096 + 200 = 8296 bytes. The blocks are kept in a volatile
// array so the compiler cannot pair up and remove any allocation.
#include <stdio.h>
#include <stdlib.h>

void* volatile blocks[8];

__attribute__((noinline)) void alloc_a(void) {
  for (int i = 0; i < 3; ++i) blocks[i] = malloc(1000);
}

__attribute__((noinline)) void alloc_b(void) { blocks[3] = malloc(4096); }

__attribute__((noinline)) void alloc_c(void) { blocks[4] = calloc(10, 20); }

__attribute__((noinline)) void grow_a(void) { blocks[2] = realloc(blocks[2], 3000); }

__attribute__((noinline)) void alloc_aligned(void) {
  blocks[5] = aligned_alloc(64, 256);
  void* block = NULL;
  if (posix_memalign(&block, 128, 100) == 0) blocks[6] = block;
}

__attribute__((noinline)) void release(void) {
  free(blocks[1]);
  free(blocks[5]);
  free(blocks[6]);
  free(NULL);
}

int main(void) {
  alloc_a();
  alloc_b();
  alloc_c();
  grow_a();
  alloc_aligned();
  release();
  int ok = 1;
  for (int i = 0; i < 7; ++i) ok &= blocks[i] != NULL;
  printf("alloc_sizes: %s\n", ok ? "ok" : "an allocation failed");
  return ok ? 0 : 1;
}
