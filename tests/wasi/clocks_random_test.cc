// Clocks, random_get and sched_yield.
#include <time.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class ClocksRandom : public WasiTest {
 protected:
  uint64_t now(uint32_t clock) {
    EXPECT_EQ(calls::clock_time_get(*context_, memory_.view(), clock, 1, kOut), Errno::Success);
    return memory_.read<uint64_t>(kOut);
  }
};

TEST_F(ClocksRandom, RealtimeIsTheUnixEpochInNanoseconds) {
  const uint64_t host = uint64_t(::time(nullptr)) * 1'000'000'000ull;
  const uint64_t guest = now(abi::kClockRealtime);
  EXPECT_LT(guest > host ? guest - host : host - guest, 2'000'000'000ull);
}

TEST_F(ClocksRandom, MonotonicNeverGoesBackAndMeasuresASleep) {
  const uint64_t before = now(abi::kClockMonotonic);
  timespec nap{0, 5'000'000};
  nanosleep(&nap, nullptr);
  const uint64_t after = now(abi::kClockMonotonic);
  EXPECT_GE(after - before, 5'000'000u);
}

TEST_F(ClocksRandom, CpuClocksAdvanceWithWork) {
  const uint64_t process = now(abi::kClockProcessCputime);
  const uint64_t thread = now(abi::kClockThreadCputime);
  volatile uint64_t sum = 0;
  for (uint64_t i = 0; i < 20'000'000; ++i) sum = sum + i;
  EXPECT_GT(now(abi::kClockProcessCputime), process);
  EXPECT_GT(now(abi::kClockThreadCputime), thread);
}

TEST_F(ClocksRandom, ResolutionOfEveryClockIsPositive) {
  for (uint32_t clock = 0; clock < 4; ++clock) {
    memory_.write<uint64_t>(kOut, 0);
    ASSERT_EQ(calls::clock_res_get(*context_, memory_.view(), clock, kOut), Errno::Success) << clock;
    EXPECT_GT(memory_.read<uint64_t>(kOut), 0u) << clock;
    EXPECT_LE(memory_.read<uint64_t>(kOut), 1'000'000'000u) << clock;
  }
}

TEST_F(ClocksRandom, UnknownClocksAreInval) {
  EXPECT_EQ(calls::clock_time_get(*context_, memory_.view(), 4, 0, kOut), Errno::Inval);
  EXPECT_EQ(calls::clock_res_get(*context_, memory_.view(), 0xffffffff, kOut), Errno::Inval);
}

TEST_F(ClocksRandom, RandomGetFillsExactlyTheBuffer) {
  memory_.write<uint8_t>(kBuf + 64, 0x5a);
  ASSERT_EQ(calls::random_get(*context_, memory_.view(), kBuf, 64), Errno::Success);
  const std::string first = memory_.read_bytes(kBuf, 64);
  EXPECT_EQ(memory_.read<uint8_t>(kBuf + 64), 0x5a) << "one byte past the buffer is untouched";
  ASSERT_EQ(calls::random_get(*context_, memory_.view(), kBuf, 64), Errno::Success);
  EXPECT_NE(memory_.read_bytes(kBuf, 64), first);
  EXPECT_NE(first, std::string(64, '\0'));
  EXPECT_EQ(calls::random_get(*context_, memory_.view(), kBuf, 0), Errno::Success);
}

TEST_F(ClocksRandom, RandomGetCanFillAllOfMemory) {
  ASSERT_EQ(calls::random_get(*context_, memory_.view(), 0, uint32_t(memory_.size())), Errno::Success);
  size_t zeros = 0;
  for (uint64_t i = 0; i < memory_.size(); ++i) zeros += memory_.data()[i] == 0;
  EXPECT_LT(zeros, memory_.size() / 128);  // ~1/256 expected
}

}  // namespace
}  // namespace wasmprof::wasi::testing
