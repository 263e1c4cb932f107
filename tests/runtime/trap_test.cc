// Traps: codes, messages, backtraces with exact offsets, traps through nested host/wasm
// calls, and a store that stays usable afterwards.
#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

constexpr uint8_t kCall = 0x10;
constexpr uint8_t kI32DivS = 0x6D;

struct Fixture {
  Engine engine;
  Store<int> store{engine, 0};
  Linker linker{engine};
  Module module = test::load_module(engine, "calls");
  Instance instance;

  template <class CallBack>
  explicit Fixture(CallBack call_back) {
    EXPECT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
    EXPECT_TRUE(linker.func_wrap("env", "call_back", call_back).ok());
    instance = linker.instantiate(store, module).value();
  }
  Fixture() : Fixture([](int32_t x) { return x; }) {}

  uint8_t byte_at(uint32_t offset) const { return module.bytes()[offset]; }
};

TEST(Trap, DivisionByZeroHasTheSpecMessageAndEveryFrame) {
  Fixture f;
  auto nested = f.instance.get_typed_func<int32_t(int32_t, int32_t)>(f.store, "nested_div").value();
  Result<int32_t> result = nested.call(f.store, 1, 0);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.error().kind, ErrorKind::Trap);
  const Trap& trap = *result.error().trap;
  EXPECT_EQ(trap.code(), TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(trap.message(), "integer divide by zero");
  const std::vector<FrameInfo>& frames = trap.backtrace().frames();
  ASSERT_EQ(frames.size(), 3u);  // div, level2, level1: innermost first
  EXPECT_EQ(frames[0].func_name, "div");
  EXPECT_EQ(frames[1].func_name, "level2");
  EXPECT_EQ(frames[2].func_name, "level1");
  EXPECT_EQ(frames[0].module_name, "calls");
  EXPECT_EQ(f.byte_at(frames[0].module_offset), kI32DivS);
  EXPECT_EQ(f.byte_at(frames[1].module_offset), kCall);
  EXPECT_EQ(f.byte_at(frames[2].module_offset), kCall);
  for (const FrameInfo& frame : frames) {
    EXPECT_EQ(frame.func_offset, 5u);  // locals count, two local.gets, then the instruction
    EXPECT_EQ(frame.module_offset, f.module.function_location(frame.func_index)->body_offset + 5);
    EXPECT_TRUE(frame.module == f.module);
  }
  EXPECT_NE(trap.to_string().find("wasm backtrace:"), std::string::npos);
  EXPECT_NE(trap.to_string().find("calls!level2"), std::string::npos) << trap.to_string();
}

TEST(Trap, TheStoreStaysUsableAfterATrap) {
  Fixture f;
  auto div = f.instance.get_typed_func<int32_t(int32_t, int32_t)>(f.store, "div").value();
  EXPECT_FALSE(div.call(f.store, 1, 0).ok());
  EXPECT_FALSE(div.call(f.store, INT32_MIN, -1).ok());
  EXPECT_EQ(div.call(f.store, 1, 0).error().trap->code(), TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(div.call(f.store, INT32_MIN, -1).error().trap->code(), TrapCode::IntegerOverflow);
  EXPECT_EQ(div.call(f.store, 12, 4).value(), 3);
}

TEST(Trap, DeepRecursionIsAStackOverflowTrap) {
  Engine engine(Config{}.set_max_call_depth(500));
  Store<int> store(engine, 0);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  ASSERT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Instance instance = linker.instantiate(store, test::load_module(engine, "calls")).value();
  Result<int32_t> result = instance.get_typed_func<int32_t(int32_t)>(store, "recurse")->call(store, 1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::StackOverflow);
  EXPECT_EQ(result.error().trap->message(), "call stack exhausted");
  EXPECT_EQ(result.error().trap->backtrace().frames().size(), 500u);
}

TEST(Trap, AHostErrorBecomesATrapWithTheCallersFrames) {
  Fixture f([](int32_t x) -> Result<int32_t> {
    if (x < 0) return host_error("negative input");
    return x;
  });
  auto outer = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "outer").value();
  EXPECT_EQ(outer.call(f.store, 4).value(), 4);
  Result<int32_t> result = outer.call(f.store, -1);
  ASSERT_FALSE(result.ok());
  const Trap& trap = *result.error().trap;
  EXPECT_EQ(trap.code(), TrapCode::HostError);
  EXPECT_EQ(trap.message(), "negative input");
  ASSERT_EQ(trap.backtrace().frames().size(), 1u);
  EXPECT_EQ(trap.backtrace().frames()[0].func_name, "outer");
  EXPECT_EQ(f.byte_at(trap.backtrace().frames()[0].module_offset), kCall);  // the call to the host
  EXPECT_EQ(outer.call(f.store, 6).value(), 6);  // and the store is still usable
}

TEST(Trap, ATrapInWasmCalledByTheHostKeepsAllFramesAcrossTheHostCall) {
  // outer -> host call_back -> div (traps): the backtrace shows div, then outer.
  Engine engine;
  Store<int> store(engine, 0);
  Linker linker(engine);
  Instance instance;
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  ASSERT_TRUE(linker
                  .func_wrap("env", "call_back",
                             [&instance](Caller& caller, int32_t x) -> Result<int32_t> {
                               auto div = instance.get_typed_func<int32_t(int32_t, int32_t)>(caller, "div").value();
                               return div.call(caller, 10, x);
                             })
                  .ok());
  Module module = test::load_module(engine, "calls");
  instance = linker.instantiate(store, module).value();
  auto outer = instance.get_typed_func<int32_t(int32_t)>(store, "outer").value();
  EXPECT_EQ(outer.call(store, 5).value(), 2);
  Result<int32_t> result = outer.call(store, 0);
  ASSERT_FALSE(result.ok());
  const Trap& trap = *result.error().trap;
  EXPECT_EQ(trap.code(), TrapCode::IntegerDivisionByZero);
  ASSERT_EQ(trap.backtrace().frames().size(), 2u);
  EXPECT_EQ(trap.backtrace().frames()[0].func_name, "div");
  EXPECT_EQ(trap.backtrace().frames()[1].func_name, "outer");
  EXPECT_EQ(module.bytes()[trap.backtrace().frames()[0].module_offset], kI32DivS);
  EXPECT_EQ(module.bytes()[trap.backtrace().frames()[1].module_offset], kCall);
  EXPECT_EQ(outer.call(store, 2).value(), 5);
}

TEST(Trap, BacktraceCanBeCapturedFromAHostFunction) {
  Engine engine;
  Store<int> store(engine, 0);
  Linker linker(engine);
  std::vector<FrameInfo> seen;
  Instance instance;
  ASSERT_TRUE(linker
                  .func_wrap("env", "host_add",
                             [&seen](Caller& caller, int32_t a, int32_t b) {
                               seen = WasmBacktrace::capture(caller).frames();
                               return a + b;
                             })
                  .ok());
  ASSERT_TRUE(linker
                  .func_wrap("env", "call_back",
                             [&instance](Caller& caller, int32_t x) {
                               return instance.get_typed_func<int32_t(int32_t)>(caller, "inner")->call(caller, x).value();
                             })
                  .ok());
  instance = linker.instantiate(store, test::load_module(engine, "calls")).value();
  EXPECT_EQ(instance.get_typed_func<int32_t(int32_t)>(store, "outer")->call(store, 41).value(), 42);
  // host_add called from inner, which call_back called from outer.
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].func_name, "inner");
  EXPECT_EQ(seen[1].func_name, "outer");
  EXPECT_TRUE(WasmBacktrace::capture(store).frames().empty());  // nothing runs now
}

TEST(Trap, AStartFunctionTrapFailsInstantiationWithABacktrace) {
  Engine engine;
  Store<int> store(engine, 0);
  Result<Instance> instance = Instance::create(store, test::load_module(engine, "start_trap"), {});
  ASSERT_FALSE(instance.ok());
  ASSERT_EQ(instance.error().kind, ErrorKind::Trap);
  EXPECT_EQ(instance.error().trap->code(), TrapCode::UnreachableCodeReached);
  ASSERT_EQ(instance.error().trap->backtrace().frames().size(), 1u);
  EXPECT_EQ(instance.error().trap->backtrace().frames()[0].func_name, "boom");
}

TEST(Trap, ExitCarriesItsStatus) {
  Engine engine;
  Store<int> store(engine, 0);
  Func exit = Func::wrap(store, [](int32_t status) -> Result<Ok> { return exit_error(status); });
  Result<std::vector<Val>> result = exit.call(store, {Val(int32_t(3))});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::Exit);
  EXPECT_EQ(result.error().trap->exit_status(), 3);
}

}  // namespace
}  // namespace wasmprof
