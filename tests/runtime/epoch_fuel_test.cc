// Epoch interruption and fuel through the Store API.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

struct LoopsFixture {
  Engine engine{test::config()};
  Store<int> store;
  Instance instance;
  std::atomic<int> ticks{0};

  explicit LoopsFixture(Config config) : engine(config), store(engine, 0) {
    Linker linker(engine);
    EXPECT_TRUE(linker.func_wrap("env", "tick", [this] { ++ticks; }).ok());
    instance = linker.instantiate(store, test::load_module(engine, "loops")).value();
  }
};

TEST(Epoch, ADeadlineStopsAnInfiniteLoopFromAnotherThread) {
  LoopsFixture f(test::config().set_epoch_interruption(true));
  f.store.set_epoch_deadline(1);
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    f.engine.increment_epoch();
  });
  Result<Ok> result = f.instance.get_typed_func<void()>(f.store, "spin")->call(f.store);
  ticker.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::Interrupt);
  ASSERT_EQ(result.error().trap->backtrace().frames().size(), 1u);
  EXPECT_EQ(result.error().trap->backtrace().frames()[0].func_index, 1u);  // spin (after the import)
}

// Checked at function entries too: a recursion with no loop (compiled, its only check points).
TEST(Epoch, ADeadlineStopsARecursionWithoutLoops) {
  LoopsFixture f(test::config().set_epoch_interruption(true));
  f.store.set_epoch_deadline(1);
  auto fib = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "fib").value();
  ASSERT_EQ(fib.call(f.store, 20).value(), 6765);  // compiled by now: the deadline passes in the recursion
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    f.engine.increment_epoch();
  });
  Result<int32_t> result = fib.call(f.store, 45);
  ticker.join();
  ASSERT_FALSE(result.ok()) << "fib(45) ran to its end: " << result.value();
  ASSERT_TRUE(result.error().trap) << result.error().to_string();
  EXPECT_EQ(result.error().trap->code(), TrapCode::Interrupt);
  ASSERT_GT(result.error().trap->backtrace().frames().size(), 1u);  // stopped inside the recursion
  EXPECT_EQ(result.error().trap->backtrace().frames()[0].func_index, 4u);  // fib
}

TEST(Epoch, WithoutADeadlineWasmTrapsAtOnceAsInWasmtime) {
  LoopsFixture f(test::config().set_epoch_interruption(true));
  Result<int32_t> result = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count")->call(f.store, 10);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::Interrupt);
}

TEST(Epoch, ADeadlineOfUint64MaxTicksIsNeverReached) {
  LoopsFixture f(test::config().set_epoch_interruption(true));
  f.engine.increment_epoch();
  f.store.set_epoch_deadline(UINT64_MAX);  // saturates: current + UINT64_MAX must not wrap to 0
  f.engine.increment_epoch();
  Result<int32_t> result = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count")->call(f.store, 10);
  ASSERT_TRUE(result.ok()) << result.error().message;
}

TEST(Epoch, ACallbackCanContinueWithANewDeadline) {
  LoopsFixture f(test::config().set_epoch_interruption(true));
  f.store.set_epoch_deadline(1);
  int callbacks = 0;
  f.store.epoch_deadline_callback([&](StoreContext store) -> Result<UpdateDeadline> {
    EXPECT_EQ(WasmBacktrace::capture(store).frames().size(), 1u);  // the spinning frame
    if (++callbacks == 3) return host_error("enough");
    return UpdateDeadline::continue_with(1);
  });
  std::atomic<bool> done{false};
  std::thread ticker([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      f.engine.increment_epoch();
    }
  });
  Result<Ok> result = f.instance.get_typed_func<void()>(f.store, "spin")->call(f.store);
  done = true;
  ticker.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::HostError);
  EXPECT_EQ(result.error().trap->message(), "enough");
  EXPECT_EQ(callbacks, 3);
}

TEST(Epoch, CodeOfAnEngineWithoutEpochsIgnoresThem) {
  LoopsFixture f(test::config());
  f.engine.increment_epoch();
  EXPECT_EQ(f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count")->call(f.store, 1000).value(), 0);
}

TEST(Fuel, IsConsumedPerInstructionAsWasmtimeCountsIt) {
  LoopsFixture f(test::config().set_consume_fuel(true));
  EXPECT_EQ(f.store.get_fuel().value(), 0u);  // a store starts with none
  ASSERT_TRUE(f.store.set_fuel(1000).ok());
  auto count = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count").value();
  EXPECT_EQ(count.call(f.store, 10).value(), 0);
  EXPECT_EQ(f.store.get_fuel().value(), 1000u - (5 * 10 + 1));
}

TEST(Fuel, ExhaustionTrapsAtTheRightCount) {
  LoopsFixture f(test::config().set_consume_fuel(true));
  auto count = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "count").value();
  ASSERT_TRUE(f.store.set_fuel(5 * 100 + 1).ok());  // exactly enough for 100 iterations
  EXPECT_TRUE(count.call(f.store, 100).ok());
  EXPECT_EQ(f.store.get_fuel().value(), 0u);
  ASSERT_TRUE(f.store.set_fuel(5 * 100).ok());  // one unit short
  Result<int32_t> result = count.call(f.store, 100);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::OutOfFuel);
  EXPECT_EQ(result.error().trap->message(), "all fuel consumed");
}

TEST(Fuel, StopsAnInfiniteLoop) {
  LoopsFixture f(test::config().set_consume_fuel(true));
  ASSERT_TRUE(f.store.set_fuel(1000000).ok());
  Result<Ok> result = f.instance.get_typed_func<void()>(f.store, "tick_forever")->call(f.store);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::OutOfFuel);
  EXPECT_EQ(f.ticks, 500000);  // call and br: 2 units per iteration
}

TEST(Fuel, IsAnErrorWhenTheEngineDoesNotMeterIt) {
  LoopsFixture f(test::config());
  EXPECT_EQ(f.store.set_fuel(10).error().kind, ErrorKind::Usage);
  EXPECT_FALSE(f.store.get_fuel().ok());
}

}  // namespace
}  // namespace wasmprof
