// Lazy translation (exec/module_code.hh): compiling translates nothing; a function is
// translated at its first call, once for every instance and thread, and behaves as eagerly
// translated code does, instrumentation included; what cannot be translated traps.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "exec/handlers.hh"
#include "exec/interpreter.hh"
#include "runtime/compiled_module.hh"
#include "runtime/store_objects.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F;

// Three functions (param i32) (result i32): $0 returns $1(x) + 2, $1 (with 100 unused locals)
// returns x + 1, $2 (never called here) returns x.
Bytes three_functions() {
  return module_bytes({one_type({I32}, {I32}), functions_of_type0(3),
                       code_section({body({0x00}, {0x20, 0x00, 0x10, 0x01, 0x41, 0x02, 0x6A, 0x0B}),
                                     body({0x01, 0x64, I32}, {0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}),
                                     body({0x00}, {0x20, 0x00, 0x0B})})});
}

std::shared_ptr<const runtime::CompiledModule> compile(const Bytes& bytes, exec::TranslationOptions options = {}) {
  auto compiled = runtime::compile_module(bytes, options);
  EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  return compiled.ok() ? compiled.value() : nullptr;
}

struct Instance {
  runtime::StoreObjects store;
  exec::ExecContext context;
  exec::ModuleInstance* instance = nullptr;
  explicit Instance(std::shared_ptr<const runtime::CompiledModule> compiled) {
    auto result = store.instantiate(std::move(compiled), {}, context);
    EXPECT_TRUE(result.ok()) << result.error().to_string();
    if (result) instance = result.value();
  }
  exec::TrapKind call(uint32_t function, exec::Slot& value) {
    return exec::invoke(context, *instance->functions[function], &value);
  }
  const exec::CompiledFunction* code(uint32_t function) const { return instance->functions[function]->code; }
};

bool is_stub(const exec::CompiledFunction* code) { return code->code[0].u64 == uint64_t(exec::HandlerId::lazy_enter); }

TEST(LazyTranslation, CompilingTranslatesNothingAndACallTranslatesWhatItReaches) {
  auto compiled = compile(three_functions());
  ASSERT_TRUE(compiled);
  ASSERT_EQ(compiled->code->size(), 3u);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_FALSE(compiled->code->is_translated(i)) << i;
  Instance wasm(compiled);
  ASSERT_TRUE(wasm.instance);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_TRUE(is_stub(wasm.code(i))) << i;

  exec::Slot value = 40;
  ASSERT_EQ(wasm.call(0, value), exec::TrapKind::None);
  EXPECT_EQ(value, 43u);
  EXPECT_TRUE(compiled->code->is_translated(0));
  EXPECT_TRUE(compiled->code->is_translated(1));
  EXPECT_FALSE(compiled->code->is_translated(2));
  // The instance now calls the translated code directly: the stub is off the hot path.
  EXPECT_EQ(wasm.code(0), compiled->code->translated(0).value());
  EXPECT_EQ(wasm.code(1), compiled->code->translated(1).value());
  EXPECT_TRUE(is_stub(wasm.code(2)));
  value = 1;
  ASSERT_EQ(wasm.call(0, value), exec::TrapKind::None);
  EXPECT_EQ(value, 4u);
}

TEST(LazyTranslation, AnotherInstanceStartsWithWhatIsAlreadyTranslated) {
  auto compiled = compile(three_functions());
  ASSERT_TRUE(compiled);
  Instance first(compiled);
  exec::Slot value = 0;
  ASSERT_EQ(first.call(1, value), exec::TrapKind::None);
  Instance second(compiled);
  ASSERT_TRUE(second.instance);
  EXPECT_EQ(second.code(1), compiled->code->translated(1).value());
  EXPECT_TRUE(is_stub(second.code(0)));
  // Entering through its stub, the second instance reaches the code the first translated.
  value = 5;
  ASSERT_EQ(second.call(0, value), exec::TrapKind::None);
  EXPECT_EQ(value, 8u);
  EXPECT_EQ(second.code(0), compiled->code->translated(0).value());
}

TEST(LazyTranslation, TranslateAllIsTheEagerCode) {
  auto lazy = compile(three_functions());
  auto eager = compile(three_functions());
  ASSERT_TRUE(lazy && eager);
  ASSERT_TRUE(eager->code->translate_all().ok());
  Instance run(lazy);
  exec::Slot value = 7;
  ASSERT_EQ(run.call(0, value), exec::TrapKind::None);
  for (uint32_t i = 0; i < 2; ++i) {
    const exec::CompiledFunction& a = *lazy->code->translated(i).value();
    const exec::CompiledFunction& b = *eager->code->translated(i).value();
    EXPECT_EQ(a.code.size(), b.code.size()) << i;
    EXPECT_EQ(a.frame_slots, b.frame_slots) << i;
    EXPECT_EQ(a.offsets.size(), b.offsets.size()) << i;
  }
  Instance eager_run(eager);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_FALSE(is_stub(eager_run.code(i))) << i;
}

// Instances of one module in several stores, on several threads, race to the first calls:
// each function is translated once, and every thread computes the right results.
TEST(LazyTranslation, ThreadsRacingToTheFirstCallShareOneTranslation) {
  auto compiled = compile(three_functions());
  ASSERT_TRUE(compiled);
  constexpr int kThreads = 8;
  std::atomic<int> ready{0};
  std::atomic<int> wrong{0};
  std::vector<const exec::CompiledFunction*> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Instance wasm(compiled);
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (uint32_t n = 0; n < 100; ++n) {
        exec::Slot value = n;
        if (wasm.call(0, value) != exec::TrapKind::None || value != n + 3) wrong.fetch_add(1);
      }
      seen[t] = wasm.code(1);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(seen[t], compiled->code->translated(1).value()) << t;
}

// The only way a valid function can fail to translate is an implementation limit. It is an
// error from translated(), and at the call a trap at the callee's entry, never a crash.
TEST(LazyTranslation, AFunctionBeyondTheFrameLimitTrapsAtItsFirstCall) {
  const Bytes bytes = three_functions();
  exec::TranslationOptions options;
  options.max_frame_slots = 50;  // $0 fits, $1 has 101 locals
  auto compiled = compile(bytes, options);
  ASSERT_TRUE(compiled);
  Result<const exec::CompiledFunction*> failed = compiled->code->translated(1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::Limit);
  EXPECT_EQ(failed.error().function_index, 1u);

  Instance wasm(compiled);
  exec::Slot value = 1;
  EXPECT_EQ(wasm.call(0, value), exec::TrapKind::CallStackExhausted);
  // Raised in $1's frame, at the start of its body; $0 stays at its call.
  ASSERT_EQ(wasm.context.trap_depth, 2u);
  const exec::CallRecord& callee = wasm.context.calls[1];
  EXPECT_EQ(callee.function, wasm.instance->functions[1]);
  EXPECT_EQ(bytes[callee.function->code->wasm_offset_at(wasm.context.trap_pc)], 0x20);  // $1's local.get
  EXPECT_TRUE(is_stub(wasm.code(1)));
  EXPECT_EQ(wasm.context.depth, 0u);
  // The instance stays usable.
  value = 1;
  EXPECT_EQ(wasm.call(2, value), exec::TrapKind::None);
  EXPECT_EQ(value, 1u);
}

// A function entered when its translated frame does not fit the stack: the stub's frame (the
// parameters) passed the call's check, so the stub checks the real one.
TEST(LazyTranslation, TheTranslatedFrameIsCheckedAgainstTheStack) {
  // (func (param i32) (result i32) (local i32 * 5000) local.get 0)
  auto compiled = compile(single_function_module({I32}, {I32}, {0x20, 0x00, 0x0B}, concat({leb_u32(1), leb_u32(5000), {I32}})));
  ASSERT_TRUE(compiled);
  runtime::StoreObjects store;
  exec::ExecContext context(exec::ExecLimits{.max_call_depth = 100, .stack_slots = 1024});
  auto instance = store.instantiate(compiled, {}, context);
  ASSERT_TRUE(instance.ok());
  exec::Slot value = 9;
  EXPECT_EQ(exec::invoke(context, *instance.value()->functions[0], &value), exec::TrapKind::CallStackExhausted);
}

// A sample or interrupt served at the stub places the function at the start of its body.
TEST(LazyTranslation, AnInterruptAtTheStubIsAtTheStartOfTheBody) {
  const Bytes bytes = three_functions();
  auto compiled = compile(bytes);
  ASSERT_TRUE(compiled);
  Instance wasm(compiled);
  struct Seen {
    std::vector<uint8_t> opcodes;
    std::vector<bool> at_stub;
    const Bytes* bytes;
  } seen{{}, {}, &bytes};
  wasm.context.interrupt_user_data = &seen;
  wasm.context.on_interrupt = [](exec::ExecContext& context, void* data) {
    auto* log = static_cast<Seen*>(data);
    const exec::CallRecord& top = context.calls[context.depth - 1];
    log->opcodes.push_back((*log->bytes)[top.function->code->wasm_offset_at(context.current_pc)]);
    log->at_stub.push_back(context.current_pc->u64 == uint64_t(exec::HandlerId::lazy_enter));
    if (log->opcodes.size() < 2) context.request_interrupt();  // and at the next instruction
    return exec::TrapKind::None;
  };
  wasm.context.request_interrupt();
  exec::Slot value = 1;
  ASSERT_EQ(wasm.call(1, value), exec::TrapKind::None);
  EXPECT_EQ(value, 2u);
  ASSERT_EQ(seen.opcodes.size(), 2u);
  EXPECT_TRUE(seen.at_stub[0]);
  EXPECT_FALSE(seen.at_stub[1]);
  EXPECT_EQ(seen.opcodes[0], 0x20);  // the start of the body
  EXPECT_EQ(seen.opcodes[1], 0x6A);  // the first translated instruction, the i32.add the rest folded into
}

// Instrumentation compiled in runs from the first call: fuel is charged the same on the call
// that translates the function as on later ones, and the epoch check at entry runs.
TEST(LazyTranslation, FuelAndEpochChecksRunFromTheFirstCall) {
  auto fueled = compile(three_functions(), exec::TranslationOptions{.fuel = true});
  ASSERT_TRUE(fueled);
  Instance wasm(fueled);
  wasm.context.fuel = 1000;
  exec::Slot value = 1;
  ASSERT_EQ(wasm.call(0, value), exec::TrapKind::None);
  const uint64_t first = 1000 - wasm.context.fuel;
  wasm.context.fuel = 1000;
  ASSERT_EQ(wasm.call(0, value), exec::TrapKind::None);
  EXPECT_GT(first, 0u);
  EXPECT_EQ(1000 - wasm.context.fuel, first);

  auto epochs = compile(three_functions(), exec::TranslationOptions{.epoch_checks = true});
  ASSERT_TRUE(epochs);
  Instance stopped(epochs);
  std::atomic<uint64_t> epoch{1};
  stopped.context.epoch = &epoch;
  stopped.context.epoch_deadline = 1;  // already reached: the entry check traps
  value = 1;
  EXPECT_EQ(stopped.call(1, value), exec::TrapKind::Interrupted);
  EXPECT_TRUE(epochs->code->is_translated(1));
}

}  // namespace
}  // namespace wasmprof
