// poll_oneoff: clock subscriptions (relative and absolute), fd readiness, errors per subscription.
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <thread>

#include "wasi/test_support.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof::wasi::testing {
namespace {

struct Event {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};

uint64_t monotonic_ns() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1'000'000'000ull + uint64_t(t.tv_nsec);
}

class Poll : public WasiTest {
 protected:
  static constexpr uint32_t kIn = 16384, kEvents = 24576;

  void SetUp() override {
    WasiTest::SetUp();
    ASSERT_EQ(pipe2(pipe_, O_CLOEXEC), 0);
    WasiConfig config;
    config.stdin_fd = pipe_[0];
    config.stdout_fd = pipe_[1];
    config.preopens = {{sandbox().string(), "/sandbox"}};
    make_context(config);
  }
  void TearDown() override {
    for (int fd : pipe_)
      if (fd >= 0) ::close(fd);
  }

  void clock(uint64_t userdata, uint32_t clock_id, uint64_t timeout, uint16_t flags = 0) {
    const uint32_t at = kIn + count_ * abi::kSubscriptionSize;
    std::memset(memory_.data() + at, 0, abi::kSubscriptionSize);
    memory_.write<uint64_t>(at, userdata);
    memory_.write<uint8_t>(at + 8, abi::kEventClock);
    memory_.write<uint32_t>(at + 16, clock_id);
    memory_.write<uint64_t>(at + 24, timeout);
    memory_.write<uint64_t>(at + 32, 0);
    memory_.write<uint16_t>(at + 40, flags);
    ++count_;
  }
  void fd(uint64_t userdata, uint8_t type, uint32_t fd) {
    const uint32_t at = kIn + count_ * abi::kSubscriptionSize;
    std::memset(memory_.data() + at, 0, abi::kSubscriptionSize);
    memory_.write<uint64_t>(at, userdata);
    memory_.write<uint8_t>(at + 8, type);
    memory_.write<uint32_t>(at + 16, fd);
    ++count_;
  }
  std::vector<Event> poll(Errno expected = Errno::Success) {
    EXPECT_EQ(calls::poll_oneoff(*context_, memory_.view(), kIn, kEvents, count_, kOut), expected);
    std::vector<Event> events;
    if (expected != Errno::Success) return events;
    const uint32_t n = memory_.read<uint32_t>(kOut);
    EXPECT_LE(n, count_);
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t at = kEvents + i * abi::kEventSize;
      events.push_back(Event{memory_.read<uint64_t>(at), memory_.read<uint16_t>(at + 8), memory_.read<uint8_t>(at + 10),
                             memory_.read<uint64_t>(at + 16), memory_.read<uint16_t>(at + 24)});
    }
    return events;
  }

  int pipe_[2] = {-1, -1};
  uint32_t count_ = 0;
};

TEST_F(Poll, NoSubscriptionsIsInval) { poll(Errno::Inval); }

TEST_F(Poll, ARelativeClockWaitsItsTimeout) {
  clock(42, abi::kClockMonotonic, 20'000'000);
  const uint64_t start = monotonic_ns();
  std::vector<Event> events = poll();
  EXPECT_GE(monotonic_ns() - start, 20'000'000u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].userdata, 42u);
  EXPECT_EQ(events[0].error, 0);
  EXPECT_EQ(events[0].type, abi::kEventClock);
}

TEST_F(Poll, AnAbsoluteClockWaitsUntilItsTime) {
  clock(7, abi::kClockMonotonic, monotonic_ns() + 15'000'000, abi::kSubclockAbstime);
  const uint64_t start = monotonic_ns();
  ASSERT_EQ(poll().size(), 1u);
  EXPECT_GE(monotonic_ns() - start, 10'000'000u);
}

TEST_F(Poll, AnAbsoluteTimeInThePastFiresAtOnce) {
  clock(1, abi::kClockRealtime, 1'000'000'000, abi::kSubclockAbstime);  // 1970
  const uint64_t start = monotonic_ns();
  ASSERT_EQ(poll().size(), 1u);
  EXPECT_LT(monotonic_ns() - start, 500'000'000u);
}

TEST_F(Poll, OnlyTheClocksThatExpiredAreReported) {
  clock(1, abi::kClockMonotonic, 10'000'000);
  clock(2, abi::kClockMonotonic, 10'000'000'000ull);
  std::vector<Event> events = poll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].userdata, 1u);
}

TEST_F(Poll, AReadablePipeIsReportedWithItsByteCountBeforeTheTimeout) {
  ASSERT_EQ(::write(pipe_[1], "12345", 5), 5);
  fd(9, abi::kEventFdRead, 0);
  clock(10, abi::kClockMonotonic, 5'000'000'000ull);
  const uint64_t start = monotonic_ns();
  std::vector<Event> events = poll();
  EXPECT_LT(monotonic_ns() - start, 1'000'000'000u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].userdata, 9u);
  EXPECT_EQ(events[0].type, abi::kEventFdRead);
  EXPECT_EQ(events[0].nbytes, 5u);
  EXPECT_EQ(events[0].flags, 0);
}

TEST_F(Poll, AnEmptyPipeIsNotReadableSoTheClockFires) {
  fd(9, abi::kEventFdRead, 0);
  fd(11, abi::kEventFdWrite, 1);
  clock(10, abi::kClockMonotonic, 10'000'000);
  std::vector<Event> events = poll();
  ASSERT_EQ(events.size(), 1u) << "the writable end is ready at once";
  EXPECT_EQ(events[0].userdata, 11u);
  EXPECT_EQ(events[0].type, abi::kEventFdWrite);

  count_ = 0;
  fd(9, abi::kEventFdRead, 0);
  clock(10, abi::kClockMonotonic, 10'000'000);
  events = poll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].userdata, 10u);
}

TEST_F(Poll, AClosedWriterIsAHangup) {
  // Both write ends: the host's and the guest's copy of it (its fd 1).
  ::close(pipe_[1]);
  pipe_[1] = -1;
  ASSERT_EQ(calls::fd_close(*context_, memory_.view(), 1), Errno::Success);
  fd(3, abi::kEventFdRead, 0);
  std::vector<Event> events = poll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].flags, abi::kEventFdReadwriteHangup);
}

TEST_F(Poll, ARegularFileIsAlwaysReady) {
  uint32_t file;
  ASSERT_EQ(open("hello.txt", 0, kReadWrite, file), Errno::Success);
  fd(1, abi::kEventFdRead, file);
  fd(2, abi::kEventFdWrite, file);
  std::vector<Event> events = poll();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].nbytes, 12u);
}

TEST_F(Poll, BadSubscriptionsReportTheirErrorWithoutWaiting) {
  fd(5, abi::kEventFdRead, 99);
  clock(6, 17, 1'000'000);
  clock(7, abi::kClockMonotonic, 10'000'000'000ull);
  const uint64_t start = monotonic_ns();
  std::vector<Event> events = poll();
  EXPECT_LT(monotonic_ns() - start, 1'000'000'000u);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].userdata, 5u);
  EXPECT_EQ(events[0].error, uint16_t(Errno::Badf));
  EXPECT_EQ(events[0].type, abi::kEventFdRead);
  EXPECT_EQ(events[1].userdata, 6u);
  EXPECT_EQ(events[1].error, uint16_t(Errno::Inval));
}

TEST_F(Poll, AnUnknownSubscriptionTagIsInval) {
  clock(1, abi::kClockMonotonic, 0);
  memory_.write<uint8_t>(kIn + 8, 3);
  poll(Errno::Inval);
}

TEST_F(Poll, SubscriptionsOrEventsOutsideMemoryAreFault) {
  clock(1, abi::kClockMonotonic, 0);
  EXPECT_EQ(calls::poll_oneoff(*context_, memory_.view(), uint32_t(memory_.size()) - 40, kEvents, 1, kOut), Errno::Fault);
  EXPECT_EQ(calls::poll_oneoff(*context_, memory_.view(), kIn, uint32_t(memory_.size()) - 31, 1, kOut), Errno::Fault);
  EXPECT_EQ(calls::poll_oneoff(*context_, memory_.view(), kIn, kEvents, 0xffffffff, kOut), Errno::Fault);
  EXPECT_EQ(calls::poll_oneoff(*context_, memory_.view(), kIn, kEvents, 1, uint32_t(memory_.size())), Errno::Fault);
}

// An embedder's interrupt (SIGINT in the CLI) ends the calls that wait: a clock an hour away,
// a read from a pipe that never gets data. The errno never reaches the guest: the interrupt
// traps at its next instruction.
class Interrupted : public Poll {
 protected:
  void SetUp() override {
    Poll::SetUp();
    context_->set_interrupt_handle(&handle_);
  }
  // Interrupts from another thread, soon after the call has begun waiting (or before: the
  // call must end either way).
  std::thread interrupt_soon() {
    return std::thread([this] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      handle_.interrupt();
    });
  }

  Engine engine_;
  Store<int> store_{engine_, 0};
  InterruptHandle handle_ = store_.interrupt_handle();
};

TEST_F(Interrupted, AnInterruptEndsALongClockWait) {
  clock(1, abi::kClockMonotonic, 3600'000'000'000ull);
  std::thread stopper = interrupt_soon();
  poll(Errno::Intr);
  stopper.join();
}

TEST_F(Interrupted, AnInterruptBeforeTheWaitEndsItToo) {
  handle_.interrupt();
  fd(9, abi::kEventFdRead, 0);
  poll(Errno::Intr);
}

TEST_F(Interrupted, AnInterruptEndsAReadFromAnEmptyPipe) {
  std::thread stopper = interrupt_soon();
  std::string data;
  EXPECT_EQ(read(0, 16, data), Errno::Intr);
  stopper.join();
}

TEST_F(Interrupted, WithoutAnInterruptReadsAndPollsAreUnchanged) {
  ASSERT_EQ(::write(pipe_[1], "abc", 3), 3);
  fd(9, abi::kEventFdRead, 0);
  std::vector<Event> events = poll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].nbytes, 3u);
  std::string data;
  ASSERT_EQ(read(0, 16, data), Errno::Success);
  EXPECT_EQ(data, "abc");
}

// An fd the guest makes non-blocking is never waited on, even after reads that waited (the
// fd's "can block" is remembered, and fd_fdstat_set_flags must forget it).
TEST_F(Interrupted, ANonBlockingFdIsNotWaitedOn) {
  ASSERT_EQ(::write(pipe_[1], "abc", 3), 3);
  std::string data;
  ASSERT_EQ(read(0, 16, data), Errno::Success);
  ASSERT_EQ(calls::fd_fdstat_set_flags(*context_, memory_.view(), 0, abi::kFdflagNonblock), Errno::Success);
  std::thread stopper = interrupt_soon();  // ends a wait that should not have begun
  EXPECT_EQ(read(0, 16, data), Errno::Again);
  stopper.join();
}

}  // namespace
}  // namespace wasmprof::wasi::testing
