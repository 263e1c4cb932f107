// Precise sampling of compiled code (exec/native_sampling.hh): a request's signal reads where the
// machine code was, so straight-line code gets its own samples, with the frames of callees
// inlined into it, and the guest's results are untouched however often it is interrupted.
#include <gtest/gtest.h>

#include <time.h>

#include <chrono>
#include <map>
#include <string>

#include "profile/data/profile_data.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof {
namespace {

using namespace std::chrono_literals;

Module load(const Engine& engine, const std::string& path) {
  Result<Module> module = Module::from_file(engine, path);
  if (!module) ADD_FAILURE() << module.error().to_string();
  return std::move(module).value();
}

// Samples by the name of their innermost frame's function (inline depth included: an inlined
// copy's frame is its own function's).
std::map<std::string, int> self_samples(const profile::ProfileData& data) {
  std::map<std::string, int> counts;
  for (const profile::ProfileSample& sample : data.samples) {
    if (sample.stack == profile::kNoIndex) continue;
    const profile::ProfileFrame& frame = data.frames[data.stacks[sample.stack].frame];
    ++counts[data.functions[frame.function].name];
  }
  return counts;
}


TEST(NativeSampling, StraightLineCodeGetsItsOwnSamples) {
  Engine engine(Config{}.set_strategy(Strategy::Compiled));
  Store<int> store(engine, 0);
  Linker linker(engine);
  Module module = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/straight.wasm");
  Instance instance = linker.instantiate(store, module).value();
  auto drive = instance.get_typed_func<int64_t(int32_t, int64_t)>(store, "drive").value();
  // Compiled now; and the results of a run without the profiler, to compare with.
  std::vector<int64_t> expected;
  for (int round = 0; round < 40; ++round) expected.push_back(drive.call(store, 2000, round).value());

  GuestProfiler profiler("straight", 200us, {{"straight.wasm", module}});
  ASSERT_TRUE(profiler.start_sampling(store, 200us).ok());
  for (int pass = 0; pass < 50 && profiler.data().samples.size() < 500; ++pass)
    for (int round = 0; round < 40; ++round) ASSERT_EQ(drive.call(store, 2000, round).value(), expected[size_t(round)]);
  profiler.stop_sampling();

  const std::map<std::string, int> counts = self_samples(profiler.data());
  int total = 0;
  for (const auto& [name, count] : counts) total += count;
  ASSERT_GE(total, 300);
  const int heavy = counts.contains("heavy") ? counts.at("heavy") : 0;
  const int light = counts.contains("light") ? counts.at("light") : 0;
  // $heavy is ~400 multiplies and xors to $light's one: nearly all the time.
  EXPECT_GE(heavy, total * 8 / 10) << "heavy " << heavy << ", light " << light << " of " << total;
  EXPECT_LE(light, total / 10) << "heavy " << heavy << ", light " << light << " of " << total;
}

// Samples by call path, root first ("run>f>g>h"), as shares of the samples with a stack.
std::map<std::string, double> path_shares(const profile::ProfileData& data) {
  std::map<std::string, double> shares;
  double total = 0;
  for (const profile::ProfileSample& sample : data.samples) {
    if (sample.stack == profile::kNoIndex) continue;
    std::string path;
    for (uint32_t stack = sample.stack; stack != profile::kNoIndex; stack = data.stacks[stack].prefix) {
      const std::string& name = data.functions[data.frames[data.stacks[stack].frame].function].name;
      path = path.empty() ? name : name + ">" + path;
    }
    shares[path] += 1;
    total += 1;
  }
  for (auto& [path, share] : shares) share /= total;
  return shares;
}

// The same guest profiled in the interpreter and in machine code where the compiler inlined
// every callee: the same call paths, in about the same shares.
TEST(NativeSampling, BothTiersShowTheSameCallPaths) {
  std::map<std::string, double> shares[2];
  for (const Strategy strategy : {Strategy::Interpreter, Strategy::Compiled}) {
    Engine engine(Config{}.set_strategy(strategy));
    Store<int> store(engine, 0);
    Module module = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/chain.wasm");
    Instance instance = Instance::create(store, module, {}).value();
    auto run = instance.get_typed_func<int32_t(int32_t)>(store, "run").value();
    const int32_t expected = run.call(store, 1000).value();  // (compiled now, in that tier)
    GuestProfiler profiler("chain", 200us, {{"chain.wasm", module}});
    ASSERT_TRUE(profiler.start_sampling(store, 200us).ok());
    while (profiler.data().samples.size() < 1000) ASSERT_EQ(run.call(store, 1000).value(), expected);
    profiler.stop_sampling();
    shares[strategy == Strategy::Compiled] = path_shares(profiler.data());
  }
  // Nearly all the time is in $h's loop, two calls down from $f.
  for (const auto& tier : shares) {
    ASSERT_TRUE(tier.contains("run>f>g>h"));
    EXPECT_GE(tier.at("run>f>g>h"), 0.6);
  }
  // Every path with a tenth of either profile is in the other.
  for (int tier = 0; tier < 2; ++tier)
    for (const auto& [path, share] : shares[tier])
      if (share >= 0.1) EXPECT_TRUE(shares[1 - tier].contains(path)) << path << " only in tier " << tier;
}

// Time in a host function that compiled code called is a sample of that host function, a frame
// named after its import on top of the wasm frames that called it (here a copy inlined into its
// caller), as in the interpreter's profiles.
TEST(NativeSampling, HostCallsFromMachineCodeAreFramesNamedAfterTheImport) {
  Engine engine(Config{}.set_strategy(Strategy::Compiled));
  Store<int> store(engine, 0);
  Linker linker(engine);
  auto spin = [](int32_t) {  // 1 ms of the guest thread's CPU
    timespec start{}, now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    do clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    while ((now.tv_sec - start.tv_sec) * 1'000'000'000L + (now.tv_nsec - start.tv_nsec) < 1'000'000L);
  };
  ASSERT_TRUE(linker.func_wrap("env", "seen", spin).ok());
  Module module = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/copies.wasm");
  Instance instance = linker.instantiate(store, module).value();
  auto outer_report = instance.get_typed_func<void(int32_t)>(store, "outer_report").value();
  ASSERT_TRUE(outer_report.call(store, 1).ok());  // compiled now
  GuestProfiler profiler("copies", 200us, {{"copies.wasm", module}});
  ASSERT_TRUE(profiler.start_sampling(store, 200us).ok());
  store.call_hook([&profiler](StoreContext context, CallHook kind) -> Result<Ok> {
    profiler.call_hook(context, kind);
    return Ok{};
  });
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(outer_report.call(store, i).ok());
  profiler.stop_sampling();
  const std::map<std::string, double> paths = path_shares(profiler.data());
  // (The exported function has no name in the name section: the profile says which it is.)
  const std::string path = "wasm-function[5]>report>env.seen";
  ASSERT_TRUE(paths.contains(path));
  EXPECT_GE(paths.at(path), 0.8);
}

// Signals as often as the ticker can send them, for a second, at every kind of position: straight
// code, inlined copies, calls between compiled functions, host calls, traps inside copies, a
// mixed stack of interpreted and compiled frames (tiered). Every result and trap stays what it
// is without the profiler; nothing crashes (the sanitizer build runs this too).
TEST(NativeSampling, SignalsAtAnyPositionNeverChangeWhatTheGuestDoes) {
  for (const Strategy strategy : {Strategy::Compiled, Strategy::Tiered}) {
    Engine engine(Config{}.set_strategy(strategy).set_hot_calls(5));
    Store<int> store(engine, 0);
    Linker linker(engine);
    int seen = 0;
    ASSERT_TRUE(linker.func_wrap("env", "seen", [&seen](int32_t value) { seen += value; }).ok());
    Module copies = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/copies.wasm");
    Module straight = load(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/straight.wasm");
    Instance copies_instance = linker.instantiate(store, copies).value();
    Instance straight_instance = linker.instantiate(store, straight).value();
    auto outer = copies_instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "outer").value();
    auto outer_report = copies_instance.get_typed_func<void(int32_t)>(store, "outer_report").value();
    auto drive = straight_instance.get_typed_func<int64_t(int32_t, int64_t)>(store, "drive").value();
    const int64_t expected_drive = drive.call(store, 50, 9).value();

    GuestProfiler profiler("stress", 10us, {{"copies.wasm", copies}, {"straight.wasm", straight}});
    ASSERT_TRUE(profiler.start_sampling(store, 10us, SamplingClock::WallClock).ok());
    const auto end = std::chrono::steady_clock::now() + 1s;
    int rounds = 0;
    for (; std::chrono::steady_clock::now() < end; ++rounds) {
      ASSERT_EQ(outer.call(store, 7, 1).value(), 16);
      Result<int32_t> trapped = outer.call(store, 7, 0);  // divides by zero two copies deep
      ASSERT_FALSE(trapped.ok());
      ASSERT_NE(trapped.error().trap, nullptr);
      ASSERT_EQ(trapped.error().trap->code(), TrapCode::IntegerDivisionByZero);
      ASSERT_TRUE(outer_report.call(store, 1).ok());
      ASSERT_EQ(drive.call(store, 50, 9).value(), expected_drive);
    }
    profiler.stop_sampling();
    EXPECT_EQ(seen, rounds);
    EXPECT_GT(profiler.data().samples.size(), 100u) << "strategy " << int(strategy);
  }
}

}  // namespace
}  // namespace wasmprof
