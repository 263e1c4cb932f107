#include "wasi/host_wait.hh"

#include <cerrno>
#include <poll.h>

#include "wasmprof/store.hh"

namespace wasmprof::wasi {

Errno wait_until_ready(WasiContext& context, HostFd& fd, short events) {
  const InterruptHandle* interrupts = context.interrupt_handle();
  if (!interrupts || !fd.may_block()) return Errno::Success;
  for (;;) {
    pollfd wanted{fd.get(), events, 0};
    if (interrupts->poll(&wanted, 1, nullptr) >= 0) return Errno::Success;  // ready, or hung up
    if (errno != EINTR) return Errno::Success;                             // the call will say
    if (interrupts->interrupt_requested()) return Errno::Intr;
  }
}

}  // namespace wasmprof::wasi
