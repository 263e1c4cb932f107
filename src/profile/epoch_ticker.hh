// Reference (epoch) mode's clock: a thread that advances an engine's epoch once per interval, so
// the epoch-deadline callbacks of its stores run at the guest's next function entry or loop
// back-edge (Wasmtime's sampling, kept as the reference precise mode is measured against).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "wasmprof/engine.hh"

namespace wasmprof::profile {

class EpochTicker {
 public:
  EpochTicker(Engine engine, std::chrono::nanoseconds interval);
  // Stops and joins the thread at once (it waits on a condition variable, never a whole interval).
  ~EpochTicker();
  EpochTicker(const EpochTicker&) = delete;
  EpochTicker& operator=(const EpochTicker&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace wasmprof::profile
