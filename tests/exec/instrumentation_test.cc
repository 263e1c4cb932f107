// Code compiled with epoch checks or fuel: where the checks run and what they charge.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "exec/interpreter_fixture.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F;
constexpr exec::TranslationOptions kEpochs{.epoch_checks = true};
constexpr exec::TranslationOptions kFuel{.fuel = true};

// (func (param i32) (result i32) loop: local.get 0; i32.const 1; i32.sub; local.tee 0; br_if 0; end; local.get 0)
Bytes countdown_module() {
  return single_function_module({I32}, {I32},
                                {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B, 0x20, 0x00, 0x0B});
}

TEST(EpochChecks, ADeadlineStopsAnInfiniteLoopAtItsBackEdge) {
  // (func loop br 0 end)
  const Bytes bytes = single_function_module({}, {}, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B});
  InterpreterFixture wasm(bytes, kEpochs);
  std::atomic<uint64_t> epoch{0};
  wasm.context.epoch = &epoch;
  wasm.context.epoch_deadline = 1;
  // The epoch moves well after the call has passed its entry check: 5 ms was not enough on a
  // loaded machine (load 15 on 2 cores), where the deadline was then met at the entry instead.
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    epoch.fetch_add(1);
  });
  std::vector<exec::Slot> slots = {0};
  const exec::TrapKind trap = wasm.call(0, slots);
  ticker.join();
  EXPECT_EQ(trap, exec::TrapKind::Interrupted);  // no handler: the deadline traps
  const uint32_t offset = wasm.instance->functions[0]->code->wasm_offset_at(wasm.context.trap_pc);
  EXPECT_EQ(bytes[offset], 0x0C);  // at the br back to the loop header
}

TEST(EpochChecks, AHandlerCanMoveTheDeadlineAndContinue) {
  InterpreterFixture wasm(countdown_module(), kEpochs);
  std::atomic<uint64_t> epoch{5};
  wasm.context.epoch = &epoch;
  wasm.context.epoch_deadline = 0;
  static int calls;
  calls = 0;
  wasm.context.on_epoch_deadline = [](exec::ExecContext& context) {
    ++calls;
    context.epoch_deadline = 5 + (calls < 3 ? 0 : 1);  // reached twice more, then never
    return exec::TrapKind::None;
  };
  std::vector<exec::Slot> slots = {100};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots[0], 0u);
  EXPECT_EQ(calls, 3);  // function entry, then the first two branches back to the loop
}

TEST(EpochChecks, CodeWithoutChecksIgnoresTheEpoch) {
  InterpreterFixture wasm(countdown_module());
  std::atomic<uint64_t> epoch{10};
  wasm.context.epoch = &epoch;
  wasm.context.epoch_deadline = 0;
  std::vector<exec::Slot> slots = {100};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
}

// The countdown charges 5 per iteration (local.get, i32.const, i32.sub, local.tee, br_if) and
// 1 after the loop (local.get); loop and end are free.
TEST(Fuel, ChargesEveryInstructionThatRuns) {
  InterpreterFixture wasm(countdown_module(), kFuel);
  for (uint64_t n : {1u, 2u, 10u, 1000u}) {
    wasm.context.fuel = 5 * n + 1 + 7;
    std::vector<exec::Slot> slots = {n};
    EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
    EXPECT_EQ(wasm.context.fuel, 7u) << n;
  }
}

TEST(Fuel, RunningOutTrapsBeforeTheBlockThatCannotBePaid) {
  InterpreterFixture wasm(countdown_module(), kFuel);
  wasm.context.fuel = 5 * 10 + 1;  // exactly enough
  std::vector<exec::Slot> slots = {10};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(wasm.context.fuel, 0u);
  wasm.context.fuel = 5 * 10;  // one short: the final local.get cannot be paid
  slots = {10};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::OutOfFuel);
  EXPECT_EQ(wasm.context.fuel, 0u);
  wasm.context.fuel = 5 * 3 + 2;  // the fourth iteration cannot be paid; 2 stay unspent
  slots = {10};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::OutOfFuel);
  EXPECT_EQ(wasm.context.fuel, 2u);
}

TEST(Fuel, OnlyTheArmThatRunsIsCharged) {
  // (func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 i32.const 2 i32.add else i32.const 5 end)
  InterpreterFixture wasm(single_function_module({I32}, {I32},
                                                 {0x20, 0x00, 0x04, I32, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x05, 0x41,
                                                  0x05, 0x0B, 0x0B}),
                          kFuel);
  wasm.context.fuel = 100;
  std::vector<exec::Slot> slots = {1};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots[0], 3u);
  EXPECT_EQ(wasm.context.fuel, 100u - 5);  // local.get, if, then three
  wasm.context.fuel = 100;
  slots = {0};
  EXPECT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots[0], 5u);
  EXPECT_EQ(wasm.context.fuel, 100u - 3);  // local.get, if, else one
}

TEST(Fuel, InstrumentedCodeComputesTheSameResults) {
  InterpreterFixture plain(countdown_module());
  InterpreterFixture metered(countdown_module(), exec::TranslationOptions{.epoch_checks = true, .fuel = true});
  std::vector<exec::Slot> a = {12345}, b = {12345};
  EXPECT_EQ(plain.call(0, a), exec::TrapKind::None);
  EXPECT_EQ(metered.call(0, b), exec::TrapKind::None);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace wasmprof
