// path_open: a new guest fd for a path beneath a directory fd, with the requested oflags,
// fdflags and rights.
#include <fcntl.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_file.hh"
#include "wasi/sandbox_path.hh"

namespace wasmprof::wasi::calls {
namespace {

// The host access mode follows the rights asked for, as wasi-libc derives those from O_RDONLY,
// O_WRONLY and O_RDWR. A directory is always opened read-only so that it can be listed.
int access_mode(uint32_t oflags, uint64_t rights_base) {
  if (oflags & abi::kOflagDirectory) return O_RDONLY;
  const bool read = rights_base & (abi::kRightFdRead | abi::kRightFdReaddir);
  const bool write = rights_base & (abi::kRightFdWrite | abi::kRightFdDatasync | abi::kRightFdAllocate |
                                    abi::kRightFdFilestatSetSize);
  if (read && write) return O_RDWR;
  if (write) return O_WRONLY;
  return O_RDONLY;
}

}  // namespace

Errno path_open(Ctx context, Mem memory, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                uint32_t fd_out) {
  FdEntry* directory = find_fd(context, fd);
  if (!directory) return Errno::Badf;
  auto guest_path = guest_string(memory, path, path_len);
  if (!guest_path || !guest_range(memory, fd_out, 4)) return Errno::Fault;
  constexpr uint32_t kKnownOflags = abi::kOflagCreat | abi::kOflagDirectory | abi::kOflagExcl | abi::kOflagTrunc;
  constexpr uint32_t kKnownFdflags = abi::kFdflagAppend | abi::kFdflagDsync | abi::kFdflagNonblock |
                                     abi::kFdflagRsync | abi::kFdflagSync;
  if ((oflags & ~kKnownOflags) || (fdflags & ~kKnownFdflags)) return Errno::Inval;

  int flags = access_mode(oflags, rights_base);
  if (oflags & abi::kOflagCreat) flags |= O_CREAT;
  if (oflags & abi::kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & abi::kOflagExcl) flags |= O_EXCL;
  if (oflags & abi::kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & abi::kFdflagAppend) flags |= O_APPEND;
  if (fdflags & abi::kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & abi::kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & (abi::kFdflagSync | abi::kFdflagRsync)) flags |= O_SYNC;
  if (!(dirflags & abi::kLookupSymlinkFollow)) flags |= O_NOFOLLOW;

  HostFd opened;
  if (Errno error = open_beneath(directory->host.get(), *guest_path, flags, 0666, opened); error != Errno::Success)
    return error;
  // A new fd gets what was asked for, but nothing its directory may not pass on.
  FdEntry entry{std::move(opened), rights_base & directory->rights_inheriting,
                rights_inheriting & directory->rights_inheriting, std::nullopt};
  auto number = context.fds().insert(std::move(entry));
  if (!number) return Errno::Nfile;
  store(memory, fd_out, *number);
  return Errno::Success;
}

}  // namespace wasmprof::wasi::calls
