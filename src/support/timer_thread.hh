// A thread that runs an action after an interval, once or at every interval, and that its
// destructor stops and joins at once: it waits on a condition variable, so ending it never waits
// out the interval. Repeated actions keep to absolute deadlines, one interval apart, as the
// precise sampler's ticker does: neither the action's time nor a late wake-up stretches the
// interval (at 100 us, tens of microseconds of wake-up latency would otherwise slow the ticks
// by as much), and deadlines missed while the thread was not running are skipped, not made up in a burst. The
// CLI's -W timeout, the profiler's epoch ticker and the benchmarks' tickers run on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace wasmprof {

// The deadline after `deadline`, reached at `now`: one interval later, or, when a whole interval
// has passed since `deadline` (wake-ups missed), one interval from now.
std::chrono::steady_clock::time_point next_deadline(std::chrono::steady_clock::time_point deadline,
                                                    std::chrono::steady_clock::time_point now,
                                                    std::chrono::nanoseconds interval);

class TimerThread {
 public:
  enum class Repeat : bool { Once, EveryInterval };
  TimerThread(std::chrono::nanoseconds interval, Repeat repeat, std::function<void()> action);
  ~TimerThread();
  TimerThread(const TimerThread&) = delete;
  TimerThread& operator=(const TimerThread&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace wasmprof
