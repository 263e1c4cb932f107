// WASI guest: poll_oneoff through poll(): a clock timeout alone, then stdin (a pipe holding
// data) readable and stdout (a pipe) writable. Regular files are left out: node's WASI cannot
// poll them, and the unit tests cover them.
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void) {
  int64_t start = now_ns();
  int ready = poll(NULL, 0, 30);
  int64_t waited = now_ns() - start;
  printf("poll with no fds: %d, waited >= 30ms: %s\n", ready, waited >= 30000000 ? "yes" : "no");

  struct pollfd fds[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
  start = now_ns();
  ready = poll(fds, 2, 5000);
  waited = now_ns() - start;
  printf("poll stdin+stdout: %d, stdin readable: %s, stdout writable: %s, quick: %s\n", ready,
         (fds[0].revents & POLLIN) ? "yes" : "no", (fds[1].revents & POLLOUT) ? "yes" : "no",
         waited < 1000000000 ? "yes" : "no");
  char line[64];
  ssize_t got = read(0, line, sizeof line);
  printf("then read stdin: %zd bytes\n", got);
  return 0;
}
