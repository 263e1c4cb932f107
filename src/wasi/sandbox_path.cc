#include "wasi/sandbox_path.hh"

#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi/host_errno.hh"

namespace wasmprof::wasi {
namespace {

// A guest path must be a C string for the host: an interior NUL would silently shorten it.
bool has_nul(std::string_view path) { return path.find('\0') != std::string_view::npos; }

}  // namespace

Errno open_beneath(int base_dirfd, std::string_view path, int flags, mode_t mode, HostFd& out) {
  if (path.empty()) return Errno::Noent;
  if (has_nul(path)) return Errno::Inval;
  const std::string host_path(path);
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  // openat2 refuses a mode without a file to create. O_TMPFILE includes O_DIRECTORY's bit, so
  // it is tested whole.
  const bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
  how.mode = creates ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  // The kernel answers EAGAIN when a concurrent rename makes it unsure the walk stayed beneath;
  // a few retries settle that, and a guest cannot make it loop forever.
  for (int attempt = 0; attempt < 8; ++attempt) {
    long fd = syscall(SYS_openat2, base_dirfd, host_path.c_str(), &how, sizeof how);
    if (fd >= 0) {
      out = HostFd(static_cast<int>(fd));
      return Errno::Success;
    }
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno == EXDEV) return Errno::Notcapable;
    return errno_from_host(errno);
  }
  return Errno::Again;
}

Errno resolve_parent(int base_dirfd, std::string_view path, PathParent& out) {
  if (path.empty()) return Errno::Noent;
  if (has_nul(path)) return Errno::Inval;
  if (path.front() == '/') return Errno::Notcapable;
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
  out.trailing_slash = trimmed.size() != path.size();

  const size_t slash = trimmed.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? std::string_view(".") : trimmed.substr(0, slash + 1);
  std::string_view leaf = slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1);
  if (leaf == "." || leaf == "..") {
    parent = trimmed;
    leaf = ".";
  }
  out.leaf = std::string(leaf);
  if (parent == "." || parent == "./") {
    out.dirfd = base_dirfd;
    return Errno::Success;
  }
  Errno error = open_beneath(base_dirfd, parent, O_PATH | O_DIRECTORY, 0, out.owned);
  if (error != Errno::Success) return error;
  out.dirfd = out.owned.get();
  return Errno::Success;
}

std::string proc_fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace wasmprof::wasi
