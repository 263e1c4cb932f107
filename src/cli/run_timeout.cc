#include "cli/run_timeout.hh"

#include "runtime/sampling.hh"

namespace wasmprof::cli {

RunTimeout::RunTimeout(StoreContext store, std::chrono::nanoseconds limit)
    : thread_([this, store, limit] {
        std::unique_lock<std::mutex> lock(mutex_);
        // A condition variable, so the end of a run never waits out the limit.
        if (wake_.wait_for(lock, limit, [this] { return done_; })) return;
        expired_ = true;
        // TODO(interrupt handle): the public interrupt API once it exists; the same request.
        runtime::request_stop(store);
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
