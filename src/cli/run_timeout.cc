#include "cli/run_timeout.hh"

namespace wasmprof::cli {

RunTimeout::RunTimeout(StoreContext store, std::chrono::nanoseconds limit)
    : thread_([this, interrupts = store.interrupt_handle(), limit] {
        std::unique_lock<std::mutex> lock(mutex_);
        // A condition variable, so the end of a run never waits out the limit.
        if (wake_.wait_for(lock, limit, [this] { return done_; })) return;
        expired_ = true;
        interrupts.interrupt();  // also ends a WASI call the guest is blocked in
      }) {}

RunTimeout::~RunTimeout() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace wasmprof::cli
