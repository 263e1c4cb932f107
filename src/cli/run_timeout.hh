// `-W timeout`: stops the guest when its wall-clock time runs out, as wasmtime run does (the
// guest traps with "interrupted" and the run exits with 134).
#pragma once

#include <atomic>
#include <chrono>

#include "support/timer_thread.hh"
#include "wasmprof/store.hh"

namespace wasmprof::cli {

class RunTimeout {
 public:
  // Starts the clock; after `limit` the store is asked to stop at its next instruction.
  RunTimeout(StoreContext store, std::chrono::nanoseconds limit);

  bool expired() const { return expired_.load(); }

 private:
  std::atomic<bool> expired_{false};
  TimerThread timer_;  // last: stopped and joined before expired_ goes
};

}  // namespace wasmprof::cli
