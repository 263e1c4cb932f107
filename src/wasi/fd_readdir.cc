// fd_readdir. The cookie of an entry is its position in the directory's listing (as the kernel
// returns it, "." and ".." included) and d_next is the position after it, so a guest can resume
// anywhere; each call lists the directory afresh, so no per-fd state can go stale.
#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"
#include "wasi/host_file.hh"

namespace wasmprof::wasi::calls {
namespace {

struct DirEntry {
  uint64_t inode;
  uint8_t filetype;
  std::string name;
};

abi::Filetype filetype_from_dtype(int directory_fd, unsigned char dtype, const char* name) {
  switch (dtype) {
    case DT_REG: return abi::kFiletypeRegularFile;
    case DT_DIR: return abi::kFiletypeDirectory;
    case DT_LNK: return abi::kFiletypeSymbolicLink;
    case DT_CHR: return abi::kFiletypeCharacterDevice;
    case DT_BLK: return abi::kFiletypeBlockDevice;
    case DT_SOCK: return abi::kFiletypeSocketStream;
    case DT_UNKNOWN: {
      // Some file systems do not fill d_type; ask for the entry itself then.
      struct stat st {};
      if (fstatat(directory_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) return filetype_from_mode(st.st_mode);
      return abi::kFiletypeUnknown;
    }
    default: return abi::kFiletypeUnknown;
  }
}

Errno list_directory(int fd, std::vector<DirEntry>& entries) {
  if (lseek(fd, 0, SEEK_SET) < 0) return errno_from_host(errno);
  alignas(8) char buffer[16384];
  for (;;) {
    long got = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    if (got == 0) return Errno::Success;
    for (long offset = 0; offset < got;) {
      // struct linux_dirent64: d_ino u64 @0, d_off s64 @8, d_reclen u16 @16, d_type u8 @18, d_name @19
      const char* record = buffer + offset;
      uint64_t inode;
      uint16_t record_length;
      std::memcpy(&inode, record, 8);
      std::memcpy(&record_length, record + 16, 2);
      const unsigned char dtype = static_cast<unsigned char>(record[18]);
      const char* name = record + 19;
      entries.push_back(DirEntry{inode, filetype_from_dtype(fd, dtype, name), std::string(name)});
      offset += record_length;
    }
  }
}

}  // namespace

Errno fd_readdir(Ctx context, Mem memory, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                 uint32_t bufused_out) {
  FdEntry* entry = find_fd(context, fd);
  if (!entry) return Errno::Badf;
  auto out = guest_range(memory, buf, buf_len);
  if (!out || !guest_range(memory, bufused_out, 4)) return Errno::Fault;
  std::vector<DirEntry> entries;
  if (Errno error = list_directory(entry->host.get(), entries); error != Errno::Success) return error;

  // Entries are laid out back to back; the last one is cut off where the buffer ends, which is
  // how the guest learns that it should ask again (with a bigger buffer if one entry did not fit).
  std::vector<uint8_t> listing;
  for (uint64_t index = cookie; index < entries.size() && listing.size() < buf_len; ++index) {
    const DirEntry& dirent = entries[index];
    uint8_t header[abi::kDirentSize] = {};
    std::span<uint8_t> fields(header);
    put<uint64_t>(fields, 0, index + 1);
    put<uint64_t>(fields, 8, dirent.inode);
    put<uint32_t>(fields, 16, static_cast<uint32_t>(dirent.name.size()));
    put<uint8_t>(fields, 20, dirent.filetype);
    listing.insert(listing.end(), header, header + sizeof header);
    listing.insert(listing.end(), dirent.name.begin(), dirent.name.end());
  }
  const uint32_t used = static_cast<uint32_t>(std::min<uint64_t>(listing.size(), buf_len));
  std::copy_n(listing.begin(), used, out->begin());
  store(memory, bufused_out, used);
  return Errno::Success;
}

}  // namespace wasmprof::wasi::calls
