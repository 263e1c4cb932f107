// InterruptHandle: stopping a guest from another thread (or before it runs), and waking a host
// function that blocks in InterruptHandle::poll.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <optional>
#include <thread>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

struct Loops {
  Engine engine{test::config()};
  Store<int> store;
  Instance instance;
  std::function<void()> on_tick = [] {};

  Loops() : store(engine, 0) {
    Linker linker(engine);
    EXPECT_TRUE(linker.func_wrap("env", "tick", [this] { on_tick(); }).ok());
    instance = linker.instantiate(store, test::load_module(engine, "loops")).value();
  }
};

void expect_interrupt(const Error& error, uint32_t func_index) {
  ASSERT_TRUE(error.trap) << error.to_string();
  EXPECT_EQ(error.trap->code(), TrapCode::Interrupt);
  ASSERT_FALSE(error.trap->backtrace().frames().empty());
  EXPECT_EQ(error.trap->backtrace().frames()[0].func_index, func_index);
}

TEST(Interrupt, BeforeACallStopsItAtItsFirstInstruction) {
  Loops f;
  f.store.interrupt_handle().interrupt();
  EXPECT_TRUE(f.store.interrupt_handle().interrupt_requested());
  Result<int32_t> result = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count")->call(f.store, 10);
  ASSERT_FALSE(result.ok());
  expect_interrupt(result.error(), 2);  // count (after the import and spin)
  // The trap took the request: the next call runs to its end.
  EXPECT_FALSE(f.store.interrupt_handle().interrupt_requested());
  result = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count")->call(f.store, 10);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value(), 0);
}

// A thread that interrupts the store 5 ms after its next call enters wasm (most likely inside the
// guest's loop or recursion by then); its call hook goes with it.
class Stopper {
 public:
  explicit Stopper(Loops& f) : store_(f.store) {
    f.store.call_hook([this](StoreContext, CallHook kind) -> Result<Ok> {
      if (kind == CallHook::CallingWasm) entered_ = true;
      return Ok{};
    });
    thread_ = std::thread([this, handle = f.store.interrupt_handle()]() mutable {
      while (!entered_) std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      handle.interrupt();
    });
  }
  ~Stopper() {
    thread_.join();
    store_.call_hook(nullptr);
  }

 private:
  StoreContext store_;
  std::atomic<bool> entered_{false};
  std::thread thread_;
};

TEST(Interrupt, FromAnotherThreadStopsAnInfiniteLoopWithoutEpochsOrFuel) {
  Loops f;
  Result<Ok> result = [&] {
    Stopper stopper(f);
    return f.instance.get_typed_func<void()>(f.store, "spin")->call(f.store);
  }();
  ASSERT_FALSE(result.ok());
  expect_interrupt(result.error(), 1);
}

// Served at a function entry: a recursion with no loop (compiled, its only check points).
TEST(Interrupt, FromAnotherThreadStopsARecursionWithoutLoops) {
  Loops f;
  auto fib = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "fib").value();
  ASSERT_EQ(fib.call(f.store, 20).value(), 6765);  // compiled by now: the request lands in the recursion
  Result<int32_t> result = [&] {
    Stopper stopper(f);
    return fib.call(f.store, 45);
  }();
  ASSERT_FALSE(result.ok()) << "fib(45) ran to its end: " << result.value();
  expect_interrupt(result.error(), 4);  // fib (after the import, spin, count, tick_forever)
  EXPECT_GT(result.error().trap->backtrace().frames().size(), 1u);  // stopped inside the recursion
  EXPECT_FALSE(f.store.interrupt_handle().interrupt_requested());
}

TEST(Interrupt, FromAnotherThreadStopsALoopThatCallsTheHost) {
  Loops f;
  std::atomic<int> ticks{0};
  f.on_tick = [&] { ++ticks; };
  InterruptHandle handle = f.store.interrupt_handle();
  std::thread stopper([&] {
    while (ticks < 1000) std::this_thread::yield();
    handle.interrupt();
  });
  Result<Ok> result = f.instance.get_typed_func<void()>(f.store, "tick_forever")->call(f.store);
  stopper.join();
  ASSERT_FALSE(result.ok());
  expect_interrupt(result.error(), 3);
}

// A host function waiting on a pipe that never gets data returns when the guest is
// interrupted, whether the request comes before or during its wait, and the guest traps as
// soon as it is back in wasm.
TEST(Interrupt, WakesAHostFunctionBlockedInPoll) {
  for (bool before : {true, false}) {
    Loops f;
    int pipe_fds[2];
    ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
    InterruptHandle handle = f.store.interrupt_handle();
    std::atomic<bool> waiting{false};
    int wait_result = 0, wait_errno = 0;
    f.on_tick = [&] {
      waiting = true;
      pollfd fd{pipe_fds[0], POLLIN, 0};
      wait_result = handle.poll(&fd, 1, nullptr);
      wait_errno = errno;
    };
    if (before) handle.interrupt();
    std::optional<std::thread> stopper;
    if (!before) stopper.emplace([&] {
      while (!waiting) std::this_thread::yield();
      handle.interrupt();
    });
    Result<Ok> result = f.instance.get_typed_func<void()>(f.store, "tick_forever")->call(f.store);
    if (stopper) stopper->join();
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    ASSERT_FALSE(result.ok());
    if (before) {
      expect_interrupt(result.error(), 3);  // stopped before the first tick
      EXPECT_FALSE(waiting);
      continue;
    }
    EXPECT_EQ(wait_result, -1);
    EXPECT_EQ(wait_errno, EINTR);
    expect_interrupt(result.error(), 3);
  }
}

TEST(Interrupt, PollReportsReadyFdsAndATimeoutAsPpollDoes) {
  Loops f;
  InterruptHandle handle = f.store.interrupt_handle();
  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  pollfd fd{pipe_fds[0], POLLIN, 0};
  const timespec none{0, 0};
  EXPECT_EQ(handle.poll(&fd, 1, &none), 0);
  ASSERT_EQ(write(pipe_fds[1], "x", 1), 1);
  EXPECT_EQ(handle.poll(&fd, 1, nullptr), 1);
  EXPECT_TRUE(fd.revents & POLLIN);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

// An interrupt served by a trap leaves a stale wake-up behind; a later wait is not ended by it.
TEST(Interrupt, AServedInterruptDoesNotEndALaterWait) {
  Loops f;
  InterruptHandle handle = f.store.interrupt_handle();
  pollfd nothing{-1, 0, 0};
  const timespec none{0, 0};
  (void)handle.poll(&nothing, 1, &none);  // makes the wake-up fd
  handle.interrupt();
  ASSERT_FALSE(f.instance.get_typed_func<void()>(f.store, "spin")->call(f.store).ok());
  EXPECT_FALSE(handle.interrupt_requested());
  int result;
  do {
    result = handle.poll(&nothing, 1, &none);  // EINTR at most once, for the stale wake-up
  } while (result < 0 && errno == EINTR && !handle.interrupt_requested());
  EXPECT_EQ(result, 0);
}

TEST(Interrupt, AHandleMayOutliveItsStore) {
  std::optional<InterruptHandle> handle;
  {
    Loops f;
    handle = f.store.interrupt_handle();
  }
  handle->interrupt();
  EXPECT_TRUE(handle->interrupt_requested());
}

}  // namespace
}  // namespace wasmprof
