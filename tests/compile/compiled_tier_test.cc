// The compiling tier: which functions it compiles, code of both tiers calling each other, and the
// limits only machine code can hit (the host stack).
#include <gtest/gtest.h>

#include <pthread.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <thread>

#include <string>
#include <vector>

#include "exec/request_race.hh"
#include "profile/data/profile_data.hh"
#include "runtime/compiled_module.hh"
#include "runtime/handles.hh"
#include "runtime/sampling.hh"
#include "runtime/store_state.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof {
namespace {

Module load(const Engine& engine, const std::string& path) {
  Result<Module> module = Module::from_file(engine, path);
  if (!module) ADD_FAILURE() << module.error().to_string();
  return std::move(module).value();
}

Engine compiling_engine(Config config = {}) { return Engine(config.set_strategy(Strategy::Compiled)); }

// mixed.wasm with the compiler failing on $lanes (defined function 1), which falls back to the
// interpreter as any function the compiler fails on does.
Module mixed_module(const Engine& engine) {
  std::ifstream file(std::string(WASMPROF_TEST_WASM_DIR) + "/mixed.wasm", std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  exec::TranslationOptions options;
  options.compile_failures = {1};
  auto compiled = runtime::compile_module(bytes, options, Strategy::Compiled);
  if (!compiled) ADD_FAILURE() << compiled.error().to_string();
  return detail::HandleAccess::module(engine, std::move(compiled).value());
}

struct MixedFixture {
  explicit MixedFixture(Config config = {})
      : engine(compiling_engine(config)), store(engine, 0), linker(engine), module(mixed_module(engine)) {
    EXPECT_TRUE(linker.func_wrap("env", "host_twice", [](int32_t x) { return 2 * x; }).ok());
    instance = linker.instantiate(store, module).value();
  }
  template <class Signature>
  TypedFunc<Signature> get(const char* name) {
    return instance.get_typed_func<Signature>(store, name).value();
  }
  bool is_native(uint32_t function_index) const {
    const runtime::CompiledModule& compiled = *detail::HandleAccess::compiled(module);
    return compiled.code->is_native(function_index - compiled.module->imported_function_count);
  }

  Engine engine;
  Store<int> store;
  Linker linker;
  Module module;
  Instance instance;
};

TEST(CompiledTier, CompilesEveryFunctionOfAScalarModule) {
  Engine engine = compiling_engine();
  Module calls = load(engine, std::string(WASMPROF_RUNTIME_TEST_WASM_DIR) + "/calls.wasm");
  const exec::ModuleCode& code = *detail::HandleAccess::compiled(calls)->code;
  ASSERT_GT(code.size(), 5u);
  for (uint32_t i = 0; i < code.size(); ++i) EXPECT_TRUE(code.is_native(i)) << "function " << i;
}

TEST(CompiledTier, TheInterpreterStrategyCompilesNothing) {
  Engine engine{Config{}};
  Module calls = load(engine, std::string(WASMPROF_RUNTIME_TEST_WASM_DIR) + "/calls.wasm");
  const exec::ModuleCode& code = *detail::HandleAccess::compiled(calls)->code;
  for (uint32_t i = 0; i < code.size(); ++i) EXPECT_FALSE(code.is_native(i)) << "function " << i;
}

TEST(CompiledTier, TieredCompilesAHotFunctionInTheBackgroundAndSwitchesToIt) {
  Engine engine(Config{}.set_strategy(Strategy::Tiered).set_hot_calls(3));
  Store<int> store(engine, 0);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  ASSERT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Module calls = load(engine, std::string(WASMPROF_RUNTIME_TEST_WASM_DIR) + "/calls.wasm");
  Instance instance = linker.instantiate(store, calls).value();
  auto add = instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "add").value();
  const exec::ModuleCode& code = *detail::HandleAccess::compiled(calls)->code;
  const uint32_t add_index = 0;  // the first defined function
  for (int32_t i = 0; i < 2; ++i) EXPECT_EQ(add.call(store, i, 1).value(), i + 1);
  EXPECT_FALSE(code.is_native(add_index));  // two entries: not hot yet
  EXPECT_EQ(add.call(store, 2, 1).value(), 3);  // the third makes it hot
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!code.is_native(add_index) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(code.is_native(add_index));
  EXPECT_EQ(add.call(store, 40, 2).value(), 42);  // switched at this entry
  EXPECT_EQ(add.call(store, -1, 1).value(), 0);   // and straight into machine code since
}

// A function entered once whose loop gets hot moves to machine code inside the loop, with its
// locals (the host counts the ticks: the count the guest returns must match across the switch).
TEST(CompiledTier, TieredMovesARunningLoopToMachineCode) {
  Engine engine(Config{}.set_strategy(Strategy::Tiered).set_hot_calls(100));
  Store<int> store(engine, 0);
  Linker linker(engine);
  Func spin_handle;  // set below, before the call
  int32_t ticks = 0, ticks_after_switch = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  ASSERT_TRUE(linker
                  .func_wrap("env", "tick",
                             [&](int32_t i) -> int32_t {
                               ++ticks;
                               EXPECT_EQ(i, ticks);
                               if (detail::HandleAccess::raw(spin_handle)->native != nullptr) ++ticks_after_switch;
                               return ticks_after_switch < 100 && std::chrono::steady_clock::now() < deadline;
                             })
                  .ok());
  Module spin = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/spin.wasm");
  Instance instance = linker.instantiate(store, spin).value();
  spin_handle = *instance.get_func(store, "spin");
  const int32_t result = spin_handle.typed<int32_t()>(store).value().call(store).value();
  EXPECT_EQ(result, ticks);
  EXPECT_EQ(ticks_after_switch, 100);  // it switched, and went on counting from where it was
  EXPECT_GT(ticks, 100);
}

// A frame is read in the code it runs, not in the code its function has now: after a tier-up
// the outer activations still run the interpreter's code, the inner one machine code, and each
// backtrace frame must name its own instruction.
TEST(CompiledTier, BacktraceFramesOfOneFunctionInBothTiersNameTheirInstructions) {
  Engine engine(Config{}.set_strategy(Strategy::Tiered).set_hot_calls(3));
  Store<int> store(engine, 0);
  Linker linker(engine);
  Module module = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/deep_trap.wasm");
  const exec::ModuleCode& code = *detail::HandleAccess::compiled(module)->code;
  ASSERT_TRUE(linker
                  .func_wrap("env", "wait",
                             [&](int32_t n) {
                               const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
                               while (n == 1 && !code.is_native(0) && std::chrono::steady_clock::now() < deadline)
                                 std::this_thread::sleep_for(std::chrono::milliseconds(1));
                             })
                  .ok());
  Instance instance = linker.instantiate(store, module).value();
  Result<int32_t> result = instance.get_typed_func<int32_t(int32_t)>(store, "rec").value().call(store, 6);
  ASSERT_TRUE(code.is_native(0));
  ASSERT_FALSE(result.ok());
  ASSERT_TRUE(result.error().trap);
  EXPECT_EQ(result.error().trap->code(), TrapCode::UnreachableCodeReached);
  // The offsets of `unreachable` and of `call $rec` in the body.
  const std::span<const uint8_t> bytes = module.bytes();
  const FunctionLocation body = *module.function_location(1);
  uint32_t unreachable = 0, call_rec = 0;
  for (uint32_t at = body.body_offset + 2; at + 1 < body.body_offset + body.body_size; ++at) {
    if (bytes[at - 2] == 0x04 && bytes[at - 1] == 0x40 && bytes[at] == 0x00) unreachable = at;  // if, unreachable
    if (bytes[at] == 0x10 && bytes[at + 1] == 0x01) call_rec = at;    // call 1
  }
  const std::vector<FrameInfo>& frames = result.error().trap->backtrace().frames();
  ASSERT_EQ(frames.size(), 7u);
  ASSERT_NE(unreachable, 0u);
  ASSERT_NE(call_rec, 0u);
  EXPECT_EQ(frames[0].module_offset, unreachable);
  for (size_t i = 1; i < frames.size(); ++i) EXPECT_EQ(frames[i].module_offset, call_rec) << "frame " << i;
}

// The offset of the first `opcode` followed by `immediate` in function `index`'s body.
uint32_t find_in_body(const Module& module, uint32_t index, uint8_t opcode, int immediate = -1) {
  const std::span<const uint8_t> bytes = module.bytes();
  const FunctionLocation body = *module.function_location(index);
  for (uint32_t at = body.body_offset; at + 1 < body.body_offset + body.body_size; ++at)
    if (bytes[at] == opcode && (immediate < 0 || bytes[at + 1] == immediate)) return at;
  ADD_FAILURE() << "no opcode " << int(opcode) << " in function " << index;
  return 0;
}

// copies.wasm, instantiated with a host `seen` that does nothing, in an engine of `config`.
struct CopiesGuest {
  explicit CopiesGuest(Config config) : engine(config), store(engine, 0), linker(engine) {
    EXPECT_TRUE(linker.func_wrap("env", "seen", [](int32_t) {}).ok());
    module.emplace(load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/copies.wasm"));
    instance = linker.instantiate(store, *module).value();
  }
  Func func(const char* name) { return *instance.get_func(store, name); }
  TypedFunc<int32_t(int32_t, int32_t)> outer(Func handle) { return handle.typed<int32_t(int32_t, int32_t)>(store).value(); }

  Engine engine;
  Store<int> store;
  Linker linker;
  std::optional<Module> module;
  Instance instance;
};

// Small callees run as copies inside the caller's code; their frames are still frames: a trap two
// copies deep, and a host call from a copy, see each wasm frame at its own instruction.
TEST(CompiledTier, FramesOfCalleesCopiedIntoTheCallerAreWhole) {
  Engine engine = compiling_engine();
  Store<int> store(engine, 0);
  Linker linker(engine);
  std::vector<FrameInfo> seen;
  ASSERT_TRUE(linker.func_wrap("env", "seen", [&seen](Caller& caller, int32_t) { seen = WasmBacktrace::capture(caller).frames(); }).ok());
  Module module = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/copies.wasm");
  Instance instance = linker.instantiate(store, module).value();
  auto outer = instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "outer").value();
  EXPECT_EQ(outer.call(store, 7, 1).value(), 16);
  // outer (function 3, defined 2) holds the copies of $middle and of $divide inside it.
  const exec::ModuleCode& code = *detail::HandleAccess::compiled(module)->code;
  ASSERT_TRUE(code.is_native(2));
  EXPECT_EQ(code.entry(2)->callee_copies.size(), 2u);

  Result<int32_t> trapped = outer.call(store, 7, 0);
  ASSERT_FALSE(trapped.ok());
  ASSERT_TRUE(trapped.error().trap);
  EXPECT_EQ(trapped.error().trap->code(), TrapCode::IntegerDivisionByZero);
  const std::vector<FrameInfo>& frames = trapped.error().trap->backtrace().frames();
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].func_index, 1u);
  EXPECT_EQ(frames[0].module_offset, find_in_body(module, 1, 0x6D));  // i32.div_s
  EXPECT_EQ(frames[1].func_index, 2u);
  EXPECT_EQ(frames[1].module_offset, find_in_body(module, 2, 0x10, 1));  // call $divide
  EXPECT_EQ(frames[2].func_index, 3u);
  EXPECT_EQ(frames[2].module_offset, find_in_body(module, 3, 0x10, 2));  // call $middle

  ASSERT_TRUE(instance.get_typed_func<void(int32_t)>(store, "outer_report").value().call(store, 1).ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].func_index, 4u);
  EXPECT_EQ(seen[0].module_offset, find_in_body(module, 4, 0x10, 0));  // call $seen
  EXPECT_EQ(seen[1].func_index, 5u);
  EXPECT_EQ(seen[1].module_offset, find_in_body(module, 5, 0x10, 4));  // call $report
}

// The machine code maps back to wasm (exec::MachineCodeMap): every address of a compiled
// function names its wasm frames, and where a copy was inlined, the copied callee is a frame of
// its own at its instruction, called from its caller's call instruction, two copies deep too.
TEST(CompiledTier, TheMachineCodeMapNamesInlinedCalleesAtTheirCallSites) {
  CopiesGuest guest(Config{}.set_strategy(Strategy::Compiled));
  const Module& module = *guest.module;
  Func outer_handle = guest.func("outer");
  EXPECT_EQ(guest.outer(outer_handle).call(guest.store, 7, 1).value(), 16);
  const exec::FunctionInstance& outer = *detail::HandleAccess::raw(outer_handle);
  ASSERT_NE(outer.native, nullptr);
  const exec::MachineCodeMap& map = outer.code->machine_map;
  ASSERT_FALSE(map.ranges.empty());

  // The NativeEntry, which the interpreter calls, is no wasm frame of its own: it calls the body.
  EXPECT_TRUE(map.frames_at(reinterpret_cast<uintptr_t>(outer.native)).empty());
  // The body's address is the function's, at its body's first byte or later.
  ASSERT_NE(outer.native_body, nullptr);
  const auto entry = reinterpret_cast<uintptr_t>(outer.native_body);
  const std::span<const exec::MachineFrame> at_entry = map.frames_at(entry);
  ASSERT_EQ(at_entry.size(), 1u);
  EXPECT_EQ(at_entry[0].function_index, 3u);
  const FunctionLocation outer_body = *module.function_location(3);
  EXPECT_GE(at_entry[0].wasm_offset, outer_body.body_offset);
  EXPECT_LT(at_entry[0].wasm_offset, outer_body.body_offset + outer_body.body_size);
  EXPECT_TRUE(map.frames_at(map.ranges.front().start - 1).empty());
  EXPECT_TRUE(map.frames_at(map.ranges.back().start).empty());  // past the end

  // Somewhere, the division: $divide at i32.div_s, in $middle at its call, in outer at its call.
  const std::vector<exec::MachineFrame> division{{1, find_in_body(module, 1, 0x6D)},
                                                 {2, find_in_body(module, 2, 0x10, 1)},
                                                 {3, find_in_body(module, 3, 0x10, 2)}};
  bool found = false;
  int empty_ranges = 0;
  for (const exec::MachineCodeMap::Range& range : map.ranges) {
    const std::span<const exec::MachineFrame> frames = map.frames_at(range.start);
    found = found || std::vector<exec::MachineFrame>(frames.begin(), frames.end()) == division;
    // Code the compiler made for no instruction of its own (LLVM's line 0) belongs to the
    // instruction before it: a range with no wasm offset would send its samples to the
    // function's first instruction.
    // Empty only where the NativeEntry's code begins and where the first of the two functions
    // (it and the body) ends.
    if (&range != &map.ranges.back()) {
      if (frames.empty()) {
        ++empty_ranges;
        continue;
      }
      EXPECT_NE(frames.front().wasm_offset, 0u) << std::hex << range.start - map.ranges.front().start;
    }
    for (const exec::MachineFrame& frame : frames) {  // every frame is one of the three, in its body
      ASSERT_GE(frame.function_index, 1u);
      ASSERT_LE(frame.function_index, 3u);
      if (frame.wasm_offset == 0) continue;
      const FunctionLocation body = *module.function_location(frame.function_index);
      EXPECT_GE(frame.wasm_offset, body.body_offset);
      EXPECT_LT(frame.wasm_offset, body.body_offset + body.body_size);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_LE(empty_ranges, 2);
}

// Tiering compiles with CompileEffort::Quick: the guest waits in the interpreter for the code,
// so no callees are copied in (the compiled strategy's code of the same function holds two).
TEST(CompiledTier, TieredCompilesHotFunctionsWithoutCalleesCopies) {
  CopiesGuest guest(Config{}.set_strategy(Strategy::Tiered).set_hot_calls(2));
  Func outer_handle = guest.func("outer");
  auto outer = guest.outer(outer_handle);
  const exec::ModuleCode& code = *detail::HandleAccess::compiled(*guest.module)->code;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!code.is_native(2) && std::chrono::steady_clock::now() < deadline) {
    EXPECT_EQ(outer.call(guest.store, 7, 1).value(), 16);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(outer.call(guest.store, 7, 1).value(), 16);  // enters the machine code
  const exec::FunctionInstance& function = *detail::HandleAccess::raw(outer_handle);
  ASSERT_NE(function.native, nullptr);
  EXPECT_TRUE(function.code->callee_copies.empty());
}

// WASMPROF_PERFMAP=1: perf's map of JIT code names each compiled function by its wasm name, at
// the address its machine code really has.
// A sampler's signal may stop a function's NativeEntry (the wrapper around its body, which maps
// to no wasm frame): the frame is the entered function, at its first instruction.
TEST(CompiledTier, AFramePositionedInTheNativeEntryIsItsFunctionAtItsFirstInstruction) {
  CopiesGuest guest(Config{}.set_strategy(Strategy::Compiled));
  Func outer_handle = guest.func("outer");
  EXPECT_EQ(guest.outer(outer_handle).call(guest.store, 7, 1).value(), 16);
  const exec::FunctionInstance& outer = *detail::HandleAccess::raw(outer_handle);
  ASSERT_NE(outer.native, nullptr);
  ASSERT_TRUE(outer.code->machine_map.frames_at(reinterpret_cast<uintptr_t>(outer.native)).empty());
  const runtime::FrameIdentity in_entry{&outer, outer.code, reinterpret_cast<const void*>(outer.native), 0};
  const runtime::SampledFrame frame = runtime::resolve_frame(in_entry);
  EXPECT_EQ(frame.function_index, 3u);
  // (The body's first byte after its size, as the compiled body's first row has it.)
  const FunctionLocation body = *guest.module->function_location(3);
  EXPECT_GT(frame.module_offset, body.body_offset);
  EXPECT_LT(frame.module_offset, body.body_offset + body.body_size);
}

TEST(CompiledTier, ThePerfMapNamesCompiledFunctionsWhereTheirCodeIs) {
  const std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  std::remove(path.c_str());
  ASSERT_EQ(setenv("WASMPROF_PERFMAP", "1", 1), 0);
  CopiesGuest guest(Config{}.set_strategy(Strategy::Compiled));
  Func outer = guest.func("outer");
  // (The compiler, which reads the variable, is made at the first compile: the call.)
  EXPECT_EQ(guest.outer(outer).call(guest.store, 8, 2).value(), 10);
  auto recurse = guest.instance.get_typed_func<int32_t(int32_t)>(guest.store, "recurse").value();
  EXPECT_EQ(recurse.call(guest.store, 5).value(), 5);
  unsetenv("WASMPROF_PERFMAP");
  const auto entry = reinterpret_cast<uintptr_t>(detail::HandleAccess::raw(outer)->native);
  ASSERT_NE(entry, 0u);
  std::ifstream map(path);
  ASSERT_TRUE(map.good()) << path;
  bool found = false, copy_named = false;
  for (std::string line; std::getline(map, line);) {
    std::istringstream fields(line);
    uintptr_t start = 0, size = 0;
    std::string name;
    fields >> std::hex >> start >> size;
    std::getline(fields >> std::ws, name);
    if (name == "wasm-function[3]") found = found || (start == entry && size > 0);
    // The recursion's copy of count_down is named after it (from the name section), as a copy.
    copy_named = copy_named || (name == "count_down (inlinable copy)" && size > 0);
  }
  std::remove(path.c_str());
  EXPECT_TRUE(found) << "no line for outer (function 3) at its entry";
  EXPECT_TRUE(copy_named) << "no line for a callee's copy";
}

// Fuel is charged per basic block where the translator charges it: with every budget from none
// to enough, machine code stops at the interpreter's instruction with the interpreter's fuel left;
// and so does a tiered run, whichever moment its functions move to machine code (at an entry or
// at the loop's header).
TEST(CompiledTier, FuelRunsOutAtTheInterpretersInstructionWithItsFuelLeft) {
  struct Outcome {
    bool ok = false;
    int32_t value = 0;
    uint32_t trap_offset = 0;
    uint64_t fuel_left = 0;
    bool operator==(const Outcome&) const = default;
  };
  const Engine interpreter(Config{}.set_consume_fuel(true));
  const Engine compiler(Config{}.set_strategy(Strategy::Compiled).set_consume_fuel(true));
  const Engine tierer(Config{}.set_strategy(Strategy::Tiered).set_hot_calls(2).set_consume_fuel(true));
  const Module interpreted_module = load(interpreter, std::string(WASMPROF_TEST_WASM_DIR) + "/fuel.wasm");
  const Module compiled_module = load(compiler, std::string(WASMPROF_TEST_WASM_DIR) + "/fuel.wasm");
  const Module tiered_module = load(tierer, std::string(WASMPROF_TEST_WASM_DIR) + "/fuel.wasm");
  auto run = [&](Strategy strategy, uint64_t budget) {
    const Engine& engine = strategy == Strategy::Compiled ? compiler : strategy == Strategy::Tiered ? tierer : interpreter;
    const Module& module = strategy == Strategy::Compiled ? compiled_module
                           : strategy == Strategy::Tiered ? tiered_module
                                                          : interpreted_module;
    Store<int> store(engine, 0);
    Instance instance = Linker(engine).instantiate(store, module).value();
    EXPECT_TRUE(store.set_fuel(budget).ok());
    Result<int32_t> result = instance.get_typed_func<int32_t(int32_t)>(store, "work").value().call(store, 6);
    Outcome outcome;
    outcome.ok = result.ok();
    if (result.ok()) outcome.value = *result;
    else if (result.error().trap && !result.error().trap->backtrace().frames().empty())
      outcome.trap_offset = result.error().trap->backtrace().frames()[0].module_offset;
    outcome.fuel_left = store.get_fuel().value();
    return outcome;
  };
  const Outcome enough = run(Strategy::Interpreter, 100000);
  ASSERT_TRUE(enough.ok);
  const uint64_t needed = 100000 - enough.fuel_left;
  ASSERT_GT(needed, 100u);  // six iterations of a loop of several blocks
  for (uint64_t budget = 0; budget <= needed; ++budget) {
    const Outcome interpreted = run(Strategy::Interpreter, budget);
    const Outcome compiled = run(Strategy::Compiled, budget);
    const Outcome tiered = run(Strategy::Tiered, budget);
    EXPECT_EQ(interpreted.ok, budget == needed) << budget;
    EXPECT_TRUE(tiered == interpreted) << "budget " << budget << ": tiered " << tiered.ok << " at " << tiered.trap_offset
                                       << " left " << tiered.fuel_left;
    if (budget == needed / 2) {  // from here on, the tiered module's `work` is machine code
      const exec::ModuleCode& code = *detail::HandleAccess::compiled(tiered_module)->code;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (!code.is_native(1) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ASSERT_TRUE(code.is_native(1));
    }
    ASSERT_TRUE(compiled == interpreted) << "budget " << budget << ": compiled " << compiled.ok << " " << compiled.value
                                         << " at " << compiled.trap_offset << " left " << compiled.fuel_left
                                         << ", interpreted " << interpreted.ok << " " << interpreted.value << " at "
                                         << interpreted.trap_offset << " left " << interpreted.fuel_left;
  }
}

// A precise sampler's request is served at a compiled check point and the code goes on: without
// epoch checks compiled in, the epoch (0) is not a passed deadline (0), as the interpreter, which
// has no epoch check then, never takes it for one.
// The runtime tests' loops.wasm, compiled, its `tick` doing nothing.
struct LoopsGuest {
  LoopsGuest() : engine(compiling_engine()), store(engine, 0), linker(engine) {
    EXPECT_TRUE(linker.func_wrap("env", "tick", [] {}).ok());
    module.emplace(load(engine, std::string(WASMPROF_RUNTIME_TEST_WASM_DIR) + "/loops.wasm"));
    instance = linker.instantiate(store, *module).value();
  }
  Engine engine;
  Store<int> store;
  Linker linker;
  std::optional<Module> module;
  Instance instance;
};

TEST(CompiledTier, PreciseSamplesOfCompiledCodeWithoutEpochsLetItRun) {
  LoopsGuest guest;
  Store<int>& store = guest.store;
  Module& module = *guest.module;
  Instance& instance = guest.instance;
  auto count = instance.get_typed_func<int32_t(int32_t)>(store, "count").value();
  ASSERT_EQ(count.call(store, 1).value(), 0);  // compiled now
  GuestProfiler profiler("loops", std::chrono::microseconds(200), {{"loops.wasm", module}});
  ASSERT_TRUE(profiler.start_sampling(store, std::chrono::microseconds(200), SamplingClock::WallClock).ok());
  for (int round = 0; round < 100 && profiler.data().samples.empty(); ++round) {
    Result<int32_t> counted = count.call(store, 20'000'000);
    ASSERT_TRUE(counted.ok()) << counted.error().to_string();
    EXPECT_EQ(counted.value(), 0);
  }
  profiler.stop_sampling();
  EXPECT_FALSE(profiler.data().samples.empty());
}

// Requests racing with their serving at a compiled loop's back edge are never lost. Compiled
// code sees a request only through ExecContext::native_limit (context.hh): a lost one would
// leave the flag set and the limit at the floor, which no check point stops at. As the
// interpreter's test of its dispatch table (tests/exec/interpreter_test.cc), on machine code.
TEST(CompiledTier, RequestsRacingWithTheirServingAtCheckPointsAreNeverLost) {
  LoopsGuest guest;
  Store<int>& store = guest.store;
  Instance& instance = guest.instance;
  auto spin = instance.get_typed_func<void()>(store, "spin").value();
  exec::ExecContext& context = detail::HandleAccess::store(instance)->context;
  test::RequestRace race(context);
  race.start(5000, [&context] {
    return context.interrupt_pending.load() == 1 && context.native_limit.load() != exec::ExecContext::kInterruptLimit;
  });
  Result<Ok> result = spin.call(store);  // a loop without end but the requester's last request
  EXPECT_EQ(race.join(), 0);
  ASSERT_FALSE(result.ok());
  ASSERT_TRUE(result.error().trap) << result.error().to_string();
  EXPECT_EQ(result.error().trap->code(), TrapCode::Interrupt);
}

TEST(CompiledTier, AFunctionItCannotCompileStaysInterpretedAndCallsCrossBothWays) {
  MixedFixture f;
  // 3 squared (the interpreted $lanes calls the compiled $square), plus one.
  EXPECT_EQ(f.get<int32_t(int32_t)>("compiled_calls_interpreted").call(f.store, 3).value(), 10);
  EXPECT_TRUE(f.is_native(1));   // $square
  EXPECT_FALSE(f.is_native(2));  // $lanes: the compiler failed on it
  EXPECT_TRUE(f.is_native(3));
}

TEST(CompiledTier, CallsThroughATableAndTheHost) {
  MixedFixture f;
  EXPECT_EQ(f.get<int32_t(int32_t)>("through_table_and_host").call(f.store, 5).value(), 50);
}

TEST(CompiledTier, MemoryGrowsUnderCompiledCode) {
  MixedFixture f;
  EXPECT_EQ(f.get<int32_t(int32_t)>("grow_and_touch").call(f.store, 3).value(), 42);
  Result<int32_t> past_the_limit = f.get<int32_t(int32_t)>("grow_and_touch").call(f.store, 70000);
  EXPECT_EQ(past_the_limit.value(), 42);  // the grow fails (-1), the last page is still there
}

// Compiled code recurses on the host stack: with the engine's depth limit out of reach, the
// host stack's floor must end the recursion with the trap, never with a crash.
// Every offset of `opcode` (followed by `immediate`, if not negative) in function `index`'s body.
std::vector<uint32_t> all_in_body(const Module& module, uint32_t index, uint8_t opcode, int immediate = -1) {
  const std::span<const uint8_t> bytes = module.bytes();
  const FunctionLocation body = *module.function_location(index);
  std::vector<uint32_t> offsets;
  for (uint32_t at = body.body_offset; at + 1 < body.body_offset + body.body_size; ++at)
    if (bytes[at] == opcode && (immediate < 0 || bytes[at + 1] == immediate)) offsets.push_back(at);
  return offsets;
}

// records.wasm, its host `seen` keeping every backtrace it was called with.
struct RecordsGuest {
  RecordsGuest() : engine(compiling_engine()), store(engine, 0), linker(engine) {
    EXPECT_TRUE(linker
                    .func_wrap("env", "seen",
                               [this](Caller& caller, int32_t) { seen.push_back(WasmBacktrace::capture(caller).frames()); })
                    .ok());
    module.emplace(load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/records.wasm"));
    instance = linker.instantiate(store, *module).value();
  }
  auto call(const char* name, int32_t argument) {
    return instance.get_typed_func<void(int32_t)>(store, name).value().call(store, argument);
  }

  Engine engine;
  Store<int> store;
  Linker linker;
  std::optional<Module> module;
  Instance instance;
  std::vector<std::vector<FrameInfo>> seen;
};

// Function indices in records.wat.
constexpr uint32_t kReport = 1, kOther = 2, kTwoSites = 3, kOneSite = 4, kDown = 5;

// (Each test calls its export twice and reads the second call's backtraces: a function's first
// call compiles it, through a helper, where its frame is not where its next calls put it.)
TEST(CompiledTier, AFrameFoundAgainAtTheSamePlaceNamesItsNewCallSite) {
  RecordsGuest guest;
  ASSERT_TRUE(guest.call("two_sites", 7).ok());
  guest.seen.clear();
  ASSERT_TRUE(guest.call("two_sites", 7).ok());
  const std::vector<uint32_t> sites = all_in_body(*guest.module, kTwoSites, 0x11);
  ASSERT_EQ(sites.size(), 2u);
  ASSERT_EQ(guest.seen.size(), 2u);
  for (size_t call = 0; call < 2; ++call) {
    const std::vector<FrameInfo>& frames = guest.seen[call];
    ASSERT_EQ(frames.size(), 2u) << "call " << call;
    EXPECT_EQ(frames[0].func_index, kReport);
    EXPECT_EQ(frames[0].module_offset, find_in_body(*guest.module, kReport, 0x10, 0));  // call $seen
    EXPECT_EQ(frames[1].func_index, kTwoSites);
    EXPECT_EQ(frames[1].module_offset, sites[call]) << "call " << call;
  }
}

TEST(CompiledTier, ANewFrameUnderACallerFoundAgainIsNamedWithIt) {
  RecordsGuest guest;
  ASSERT_TRUE(guest.call("one_site", 7).ok());
  guest.seen.clear();
  ASSERT_TRUE(guest.call("one_site", 7).ok());
  const uint32_t site = find_in_body(*guest.module, kOneSite, 0x11);
  ASSERT_EQ(guest.seen.size(), 2u);
  for (size_t call = 0; call < 2; ++call) {
    const std::vector<FrameInfo>& frames = guest.seen[call];
    ASSERT_EQ(frames.size(), 2u) << "call " << call;
    const uint32_t callee = call == 0 ? kReport : kOther;
    EXPECT_EQ(frames[0].func_index, callee);
    EXPECT_EQ(frames[0].module_offset, find_in_body(*guest.module, callee, 0x10, 0));
    EXPECT_EQ(frames[1].func_index, kOneSite);
    EXPECT_EQ(frames[1].module_offset, site);
  }
}

// Each level's host call sees every frame (those written by the levels above kept), and the trap
// at the bottom too.
TEST(CompiledTier, ARecursionCallingTheHostAtEveryLevelSeesEveryFrame) {
  RecordsGuest guest;
  constexpr int32_t kLevels = 200;
  auto result = guest.call("down", kLevels);
  ASSERT_FALSE(result.ok());
  ASSERT_TRUE(result.error().trap != nullptr);
  EXPECT_EQ(result.error().trap->code(), TrapCode::UnreachableCodeReached);
  const uint32_t host_call = find_in_body(*guest.module, kDown, 0x10, 0);
  const uint32_t recursive_call = find_in_body(*guest.module, kDown, 0x10, kDown);
  ASSERT_EQ(guest.seen.size(), size_t(kLevels) + 1);
  for (size_t level = 0; level < guest.seen.size(); ++level) {
    const std::vector<FrameInfo>& frames = guest.seen[level];
    ASSERT_EQ(frames.size(), level + 1) << "level " << level;
    for (size_t i = 0; i < frames.size(); ++i) {
      EXPECT_EQ(frames[i].func_index, kDown);
      EXPECT_EQ(frames[i].module_offset, i == 0 ? host_call : recursive_call) << "level " << level << " frame " << i;
    }
  }
  const std::vector<FrameInfo>& trapped = result.error().trap->backtrace().frames();
  ASSERT_EQ(trapped.size(), size_t(kLevels) + 1);
  EXPECT_EQ(trapped[0].module_offset, find_in_body(*guest.module, kDown, 0x04, 0x40) + 2);  // unreachable, after `if`
  for (size_t i = 1; i < trapped.size(); ++i) EXPECT_EQ(trapped[i].module_offset, recursive_call) << "frame " << i;
}

TEST(CompiledTier, DeepRecursionEndsInCallStackExhaustedBeforeTheHostStack) {
  MixedFixture f(Config{}.set_max_call_depth(10'000'000).set_max_wasm_stack(uint64_t(1) << 30));
  Result<int32_t> result = f.get<int32_t(int32_t)>("deep").call(f.store, 0);
  ASSERT_FALSE(result.ok());
  ASSERT_TRUE(result.error().trap != nullptr);
  EXPECT_EQ(result.error().trap->code(), TrapCode::StackOverflow);
}

// A call whose callee's frame would end past the slot stack (max_wasm_stack) traps at the call,
// writing none of its arguments there (the sanitizer build sees any that would be).
TEST(CompiledTier, ASlotStackTooSmallForTheCalleesFrameTrapsBeforeItsArgumentsAreWritten) {
  // 64 slots of arguments a call; a one-argument host call below frames past the stack's end.
  for (const auto& [name, params] : {std::pair{"wide", 64}, std::pair{"host_deep", 1}}) {
    MixedFixture f(Config{}.set_max_call_depth(10'000'000).set_max_wasm_stack(64 * 1024));
    Func function = *f.instance.get_func(f.store, name);
    std::vector<Val> arguments(size_t(params), params == 1 ? Val(int32_t{0}) : Val(int64_t{0}));
    Result<std::vector<Val>> result = function.call(f.store, arguments);
    ASSERT_FALSE(result.ok()) << name;
    ASSERT_TRUE(result.error().trap != nullptr) << name;
    EXPECT_EQ(result.error().trap->code(), TrapCode::StackOverflow) << name;
  }
}

TEST(CompiledTier, DeepRecursionOnASmallThreadStackTrapsToo) {
  struct Outcome {
    bool trapped = false;
    bool overflow = false;
  } outcome;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 256 * 1024);
  pthread_t thread;
  auto body = [](void* argument) -> void* {
    auto* out = static_cast<Outcome*>(argument);
    MixedFixture f(Config{}.set_max_call_depth(10'000'000).set_max_wasm_stack(uint64_t(1) << 30));
    Result<int32_t> result = f.get<int32_t(int32_t)>("deep").call(f.store, 0);
    out->trapped = !result.ok() && result.error().trap != nullptr;
    out->overflow = out->trapped && result.error().trap->code() == TrapCode::StackOverflow;
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, body, &outcome), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  EXPECT_TRUE(outcome.trapped);
  EXPECT_TRUE(outcome.overflow);
}

}  // namespace
}  // namespace wasmprof
