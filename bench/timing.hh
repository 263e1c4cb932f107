// What the benchmarks time with: a clock's reading in milliseconds (thread CPU time is steadier
// than wall time on a shared machine) and the median of repeated runs.
#pragma once

#include <time.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace wasmprof::bench {

inline double clock_ms(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

inline double thread_cpu_ms() { return clock_ms(CLOCK_THREAD_CPUTIME_ID); }

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace wasmprof::bench
