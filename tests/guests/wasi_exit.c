// WASI guest: ends with the exit code its first argument names, by the route the second names:
// "exit" (exit(3) runs atexit handlers, then proc_exit), "return" (from main), "_Exit".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void goodbye(void) { printf("atexit handler ran\n"); }

int main(int argc, char** argv) {
  if (argc < 3) return 100;
  const int code = atoi(argv[1]);
  atexit(goodbye);
  printf("exiting with %d by %s\n", code, argv[2]);
  fflush(stdout);
  if (strcmp(argv[2], "exit") == 0) exit(code);
  if (strcmp(argv[2], "_Exit") == 0) _Exit(code);
  return code;
}
