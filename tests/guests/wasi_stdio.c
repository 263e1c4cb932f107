// WASI guest: stdin, stdout and stderr. Echoes stdin upper-cased with a byte count, writes a
// line to stderr, and mixes stdio's buffered output with raw write(2) after a flush.
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char buffer[4096];
  size_t total = 0, got;
  while ((got = fread(buffer + total, 1, sizeof buffer - 1 - total, stdin)) > 0) total += got;
  buffer[total] = 0;
  for (size_t i = 0; i < total; ++i) buffer[i] = (char)toupper((unsigned char)buffer[i]);
  printf("stdin had %zu bytes\n%s", total, buffer);
  fprintf(stderr, "this goes to stderr\n");
  fflush(stdout);
  const char raw[] = "raw write to fd 1\n";
  if (write(1, raw, strlen(raw)) != (ssize_t)strlen(raw)) return 1;
  // Reading at end of input gives 0 bytes, not an error.
  printf("read at eof: %zd\n", read(0, buffer, sizeof buffer));
  // An fd that was never opened is EBADF (wasi-libc's errno values are preview1's errnos).
  ssize_t result = write(99, raw, 1);
  printf("write to fd 99: %zd, errno %d (EBADF is %d)\n", result, errno, EBADF);
  return 0;
}
