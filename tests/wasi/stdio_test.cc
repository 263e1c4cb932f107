// The guest's fds 0, 1, 2: dup'ed from the configured host fds, and never closing the host's.
#include <fcntl.h>
#include <unistd.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class Stdio : public WasiTest {
 protected:
  void SetUp() override {
    WasiTest::SetUp();
    ASSERT_EQ(pipe2(in_, O_CLOEXEC), 0);
    ASSERT_EQ(pipe2(out_, O_CLOEXEC), 0);
    WasiConfig config;
    config.stdin_fd = in_[0];
    config.stdout_fd = out_[1];
    config.stderr_fd = out_[1];
    make_context(config);
  }
  void TearDown() override {
    for (int fd : {in_[0], in_[1], out_[0], out_[1]}) ::close(fd);
  }
  std::string drain_stdout() {
    char buffer[256];
    ssize_t got = ::read(out_[0], buffer, sizeof buffer);
    return got > 0 ? std::string(buffer, size_t(got)) : "";
  }
  int in_[2] = {-1, -1}, out_[2] = {-1, -1};
};

TEST_F(Stdio, WritesReachTheHostFd) {
  uint32_t written = 0;
  ASSERT_EQ(write(1, "to stdout ", &written), Errno::Success);
  EXPECT_EQ(written, 10u);
  ASSERT_EQ(write(2, "to stderr", &written), Errno::Success);
  EXPECT_EQ(drain_stdout(), "to stdout to stderr");
}

TEST_F(Stdio, GatherWriteTakesEveryIovecInOrder) {
  memory_.write_bytes(kBuf, "abcdef");
  memory_.write_iovec(kIovs, kBuf + 3, 3);
  memory_.write_iovec(kIovs + 8, kBuf, 0);  // empty iovecs are allowed
  memory_.write_iovec(kIovs + 16, kBuf, 3);
  ASSERT_EQ(calls::fd_write(*context_, memory_.view(), 1, kIovs, 3, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 6u);
  EXPECT_EQ(drain_stdout(), "defabc");
}

TEST_F(Stdio, ReadsComeFromTheHostFdAndEndOfInputIsZeroBytes) {
  ASSERT_EQ(::write(in_[1], "input", 5), 5);
  ::close(in_[1]);
  in_[1] = -1;
  std::string data;
  ASSERT_EQ(read(0, 100, data), Errno::Success);
  EXPECT_EQ(data, "input");
  ASSERT_EQ(read(0, 100, data), Errno::Success);
  EXPECT_EQ(data, "");
}

TEST_F(Stdio, ScatterReadFillsIovecsInOrder) {
  ASSERT_EQ(::write(in_[1], "0123456789", 10), 10);
  memory_.write_iovec(kIovs, kBuf, 4);
  memory_.write_iovec(kIovs + 8, kBuf + 100, 4);
  ASSERT_EQ(calls::fd_read(*context_, memory_.view(), 0, kIovs, 2, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 8u);
  EXPECT_EQ(memory_.read_bytes(kBuf, 4), "0123");
  EXPECT_EQ(memory_.read_bytes(kBuf + 100, 4), "4567");
}

TEST_F(Stdio, ClosingGuestStdoutLeavesTheHostFdOpen) {
  ASSERT_EQ(calls::fd_close(*context_, memory_.view(), 1), Errno::Success);
  EXPECT_EQ(write(1, "x"), Errno::Badf);
  EXPECT_EQ(fcntl(out_[1], F_GETFD), FD_CLOEXEC) << "the host's fd must still be open";
  context_.reset();  // destroying the context closes only its own copies
  EXPECT_GE(fcntl(out_[1], F_GETFD), 0);
  EXPECT_GE(fcntl(in_[0], F_GETFD), 0);
}

TEST_F(Stdio, AHostFdThatIsNotOpenLeavesTheGuestFdClosed) {
  WasiConfig config;
  config.stdin_fd = 987;  // not open
  make_context(config);
  std::string data;
  EXPECT_EQ(read(0, 10, data), Errno::Badf);
}

TEST_F(Stdio, SeekOnAPipeIsSpipeAndFdstatSaysNotATerminal) {
  memory_.write<uint64_t>(kOut, 0);
  EXPECT_EQ(calls::fd_seek(*context_, memory_.view(), 1, 0, abi::kWhenceCur, kOut), Errno::Spipe);
  EXPECT_EQ(calls::fd_tell(*context_, memory_.view(), 0, kOut), Errno::Spipe);
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), 1, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint8_t>(kOut), abi::kFiletypeUnknown);  // a FIFO has no preview1 type
  EXPECT_NE(memory_.read<uint64_t>(kOut + 8) & abi::kRightFdWrite, 0u);
}

TEST_F(Stdio, NonblockingStdinReportsAgainWhenEmpty) {
  ASSERT_EQ(calls::fd_fdstat_set_flags(*context_, memory_.view(), 0, abi::kFdflagNonblock), Errno::Success);
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), 0, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint16_t>(kOut + 2), abi::kFdflagNonblock);
  std::string data;
  EXPECT_EQ(read(0, 10, data), Errno::Again);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
