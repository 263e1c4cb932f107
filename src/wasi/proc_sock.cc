// proc_raise and the sock_* calls.
//
// proc_raise is Nosys: preview1 has no way to deliver a signal to a guest, and Wasmtime and
// node's uvwasi do not raise host signals either.
//
// Sockets: preview1 cannot create or connect one; a guest only gets sockets it is handed (a
// socket as one of its stdio fds, or accepted from a listening socket it was handed). The
// sock_* calls work on those and answer Notsock on anything else, as the host does.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <optional>
#include <vector>
#include <poll.h>
#include <sys/socket.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"
#include "wasi/host_file.hh"
#include "wasi/host_wait.hh"

namespace wasmprof::wasi::calls {
namespace {

// riflags (u16), roflags (u16), sdflags (u8)
constexpr uint32_t kRecvPeek = 1, kRecvWaitall = 2;
constexpr uint16_t kRecvDataTruncated = 1;
constexpr uint32_t kShutdownRead = 1, kShutdownWrite = 2;

std::optional<msghdr> message_of(std::vector<iovec>& vectors, Mem memory, uint32_t iovs, uint32_t iovs_len) {
  auto host = host_iovecs(memory, iovs, iovs_len);
  if (!host) return std::nullopt;
  vectors = std::move(*host);
  msghdr message{};
  message.msg_iov = vectors.data();
  message.msg_iovlen = vectors.size();
  return message;
}

}  // namespace

Errno proc_raise(Ctx, Mem, uint32_t) { return Errno::Nosys; }

Errno sock_accept(Ctx context, Mem memory, uint32_t fd, uint32_t flags, uint32_t fd_out) {
  FdEntry* listener = find_fd(context, fd);
  if (!listener) return Errno::Badf;
  if (flags & ~uint32_t{abi::kFdflagNonblock}) return Errno::Inval;
  if (!guest_range(memory, fd_out, 4)) return Errno::Fault;
  if (const Errno ready = wait_until_ready(context, listener->host, POLLIN); ready != Errno::Success) return ready;
  int accepted;
  do {
    accepted = accept4(listener->host.get(), nullptr, nullptr,
                       SOCK_CLOEXEC | ((flags & abi::kFdflagNonblock) ? SOCK_NONBLOCK : 0));
  } while (accepted < 0 && errno == EINTR);
  if (accepted < 0) return errno_from_host(errno);
  Rights rights = rights_for_host_fd(accepted);
  auto number = context.fds().insert(FdEntry{HostFd(accepted), rights.base, rights.inheriting, std::nullopt});
  if (!number) return Errno::Nfile;
  store(memory, fd_out, *number);
  return Errno::Success;
}

Errno sock_recv(Ctx context, Mem memory, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags,
                uint32_t ro_datalen_out, uint32_t ro_flags_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (ri_flags & ~(kRecvPeek | kRecvWaitall)) return Errno::Inval;
  if (!guest_range(memory, ro_datalen_out, 4) || !guest_range(memory, ro_flags_out, 2)) return Errno::Fault;
  std::vector<iovec> vectors;
  auto message = message_of(vectors, memory, ri_data, ri_data_len);
  if (!message) return Errno::Fault;
  const int host_flags = ((ri_flags & kRecvPeek) ? MSG_PEEK : 0) | ((ri_flags & kRecvWaitall) ? MSG_WAITALL : 0);
  if (const Errno ready = wait_until_ready(context, entry->host, POLLIN); ready != Errno::Success) return ready;
  ssize_t received;
  do {
    received = recvmsg(entry->host.get(), &*message, host_flags);
  } while (received < 0 && errno == EINTR);
  if (received < 0) return errno_from_host(errno);
  store(memory, ro_datalen_out, static_cast<uint32_t>(received));
  store(memory, ro_flags_out, static_cast<uint16_t>((message->msg_flags & MSG_TRUNC) ? kRecvDataTruncated : 0));
  return Errno::Success;
}

Errno sock_send(Ctx context, Mem memory, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags,
                uint32_t so_datalen_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (si_flags != 0) return Errno::Inval;  // siflags has no flags defined
  if (!guest_range(memory, so_datalen_out, 4)) return Errno::Fault;
  std::vector<iovec> vectors;
  auto message = message_of(vectors, memory, si_data, si_data_len);
  if (!message) return Errno::Fault;
  ssize_t sent;
  do {
    // MSG_NOSIGNAL: a closed peer is the Pipe errno for the guest, never SIGPIPE for the host.
    sent = sendmsg(entry->host.get(), &*message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) return errno_from_host(errno);
  store(memory, so_datalen_out, static_cast<uint32_t>(sent));
  return Errno::Success;
}

Errno sock_shutdown(Ctx context, Mem, uint32_t fd, uint32_t how) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  int host_how;
  switch (how) {
    case kShutdownRead: host_how = SHUT_RD; break;
    case kShutdownWrite: host_how = SHUT_WR; break;
    case kShutdownRead | kShutdownWrite: host_how = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  if (shutdown(entry->host.get(), host_how) != 0) return errno_from_host(errno);
  return Errno::Success;
}

}  // namespace wasmprof::wasi::calls
