// Waiting for a host fd in a way the embedder can cut short: a guest blocked reading a terminal
// or a pipe must still stop when it is interrupted (SIGINT in the CLI).
#pragma once

#include "wasi/fd_table.hh"
#include "wasi/wasi.hh"

namespace wasmprof::wasi {

// Waits until `fd` is ready for `events` (POLLIN, say) where the call on it would block:
// a pipe, socket or character device not opened non-blocking. Returns Errno::Intr if the guest
// is interrupted first (it never sees that errno: the interrupt traps at its next instruction),
// else Success, also at once for fds that never block and where no interrupt handle is set.
// (The fd can still block after this if another process takes the data first: rare, and then
// the call returns once it gets some.)
Errno wait_until_ready(WasiContext& context, HostFd& fd, short events);

}  // namespace wasmprof::wasi
