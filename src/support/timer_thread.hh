// A thread that runs an action after an interval, once or at every interval, and that its
// destructor stops and joins at once: it waits on a condition variable, so ending it never waits
// out the interval. The CLI's -W timeout and the profiler's epoch ticker both run on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace wasmprof {

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
