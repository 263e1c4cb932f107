#include "wasi/host_wait.hh"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>

#include "wasmprof/store.hh"

namespace wasmprof::wasi {
namespace {

bool may_block(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return false;  // the call itself will report why
  if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !S_ISCHR(st.st_mode)) return false;
  const int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && !(flags & O_NONBLOCK);
}

}  // namespace

Errno wait_until_ready(WasiContext& context, int fd, short events) {
  const InterruptHandle* interrupts = context.interrupt_handle();
  if (!interrupts || !may_block(fd)) return Errno::Success;
  for (;;) {
    pollfd wanted{fd, events, 0};
    if (interrupts->poll(&wanted, 1, nullptr) >= 0) return Errno::Success;  // ready, or hung up
    if (errno != EINTR) return Errno::Success;                             // the call will say
    if (interrupts->interrupt_requested()) return Errno::Intr;
  }
}

}  // namespace wasmprof::wasi
