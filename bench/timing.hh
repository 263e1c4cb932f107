// What the embedding benchmarks time with: the calling thread's CPU time (steadier than wall
// time on a shared machine) and the median of repeated runs.
#pragma once

#include <time.h>

#include <algorithm>
#include <vector>

namespace wasmprof::bench {

inline double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace wasmprof::bench
