// Clocks, randomness and yielding: thin wrappers over clock_gettime, getrandom, sched_yield.
#include <cerrno>
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/clocks.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"

namespace wasmprof::wasi {

std::optional<clockid_t> host_clock(uint32_t clock_id) {
  switch (clock_id) {
    case abi::kClockRealtime: return CLOCK_REALTIME;
    case abi::kClockMonotonic: return CLOCK_MONOTONIC;
    case abi::kClockProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
    case abi::kClockThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
    default: return std::nullopt;
  }
}

std::optional<uint64_t> clock_now(clockid_t clock) {
  timespec now{};
  if (clock_gettime(clock, &now) != 0) return std::nullopt;
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(now.tv_nsec);
}

namespace calls {

Errno clock_res_get(Ctx, Mem memory, uint32_t clock_id, uint32_t resolution_out) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  timespec resolution{};
  if (clock_getres(*clock, &resolution) != 0) return errno_from_host(errno);
  const uint64_t ns = static_cast<uint64_t>(resolution.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(resolution.tv_nsec);
  if (!store(memory, resolution_out, ns)) return Errno::Fault;
  return Errno::Success;
}

// precision is a hint the host may ignore; clock_gettime is already as precise as it gets.
Errno clock_time_get(Ctx, Mem memory, uint32_t clock_id, uint64_t, uint32_t time_out) {
  auto clock = host_clock(clock_id);
  if (!clock) return Errno::Inval;
  auto now = clock_now(*clock);
  if (!now) return errno_from_host(errno);
  if (!store(memory, time_out, *now)) return Errno::Fault;
  return Errno::Success;
}

Errno random_get(Ctx, Mem memory, uint32_t buf, uint32_t buf_len) {
  auto bytes = guest_range(memory, buf, buf_len);
  if (!bytes) return Errno::Fault;
  size_t filled = 0;
  while (filled < bytes->size()) {
    // getrandom returns at most 32 MiB a call and may be interrupted by a signal: keep going.
    ssize_t got = getrandom(bytes->data() + filled, bytes->size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    filled += static_cast<size_t>(got);
  }
  return Errno::Success;
}

Errno sched_yield(Ctx, Mem) {
  ::sched_yield();
  return Errno::Success;
}

}  // namespace calls
}  // namespace wasmprof::wasi
