// WASI guest: clocks. Prints only facts that hold on any host, so the output is fixed.
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static int64_t ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

int main(void) {
  struct timespec t0, t1, real, resolution, cpu;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_REALTIME, &real);
  // 2020-01-01T00:00:00Z: the realtime clock is the Unix epoch, not an arbitrary one.
  printf("realtime after 2020: %s\n", real.tv_sec > 1577836800 ? "yes" : "no");
  printf("time() agrees with realtime: %s\n", time(NULL) - real.tv_sec <= 1 ? "yes" : "no");

  int ok = 1;
  for (int i = 0; i < 1000; ++i) {
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (ns(t1) < ns(t0)) ok = 0;
    t0 = t1;
  }
  printf("monotonic never goes back: %s\n", ok ? "yes" : "no");

  printf("monotonic resolution positive: %s\n",
         clock_getres(CLOCK_MONOTONIC, &resolution) == 0 && ns(resolution) > 0 ? "yes" : "no");
  printf("realtime resolution at most 1ms: %s\n",
         clock_getres(CLOCK_REALTIME, &resolution) == 0 && ns(resolution) <= 1000000 ? "yes" : "no");

  // Burn some CPU so the process clock has moved.
  volatile uint64_t sum = 0;
  for (uint64_t i = 0; i < 20000000; ++i) sum += i;
  (void)sum;
  printf("process cpu time positive: %s\n",
         clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 && ns(cpu) > 0 ? "yes" : "no");
  printf("thread cpu time readable: %s\n", clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0 ? "yes" : "no");

  // nanosleep is poll_oneoff with one relative clock subscription.
  struct timespec before, after, nap = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &before);
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &after);
  // With node's millisecond timers a sleep can end up to 1ms early (see wasi_poll.c).
  printf("slept about 20ms: %s\n", ns(after) - ns(before) >= 18000000 ? "yes" : "no");
  printf("slept under 2s: %s\n", ns(after) - ns(before) < 2000000000 ? "yes" : "no");
  return 0;
}
