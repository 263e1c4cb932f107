// WASI guest: random_get through getentropy and arc4random_buf.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  unsigned char a[64], b[64];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  printf("getentropy: %d\n", getentropy(a, sizeof a));
  printf("getentropy again: %d\n", getentropy(b, sizeof b));
  printf("two draws differ: %s\n", memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
  int distinct = 0;
  for (int value = 0; value < 256; ++value)
    for (size_t i = 0; i < sizeof a; ++i)
      if (a[i] == value) { ++distinct; break; }
  // 64 uniform bytes take at least 20 distinct values with overwhelming probability.
  printf("bytes look random: %s\n", distinct >= 20 ? "yes" : "no");
  unsigned char big[4096];
  memset(big, 0, sizeof big);
  arc4random_buf(big, sizeof big);
  int zeros = 0;
  for (size_t i = 0; i < sizeof big; ++i) zeros += big[i] == 0;
  printf("arc4random_buf filled: %s\n", zeros < 64 ? "yes" : "no");
  // getentropy refuses more than 256 bytes, per its contract.
  printf("getentropy(257) fails: %s\n", getentropy(big, 257) != 0 ? "yes" : "no");
  return 0;
}
