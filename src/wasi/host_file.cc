#include "wasi/host_file.hh"

#include <unistd.h>

#include "wasi/guest_memory.hh"

namespace wasmprof::wasi {

abi::Filetype filetype_from_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return abi::kFiletypeRegularFile;
    case S_IFDIR: return abi::kFiletypeDirectory;
    case S_IFLNK: return abi::kFiletypeSymbolicLink;
    case S_IFCHR: return abi::kFiletypeCharacterDevice;
    case S_IFBLK: return abi::kFiletypeBlockDevice;
    // Only stream sockets reach a guest here; a datagram socket would need getsockopt to tell.
    case S_IFSOCK: return abi::kFiletypeSocketStream;
    default: return abi::kFiletypeUnknown;  // FIFOs have no preview1 type
  }
}

namespace {
uint64_t nanoseconds(const timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(t.tv_nsec);
}
}  // namespace

void encode_filestat(const struct stat& st, std::span<uint8_t> out) {
  std::fill(out.begin(), out.end(), uint8_t{0});
  put<uint64_t>(out, 0, st.st_dev);
  put<uint64_t>(out, 8, st.st_ino);
  put<uint8_t>(out, 16, filetype_from_mode(st.st_mode));
  put<uint64_t>(out, 24, st.st_nlink);
  put<uint64_t>(out, 32, static_cast<uint64_t>(st.st_size));
  put<uint64_t>(out, 40, nanoseconds(st.st_atim));
  put<uint64_t>(out, 48, nanoseconds(st.st_mtim));
  put<uint64_t>(out, 56, nanoseconds(st.st_ctim));
}

Rights rights_for_host_fd(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return {abi::kAllRights, abi::kAllRights};
  if (S_ISDIR(st.st_mode)) {
    // wasi-libc asks for a new file's rights intersected with its directory's inheriting
    // rights, so a directory passes on every right.
    constexpr uint64_t kNotForDirectories = abi::kRightFdRead | abi::kRightFdWrite | abi::kRightFdSeek |
                                            abi::kRightFdTell | abi::kRightFdAllocate | abi::kRightFdAdvise |
                                            abi::kRightFdFilestatSetSize;
    return {abi::kAllRights & ~kNotForDirectories, abi::kAllRights};
  }
  // wasi-libc's isatty() is "a character device that cannot seek or tell": a terminal must lack
  // those rights for stdio to be line-buffered, as on a native host.
  if (S_ISCHR(st.st_mode) && isatty(fd)) return {abi::kAllRights & ~(abi::kRightFdSeek | abi::kRightFdTell), 0};
  return {abi::kAllRights, 0};
}

}  // namespace wasmprof::wasi

namespace wasmprof::wasi {
namespace {
std::optional<timespec> one_time(uint64_t value, bool given, bool now) {
  if (given && now) return std::nullopt;
  timespec t{};
  if (now) {
    t.tv_nsec = UTIME_NOW;
  } else if (given) {
    t.tv_sec = static_cast<time_t>(value / 1'000'000'000ull);
    t.tv_nsec = static_cast<long>(value % 1'000'000'000ull);
  } else {
    t.tv_nsec = UTIME_OMIT;
  }
  return t;
}
}  // namespace

std::optional<std::array<timespec, 2>> host_times(uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  constexpr uint32_t kKnown = abi::kFstAtim | abi::kFstAtimNow | abi::kFstMtim | abi::kFstMtimNow;
  if (fst_flags & ~kKnown) return std::nullopt;
  auto access = one_time(atim, fst_flags & abi::kFstAtim, fst_flags & abi::kFstAtimNow);
  auto modification = one_time(mtim, fst_flags & abi::kFstMtim, fst_flags & abi::kFstMtimNow);
  if (!access || !modification) return std::nullopt;
  return std::array<timespec, 2>{*access, *modification};
}

}  // namespace wasmprof::wasi
