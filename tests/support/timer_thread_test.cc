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

// Repeated actions keep to absolute deadlines: a late wake-up or a slow action does not move the
// next deadline, which stays one interval after the last.
TEST(TimerThread, TheNextDeadlineIsOneIntervalAfterTheLastEvenWhenLate) {
  const auto start = std::chrono::steady_clock::time_point{} + 1h;
  EXPECT_EQ(next_deadline(start, start, 100us), start + 100us);
  EXPECT_EQ(next_deadline(start, start + 60us, 100us), start + 100us);
  EXPECT_EQ(next_deadline(start, start + 99us, 100us), start + 100us);
}

// Deadlines missed while the thread did not run are skipped, not made up in a burst.
TEST(TimerThread, DeadlinesMissedWhileNotRunningAreSkipped) {
  const auto start = std::chrono::steady_clock::time_point{} + 1h;
  EXPECT_EQ(next_deadline(start, start + 100us, 100us), start + 200us);
  EXPECT_EQ(next_deadline(start, start + 5ms + 30us, 100us), start + 5ms + 130us);
}

}  // namespace
}  // namespace wasmprof
