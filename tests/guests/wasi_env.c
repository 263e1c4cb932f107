// WASI guest: prints its environment in order and looks variables up.
#include <stdio.h>
#include <stdlib.h>

extern char** environ;

int main(void) {
  int count = 0;
  for (char** entry = environ; *entry; ++entry) printf("env[%d]=%s\n", count++, *entry);
  printf("count=%d\n", count);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  const char* missing = getenv("NOT_SET_ANYWHERE");
  printf("NOT_SET_ANYWHERE=%s\n", missing ? missing : "(unset)");
  return 0;
}
