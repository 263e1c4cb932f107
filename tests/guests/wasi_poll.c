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
  // node's timers count whole milliseconds from a cached loop time and can end up to 1ms early;
  // the unit tests hold this implementation to the exact timeout.
  printf("poll with no fds: %d, waited about 30ms: %s\n", ready, waited >= 28000000 ? "yes" : "no");

  // stdin's data arrives when the writer at the other end of the pipe gets to it: wait for it.
  struct pollfd in = {0, POLLIN, 0};
  start = now_ns();
  ready = poll(&in, 1, 5000);
  waited = now_ns() - start;
  printf("poll stdin: %d, readable: %s, within 5s: %s\n", ready, (in.revents & POLLIN) ? "yes" : "no",
         waited < 5000000000 ? "yes" : "no");
  struct pollfd both[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
  ready = poll(both, 2, 5000);
  printf("poll stdin+stdout: %d, stdin readable: %s, stdout writable: %s\n", ready,
         (both[0].revents & POLLIN) ? "yes" : "no", (both[1].revents & POLLOUT) ? "yes" : "no");
  char line[64];
  ssize_t got = read(0, line, sizeof line);
  printf("then read stdin: %zd bytes\n", got);
  return 0;
}
