#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "wasi/fd_table.hh"
#include "wasi/host_file.hh"
#include "wasi/sandbox_path.hh"
#include "wasi/wasi.hh"

namespace wasmprof::wasi {

WasiContext::WasiContext(WasiConfig config) : config_(std::move(config)), fds_(std::make_unique<FdTable>()) {}

WasiContext::~WasiContext() = default;

Result<std::unique_ptr<WasiContext>> WasiContext::create(WasiConfig config) {
  std::unique_ptr<WasiContext> context(new WasiContext(std::move(config)));
  const int stdio[3] = {context->config_.stdin_fd, context->config_.stdout_fd, context->config_.stderr_fd};
  for (uint32_t guest_fd = 0; guest_fd < 3; ++guest_fd) {
    // A host fd that is not open (a CI job with stdin closed) leaves the guest's fd closed too.
    int copy = fcntl(stdio[guest_fd], F_DUPFD_CLOEXEC, 0);
    if (copy < 0) continue;
    Rights rights = rights_for_host_fd(copy);
    context->fds_->put(guest_fd, FdEntry{HostFd(copy), rights.base, rights.inheriting, std::nullopt});
  }
  uint32_t next_fd = 3;
  for (const Preopen& preopen : context->config_.preopens) {
    int dir = open(preopen.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
      Error error;
      error.kind = ErrorKind::Io;
      error.message = "cannot open preopened directory \"" + preopen.host_path + "\" (for guest path \"" +
                      preopen.guest_path + "\"): " + std::strerror(errno);
      return error;
    }
    HostFd preopened(dir);
    // Every path lookup relies on openat2 (Linux 5.6+, and not filtered out by a seccomp
    // policy); without it each one would fail, so say why once here rather than leave a guest
    // to puzzle over errors from every path call.
    HostFd probe;
    if (open_beneath(dir, ".", O_PATH | O_DIRECTORY, 0, probe) != Errno::Success) {
      const int probe_errno = errno;
      Error error;
      error.kind = ErrorKind::Io;
      error.message = "cannot sandbox preopened directory \"" + preopen.host_path + "\": openat2 failed (" +
                      std::strerror(probe_errno) + "); Linux 5.6 or later with openat2 allowed is needed";
      return error;
    }
    Rights rights = rights_for_host_fd(dir);
    context->fds_->put(next_fd++, FdEntry{std::move(preopened), rights.base, rights.inheriting, preopen.guest_path});
  }
  return context;
}

}  // namespace wasmprof::wasi
