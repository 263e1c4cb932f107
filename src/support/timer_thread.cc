#include "support/timer_thread.hh"

namespace wasmprof {

std::chrono::steady_clock::time_point next_deadline(std::chrono::steady_clock::time_point deadline,
                                                    std::chrono::steady_clock::time_point now,
                                                    std::chrono::nanoseconds interval) {
  return now - deadline >= interval ? now + interval : deadline + interval;
}

TimerThread::TimerThread(std::chrono::nanoseconds interval, Repeat repeat, std::function<void()> action)
    : thread_([this, interval, repeat, action = std::move(action)] {
        std::unique_lock<std::mutex> lock(mutex_);
        auto deadline = std::chrono::steady_clock::now() + interval;
        do {
          if (wake_.wait_until(lock, deadline, [this] { return done_; })) return;
          action();
          deadline = next_deadline(deadline, std::chrono::steady_clock::now(), interval);
        } while (repeat == Repeat::EveryInterval);
      }) {}

TimerThread::~TimerThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace wasmprof
