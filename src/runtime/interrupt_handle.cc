// InterruptHandle: stopping a store's guest from any thread, and waking the host functions that
// block on its behalf.
//
// Waking a blocking call: the handle owns an eventfd that interrupt() writes and that a waiting
// host function polls beside its own fds. The alternative, a signal sent to the guest thread so
// that its syscall fails with EINTR, needs a process-wide handler, the guest thread's id, and
// still misses a request made just before the syscall starts; the eventfd stays readable until
// drained, so nothing is missed: interrupt() sets the flag before it writes, and a waiter
// checks the flag after its fd exists and after each drain.
#include <cerrno>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "runtime/store_state.hh"

namespace wasmprof {
namespace detail {

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
                  std::atomic<uint32_t>::is_always_lock_free && std::atomic<exec::ExecContext*>::is_always_lock_free,
              "interrupt() must be async-signal-safe");

InterruptState::~InterruptState() {
  if (const int fd = wake_fd.load(); fd >= 0) close(fd);
}

namespace {

// The eventfd, made on first use; -1 if the host refuses one (the wait then cannot be woken).
int wake_fd_of(InterruptState& state) {
  int fd = state.wake_fd.load();
  if (fd >= 0) return fd;
  const int made = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (made < 0) return -1;
  if (state.wake_fd.compare_exchange_strong(fd, made)) return made;
  close(made);  // another thread's wait made one first
  return fd;
}

void drain(int fd) {
  uint64_t count;
  while (read(fd, &count, sizeof count) < 0 && errno == EINTR) {
  }
}

}  // namespace
}  // namespace detail

void InterruptHandle::interrupt() const noexcept {
  detail::InterruptState& state = *state_;
  state.requested.store(true);
  state.users.fetch_add(1);
  if (exec::ExecContext* context = state.context.load()) context->request_interrupt();
  state.users.fetch_sub(1);
  if (const int fd = state.wake_fd.load(); fd >= 0) {
    const uint64_t one = 1;
    const int saved_errno = errno;  // a signal handler must leave errno as it found it
    (void)!write(fd, &one, sizeof one);
    errno = saved_errno;
  }
}

bool InterruptHandle::interrupt_requested() const noexcept { return state_->requested.load(); }

int InterruptHandle::poll(pollfd* fds, size_t count, const timespec* timeout) const {
  detail::InterruptState& state = *state_;
  const int wake = detail::wake_fd_of(state);
  if (state.requested.load()) {  // after the fd exists: a later interrupt() will write to it
    errno = EINTR;
    return -1;
  }
  if (wake < 0) return ppoll(fds, count, timeout, nullptr);
  pollfd small[8];
  std::vector<pollfd> large;
  pollfd* all = small;
  if (count + 1 > std::size(small)) {
    large.resize(count + 1);
    all = large.data();
  }
  std::copy_n(fds, count, all);
  all[count] = pollfd{wake, POLLIN, 0};
  int ready = ppoll(all, count + 1, timeout, nullptr);
  if (ready < 0) return -1;
  for (size_t i = 0; i < count; ++i) fds[i].revents = all[i].revents;
  if (all[count].revents != 0) {
    detail::drain(wake);
    --ready;
    // Woken by an interrupt, or by an earlier one already served: either way the caller looks
    // at interrupt_requested() and decides.
    if (state.requested.load() || ready == 0) {
      errno = EINTR;
      return -1;
    }
  }
  return ready;
}

InterruptHandle StoreContext::interrupt_handle() const { return InterruptHandle(state_->interrupts); }

}  // namespace wasmprof
