// Bad guest pointers: every range that is not wholly inside memory is Fault (ptr + len overflow
// included), and no argument values whatsoever make a call crash or touch memory outside the
// guest's (the sanitizer build checks the latter).
#include <fcntl.h>
#include <random>
#include <set>
#include <unistd.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

TEST(GuestRange, AcceptsExactlyTheRangesInsideMemory) {
  uint8_t bytes[16];
  GuestMemory memory{bytes, sizeof bytes};
  EXPECT_TRUE(guest_range(memory, 0, 16));
  EXPECT_TRUE(guest_range(memory, 16, 0));
  EXPECT_TRUE(guest_range(memory, 15, 1));
  EXPECT_FALSE(guest_range(memory, 15, 2));
  EXPECT_FALSE(guest_range(memory, 17, 0));
  EXPECT_FALSE(guest_range(memory, 0xffffffff, 2));
  EXPECT_FALSE(guest_range(memory, 8, ~uint64_t{0}));
  EXPECT_FALSE(guest_range(memory, ~uint64_t{0}, 1)) << "ptr + len wraps";
  EXPECT_FALSE(guest_range(GuestMemory{}, 0, 1));
  EXPECT_TRUE(guest_range(GuestMemory{}, 0, 0));
}

class Fault : public WasiTest {
 protected:
  uint32_t end() const { return uint32_t(memory_.size()); }
};

TEST_F(Fault, IovecArraysAndBuffersOutsideMemory) {
  uint32_t fd;
  ASSERT_EQ(open("hello.txt", 0, kReadWrite, fd), Errno::Success);
  // The array itself runs off the end.
  EXPECT_EQ(calls::fd_read(*context_, memory_.view(), fd, end() - 4, 1, kOut), Errno::Fault);
  EXPECT_EQ(calls::fd_write(*context_, memory_.view(), fd, kIovs, 0x20000000, kOut), Errno::Fault);
  // A buffer that starts inside and ends outside, or whose ptr + len overflows 32 bits.
  memory_.write_iovec(kIovs, end() - 4, 8);
  EXPECT_EQ(calls::fd_read(*context_, memory_.view(), fd, kIovs, 1, kOut), Errno::Fault);
  memory_.write_iovec(kIovs, 0xfffffff0, 0x20);
  EXPECT_EQ(calls::fd_write(*context_, memory_.view(), fd, kIovs, 1, kOut), Errno::Fault);
  memory_.write_iovec(kIovs, kBuf, 4);
  memory_.write_iovec(kIovs + 8, kBuf, 0xffffffff);
  EXPECT_EQ(calls::fd_pwrite(*context_, memory_.view(), fd, kIovs, 2, 0, kOut), Errno::Fault);
  EXPECT_EQ(read_file(sandbox() / "hello.txt"), "hello, world") << "nothing is written when any iovec is bad";
  // The result pointer.
  memory_.write_iovec(kIovs, kBuf, 4);
  EXPECT_EQ(calls::fd_pread(*context_, memory_.view(), fd, kIovs, 1, 0, end() - 3), Errno::Fault);
}

TEST_F(Fault, ResultPointersOutsideMemory) {
  EXPECT_EQ(calls::fd_seek(*context_, memory_.view(), kSandboxFd, 0, 0, end() - 7), Errno::Fault);
  EXPECT_EQ(calls::fd_tell(*context_, memory_.view(), kSandboxFd, end()), Errno::Fault);
  EXPECT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), kSandboxFd, end() - 23), Errno::Fault);
  EXPECT_EQ(calls::fd_filestat_get(*context_, memory_.view(), kSandboxFd, end() - 63), Errno::Fault);
  EXPECT_EQ(calls::fd_prestat_get(*context_, memory_.view(), kSandboxFd, end() - 7), Errno::Fault);
  EXPECT_EQ(calls::fd_prestat_dir_name(*context_, memory_.view(), kSandboxFd, end() - 7, 100), Errno::Fault);
  EXPECT_EQ(calls::fd_readdir(*context_, memory_.view(), kSandboxFd, end() - 10, 100, 0, kOut), Errno::Fault);
  EXPECT_EQ(calls::fd_readdir(*context_, memory_.view(), kSandboxFd, kBuf, 100, 0, 0xffffffff), Errno::Fault);
  EXPECT_EQ(calls::clock_time_get(*context_, memory_.view(), 0, 0, end() - 4), Errno::Fault);
  EXPECT_EQ(calls::clock_res_get(*context_, memory_.view(), 1, 0xfffffffc), Errno::Fault);
  EXPECT_EQ(calls::random_get(*context_, memory_.view(), end() - 10, 11), Errno::Fault);
  EXPECT_EQ(calls::random_get(*context_, memory_.view(), 0xffffffff, 0xffffffff), Errno::Fault);
}

TEST_F(Fault, PathsOutsideMemory) {
  EXPECT_EQ(calls::path_open(*context_, memory_.view(), kSandboxFd, 0, end() - 2, 9, 0, 0, 0, 0, kOut), Errno::Fault);
  EXPECT_EQ(calls::path_create_directory(*context_, memory_.view(), kSandboxFd, 0xffffffff, 2), Errno::Fault);
  EXPECT_EQ(calls::path_filestat_get(*context_, memory_.view(), kSandboxFd, 0, kPath, 0xffffffff, kOut), Errno::Fault);
  memory_.write_bytes(kPath, "hello.txt");
  EXPECT_EQ(calls::path_filestat_get(*context_, memory_.view(), kSandboxFd, 0, kPath, 9, end() - 1), Errno::Fault);
  EXPECT_EQ(calls::path_symlink(*context_, memory_.view(), end(), 1, kSandboxFd, kPath, 9), Errno::Fault);
  EXPECT_EQ(calls::path_rename(*context_, memory_.view(), kSandboxFd, kPath, 9, kSandboxFd, end() - 1, 5), Errno::Fault);
  EXPECT_TRUE(std::filesystem::exists(sandbox() / "hello.txt"));
  EXPECT_EQ(calls::path_link(*context_, memory_.view(), kSandboxFd, 0, kPath, 9, kSandboxFd, 0xfffffff0, 0x20),
            Errno::Fault);
  EXPECT_EQ(calls::path_readlink(*context_, memory_.view(), kSandboxFd, kPath, 9, end() - 1, 2, kOut), Errno::Fault);
  uint32_t fd;
  EXPECT_EQ(open("opened-but-fault.txt", abi::kOflagCreat, kReadWrite, fd, 0, abi::kLookupSymlinkFollow), Errno::Success);
  memory_.write_bytes(kPath, "never-created");
  EXPECT_EQ(calls::path_open(*context_, memory_.view(), kSandboxFd, 0, kPath, 13, abi::kOflagCreat, kReadWrite, 0, 0,
                             end() - 2),
            Errno::Fault);
  EXPECT_FALSE(std::filesystem::exists(sandbox() / "never-created")) << "a bad result pointer is found before acting";
}

TEST_F(Fault, AContextWithNoMemoryFaultsOnEveryPointer) {
  EXPECT_EQ(calls::args_sizes_get(*context_, GuestMemory{}, 0, 4), Errno::Fault);
  EXPECT_EQ(calls::fd_write(*context_, GuestMemory{}, 1, 0, 1, 8), Errno::Fault);
  EXPECT_EQ(calls::sched_yield(*context_, GuestMemory{}), Errno::Success);
}

// Every function with argument values drawn from the edges of memory and of each type, many
// times over. What is checked is that nothing crashes and memory outside the guest's is never
// touched (ASan catches either); each call must also return an errno the spec defines.
TEST_F(Fault, ArbitraryArgumentsNeverCrash) {
  WasiConfig config;
  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(null_fd, 0);
  config.stdin_fd = config.stdout_fd = config.stderr_fd = null_fd;
  config.args = {"fuzz", "arg"};
  config.env = {"A=B"};
  config.preopens = {{sandbox().string(), "/sandbox"}};
  make_context(config);
  ::close(null_fd);

  // Small memory so random pointers often land near its end.
  FakeMemory small(4096);
  std::mt19937_64 random(12345);
  const uint64_t edges[] = {0, 1, 2, 3, 4, 5, 8, 24, 64, 4095, 4096, 4097, 0x7fffffff, 0x80000000, 0xfffffff0,
                            0xffffffff, 0x100000000ull, ~0ull};
  // These could block on a random clock, or reserve disk for a random length.
  const std::set<std::string_view> skipped = {"poll_oneoff", "fd_allocate", "proc_exit"};
  size_t calls_made = 0;
  for (int round = 0; round < 400; ++round) {
    for (const WasiFunction& function : preview1_functions()) {
      if (skipped.contains(function.name)) continue;
      uint64_t args[16] = {}, results[1] = {};
      for (size_t i = 0; i < function.params.size(); ++i) {
        const uint64_t value = random() % 3 == 0 ? edges[random() % std::size(edges)] : random() % 4200;
        args[i] = function.params[i] == ValueType::I32 ? (value & 0xffffffff) : value;
      }
      // Random bytes in memory: iovecs, subscriptions and paths get arbitrary contents too.
      for (int i = 0; i < 64; ++i) small.data()[random() % small.size()] = uint8_t(random());
      WasiOutcome outcome = function.call(*context_, small.view(), args, results);
      EXPECT_FALSE(outcome.exited);
      EXPECT_LE(outcome.value, uint32_t(Errno::Notcapable)) << function.name;
      ++calls_made;
    }
  }
  EXPECT_GT(calls_made, 10000u);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
