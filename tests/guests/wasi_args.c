// WASI guest: prints its arguments, one a line, with their lengths.
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  // argv[0] is the guest's path as the runner was given it: print only that it is there.
  printf("argv[0] ends in .wasm: %s\n", strstr(argv[0], ".wasm") ? "yes" : "no");
  for (int i = 1; i < argc; ++i) printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
  return 0;
}
