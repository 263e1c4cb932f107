// The preview1 ABI's constants and the byte layout of the structs guests pass in linear memory
// (witx/typenames.witx: little-endian, natural alignment).
#pragma once

#include <cstdint>

namespace wasmprof::wasi::abi {

// filetype (u8)
enum Filetype : uint8_t {
  kFiletypeUnknown = 0, kFiletypeBlockDevice = 1, kFiletypeCharacterDevice = 2,
  kFiletypeDirectory = 3, kFiletypeRegularFile = 4, kFiletypeSocketDgram = 5,
  kFiletypeSocketStream = 6, kFiletypeSymbolicLink = 7,
};

// fdflags (u16)
inline constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4,
                          kFdflagRsync = 8, kFdflagSync = 16;
// oflags (u16)
inline constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
// lookupflags (u32)
inline constexpr uint32_t kLookupSymlinkFollow = 1;
// fstflags (u16)
inline constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
// whence (u8)
inline constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;
// clockid (u32)
inline constexpr uint32_t kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2,
                          kClockThreadCputime = 3;
// eventtype (u8)
inline constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
// eventrwflags (u16)
inline constexpr uint16_t kEventFdReadwriteHangup = 1;
// subclockflags (u16)
inline constexpr uint16_t kSubclockAbstime = 1;
// preopentype (u8)
inline constexpr uint8_t kPreopentypeDir = 0;
// advice (u8): normal .. noreuse
inline constexpr uint8_t kAdviceNoreuse = 5;

// rights (u64): bit n is the n-th right of the witx, fd_datasync .. sock_accept.
enum Right : uint64_t {
  kRightFdDatasync = 1ull << 0, kRightFdRead = 1ull << 1, kRightFdSeek = 1ull << 2,
  kRightFdFdstatSetFlags = 1ull << 3, kRightFdSync = 1ull << 4, kRightFdTell = 1ull << 5,
  kRightFdWrite = 1ull << 6, kRightFdAdvise = 1ull << 7, kRightFdAllocate = 1ull << 8,
  kRightPathCreateDirectory = 1ull << 9, kRightPathCreateFile = 1ull << 10,
  kRightPathLinkSource = 1ull << 11, kRightPathLinkTarget = 1ull << 12,
  kRightPathOpen = 1ull << 13, kRightFdReaddir = 1ull << 14, kRightPathReadlink = 1ull << 15,
  kRightPathRenameSource = 1ull << 16, kRightPathRenameTarget = 1ull << 17,
  kRightPathFilestatGet = 1ull << 18, kRightPathFilestatSetSize = 1ull << 19,
  kRightPathFilestatSetTimes = 1ull << 20, kRightFdFilestatGet = 1ull << 21,
  kRightFdFilestatSetSize = 1ull << 22, kRightFdFilestatSetTimes = 1ull << 23,
  kRightPathSymlink = 1ull << 24, kRightPathRemoveDirectory = 1ull << 25,
  kRightPathUnlinkFile = 1ull << 26, kRightPollFdReadwrite = 1ull << 27,
  kRightSockShutdown = 1ull << 28, kRightSockAccept = 1ull << 29,
};
inline constexpr uint64_t kAllRights = (1ull << 30) - 1;

// iovec / ciovec: buf u32 @0, buf_len u32 @4
inline constexpr uint32_t kIovecSize = 8;
// fdstat: fs_filetype u8 @0, fs_flags u16 @2, fs_rights_base u64 @8, fs_rights_inheriting u64 @16
inline constexpr uint32_t kFdstatSize = 24;
// filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56
inline constexpr uint32_t kFilestatSize = 64;
// dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows
inline constexpr uint32_t kDirentSize = 24;
// prestat: tag u8 @0, pr_name_len u32 @4
inline constexpr uint32_t kPrestatSize = 8;
// subscription: userdata u64 @0, tag u8 @8, then at @16 either
//   clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40
//   fd_readwrite: file_descriptor u32 @16
inline constexpr uint32_t kSubscriptionSize = 48;
// event: userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite.nbytes u64 @16, .flags u16 @24
inline constexpr uint32_t kEventSize = 32;

}  // namespace wasmprof::wasi::abi
