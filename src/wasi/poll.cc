// poll_oneoff: waits with ppoll(2) for the first of the subscribed fds to become ready or the
// earliest clock subscription to time out, then reports every subscription that is ready.
//
// A clock subscription's timeout is turned into a wait on the monotonic clock: an absolute time
// of clock C is "how long until C reaches it" when the wait begins. CPU-time clocks are waited
// on as durations of real time, which is what a host thread blocked in ppoll can measure.
#include <cerrno>
#include <poll.h>
#include <sys/ioctl.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/clocks.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"
#include "wasi/host_file.hh"
#include "wasmprof/store.hh"

namespace wasmprof::wasi::calls {
namespace {

struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::Success;
  uint8_t type = 0;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

struct ClockWait {
  uint64_t userdata;
  uint64_t wait_ns;  // from the start of the call
};

struct FdWait {
  uint64_t userdata;
  uint8_t type;
  size_t pollfd_index;
};

void encode_event(const Event& event, std::span<uint8_t> out) {
  std::fill(out.begin(), out.end(), uint8_t{0});
  put<uint64_t>(out, 0, event.userdata);
  put<uint16_t>(out, 8, static_cast<uint16_t>(event.error));
  put<uint8_t>(out, 10, event.type);
  put<uint64_t>(out, 16, event.nbytes);
  put<uint16_t>(out, 24, event.flags);
}

// Bytes ready to read, where the host can tell (pipes, sockets, regular files).
uint64_t readable_bytes(int fd) {
  int available = 0;
  if (ioctl(fd, FIONREAD, &available) != 0 || available < 0) return 0;
  return static_cast<uint64_t>(available);
}

}  // namespace

Errno poll_oneoff(Ctx context, Mem memory, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                  uint32_t nevents_out) {
  if (nsubscriptions == 0) return Errno::Inval;
  auto subscriptions = guest_range(memory, in, uint64_t{abi::kSubscriptionSize} * nsubscriptions);
  auto events_out = guest_range(memory, out, uint64_t{abi::kEventSize} * nsubscriptions);
  if (!subscriptions || !events_out || !guest_range(memory, nevents_out, 4)) return Errno::Fault;
  const auto start = clock_now(CLOCK_MONOTONIC);
  if (!start) return errno_from_host(errno);

  std::vector<Event> events;  // ready at once: subscriptions that failed
  std::vector<ClockWait> clocks;
  std::vector<FdWait> fd_waits;
  std::vector<pollfd> pollfds;
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    std::span<const uint8_t> sub = subscriptions->subspan(size_t{i} * abi::kSubscriptionSize, abi::kSubscriptionSize);
    const uint64_t userdata = get<uint64_t>(sub, 0);
    const uint8_t tag = get<uint8_t>(sub, 8);
    if (tag == abi::kEventClock) {
      const uint32_t clock_id = get<uint32_t>(sub, 16);
      const uint64_t timeout = get<uint64_t>(sub, 24);
      const uint16_t flags = get<uint16_t>(sub, 40);
      auto clock = host_clock(clock_id);
      if (!clock) {
        events.push_back(Event{userdata, Errno::Inval, tag, 0, 0});
        continue;
      }
      uint64_t wait_ns = timeout;
      if (flags & abi::kSubclockAbstime) {
        auto now = clock_now(*clock);
        if (!now) {
          events.push_back(Event{userdata, errno_from_host(errno), tag, 0, 0});
          continue;
        }
        wait_ns = timeout > *now ? timeout - *now : 0;
      }
      clocks.push_back(ClockWait{userdata, wait_ns});
    } else if (tag == abi::kEventFdRead || tag == abi::kEventFdWrite) {
      FdEntry* entry = find_fd(context, get<uint32_t>(sub, 16));
      if (!entry) {
        events.push_back(Event{userdata, Errno::Badf, tag, 0, 0});
        continue;
      }
      fd_waits.push_back(FdWait{userdata, tag, pollfds.size()});
      const short interest = tag == abi::kEventFdRead ? POLLIN : POLLOUT;
      pollfds.push_back(pollfd{entry->host.get(), interest, 0});
    } else {
      return Errno::Inval;
    }
  }

  std::optional<uint64_t> wait_ns;  // nothing: until an fd is ready
  for (const ClockWait& clock : clocks) wait_ns = std::min(wait_ns.value_or(UINT64_MAX), clock.wait_ns);
  if (!events.empty() || (pollfds.empty() && !wait_ns)) wait_ns = 0;

  // Where the embedder can interrupt the guest, the wait ends early then (Errno::Intr, which
  // the guest never sees: the interrupt traps at its next instruction).
  const InterruptHandle* interrupts = context.interrupt_handle();
  uint64_t elapsed = 0;
  for (;;) {
    timespec timeout{};
    if (wait_ns) {
      const uint64_t left = *wait_ns > elapsed ? *wait_ns - elapsed : 0;
      timeout.tv_sec = static_cast<time_t>(left / 1'000'000'000ull);
      timeout.tv_nsec = static_cast<long>(left % 1'000'000'000ull);
    }
    const timespec* limit = wait_ns ? &timeout : nullptr;
    const int ready = interrupts ? interrupts->poll(pollfds.data(), pollfds.size(), limit)
                                 : ppoll(pollfds.data(), pollfds.size(), limit, nullptr);
    auto now = clock_now(CLOCK_MONOTONIC);
    elapsed = now && *now > *start ? *now - *start : elapsed;
    // ppoll measured the timeout itself: once it says time is up, the earliest clock has fired.
    if (ready == 0 && wait_ns) elapsed = std::max(elapsed, *wait_ns);
    if (ready >= 0) break;
    if (errno != EINTR) return errno_from_host(errno);
    if (interrupts && interrupts->interrupt_requested()) return Errno::Intr;
  }

  for (const FdWait& wait : fd_waits) {
    const pollfd& polled = pollfds[wait.pollfd_index];
    if (polled.revents == 0) continue;
    Event event{wait.userdata, Errno::Success, wait.type, 0, 0};
    if (polled.revents & POLLNVAL) event.error = Errno::Badf;
    else if (polled.revents & POLLERR) event.error = Errno::Io;
    if (polled.revents & POLLHUP) event.flags |= abi::kEventFdReadwriteHangup;
    if (wait.type == abi::kEventFdRead && event.error == Errno::Success) event.nbytes = readable_bytes(polled.fd);
    events.push_back(event);
  }
  for (const ClockWait& clock : clocks)
    if (clock.wait_ns <= elapsed) events.push_back(Event{clock.userdata, Errno::Success, abi::kEventClock, 0, 0});

  for (size_t i = 0; i < events.size(); ++i)
    encode_event(events[i], events_out->subspan(i * abi::kEventSize, abi::kEventSize));
  store(memory, nevents_out, static_cast<uint32_t>(events.size()));
  return Errno::Success;
}

}  // namespace wasmprof::wasi::calls
