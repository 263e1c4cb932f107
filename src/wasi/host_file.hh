// Host file facts in preview1's terms: file types, filestat, and the rights a new fd gets.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <time.h>
#include <span>
#include <sys/stat.h>

#include "wasi/abi.hh"
#include "wasi/fd_table.hh"
#include "wasi/wasi.hh"

namespace wasmprof::wasi {

abi::Filetype filetype_from_mode(mode_t mode);

// Fills a filestat (abi::kFilestatSize bytes, already bounds-checked).
void encode_filestat(const struct stat& st, std::span<uint8_t> out);

// The rights an fd of this kind is given (rights are reported, not enforced: see wasi.hh).
struct Rights {
  uint64_t base = 0;
  uint64_t inheriting = 0;
};
Rights rights_for_host_fd(int fd);

// The utimensat times for fst_flags: a time given and "now" for the same stamp is Inval.
std::optional<std::array<timespec, 2>> host_times(uint64_t atim, uint64_t mtim, uint32_t fst_flags);

// The entry a guest fd names, or nullptr (the caller answers Badf).
inline FdEntry* find_fd(WasiContext& context, uint32_t fd) { return context.fds().find(fd); }

}  // namespace wasmprof::wasi
