// sock_* on sockets a guest was handed: a connected socket as stdin, a listening one to accept
// from. Fds that are not open are Badf; bad flags are Inval.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class Sockets : public WasiTest {
 protected:
  void SetUp() override {
    WasiTest::SetUp();
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair_), 0);
    WasiConfig config;
    config.stdin_fd = pair_[0];  // the guest's fd 0 is one end; the test holds the other
    make_context(config);
  }
  void TearDown() override {
    for (int fd : pair_) ::close(fd);
  }
  Errno send(uint32_t fd, std::string_view data) {
    memory_.write_bytes(kBuf, data);
    memory_.write_iovec(kIovs, kBuf, uint32_t(data.size()));
    return calls::sock_send(*context_, memory_.view(), fd, kIovs, 1, 0, kOut);
  }
  Errno recv(uint32_t fd, uint32_t max, uint32_t flags, std::string& data) {
    memory_.write_iovec(kIovs, kBuf, max);
    Errno error = calls::sock_recv(*context_, memory_.view(), fd, kIovs, 1, flags, kOut, kOut + 4);
    data = error == Errno::Success ? memory_.read_bytes(kBuf, memory_.read<uint32_t>(kOut)) : "";
    return error;
  }
  int pair_[2] = {-1, -1};
};

TEST_F(Sockets, SendAndReceiveOnAConnectedSocket) {
  ASSERT_EQ(send(0, "ping"), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 4u);
  char buffer[8] = {};
  ASSERT_EQ(::read(pair_[1], buffer, sizeof buffer), 4);
  EXPECT_EQ(std::string(buffer, 4), "ping");

  ASSERT_EQ(::write(pair_[1], "pong!", 5), 5);
  std::string data;
  ASSERT_EQ(recv(0, 100, 1 /* peek */, data), Errno::Success);
  EXPECT_EQ(data, "pong!");
  ASSERT_EQ(recv(0, 3, 0, data), Errno::Success);
  EXPECT_EQ(data, "pon") << "peeking left the data in place";
  EXPECT_EQ(memory_.read<uint16_t>(kOut + 4), 0);
}

TEST_F(Sockets, ShutdownEndsTheStream) {
  ASSERT_EQ(calls::sock_shutdown(*context_, memory_.view(), 0, 2 /* wr */), Errno::Success);
  char buffer[4];
  EXPECT_EQ(::read(pair_[1], buffer, sizeof buffer), 0) << "the peer sees end of stream";
  EXPECT_EQ(send(0, "late"), Errno::Pipe) << "and sending after it is Pipe, without a SIGPIPE";
  EXPECT_EQ(calls::sock_shutdown(*context_, memory_.view(), 0, 0), Errno::Inval);
  EXPECT_EQ(calls::sock_shutdown(*context_, memory_.view(), 0, 4), Errno::Inval);
}

TEST_F(Sockets, AcceptFromAListeningSocket) {
  TempDir dir;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = (dir.path() / "s").string();
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  WasiConfig config;
  config.stdin_fd = listener;
  make_context(config);
  ::close(listener);

  // A non-blocking listener with nobody connecting: Again rather than waiting.
  ASSERT_EQ(calls::fd_fdstat_set_flags(*context_, memory_.view(), 0, abi::kFdflagNonblock), Errno::Success);
  EXPECT_EQ(calls::sock_accept(*context_, memory_.view(), 0, 0, kOut), Errno::Again);
  const int client = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  // The flags are the new fd's.
  ASSERT_EQ(calls::sock_accept(*context_, memory_.view(), 0, abi::kFdflagNonblock, kOut), Errno::Success);
  const uint32_t accepted = memory_.read<uint32_t>(kOut);
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), accepted, kOut + 8), Errno::Success);
  EXPECT_EQ(memory_.read<uint16_t>(kOut + 10), abi::kFdflagNonblock);
  EXPECT_NE(accepted, 0u);
  ASSERT_EQ(send(accepted, "hi"), Errno::Success);
  char buffer[4] = {};
  EXPECT_EQ(::read(client, buffer, sizeof buffer), 2);
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), accepted, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint8_t>(kOut), abi::kFiletypeSocketStream);
  EXPECT_EQ(calls::sock_accept(*context_, memory_.view(), 0, 0x10, kOut), Errno::Inval);
  ::close(client);
}

TEST_F(Sockets, BadFdsFlagsAndPointers) {
  std::string data;
  EXPECT_EQ(recv(99, 10, 0, data), Errno::Badf);
  EXPECT_EQ(send(99, "x"), Errno::Badf);
  EXPECT_EQ(recv(0, 10, 4, data), Errno::Inval);
  memory_.write_iovec(kIovs, kBuf, 1);
  EXPECT_EQ(calls::sock_send(*context_, memory_.view(), 0, kIovs, 1, 1, kOut), Errno::Inval);
  EXPECT_EQ(calls::sock_recv(*context_, memory_.view(), 0, kIovs, 1, 0, kOut, uint32_t(memory_.size()) - 1),
            Errno::Fault);
  memory_.write_iovec(kIovs, uint32_t(memory_.size()) - 1, 2);
  EXPECT_EQ(calls::sock_send(*context_, memory_.view(), 0, kIovs, 1, 0, kOut), Errno::Fault);
  EXPECT_EQ(calls::sock_accept(*context_, memory_.view(), 0, 0, uint32_t(memory_.size())), Errno::Fault);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
