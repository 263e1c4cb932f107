// Traps: codes, messages, backtraces with exact offsets, traps through nested host/wasm
// calls, and a store that stays usable afterwards.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

constexpr uint8_t kCall = 0x10;
constexpr uint8_t kI32DivS = 0x6D;

struct Fixture {
  Engine engine{test::config()};
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

// The calls module's endless recursion, run into a call depth of 500.
Result<int32_t> recurse_until_exhausted() {
  Engine engine(test::config().set_max_call_depth(500));
  Store<int> store(engine, 0);
  Linker linker(engine);
  EXPECT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  EXPECT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Instance instance = linker.instantiate(store, test::load_module(engine, "calls")).value();
  return instance.get_typed_func<int32_t(int32_t)>(store, "recurse")->call(store, 1);
}

TEST(Trap, DeepRecursionIsAStackOverflowTrap) {
  Result<int32_t> result = recurse_until_exhausted();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::StackOverflow);
  EXPECT_EQ(result.error().trap->message(), "call stack exhausted");
  EXPECT_EQ(result.error().trap->backtrace().frames().size(), 500u);
}

TEST(Trap, ADeepRecursionPrintsItsRepeatedFramesOnce) {
  Result<int32_t> result = recurse_until_exhausted();
  ASSERT_FALSE(result.ok());
  const std::vector<FrameInfo>& frames = result.error().trap->backtrace().frames();
  ASSERT_EQ(frames.size(), 500u);
  // Every frame is at the same call: the first and the last are printed, the rest counted.
  for (const FrameInfo& frame : frames) EXPECT_EQ(frame.module_offset, frames[0].module_offset);
  const std::string text = result.error().trap->backtrace().to_string();
  char first[32], last[32];
  std::snprintf(first, sizeof first, "   0: 0x%x - calls!", frames[0].module_offset);
  std::snprintf(last, sizeof last, " 499: 0x%x - calls!", frames[0].module_offset);
  EXPECT_EQ(text, std::string(first) + "forever\n"
                  "      ... 498 frames repeated (the frame above, 498 more times)\n" +
                  last + "forever\n");
}

// Frames of the calls module, as a backtrace would hold them.
FrameInfo frame_of(const Module& module, uint32_t index, std::optional<std::string> name) {
  const uint32_t body = module.function_location(index)->body_offset;
  return FrameInfo{module, "calls", index, std::move(name), body + 5, 5};
}

TEST(Trap, ARepeatedCycleOfFramesIsPrintedAsItsFirstAndLastRepetition) {
  Engine engine{test::config()};
  Module module = test::load_module(engine, "calls");
  // Functions 2 (add), 6 (div), 7 (level2), 8 (level1): imports are 0 and 1.
  std::vector<FrameInfo> frames = {frame_of(module, 6, "div")};
  for (int i = 0; i < 10; ++i) {
    frames.push_back(frame_of(module, 7, "level2"));
    frames.push_back(frame_of(module, 8, std::nullopt));  // no name: named by its index
  }
  frames.push_back(frame_of(module, 2, "add"));
  const auto at = [&](size_t i) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%x", frames[i].module_offset);
    return std::string(text);
  };
  EXPECT_EQ(WasmBacktrace(frames).to_string(),
            "   0: " + at(0) + " - calls!div\n"
            "   1: " + at(1) + " - calls!level2\n"
            "   2: " + at(2) + " - calls!wasm-function[8]\n"
            "      ... 16 frames repeated (the 2 frames above, 8 more times)\n"
            "  19: " + at(19) + " - calls!level2\n"
            "  20: " + at(20) + " - calls!wasm-function[8]\n"
            "  21: " + at(21) + " - calls!add\n");
  // Three repetitions are printed as they are.
  frames.erase(frames.begin() + 7, frames.begin() + 21);
  EXPECT_EQ(WasmBacktrace(frames).to_string().find("repeated"), std::string::npos);
}

// A symbolizer as the profile layer's DwarfSymbolizer answers: inlined function first.
class FakeSymbolizer : public FrameSymbolizer {
 public:
  std::vector<FrameSymbol> symbols(const FrameInfo& frame) override {
    if (frame.func_index != 7) return {};
    return {{"inlined_helper", "/src/calls.c", 10, 3}, {"calls::level2(int)", "/src/calls.c", 20, 0}, {"", "", 0, 0}};
  }
};

TEST(Trap, ASymbolizerNamesFramesAndGivesTheirSourcePositions) {
  Engine engine{test::config()};
  Module module = test::load_module(engine, "calls");
  const std::vector<FrameInfo> frames = {frame_of(module, 7, "level2"), frame_of(module, 8, "level1")};
  FakeSymbolizer symbolizer;
  const std::string text = WasmBacktrace(frames).to_string(&symbolizer);
  char first[64], second[64];
  std::snprintf(first, sizeof first, "   0: 0x%x - calls!", frames[0].module_offset);
  std::snprintf(second, sizeof second, "   1: 0x%x - calls!", frames[1].module_offset);
  EXPECT_EQ(text, std::string(first) + "inlined_helper\n"
                  "                    at /src/calls.c:10:3\n"
                  "              - calls::level2(int)\n"
                  "                    at /src/calls.c:20\n"
                  "              - <inlined function>\n" +
                  second + "level1\n");
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
  Engine engine{test::config()};
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
  Engine engine{test::config()};
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
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Result<Instance> instance = Instance::create(store, test::load_module(engine, "start_trap"), {});
  ASSERT_FALSE(instance.ok());
  ASSERT_EQ(instance.error().kind, ErrorKind::Trap);
  EXPECT_EQ(instance.error().trap->code(), TrapCode::UnreachableCodeReached);
  ASSERT_EQ(instance.error().trap->backtrace().frames().size(), 1u);
  EXPECT_EQ(instance.error().trap->backtrace().frames()[0].func_name, "boom");
}

TEST(Trap, ExitCarriesItsStatus) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Func exit = Func::wrap(store, [](int32_t status) -> Result<Ok> { return exit_error(status); });
  Result<std::vector<Val>> result = exit.call(store, {Val(int32_t(3))});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->code(), TrapCode::Exit);
  EXPECT_EQ(result.error().trap->exit_status(), 3);
}

}  // namespace
}  // namespace wasmprof
