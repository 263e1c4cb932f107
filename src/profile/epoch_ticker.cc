#include "profile/epoch_ticker.hh"

namespace wasmprof::profile {

EpochTicker::EpochTicker(Engine engine, std::chrono::nanoseconds interval)
    : thread_([this, engine, interval] {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!done_) {
          if (!wake_.wait_for(lock, interval, [this] { return done_; })) engine.increment_epoch();
        }
      }) {}

EpochTicker::~EpochTicker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace wasmprof::profile
