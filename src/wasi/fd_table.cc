#include "wasi/fd_table.hh"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasmprof::wasi {

HostFd& HostFd::operator=(HostFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
    may_block_ = std::exchange(other.may_block_, std::nullopt);
  }
  return *this;
}

void HostFd::reset() {
  // close() on Linux releases the fd even when it reports an error, so it is never retried.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  may_block_.reset();
}

bool HostFd::may_block() {
  if (!may_block_) {
    struct stat st;
    const int flags = fcntl(fd_, F_GETFL);
    if (fstat(fd_, &st) != 0 || flags < 0) return false;  // not remembered: the call itself will say why
    may_block_ = (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode)) && !(flags & O_NONBLOCK);
  }
  return *may_block_;
}

FdEntry* FdTable::find(uint32_t fd) {
  auto it = entries_.find(fd);
  return it == entries_.end() ? nullptr : &it->second;
}

std::optional<uint32_t> FdTable::insert(FdEntry entry) {
  uint32_t candidate = 0;
  for (const auto& [number, unused] : entries_) {
    if (number != candidate) break;
    ++candidate;
  }
  if (candidate >= kMaxFds) return std::nullopt;
  entries_.emplace(candidate, std::move(entry));
  return candidate;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  auto source = entries_.find(from);
  if (source == entries_.end() || !entries_.contains(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  FdEntry moved = std::move(source->second);
  entries_.erase(source);
  entries_[to] = std::move(moved);  // the old entry at `to` is destroyed, closing its host fd
  return Errno::Success;
}

}  // namespace wasmprof::wasi
