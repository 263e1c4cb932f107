#include "support/timer_thread.hh"

namespace wasmprof {

TimerThread::TimerThread(std::chrono::nanoseconds interval, Repeat repeat, std::function<void()> action)
    : thread_([this, interval, repeat, action = std::move(action)] {
        std::unique_lock<std::mutex> lock(mutex_);
        do {
          if (wake_.wait_for(lock, interval, [this] { return done_; })) return;
          action();
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
