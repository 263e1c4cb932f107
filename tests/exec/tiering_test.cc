// Tiering::WhenHot (exec/module_code.hh, exec/hot_counter.hh): the compiler is made only once a
// function is hot, each hot function is queued once, its code reaches the counter that asked,
// and the compile thread takes the function whose compile is worth most first.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "binary/decoder.hh"
#include "exec/module_code.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;
using Clock = std::chrono::steady_clock;

constexpr uint8_t I32 = 0x7F;

// Two functions (param i32) (result i32) returning their argument.
DecodedModule two_functions() {
  Bytes bytes = module_bytes({one_type({I32}, {I32}), functions_of_type0(2),
                              code_section({body({0x00}, {0x20, 0x00, 0x0B}), body({0x00}, {0x20, 0x00, 0x0B})})});
  Result<DecodedModule> module = decode_module(bytes);
  EXPECT_TRUE(module.ok());
  return std::move(module).value();
}

// A compiler that records what it is asked and returns a code object to be told apart (never run).
struct RecordingCompiler final : exec::NativeCompiler {
  std::atomic<int>* compiles;
  explicit RecordingCompiler(std::atomic<int>* compiles) : compiles(compiles) {}
  std::optional<exec::CompiledFunction> compile(uint32_t defined_index) override {
    compiles->fetch_add(1);
    exec::CompiledFunction code;
    code.param_slots = 1000 + defined_index;  // a mark
    return code;
  }
};

// The counter that a translated function's entry counts on (its tier_up instruction's operand).
exec::HotCounter& entry_counter(const exec::ModuleCode& code, uint32_t defined_index) {
  const exec::CompiledFunction* translated = code.translated(defined_index).value();
  EXPECT_EQ(translated->code[0].u64, uint64_t(exec::HandlerId::tier_up));
  return *static_cast<exec::HotCounter*>(const_cast<void*>(translated->code[1].pointer));
}

const exec::CompiledFunction* wait_for_code(exec::HotCounter& counter) {
  for (int i = 0; i < 2000; ++i) {
    if (const exec::CompiledFunction* code = counter.compiled.load()) return code;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return nullptr;
}

TEST(Tiering, TheCompilerIsMadeOnlyOnceAFunctionIsHotAndEachHotFunctionCompilesOnce) {
  const DecodedModule module = two_functions();
  std::atomic<int> made{0}, compiles{0};
  exec::ModuleCode code(
      module, {},
      [&]() -> std::unique_ptr<exec::NativeCompiler> {
        made.fetch_add(1);
        return std::make_unique<RecordingCompiler>(&compiles);
      },
      exec::ModuleCode::Tiering::WhenHot, /*hot_calls=*/3);
  exec::HotCounter& first = entry_counter(code, 0);
  EXPECT_EQ(first.count(), nullptr);
  EXPECT_EQ(first.count(), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(made.load(), 0) << "made before any function was hot";
  EXPECT_EQ(first.count(), nullptr);  // the third: queued
  const exec::CompiledFunction* compiled = wait_for_code(first);
  ASSERT_NE(compiled, nullptr);
  EXPECT_EQ(compiled->param_slots, 1000u);
  EXPECT_EQ(first.count(), compiled);  // the next entry switches to it
  EXPECT_TRUE(code.is_native(0));
  EXPECT_FALSE(code.is_native(1));

  // A count that wraps around to the threshold again does not queue the function again.
  exec::HotCounter& second = entry_counter(code, 1);
  second.entries.store(2);
  EXPECT_EQ(second.count(), nullptr);
  ASSERT_NE(wait_for_code(second), nullptr);
  second.compiled.store(nullptr);  // as if not compiled yet, to count on
  second.entries.store(2);
  EXPECT_EQ(second.count(), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(compiles.load(), 2);
  EXPECT_EQ(made.load(), 1);
}

TEST(Tiering, AFasterCountingFunctionPerByteOfBodyGoesFirst) {
  const Clock::time_point now = Clock::now();
  const exec::QueuedFunction early{0, 1000, now - std::chrono::milliseconds(500)};
  const exec::QueuedFunction late{1, 1000, now - std::chrono::milliseconds(10)};
  // Queued earlier and counted more in all, but counting slower: the late one first.
  EXPECT_GT(exec::compile_priority(late, 1000 + 5000, 100, now), exec::compile_priority(early, 1000 + 20000, 100, now));
  // Counting as fast, but ten times the body: the small one first.
  EXPECT_GT(exec::compile_priority(late, 6000, 100, now), exec::compile_priority(late, 6000, 1000, now));
  // The counts wrap around: what was counted since queueing is what counts.
  const exec::QueuedFunction wrapped{2, 0xFFFFFF00u, now - std::chrono::milliseconds(10)};
  EXPECT_NEAR(exec::compile_priority(wrapped, 0x100, 100, now), exec::compile_priority(late, 1000 + 0x200, 100, now),
              exec::compile_priority(late, 1000 + 0x200, 100, now) * 1e-9);
  // Nothing counted since: still a priority above zero (it was hot once).
  EXPECT_GT(exec::compile_priority(early, 1000, 100, now), 0.0);
}

}  // namespace
}  // namespace wasmprof
