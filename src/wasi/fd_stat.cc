// What a guest fd is (fdstat, filestat, prestat) and changing its flags, rights, size and times.
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"
#include "wasi/host_file.hh"

namespace wasmprof::wasi::calls {

Errno fd_fdstat_get(Ctx context, Mem memory, uint32_t fd, uint32_t fdstat_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  auto out = guest_range(memory, fdstat_out, abi::kFdstatSize);
  if (!out) return Errno::Fault;
  struct stat st {};
  if (fstat(entry->host.get(), &st) != 0) return errno_from_host(errno);
  const int status = fcntl(entry->host.get(), F_GETFL);
  if (status < 0) return errno_from_host(errno);
  uint16_t flags = 0;
  if (status & O_APPEND) flags |= abi::kFdflagAppend;
  if (status & O_NONBLOCK) flags |= abi::kFdflagNonblock;
  // O_SYNC includes O_DSYNC's bit on Linux, so test the wider flag first.
  if ((status & O_SYNC) == O_SYNC) flags |= abi::kFdflagSync | abi::kFdflagRsync;
  else if (status & O_DSYNC) flags |= abi::kFdflagDsync;
  std::fill(out->begin(), out->end(), uint8_t{0});
  put<uint8_t>(*out, 0, filetype_from_mode(st.st_mode));
  put<uint16_t>(*out, 2, flags);
  put<uint64_t>(*out, 8, entry->rights_base);
  put<uint64_t>(*out, 16, entry->rights_inheriting);
  return Errno::Success;
}

Errno fd_fdstat_set_flags(Ctx context, Mem, uint32_t fd, uint32_t flags) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  // Linux cannot switch an open fd to synchronous I/O (F_SETFL ignores O_SYNC and O_DSYNC).
  if (flags & (abi::kFdflagDsync | abi::kFdflagRsync | abi::kFdflagSync)) return Errno::Notsup;
  if (flags & ~uint32_t{abi::kFdflagAppend | abi::kFdflagNonblock}) return Errno::Inval;
  const int status = fcntl(entry->host.get(), F_GETFL);
  if (status < 0) return errno_from_host(errno);
  int updated = status & ~(O_APPEND | O_NONBLOCK);
  if (flags & abi::kFdflagAppend) updated |= O_APPEND;
  if (flags & abi::kFdflagNonblock) updated |= O_NONBLOCK;
  entry->host.forget_may_block();
  if (fcntl(entry->host.get(), F_SETFL, updated) != 0) return errno_from_host(errno);
  return Errno::Success;
}

Errno fd_fdstat_set_rights(Ctx context, Mem, uint32_t fd, uint64_t rights_base, uint64_t rights_inheriting) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  // Rights can only be dropped, never gained.
  if ((rights_base & ~entry->rights_base) || (rights_inheriting & ~entry->rights_inheriting))
    return Errno::Notcapable;
  entry->rights_base = rights_base;
  entry->rights_inheriting = rights_inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(Ctx context, Mem memory, uint32_t fd, uint32_t filestat_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  auto out = guest_range(memory, filestat_out, abi::kFilestatSize);
  if (!out) return Errno::Fault;
  struct stat st {};
  if (fstat(entry->host.get(), &st) != 0) return errno_from_host(errno);
  encode_filestat(st, *out);
  return Errno::Success;
}

Errno fd_filestat_set_size(Ctx context, Mem, uint32_t fd, uint64_t size) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  if (size > static_cast<uint64_t>(INT64_MAX)) return Errno::Fbig;
  if (ftruncate(entry->host.get(), static_cast<off_t>(size)) != 0) return errno_from_host(errno);
  return Errno::Success;
}

Errno fd_filestat_set_times(Ctx context, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  auto times = host_times(atim, mtim, fst_flags);
  if (!times) return Errno::Inval;
  if (futimens(entry->host.get(), times->data()) != 0) return errno_from_host(errno);
  return Errno::Success;
}

Errno fd_prestat_get(Ctx context, Mem memory, uint32_t fd, uint32_t prestat_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry || !entry->preopen_name) return Errno::Badf;
  auto out = guest_range(memory, prestat_out, abi::kPrestatSize);
  if (!out) return Errno::Fault;
  std::fill(out->begin(), out->end(), uint8_t{0});
  put<uint8_t>(*out, 0, abi::kPreopentypeDir);
  put<uint32_t>(*out, 4, static_cast<uint32_t>(entry->preopen_name->size()));
  return Errno::Success;
}

Errno fd_prestat_dir_name(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry || !entry->preopen_name) return Errno::Badf;
  const std::string& name = *entry->preopen_name;
  if (path_len < name.size()) return Errno::Nametoolong;
  auto out = guest_range(memory, path, name.size());
  if (!out) return Errno::Fault;
  std::copy(name.begin(), name.end(), out->begin());
  return Errno::Success;
}

}  // namespace wasmprof::wasi::calls
