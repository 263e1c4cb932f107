#include "profile/sample_ticker.hh"

#include <sched.h>
#include <sys/prctl.h>

#include <algorithm>

#include "runtime/sampling.hh"

namespace wasmprof::profile {

uint64_t clock_ns(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return uint64_t(now.tv_sec) * 1000000000u + uint64_t(now.tv_nsec);
}

namespace {

// Longest sleep, so that stop() never waits for a long interval to run out.
constexpr uint64_t kMaxSleepNs = 50'000'000;

}  // namespace

void SampleTicker::start(StoreContext store, std::chrono::nanoseconds interval, SamplingClock clock,
                         clockid_t guest_cpu_clock) {
  stop();
  stop_.store(false, std::memory_order_relaxed);
  host_ticks_.store(0, std::memory_order_relaxed);
  tick_cpu_ns_.store(clock_ns(guest_cpu_clock), std::memory_order_relaxed);
  note_guest_cpu();
  thread_ = std::thread([this, store, interval, clock, guest_cpu_clock] { run(store, interval, clock, guest_cpu_clock); });
}

void SampleTicker::stop() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

void SampleTicker::note_guest_cpu() { guest_cpu_.store(sched_getcpu(), std::memory_order_relaxed); }

void SampleTicker::run(StoreContext store, std::chrono::nanoseconds interval, SamplingClock clock,
                       clockid_t guest_cpu_clock) {
  // The kernel may otherwise defer each wake-up by up to 50 us (the default timer slack), half
  // of a 100 us period.
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);

  // The ticker's wake-ups are cheap for the guest only if they happen on another CPU: on the
  // guest's, each one preempts it and costs it its caches (measured on a loaded 2-CPU machine:
  // 9 % of the guest's time at 10 kHz; bench/profile/README.md). The scheduler puts the ticker
  // on an idle CPU if there is one; when every CPU is busy it would as often pick the guest's.
  // So the ticker leaves the CPU where the guest last took a sample out of its own affinity.
  cpu_set_t allowed;
  const bool can_move = sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 1;
  int avoided = -1;
  auto keep_off_guest_cpu = [&] {
    const int cpu = guest_cpu_.load(std::memory_order_relaxed);
    if (!can_move || cpu < 0 || cpu == avoided || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed)) return;
    cpu_set_t elsewhere = allowed;
    CPU_CLR(cpu, &elsewhere);
    sched_setaffinity(0, sizeof elsewhere, &elsewhere);
    avoided = cpu;
  };

  const bool cpu_time = clock == SamplingClock::ThreadCpuTime;
  const uint64_t period = uint64_t(std::max<int64_t>(interval.count(), 1000));
  const int64_t signed_period = int64_t(period);
  // The guest's progress: its clock (CPU or wall time) less the time it spent sampling (signed:
  // sampling is timed on the wall clock, so under preemption it may outrun the CPU clock).
  auto progress = [&](uint64_t cpu, uint64_t wall) {
    return int64_t(cpu_time ? cpu : wall) - int64_t(sampling_ns_.load(std::memory_order_relaxed));
  };
  uint64_t wake = clock_ns(CLOCK_MONOTONIC) + period;
  int64_t next = progress(clock_ns(guest_cpu_clock), wake - period) + signed_period;
  while (!stop_.load(std::memory_order_relaxed)) {
    const uint64_t now = clock_ns(CLOCK_MONOTONIC);
    if (now < wake) {
      const uint64_t until = std::min(wake, now + kMaxSleepNs);
      const timespec deadline{time_t(until / 1000000000u), long(until % 1000000000u)};
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr);
      continue;
    }
    wake = now - wake >= period ? now + period : wake + period;  // wake-ups missed while descheduled are skipped
    keep_off_guest_cpu();
    if (in_sample_.load(std::memory_order_acquire)) continue;  // its time is not the guest's
    const uint64_t cpu = clock_ns(guest_cpu_clock);  // also what the sample reports as CPU time
    // Wake-ups follow the wall clock, one per period; a tick also needs the guest to have made a
    // period of progress since the last one (CPU time for a CPU-time clock; either way not
    // counting time spent sampling). Half a period of leeway keeps it at one wake-up per tick
    // while the guest runs flat out (its CPU clock lags the wall clock by a little every
    // period); a guest that gets half a CPU ticks every other wake-up. The ticks stay
    // independent of what the guest executes, so samples stay unbiased.
    const int64_t done = progress(cpu, now);
    if (done + signed_period / 2 < next) continue;
    next = done >= next + signed_period ? done + signed_period : next + signed_period;  // ticks missed are skipped
    // A tick in a host call is counted and recorded when the call returns. One that races with
    // the guest entering a host call is served when it comes back, at the instruction after
    // the call: the same function, one instruction on.
    tick_cpu_ns_.store(cpu, std::memory_order_relaxed);  // ordered before the request by its seq_cst store
    if (runtime::in_host_call(store))
      host_ticks_.fetch_add(1, std::memory_order_relaxed);
    else
      runtime::request_sample(store);
  }
}

}  // namespace wasmprof::profile
