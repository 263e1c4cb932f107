// The interpreter through its narrow entry point: translation, calls, traps, interrupts.
#include "exec/interpreter.hh"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "exec/handlers.hh"
#include "exec/interpreter_fixture.hh"
#include "exec/request_race.hh"
#include "exec/native_code.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F;

using Instance = InterpreterFixture;

bool uses_return_value64(const Bytes& bytes) {
  Instance wasm(bytes);
  for (const exec::Word& word : wasm.instance->functions[0]->code->code)
    if (word.u64 == uint64_t(exec::HandlerId::return_value64)) return true;
  return false;
}

// (func (param i32) (result i32) loop: local.get 0; i32.const 1; i32.sub; local.tee 0; br_if 0; local.get 0)
Bytes countdown_module() {
  return single_function_module({I32}, {I32},
                                {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B, 0x20, 0x00, 0x0B});
}

TEST(Interpreter, RunsALoopToCompletion) {
  Instance wasm(countdown_module());
  std::vector<exec::Slot> slots = {1000000};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots[0], 0u);
}

TEST(Interpreter, DivisionByZeroTrapsAtTheDivision) {
  // (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
  Bytes bytes = single_function_module({I32, I32}, {I32}, {0x20, 0x00, 0x20, 0x01, 0x6E, 0x0B});
  Instance wasm(bytes);
  std::vector<exec::Slot> slots = {7, 0};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::IntegerDivideByZero);
  const exec::CompiledFunction& code = *wasm.instance->functions[0]->code;
  const uint32_t offset = code.wasm_offset_at(wasm.context.trap_pc);
  EXPECT_EQ(bytes[offset], 0x6E);  // the trap is reported at the i32.div_u
  EXPECT_EQ(wasm.context.trap_depth, 1u);  // in the one frame that was active
  EXPECT_EQ(wasm.context.depth, 0u);  // and every frame was unwound
  slots = {7, 2};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);  // the instance stays usable
  EXPECT_EQ(slots[0], 3u);
}

TEST(Interpreter, ResultsThatReadEachOthersSlotsAreReturnedIntact) {
  // (func (param i64 i64 i64) (result i64 i64 i64) local.get 2 local.get 0 local.get 1): each
  // result but the first reads a slot an earlier result overwrites.
  constexpr uint8_t I64 = 0x7E;
  Instance wasm(single_function_module({I64, I64, I64}, {I64, I64, I64}, {0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0x0B}));
  std::vector<exec::Slot> slots = {10, 20, 30};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots, (std::vector<exec::Slot>{30, 10, 20}));
  // (func (param i64 i64) (result i64 i64) local.get 0 local.get 0): already in place, then a copy.
  Instance twice(single_function_module({I64, I64}, {I64, I64}, {0x20, 0x00, 0x20, 0x00, 0x0B}));
  slots = {7, 8};
  EXPECT_EQ(twice.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots, (std::vector<exec::Slot>{7, 7}));
}

TEST(Interpreter, ASingleResultReachesSlotZero) {
  // local.get 1 (copied by return_value64); local.get 1 local.get 0 i32.sub (computed into
  // slot 0, which it also reads); and the same through `return` and a br_if to the function.
  const std::vector<std::pair<Bytes, uint32_t>> cases = {
      {{0x20, 0x01, 0x0B}, 9},
      {{0x20, 0x01, 0x20, 0x00, 0x6B, 0x0B}, 5},
      {{0x20, 0x01, 0x20, 0x00, 0x6B, 0x0F, 0x0B}, 5},
      {{0x20, 0x01, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41, 0x07, 0x0B}, 9},  // br_if 0 (taken: 4 != 0)
  };
  for (const auto& [code, expected] : cases) {
    Instance wasm(single_function_module({I32, I32}, {I32}, code));
    std::vector<exec::Slot> slots = {4, 9};
    EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
    EXPECT_EQ(uint32_t(slots[0]), expected);
  }
  EXPECT_TRUE(uses_return_value64(single_function_module({I32, I32}, {I32}, {0x20, 0x01, 0x0B})));
}

TEST(Interpreter, NothingFoldsAcrossALoopHeader) {
  // (func (param i32) (result i32) (local i32)
  //   local.get 0  i32.const 1  i32.add             ;; computed before the loop...
  //   loop (type 0)                                 ;; (param i32) (result i32)
  //     local.tee 1                                 ;; ...but consumed inside: each iteration
  //     i32.const 1  i32.add                        ;; must see the value the back edge carries
  //     local.get 1  i32.const 10  i32.lt_u  br_if 0
  //   end)
  const Bytes code = {0x20, 0x00, 0x41, 0x01, 0x6A, 0x03, 0x00, 0x22, 0x01, 0x41, 0x01,
                      0x6A, 0x20, 0x01, 0x41, 0x0A, 0x49, 0x0D, 0x00, 0x0B, 0x0B};
  Instance wasm(single_function_module({I32}, {I32}, code, {0x01, 0x01, I32}));
  for (uint32_t p : {0u, 5u, 20u}) {
    std::vector<exec::Slot> slots = {p};
    ASSERT_EQ(wasm.call(0, slots), exec::TrapKind::None);
    EXPECT_EQ(uint32_t(slots[0]), std::max(p + 1, 10u) + 1) << p;
  }
}

TEST(Interpreter, DeepRecursionIsACallStackExhaustedTrap) {
  // (func (call 0))
  Instance wasm(single_function_module({}, {}, {0x10, 0x00, 0x0B}));
  std::vector<exec::Slot> slots = {0};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::CallStackExhausted);
  EXPECT_EQ(wasm.context.depth, 0u);
}

struct InterruptLog {
  int served = 0;
  std::vector<uint32_t> offsets;
  const exec::CompiledFunction* code = nullptr;
};

TEST(Interpreter, InterruptFromAnotherThreadStopsAnInfiniteLoop) {
  // (func loop br 0 end)
  Instance wasm(single_function_module({}, {}, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B}));
  InterruptLog log;
  log.code = wasm.instance->functions[0]->code;
  wasm.context.interrupt_user_data = &log;
  wasm.context.on_interrupt = [](exec::ExecContext& context, void* data) {
    auto* seen = static_cast<InterruptLog*>(data);
    seen->offsets.push_back(seen->code->wasm_offset_at(context.current_pc));
    return ++seen->served == 3 ? exec::TrapKind::Interrupted : exec::TrapKind::None;
  };
  // Requests can coalesce (two before one is served), so the ticker keeps asking until the
  // guest has stopped rather than a fixed number of times.
  std::atomic<bool> stopped{false};
  std::thread ticker([&] {
    while (!stopped.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      wasm.context.request_interrupt();
    }
  });
  std::vector<exec::Slot> slots = {0};
  const exec::TrapKind trap = wasm.call(0, slots);
  stopped.store(true);
  ticker.join();
  EXPECT_EQ(trap, exec::TrapKind::Interrupted);
  EXPECT_EQ(log.served, 3);
  for (uint32_t offset : log.offsets) EXPECT_GT(offset, 0u);  // a real instruction of the body
}

// Serves every interrupt by counting it in `served` and continuing.
void count_interrupts(exec::ExecContext& context, int& served) {
  context.interrupt_user_data = &served;
  context.on_interrupt = [](exec::ExecContext&, void* data) {
    ++*static_cast<int*>(data);
    return exec::TrapKind::None;
  };
}

TEST(Interpreter, InterruptRequestedBeforeEntryIsServedAtTheFirstInstruction) {
  Instance wasm(countdown_module());
  int served = 0;
  count_interrupts(wasm.context, served);
  wasm.context.request_interrupt();
  std::vector<exec::Slot> slots = {10};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(served, 1);  // once: the table is restored after serving
  EXPECT_EQ(slots[0], 0u);
}

// A request that lands while the previous one is being served (between the table's restore
// and the flag's exchange, or just after) must still be served. A lost request leaves a
// state that lasts: the flag set, the table restored (or compiled code's limit, which is
// restored with it, back at the floor), and no serving; the requester looks for it after each
// round of requests.
TEST(Interpreter, RequestsRacingWithTheirServingAreNeverLost) {
  Instance wasm(single_function_module({}, {}, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B}));  // loop br 0 end
  exec::ExecContext& context = wasm.context;
  test::RequestRace race(context);
  race.start(20000, [&context] {
    return context.interrupt_pending.load() == 1 && (context.dispatch_table.load() == exec::kHandlerTable ||
                                                     context.native_limit.load() != exec::ExecContext::kInterruptLimit);
  });
  std::vector<exec::Slot> slots = {0};
  const exec::TrapKind trap = wasm.call(0, slots);
  EXPECT_EQ(race.join(), 0);
  EXPECT_EQ(trap, exec::TrapKind::Interrupted);
}

// Once served, the table is restored: with nothing pending, code runs without visiting the
// interrupt handler, and the dispatch table is the immutable handler table again.
TEST(Interpreter, ServingARequestRestoresTheHandlerTable) {
  Instance wasm(countdown_module());
  int served = 0;
  count_interrupts(wasm.context, served);
  EXPECT_EQ(wasm.context.dispatch_table.load(), exec::kHandlerTable);
  wasm.context.request_interrupt();
  EXPECT_NE(wasm.context.dispatch_table.load(), exec::kHandlerTable);
  std::vector<exec::Slot> slots = {1000};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(served, 1);
  EXPECT_EQ(wasm.context.dispatch_table.load(), exec::kHandlerTable);
  EXPECT_EQ(wasm.context.interrupt_pending.load(), 0);
}

// Compiled code's limit (context.hh): the host stack's floor, the maximum while a request is
// pending, whoever sets the floor meanwhile (invoke() does, for its thread), and the floor again
// once the request is served.
TEST(Interpreter, TheNativeLimitIsTheFloorOrTheMaximumWhileARequestIsPending) {
  Instance wasm(countdown_module());
  int served = 0;
  count_interrupts(wasm.context, served);
  exec::ExecContext& context = wasm.context;
  context.set_host_stack_floor(4096);
  EXPECT_EQ(context.native_limit.load(), 4096u);
  context.request_interrupt();
  EXPECT_EQ(context.native_limit.load(), exec::ExecContext::kInterruptLimit);
  context.set_host_stack_floor(8192);  // a request pending: not the floor yet
  EXPECT_EQ(context.native_limit.load(), exec::ExecContext::kInterruptLimit);
  EXPECT_EQ(context.serve_interrupt_request(nullptr), exec::TrapKind::None);
  EXPECT_EQ(served, 1);
  EXPECT_EQ(context.native_limit.load(), 8192u);
  // A call sets the floor of its thread's stack, and serves its request at the first instruction.
  context.request_interrupt();
  std::vector<exec::Slot> slots = {10};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(served, 2);
  EXPECT_EQ(context.native_limit.load(), exec::host_stack_floor());
  EXPECT_NE(exec::host_stack_floor(), 0u);
}

}  // namespace
}  // namespace wasmprof
