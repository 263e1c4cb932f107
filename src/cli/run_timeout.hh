// `-W timeout`: stops the guest when its wall-clock time runs out, as wasmtime run does (the
// guest traps with "interrupted" and the run exits with 134).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "wasmprof/store.hh"

namespace wasmprof::cli {

class RunTimeout {
 public:
  // Starts the clock; after `limit` the store is asked to stop at its next instruction.
  RunTimeout(StoreContext store, std::chrono::nanoseconds limit);
  ~RunTimeout();
  RunTimeout(const RunTimeout&) = delete;
  RunTimeout& operator=(const RunTimeout&) = delete;

  bool expired() const { return expired_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::atomic<bool> expired_{false};
  std::thread thread_;
};

}  // namespace wasmprof::cli
