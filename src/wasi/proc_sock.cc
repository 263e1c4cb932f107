// proc_raise and the sock_* calls.
//
// proc_raise is Nosys: preview1 has no way to deliver a signal to a guest, and Wasmtime and
// node's uvwasi do not raise host signals either. Sockets are Nosys on every fd too: a guest
// can only get a socket by being handed one, and the embedder hands out none (no preopened
// sockets); answering Nosys tells a guest plainly that networking is absent.
#include "wasi/calls.hh"
#include "wasi/host_file.hh"

namespace wasmprof::wasi::calls {
namespace {
Errno socket_call(Ctx context, uint32_t fd) { return find_fd(context, fd) ? Errno::Nosys : Errno::Badf; }
}  // namespace

Errno proc_raise(Ctx, Mem, uint32_t) { return Errno::Nosys; }

Errno sock_accept(Ctx context, Mem, uint32_t fd, uint32_t, uint32_t) { return socket_call(context, fd); }

Errno sock_recv(Ctx context, Mem, uint32_t fd, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) {
  return socket_call(context, fd);
}

Errno sock_send(Ctx context, Mem, uint32_t fd, uint32_t, uint32_t, uint32_t, uint32_t) {
  return socket_call(context, fd);
}

Errno sock_shutdown(Ctx context, Mem, uint32_t fd, uint32_t) { return socket_call(context, fd); }

}  // namespace wasmprof::wasi::calls
