// The guest's file descriptors: each guest fd number owns one host fd.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "wasi/wasi.hh"

namespace wasmprof::wasi {

// Owns a host fd and closes it once.
class HostFd {
 public:
  HostFd() = default;
  explicit HostFd(int fd) : fd_(fd) {}
  HostFd(HostFd&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), may_block_(std::exchange(other.may_block_, std::nullopt)) {}
  HostFd& operator=(HostFd&& other) noexcept;
  HostFd(const HostFd&) = delete;
  HostFd& operator=(const HostFd&) = delete;
  ~HostFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset();

  // Whether a read or write on it can block: a pipe, socket or character device (a terminal)
  // not in O_NONBLOCK mode. Found on first use and remembered (one syscall less per call);
  // fd_fdstat_set_flags, which can change O_NONBLOCK, forgets it.
  bool may_block();
  void forget_may_block() { may_block_.reset(); }

 private:
  int fd_ = -1;
  std::optional<bool> may_block_;
};

struct FdEntry {
  HostFd host;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  std::optional<std::string> preopen_name;  // the guest path of a preopened directory
};

class FdTable {
 public:
  // Guest fds above this are refused (Errno::Nfile): a bound on what one guest can hold.
  static constexpr uint32_t kMaxFds = 1u << 16;

  FdEntry* find(uint32_t fd);
  // Places the entry at the lowest free number, as POSIX does.
  std::optional<uint32_t> insert(FdEntry entry);
  void put(uint32_t fd, FdEntry entry) { entries_[fd] = std::move(entry); }
  bool close(uint32_t fd) { return entries_.erase(fd) == 1; }
  // fd_renumber: both must be open; `to` is closed and `from` takes its number.
  Errno renumber(uint32_t from, uint32_t to);

 private:
  std::map<uint32_t, FdEntry> entries_;
};

}  // namespace wasmprof::wasi
