// Reading, writing and positioning on guest fds, and their lifetime (close, renumber).
#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"
#include "wasi/host_file.hh"
#include "wasi/host_wait.hh"

namespace wasmprof::wasi::calls {
namespace {

enum class Direction { Read, Write };

Errno transfer(Ctx context, Mem memory, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
               std::optional<uint64_t> offset, uint32_t count_out, Direction direction) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (!guest_range(memory, count_out, 4)) return Errno::Fault;
  auto vectors = host_iovecs(memory, iovs, iovs_len);
  if (!vectors) return Errno::Fault;
  if (offset && *offset > static_cast<uint64_t>(INT64_MAX)) return Errno::Inval;
  const int host = entry->host.get();
  // A read from a pipe or terminal can wait for ever: it waits where an interrupt ends it.
  // Writes do not (a poll per write cost ~2 us, doubling a small write to a pipe, and a write
  // blocks only on a full pipe whose reader stalled; a second SIGINT still ends the CLI then).
  if (!offset && direction == Direction::Read) {
    const Errno ready = wait_until_ready(context, entry->host, POLLIN);
    if (ready != Errno::Success) return ready;
  }
  ssize_t done;
  do {
    const int count = static_cast<int>(vectors->size());
    if (direction == Direction::Read)
      done = offset ? preadv(host, vectors->data(), count, static_cast<off_t>(*offset)) : readv(host, vectors->data(), count);
    else
      done = offset ? pwritev(host, vectors->data(), count, static_cast<off_t>(*offset)) : writev(host, vectors->data(), count);
  } while (done < 0 && errno == EINTR);
  if (done < 0) return errno_from_host(errno);
  store(memory, count_out, static_cast<uint32_t>(done));
  return Errno::Success;
}

Errno with_host_fd(Ctx context, uint32_t fd, int (*action)(int)) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (action(entry->host.get()) != 0) return errno_from_host(errno);
  return Errno::Success;
}

}  // namespace

Errno fd_read(Ctx context, Mem memory, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out) {
  return transfer(context, memory, fd, iovs, iovs_len, std::nullopt, nread_out, Direction::Read);
}

Errno fd_write(Ctx context, Mem memory, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out) {
  return transfer(context, memory, fd, iovs, iovs_len, std::nullopt, nwritten_out, Direction::Write);
}

Errno fd_pread(Ctx context, Mem memory, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
               uint32_t nread_out) {
  return transfer(context, memory, fd, iovs, iovs_len, offset, nread_out, Direction::Read);
}

Errno fd_pwrite(Ctx context, Mem memory, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_out) {
  return transfer(context, memory, fd, iovs, iovs_len, offset, nwritten_out, Direction::Write);
}

Errno fd_seek(Ctx context, Mem memory, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  int host_whence;
  switch (whence) {
    case abi::kWhenceSet: host_whence = SEEK_SET; break;
    case abi::kWhenceCur: host_whence = SEEK_CUR; break;
    case abi::kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (!guest_range(memory, newoffset_out, 8)) return Errno::Fault;
  // The offset is a filedelta, a signed s64.
  off_t position = lseek(entry->host.get(), static_cast<off_t>(static_cast<int64_t>(offset)), host_whence);
  if (position < 0) return errno_from_host(errno);
  store(memory, newoffset_out, static_cast<uint64_t>(position));
  return Errno::Success;
}

Errno fd_tell(Ctx context, Mem memory, uint32_t fd, uint32_t offset_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (!guest_range(memory, offset_out, 8)) return Errno::Fault;
  off_t position = lseek(entry->host.get(), 0, SEEK_CUR);
  if (position < 0) return errno_from_host(errno);
  store(memory, offset_out, static_cast<uint64_t>(position));
  return Errno::Success;
}

Errno fd_close(Ctx context, Mem, uint32_t fd) { return context.fds().close(fd) ? Errno::Success : Errno::Badf; }

Errno fd_sync(Ctx context, Mem, uint32_t fd) { return with_host_fd(context, fd, ::fsync); }

Errno fd_datasync(Ctx context, Mem, uint32_t fd) { return with_host_fd(context, fd, ::fdatasync); }

Errno fd_advise(Ctx context, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                        POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  if (advice > abi::kAdviceNoreuse) return Errno::Inval;
  if (offset > static_cast<uint64_t>(INT64_MAX) || len > static_cast<uint64_t>(INT64_MAX)) return Errno::Inval;
  int error = posix_fadvise(entry->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len), kHostAdvice[advice]);
  return errno_from_host(error);
}

Errno fd_allocate(Ctx context, Mem, uint32_t fd, uint64_t offset, uint64_t len) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (offset > static_cast<uint64_t>(INT64_MAX) || len > static_cast<uint64_t>(INT64_MAX) - offset) return Errno::Fbig;
  int error = posix_fallocate(entry->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len));
  return errno_from_host(error);
}

Errno fd_renumber(Ctx context, Mem, uint32_t fd, uint32_t to) { return context.fds().renumber(fd, to); }

}  // namespace wasmprof::wasi::calls
