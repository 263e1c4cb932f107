// TimerThread: the action after each interval (once or repeatedly), and a destructor that ends the
// wait at once instead of sleeping it out.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "support/timer_thread.hh"

namespace wasmprof {
namespace {

using namespace std::chrono_literals;

// Waits (bounded) until `count` reaches `at_least`.
bool reaches(const std::atomic<int>& count, int at_least) {
  for (int i = 0; i < 10000 && count.load() < at_least; ++i) std::this_thread::sleep_for(1ms);
  return count.load() >= at_least;
}

TEST(TimerThread, OnceRunsTheActionOnce) {
  std::atomic<int> runs{0};
  {
    TimerThread timer(1ms, TimerThread::Repeat::Once, [&] { ++runs; });
    ASSERT_TRUE(reaches(runs, 1));
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(runs.load(), 1);
}

TEST(TimerThread, EveryIntervalRunsItUntilDestroyed) {
  std::atomic<int> runs{0};
  {
    TimerThread timer(1ms, TimerThread::Repeat::EveryInterval, [&] { ++runs; });
    ASSERT_TRUE(reaches(runs, 3));
  }
  const int after = runs.load();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(runs.load(), after);  // joined: nothing runs after the destructor
}

TEST(TimerThread, DestroyedBeforeTheIntervalNeverRunsAndDoesNotWaitItOut) {
  std::atomic<int> runs{0};
  { TimerThread timer(24h, TimerThread::Repeat::Once, [&] { ++runs; }); }  // returns: no 24 h wait
  EXPECT_EQ(runs.load(), 0);
}

}  // namespace
}  // namespace wasmprof
