// Out-of-bounds accesses of compiled code as faults (exec/native_faults.hh): compiled code leaves
// the bounds check of an access to the guard region, and the fault handler raises the trap the
// check would have. Every outcome is compared with the interpreter's, which checks each access.
#include <gtest/gtest.h>

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "exec/linear_memory.hh"
#include "runtime/compiled_module.hh"
#include "runtime/store_objects.hh"
#include "wasmprof/wasmprof.hh"
#include "wasmprof/wat.hh"

namespace wasmprof {
namespace {

const std::string kFaults = std::string(WASMPROF_TEST_WASM_DIR) + "/faults.wasm";

// faults.wasm in an engine of `strategy`; `poke` runs whatever the test sets.
struct FaultsGuest {
  explicit FaultsGuest(Strategy strategy) : engine(Config{}.set_strategy(strategy)), store(engine, 0), linker(engine) {
    EXPECT_TRUE(linker.func_wrap("env", "poke", [this](int32_t value) { poke(value); }).ok());
    Result<Module> loaded = Module::from_file(engine, kFaults);
    if (!loaded) ADD_FAILURE() << loaded.error().to_string();
    module.emplace(std::move(loaded).value());
    instance = linker.instantiate(store, *module).value();
  }
  Func func(const char* name) {
    std::optional<Func> found = instance.get_func(store, name);
    if (!found) ADD_FAILURE() << "faults.wasm exports no " << name;
    return found.value_or(Func{});
  }
  uint8_t* memory() { return instance.get_memory(store, "memory")->data(store); }

  Engine engine;
  Store<int> store;
  Linker linker;
  std::optional<Module> module;
  Instance instance;
  std::function<void(int32_t)> poke = [](int32_t) {};
};

// What a call left: its results or its trap with every frame, and the state a trap keeps.
struct Outcome {
  std::vector<uint64_t> results;
  std::optional<TrapCode> trap;
  std::vector<std::pair<uint32_t, uint32_t>> frames;  // function index, module offset
  uint32_t word0 = 0;                                 // memory's first word
  int32_t entries = 0;                                // the global
  bool operator==(const Outcome&) const = default;
};

std::string describe(const Outcome& outcome) {
  std::string text = outcome.trap ? "trap " + std::to_string(int(*outcome.trap)) : "ok";
  for (uint64_t value : outcome.results) text += " " + std::to_string(value);
  for (const auto& [function, offset] : outcome.frames) text += " [" + std::to_string(function) + "@" + std::to_string(offset) + "]";
  return text + " word0=" + std::to_string(outcome.word0) + " entries=" + std::to_string(outcome.entries);
}

Outcome call(FaultsGuest& guest, const char* name, std::initializer_list<Val> params) {
  Outcome outcome;
  Result<std::vector<Val>> result = guest.func(name).call(guest.store, params);
  if (result) {
    for (const Val& value : result.value()) outcome.results.push_back(value.i64() & (value.type() == ValueType::I32 ? 0xffffffffu : ~0ull));
  } else if (result.error().trap) {
    outcome.trap = result.error().trap->code();
    for (const FrameInfo& frame : result.error().trap->backtrace().frames())
      outcome.frames.emplace_back(frame.func_index, frame.module_offset);
  } else {
    ADD_FAILURE() << name << ": " << result.error().to_string();
  }
  std::memcpy(&outcome.word0, guest.memory(), 4);
  outcome.entries = guest.instance.get_global(guest.store, "entries")->get(guest.store).i32();
  return outcome;
}

// Runs `name(params)` in both tiers, twice each (the second time on compiled code for sure), and
// expects the same outcome; returns the compiled tier's.
Outcome same_in_both_tiers(const char* name, std::initializer_list<Val> params) {
  FaultsGuest interpreted(Strategy::Interpreter), compiled(Strategy::Compiled);
  Outcome expected, got;
  for (int round = 0; round < 2; ++round) {
    expected = call(interpreted, name, params);
    got = call(compiled, name, params);
    EXPECT_EQ(got, expected) << name << " round " << round << ": compiled " << describe(got) << ", interpreted "
                             << describe(expected);
  }
  return got;
}

constexpr uint32_t kPage = 65536;

TEST(NativeFaults, AnAccessPastTheEndTrapsAtItsInstructionInsideInlinedCopies) {
  const Outcome outcome = same_in_both_tiers("outer", {int32_t(kPage - 2)});
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(*outcome.trap, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(outcome.frames.size(), 3u);  // $leaf, $middle, outer: two copies inlined into outer
  EXPECT_FALSE(same_in_both_tiers("outer", {int32_t(kPage - 8)}).trap);
}

TEST(NativeFaults, WhatHappenedBeforeTheFaultStaysDone) {
  const Outcome outcome = same_in_both_tiers("store_then_load", {int32_t(kPage), int32_t(0)});
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(outcome.word0, 77u);
  EXPECT_EQ(outcome.entries, 2);  // once a round
}

TEST(NativeFaults, EveryWidthAndTheLastBytesTrapAsTheBoundsCheckDoes) {
  for (const char* name : {"store8", "store64", "load_f64", "load_v128", "load_high_offset", "load"}) {
    for (int64_t address : {int64_t(0), int64_t(kPage - 16), int64_t(kPage - 4), int64_t(kPage - 1), int64_t(kPage),
                            int64_t(0x7fffffff), int64_t(0xffffffff)}) {
      SCOPED_TRACE(std::string(name) + " at " + std::to_string(address));
      same_in_both_tiers(name, {int32_t(uint32_t(address))});
    }
  }
}

TEST(NativeFaults, OfTwoLoadsIntoOneAddTheOneOutOfBoundsTraps) {
  const Outcome first = same_in_both_tiers("add_loads", {int32_t(kPage), int32_t(0)});
  const Outcome second = same_in_both_tiers("add_loads", {int32_t(0), int32_t(kPage)});
  ASSERT_TRUE(first.trap && second.trap);
  EXPECT_NE(first.frames, second.frames);
}

// LLVM may delete a load whose value goes unused and sink one into the only branch using it;
// neither may lose the trap.
TEST(NativeFaults, LoadsWhoseValuesGoUnusedStillTrap) {
  EXPECT_TRUE(same_in_both_tiers("dropped", {int32_t(kPage - 4)}).trap);
  EXPECT_TRUE(same_in_both_tiers("used_in_branch", {int32_t(kPage), int32_t(0)}).trap);
  EXPECT_TRUE(same_in_both_tiers("used_in_branch", {int32_t(kPage - 1), int32_t(1)}).trap);
  EXPECT_EQ(same_in_both_tiers("used_in_branch", {int32_t(kPage - 2), int32_t(0)}).results, std::vector<uint64_t>{5});
}

TEST(NativeFaults, GrownPagesAreInBoundsAndTheNewEndTraps) {
  FaultsGuest interpreted(Strategy::Interpreter), compiled(Strategy::Compiled);
  for (FaultsGuest* guest : {&interpreted, &compiled}) {
    EXPECT_TRUE(call(*guest, "load", {int32_t(kPage)}).trap);
    EXPECT_EQ(call(*guest, "grow", {int32_t(1)}).results, std::vector<uint64_t>{1});
    EXPECT_FALSE(call(*guest, "load", {int32_t(kPage)}).trap);
    EXPECT_FALSE(call(*guest, "load", {int32_t(2 * kPage - 4)}).trap);
    EXPECT_TRUE(call(*guest, "load", {int32_t(2 * kPage - 3)}).trap);
  }
}

// Deeper than a sample's capture (exec/native_sampling.hh): the fault's frames are all counted.
TEST(NativeFaults, AFaultUnderThousandsOfCompiledFramesHasThemAll) {
  const Outcome outcome = same_in_both_tiers("down", {int32_t(5000), int32_t(kPage)});
  ASSERT_TRUE(outcome.trap);
  EXPECT_FALSE(outcome.frames.empty());
  EXPECT_FALSE(same_in_both_tiers("down", {int32_t(5000), int32_t(8)}).trap);
}

TEST(NativeFaults, ALoopStopsAtTheLoadThatFaults) {
  const Outcome outcome = same_in_both_tiers("sum_to", {int32_t(kPage - 64), int32_t(kPage + 64)});
  ASSERT_TRUE(outcome.trap);
}

// A call into another instance's machine code goes through C++ (a helper) and enters a segment
// of its own: a fault there lands in it, and the frames of both instances are in the backtrace.
TEST(NativeFaults, AFaultInAnotherInstancesCodeHasTheFramesOfBoth) {
  const auto via = wat_to_binary(R"(
    (module
      (import "faults" "load" (func $load (param i32) (result i32)))
      (func (export "via") (param i32) (result i32)
        local.get 0
        call $load
        i32.const 1
        i32.add))
  )");
  ASSERT_TRUE(via.ok());
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> frames;
  for (const Strategy strategy : {Strategy::Interpreter, Strategy::Compiled}) {
    FaultsGuest guest(strategy);
    ASSERT_TRUE(guest.linker.define_instance(guest.store, "faults", guest.instance).ok());
    Module module = Module::compile(guest.engine, via.value()).value();
    Instance outer = guest.linker.instantiate(guest.store, module).value();
    auto call_via = outer.get_typed_func<int32_t(int32_t)>(guest.store, "via").value();
    EXPECT_EQ(call_via.call(guest.store, 0).value(), 1);
    Result<int32_t> trapped = call_via.call(guest.store, int32_t(kPage));
    ASSERT_FALSE(trapped.ok());
    ASSERT_TRUE(trapped.error().trap);
    EXPECT_EQ(trapped.error().trap->code(), TrapCode::MemoryOutOfBounds);
    frames.emplace_back();
    for (const FrameInfo& frame : trapped.error().trap->backtrace().frames())
      frames.back().emplace_back(frame.func_index, frame.module_offset);
    EXPECT_EQ(call_via.call(guest.store, 4).value(), 1);  // and both instances go on
  }
  EXPECT_EQ(frames[1], frames[0]);
  EXPECT_EQ(frames[0].size(), 2u);
}

// The handler leaves by a jump: the signal mask must be the one the guest ran with, so the next
// fault (and the profiler's sample signals) still arrive.
TEST(NativeFaults, TheSignalMaskIsRestoredAndTheNextFaultTrapsToo) {
  FaultsGuest guest(Strategy::Compiled);
  sigset_t before, after;
  pthread_sigmask(SIG_BLOCK, nullptr, &before);
  for (int round = 0; round < 3; ++round) EXPECT_TRUE(call(guest, "load", {int32_t(kPage)}).trap);
  pthread_sigmask(SIG_BLOCK, nullptr, &after);
  for (int signal : {SIGSEGV, SIGBUS, SIGRTMIN + 6}) EXPECT_EQ(sigismember(&after, signal), sigismember(&before, signal));
  EXPECT_FALSE(call(guest, "load", {int32_t(0)}).trap);
}

// A fault the guest's machine code did not make is not the runtime's to turn into a trap: a host
// function touching the guard region crashes the process as it would without wasmprof.
TEST(NativeFaultsDeathTest, AFaultOutsideCompiledCodeStillCrashes) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        FaultsGuest guest(Strategy::Compiled);
        guest.poke = [&guest](int32_t) {
          volatile uint8_t* guard = guest.memory() + uint64_t(3) * kPage;
          *guard = 1;
        };
        (void)call(guest, "call_poke", {int32_t(0)});
        std::exit(0);
      },
      // Without wasmprof: killed by the signal, or, where a sanitizer's handler was there before
      // ours, that handler's report and exit.
      [](int status) {
        return (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
      },
      "");
}

// Code that leaves its checks to the guard must never run on a memory without one.
TEST(NativeFaults, CompiledCodeRefusesAMemoryWithoutAGuardRegion) {
  std::ifstream file(kFaults, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  auto compiled = runtime::compile_module(bytes, {}, Strategy::Compiled);
  ASSERT_TRUE(compiled.ok()) << compiled.error().to_string();
  ASSERT_TRUE(compiled.value()->options.guarded_memory);
  runtime::StoreObjects store;
  store.memory_reservation.preferred = exec::MemoryLayout::Bounded;
  exec::ExecContext context;
  exec::FunctionInstance* poke = store.add_host_function(FuncType{{ValueType::I32}, {}}, nullptr);
  const runtime::ExternValue imports[] = {runtime::ExternValue{.kind = ExternKind::Function, .function = poke}};
  auto instance = store.instantiate(compiled.value(), imports, context);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Limit);
  // The interpreter checks every access itself: any layout will do.
  auto interpreted = runtime::compile_module(bytes, {}, Strategy::Interpreter);
  ASSERT_TRUE(interpreted.ok());
  EXPECT_FALSE(interpreted.value()->options.guarded_memory);
  EXPECT_TRUE(store.instantiate(interpreted.value(), imports, context).ok());
}

}  // namespace
}  // namespace wasmprof
