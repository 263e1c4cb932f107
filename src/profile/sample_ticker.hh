// Precise mode's clock: a thread that, at each tick of the guest thread's CPU time (or of the
// wall clock), asks the store for a sample at the guest's next instruction boundary, or, while
// the guest is in a host call, counts the tick for that call.
#pragma once

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "wasmprof/profiler.hh"
#include "wasmprof/store.hh"

namespace wasmprof::profile {

// A clock's reading in nanoseconds (the guest thread's CPU clock, CLOCK_MONOTONIC, ...).
uint64_t clock_ns(clockid_t clock);

class SampleTicker {
 public:
  SampleTicker() = default;
  SampleTicker(const SampleTicker&) = delete;
  SampleTicker& operator=(const SampleTicker&) = delete;
  ~SampleTicker() { stop(); }

  // Call on the guest's thread. `guest_cpu_clock` is that thread's CPU clock.
  void start(StoreContext store, std::chrono::nanoseconds interval, SamplingClock clock, clockid_t guest_cpu_clock);
  // Stops and joins the thread; no request is made after it returns.
  void stop();

  // Ticks that fell in a host call since the last call.
  uint32_t take_host_ticks() { return host_ticks_.exchange(0, std::memory_order_relaxed); }

  // Call on the guest's thread around each sample, with the time it took: the ticker counts
  // only the guest's own time toward the next tick, so the guest runs at least half a period
  // between samples however long they take (counted in, samples longer than the period would
  // leave it none: a livelock).
  void sample_started() { in_sample_.store(true, std::memory_order_relaxed); }
  void sample_finished(std::chrono::nanoseconds spent) {
    sampling_ns_.fetch_add(uint64_t(std::max<int64_t>(spent.count(), 0)), std::memory_order_relaxed);
    in_sample_.store(false, std::memory_order_release);
  }

  // The guest thread's CPU time (its clock's reading, in ns) at the latest tick.
  uint64_t last_tick_cpu_ns() const { return tick_cpu_ns_.load(std::memory_order_relaxed); }

  // Call on the guest's thread (at each sample): tells the ticker which CPU the guest runs on,
  // so it keeps its own wake-ups off that CPU.
  void note_guest_cpu();

 private:
  void run(StoreContext store, std::chrono::nanoseconds interval, SamplingClock clock, clockid_t guest_cpu_clock);

  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint32_t> host_ticks_{0};
  std::atomic<int> guest_cpu_{-1};
  std::atomic<uint64_t> tick_cpu_ns_{0};
  std::atomic<uint64_t> sampling_ns_{0};  // time the guest spent taking samples
  std::atomic<bool> in_sample_{false};
};

}  // namespace wasmprof::profile
