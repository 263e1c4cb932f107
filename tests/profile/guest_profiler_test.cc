// The GuestProfiler against real guests: reference mode (samples from the epoch callback),
// precise mode (samples at the next instruction boundary), host-call markers and frames, and
// the promise that frames of modules not allowed never appear.
#include "wasmprof/profiler.hh"

#include <gtest/gtest.h>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "profile/data/profile_data.hh"
#include "profile/json_test_support.hh"
#include "profile/sample_ticker.hh"
#include "runtime/sampling.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof {
namespace {

using namespace std::chrono_literals;

Module load(const Engine& engine, const std::string& name) {
  Result<Module> module = Module::from_file(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/" + name + ".wasm");
  if (!module) ADD_FAILURE() << module.error().to_string();
  return std::move(module).value();
}

// Names of a sample's frames, outermost first.
std::vector<std::string> stack_names(const profile::ProfileData& data, uint32_t stack) {
  std::vector<std::string> names;
  for (; stack != profile::kNoIndex; stack = data.stacks[stack].prefix)
    names.insert(names.begin(), data.functions[data.frames[data.stacks[stack].frame].function].name);
  return names;
}

struct Guest {
  Engine engine;
  Store<int> store;
  Module app, other;
  Instance app_instance, other_instance;

  explicit Guest(Config config = {})
      : engine(config), store(engine, 0), app(load(engine, "app")), other(load(engine, "other")) {
    Linker linker(engine);
    EXPECT_TRUE(linker.func_wrap("env", "nap", [](int32_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); })
                    .ok());
    app_instance = linker.instantiate(store, app).value();
    EXPECT_TRUE(linker.define_instance(store, "app", app_instance).ok());
    other_instance = linker.instantiate(store, other).value();
  }
  uint32_t code_start(uint32_t function_index, uint32_t locals_bytes) const {
    return app.function_location(function_index)->body_offset + locals_bytes;
  }
};

constexpr uint32_t kLeaf = 1, kSpin = 2;  // function indices in app (the import is 0)

TEST(GuestProfiler, ReferenceModeSamplesOnlyAtFunctionEntriesAndLoopBackEdges) {
  Guest guest(Config{}.set_epoch_interruption(true));
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  ASSERT_TRUE(profiler.start_epoch_sampling(guest.store, 500us).ok());
  EXPECT_FALSE(profiler.start_sampling(guest.store, 1ms).ok());  // one mode at a time
  auto spin = guest.app_instance.get_typed_func<int32_t(int32_t)>(guest.store, "spin").value();
  int runs = 0;
  while (profiler.data().samples.size() < 20 && runs++ < 200) ASSERT_TRUE(spin.call(guest.store, 200000).ok());
  profiler.stop_sampling();
  // Sampling has stopped: the store's deadline callback is gone, and no sample comes after. The
  // epoch may still have moved past the profiler's last deadline (the ticker's last tick, here made
  // certain): the guest must not trap for a deadline that was only the profiler's.
  guest.engine.increment_epoch();
  guest.engine.increment_epoch();
  const size_t taken = profiler.data().samples.size();
  ASSERT_TRUE(spin.call(guest.store, 1000).ok());
  EXPECT_EQ(profiler.data().samples.size(), taken);
  const profile::ProfileData& data = profiler.data();
  ASSERT_GE(data.samples.size(), 20u);
  uint64_t cpu_ns = 0;
  for (const profile::ProfileSample& sample : data.samples) cpu_ns += sample.cpu_delta_ns;
  EXPECT_GT(cpu_ns, 0u);  // each sample carries the guest thread's CPU time since the last
  // Epoch checks sit at function entries (leaf's, spin's) and on the branch back to spin's
  // loop header: its br_if.
  const std::span<const uint8_t> bytes = guest.app.bytes();
  const FunctionLocation spin_body = *guest.app.function_location(kSpin);
  uint32_t back_edge = 0;
  for (uint32_t at = spin_body.body_offset; at + 1 < spin_body.body_offset + spin_body.body_size; ++at)
    if (bytes[at] == 0x0D && bytes[at + 1] == 0x00) back_edge = at;  // br_if 0
  ASSERT_NE(back_edge, 0u);
  const std::set<uint32_t> check_points = {guest.code_start(kLeaf, 1), guest.code_start(kSpin, 3), back_edge};
  for (const profile::ProfileSample& sample : data.samples) {
    ASSERT_NE(sample.stack, profile::kNoIndex);
    const uint32_t innermost = data.stacks[sample.stack].frame;
    EXPECT_TRUE(check_points.contains(data.frames[innermost].address)) << data.frames[innermost].address;
    std::vector<std::string> names = stack_names(data, sample.stack);
    EXPECT_EQ(names.front(), "spin");
  }
}

TEST(GuestProfiler, EpochSamplingNeedsAnEngineWithEpochs) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  const Result<Ok> started = profiler.start_epoch_sampling(guest.store, 1ms);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().kind, ErrorKind::Usage);
  EXPECT_NE(started.error().message.find("epoch_interruption"), std::string::npos);
  EXPECT_TRUE(profiler.start_sampling(guest.store, 1ms).ok());  // precise mode still can start
}

TEST(GuestProfiler, PreciseModeSamplesAtAnyInstruction) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  ASSERT_TRUE(profiler.start_sampling(guest.store, 200us, SamplingClock::WallClock).ok());
  auto spin = guest.app_instance.get_typed_func<int32_t(int32_t)>(guest.store, "spin").value();
  int runs = 0;
  while (profiler.data().samples.size() < 200 && runs++ < 500) ASSERT_TRUE(spin.call(guest.store, 100000).ok());
  profiler.stop_sampling();
  const profile::ProfileData& data = profiler.data();
  ASSERT_GE(data.samples.size(), 100u);
  std::set<uint32_t> leaf_addresses;
  for (const profile::ProfileSample& sample : data.samples) {
    if (sample.stack == profile::kNoIndex) continue;
    const profile::ProfileFrame& innermost = data.frames[data.stacks[sample.stack].frame];
    if (data.functions[innermost.function].name == "leaf") leaf_addresses.insert(innermost.address);
  }
  // The leaf is straight-line code: only precise sampling lands inside it, on many instructions.
  EXPECT_GE(leaf_addresses.size(), 4u);
  for (uint32_t address : leaf_addresses) {
    EXPECT_GE(address, guest.code_start(kLeaf, 1));
    EXPECT_LT(address, guest.app.function_location(kLeaf)->body_offset + guest.app.function_location(kLeaf)->body_size);
  }
}

TEST(GuestProfiler, FramesOfModulesNotAllowedNeverAppear) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});  // "other" is not allowed
  ASSERT_TRUE(profiler.start_sampling(guest.store, 200us, SamplingClock::WallClock).ok());
  auto work = guest.other_instance.get_typed_func<int32_t(int32_t)>(guest.store, "work").value();
  int runs = 0;
  while (profiler.data().samples.size() < 50 && runs++ < 500) ASSERT_TRUE(work.call(guest.store, 100000).ok());
  profiler.stop_sampling();
  const profile::ProfileData& data = profiler.data();
  ASSERT_GE(data.samples.size(), 50u);
  for (const profile::ProfileFunction& function : data.functions) {
    EXPECT_NE(function.name, "work");
    EXPECT_EQ(function.module, 0u);
  }
  ASSERT_EQ(data.modules.size(), 1u);
  EXPECT_EQ(data.modules[0].name, "app.wasm");
  for (const profile::ProfileSample& sample : data.samples)
    if (sample.stack != profile::kNoIndex) EXPECT_EQ(stack_names(data, sample.stack).front(), "spin");
}

// Every number in a JSON text that is an integer of 13 digits or more: host addresses (0x55..,
// 0x7f.. as decimals have 14-15 digits) would show up here, as would wall-clock times in ms.
std::vector<std::string> long_integers(const std::string& text) {
  std::vector<std::string> found;
  for (size_t i = 0; i < text.size();) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    const bool fraction = i > 0 && text[i - 1] == '.';
    if (!fraction && end - i >= 13) found.push_back(text.substr(i, end - i));
    i = end;
  }
  return found;
}

TEST(GuestProfiler, TheWrittenProfileHoldsNoHostDetailAndNoOtherModule) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});  // "other" is not allowed
  guest.store.call_hook([&](StoreContext store, CallHook kind) -> Result<Ok> {
    profiler.call_hook(store, kind);
    return Ok{};
  });
  ASSERT_TRUE(profiler.start_sampling(guest.store, 200us, SamplingClock::WallClock).ok());
  auto work = guest.other_instance.get_typed_func<int32_t(int32_t)>(guest.store, "work").value();
  auto napping = guest.app_instance.get_typed_func<void(int32_t)>(guest.store, "napping").value();
  int runs = 0;
  while (profiler.data().samples.size() < 50 && runs++ < 500) ASSERT_TRUE(work.call(guest.store, 100000).ok());
  ASSERT_TRUE(napping.call(guest.store, 5).ok());
  std::ostringstream out;
  ASSERT_TRUE(std::move(profiler).finish(out).ok());
  const std::string text = out.str();
  EXPECT_NE(text.find("\"spin\""), std::string::npos);
  EXPECT_EQ(text.find("\"work\""), std::string::npos);     // the other module's function
  EXPECT_EQ(text.find("other"), std::string::npos);         // nor its name
  EXPECT_EQ(text.find(WASMPROF_TEST_WASM_DIR), std::string::npos);
  EXPECT_EQ(text.find("0x"), std::string::npos);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  if (std::strlen(host) >= 4) EXPECT_EQ(text.find(host), std::string::npos);
  // The only long integers are wall-clock times (meta.startTime, endTime): within a day of now.
  const double now_ms =
      std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (const std::string& number : long_integers(text)) EXPECT_NEAR(std::stod(number), now_ms, 86400e3) << number;
}

TEST(GuestProfiler, HostCallsBecomeMarkersAndTheirTicksHostFrames) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  guest.store.call_hook([&](StoreContext store, CallHook kind) -> Result<Ok> {
    profiler.call_hook(store, kind);
    return Ok{};
  });
  ASSERT_TRUE(profiler.start_sampling(guest.store, 1ms, SamplingClock::WallClock).ok());
  auto napping = guest.app_instance.get_typed_func<void(int32_t)>(guest.store, "napping").value();
  ASSERT_TRUE(napping.call(guest.store, 60).ok());
  profiler.stop_sampling();
  const profile::ProfileData& data = profiler.data();
  ASSERT_EQ(data.markers.size(), 1u);
  const profile::ProfileMarker& marker = data.markers[0];
  ASSERT_LT(marker.kind, data.marker_kinds.size());
  EXPECT_EQ(data.marker_kinds[marker.kind].name, "env.nap");
  EXPECT_EQ(data.marker_kinds[marker.kind].import_module, "env");
  EXPECT_EQ(data.marker_kinds[marker.kind].import_name, "nap");
  ASSERT_TRUE(marker.end_ms.has_value());
  EXPECT_GE(*marker.end_ms - marker.start_ms, 55.0);
  EXPECT_EQ(stack_names(data, marker.stack), std::vector<std::string>{"napping"});
  // A 60 ms nap sampled every 1 ms of wall time: its samples show the host call on top. Fewer
  // than 60 where the ticker thread waits for a core (17 seen at load 15 on 2 cores); none if
  // ticks in host calls were lost.
  size_t host_samples = 0;
  for (const profile::ProfileSample& sample : data.samples)
    if (sample.stack != profile::kNoIndex && stack_names(data, sample.stack) == std::vector<std::string>{"napping", "env.nap"})
      ++host_samples;
  EXPECT_GE(host_samples, 10u);

  // In the written profile the host function is a function of no resource, its frames of no lib.
  std::ostringstream out;
  ASSERT_TRUE(std::move(profiler).finish(out).ok());
  // A ctest hands this profile, host frames and markers included, to the format checker.
  if (const char* path = std::getenv("WASMPROF_HOST_PROFILE_OUT")) std::ofstream(path) << out.str();
  const rapidjson::Document profile = profile::testing::parse_json(out.str());
  const rapidjson::Value& shared = profile["shared"];
  const rapidjson::Value& strings = shared["stringArray"];
  const rapidjson::Value& functions = shared["funcTable"];
  bool found = false;
  for (size_t i = 0; i < functions["name"].Size(); ++i) {
    if (strings[functions["name"][i].GetUint()] != "env.nap") continue;
    found = true;
    EXPECT_EQ(functions["resource"][i], -1);
    const rapidjson::Value& frames = shared["frameTable"];
    for (size_t f = 0; f < frames["func"].Size(); ++f)
      if (frames["func"][f] == i) {
        EXPECT_EQ(frames["lib"][f], -1);
        EXPECT_EQ(frames["address"][f], -1);
        EXPECT_TRUE(frames["nativeSymbol"][f].IsNull());
      }
  }
  EXPECT_TRUE(found);
}

// Samples in host calls on the guest thread's CPU clock: a nap takes no CPU time, so it gets
// (almost) no ticks, where the wall clock gives it one per period (the test above).
TEST(GuestProfiler, CpuTimeSamplingGivesANapNoTicks) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  guest.store.call_hook([&](StoreContext store, CallHook kind) -> Result<Ok> {
    profiler.call_hook(store, kind);
    return Ok{};
  });
  ASSERT_TRUE(profiler.start_sampling(guest.store, 1ms, SamplingClock::ThreadCpuTime).ok());
  auto napping = guest.app_instance.get_typed_func<void(int32_t)>(guest.store, "napping").value();
  ASSERT_TRUE(napping.call(guest.store, 60).ok());
  profiler.stop_sampling();
  const profile::ProfileData& data = profiler.data();
  size_t host_samples = 0;
  for (const profile::ProfileSample& sample : data.samples)
    if (sample.stack != profile::kNoIndex && stack_names(data, sample.stack) == std::vector<std::string>{"napping", "env.nap"})
      ++host_samples;
  EXPECT_LE(host_samples, 5u);
}

// Each precise sample carries the guest thread's CPU time since the previous one (read by the
// ticker at the tick): together they account for the CPU time the guest ran while sampled.
TEST(GuestProfiler, PreciseSamplesCarryTheGuestsCpuTime) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  auto spin = guest.app_instance.get_typed_func<int32_t(int32_t)>(guest.store, "spin").value();
  auto cpu_ns = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e9 + double(now.tv_nsec);
  };
  const double start = cpu_ns();
  ASSERT_TRUE(profiler.start_sampling(guest.store, 1ms, SamplingClock::ThreadCpuTime).ok());
  while (cpu_ns() - start < 100e6) ASSERT_TRUE(spin.call(guest.store, 100000).ok());
  profiler.stop_sampling();
  const double spent = cpu_ns() - start;
  double reported = 0;
  for (const profile::ProfileSample& sample : profiler.data().samples) reported += double(sample.cpu_delta_ns);
  EXPECT_GE(profiler.data().samples.size(), 50u);
  EXPECT_GT(reported, 0.5 * spent);  // the time after the last tick is not reported; a starved ticker ticks late
  EXPECT_LE(reported, spent);
}

// Samples that take longer than the period (deep stacks, a slow machine) must not take all of
// the guest's time: the ticker counts only the guest's own time toward the next tick, so the
// guest runs about half a period or more between samples. (Counted in, each request would be
// waiting when the previous sample ends: no time between them, a livelock.)
TEST(SampleTicker, AGuestWhoseSamplesOutlastThePeriodStillRunsBetweenThem) {
  Guest guest;
  struct Log {
    profile::SampleTicker ticker;
    std::vector<std::pair<double, double>> samples;  // CPU ms at the start and end of each
  } log;
  auto cpu_ms = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
  };
  static double (*now_cpu_ms)() = +cpu_ms;
  runtime::install_sample_handler(
      guest.store,
      [](StoreContext, void* data) {
        auto& log = *static_cast<Log*>(data);
        const auto begin = std::chrono::steady_clock::now();
        log.ticker.sample_started();
        const double start = now_cpu_ms();
        while (now_cpu_ms() - start < 3.0) {
        }  // a sample that takes 3 ms of the guest's CPU
        log.samples.emplace_back(start, now_cpu_ms());
        log.ticker.sample_finished(std::chrono::steady_clock::now() - begin);
      },
      &log);
  clockid_t clock = CLOCK_THREAD_CPUTIME_ID;
  ASSERT_EQ(pthread_getcpuclockid(pthread_self(), &clock), 0);
  auto spin = guest.app_instance.get_typed_func<int32_t(int32_t)>(guest.store, "spin").value();
  log.ticker.start(guest.store, 1ms, SamplingClock::ThreadCpuTime, clock);
  const double start = cpu_ms();
  while (log.samples.size() < 21 && cpu_ms() - start < 3000) ASSERT_TRUE(spin.call(guest.store, 1000).ok());
  log.ticker.stop();
  runtime::remove_sample_handler(guest.store);
  ASSERT_GE(log.samples.size(), 11u);
  std::vector<double> gaps;
  for (size_t i = 1; i < log.samples.size(); ++i) gaps.push_back(log.samples[i].first - log.samples[i - 1].second);
  std::sort(gaps.begin(), gaps.end());
  EXPECT_GE(gaps[gaps.size() / 2], 0.3);  // ms of the guest's own time between samples
}

// Sampling stops and starts again on the same store: requests resume, none arrive in between.
TEST(GuestProfiler, SamplingStopsAndStartsAgain) {
  Guest guest;
  GuestProfiler profiler("app", 1ms, {{"app.wasm", guest.app}});
  auto spin = guest.app_instance.get_typed_func<int32_t(int32_t)>(guest.store, "spin").value();
  auto sample_until = [&](size_t count) {
    int runs = 0;
    while (profiler.data().samples.size() < count && runs++ < 500) ASSERT_TRUE(spin.call(guest.store, 100000).ok());
  };
  ASSERT_TRUE(profiler.start_sampling(guest.store, 200us, SamplingClock::WallClock).ok());
  sample_until(20);
  profiler.stop_sampling();
  const size_t first = profiler.data().samples.size();
  ASSERT_GE(first, 20u);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(spin.call(guest.store, 100000).ok());
  EXPECT_EQ(profiler.data().samples.size(), first);  // stopped: no samples
  ASSERT_TRUE(profiler.start_sampling(guest.store, 200us, SamplingClock::WallClock).ok());
  sample_until(first + 20);
  profiler.stop_sampling();
  EXPECT_GE(profiler.data().samples.size(), first + 20);
}

// Each sample reuses what the previous one shares with it from the outermost frame up; the
// stacks must still be exactly the live ones, whichever way the depth and frames change.
TEST(GuestProfiler, ConsecutiveSamplesOfChangingStacksAreExact) {
  Engine engine;
  Store<int> store(engine, 0);
  Module module = load(engine, "stacks");
  GuestProfiler profiler("stacks", 1ms, {{"stacks.wasm", module}});
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "mark", [&profiler](Caller& caller) { profiler.sample(caller, 0ns); }).ok());
  Instance instance = linker.instantiate(store, module).value();
  auto a = instance.get_typed_func<void(int32_t)>(store, "a").value();
  auto rec = instance.get_typed_func<void(int32_t)>(store, "rec").value();
  ASSERT_TRUE(a.call(store, 1).ok());
  ASSERT_TRUE(a.call(store, 0).ok());  // d samples, then calls c: d's frame at another instruction
  ASSERT_TRUE(a.call(store, 1).ok());
  ASSERT_TRUE(rec.call(store, 4).ok());
  ASSERT_TRUE(rec.call(store, 2).ok());
  ASSERT_TRUE(rec.call(store, 6).ok());
  ASSERT_TRUE(a.call(store, 0).ok());
  const profile::ProfileData& data = profiler.data();
  using Names = std::vector<std::string>;
  auto recursion = [](size_t frames) {
    Names names(frames, "rec");
    names.push_back("env.mark");
    return names;
  };
  const std::vector<Names> expected = {
      {"a", "b", "c", "env.mark"}, {"a", "d", "env.mark"}, {"a", "d", "c", "env.mark"}, {"a", "b", "c", "env.mark"},
      recursion(5), recursion(3), recursion(7), {"a", "d", "env.mark"}, {"a", "d", "c", "env.mark"}};
  ASSERT_EQ(data.samples.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(stack_names(data, data.samples[i].stack), expected[i]) << i;
  // d's two samples are at different instructions of d: different frames, not one reused.
  auto frame_of = [&](size_t sample, size_t outermost_index) {
    uint32_t stack = data.samples[sample].stack;
    for (size_t up = stack_names(data, stack).size() - 1 - outermost_index; up > 0; --up) stack = data.stacks[stack].prefix;
    return data.frames[data.stacks[stack].frame];
  };
  EXPECT_NE(frame_of(1, 1).address, frame_of(2, 1).address);
  EXPECT_EQ(data.samples[1].stack, data.samples[7].stack);
}

TEST(GuestProfiler, FinishWritesAProcessedProfile) {
  Guest guest;
  GuestProfiler profiler("my-app", 1ms, {{"app.wasm", guest.app}});
  ASSERT_TRUE(profiler.start_sampling(guest.store, 200us, SamplingClock::WallClock).ok());
  auto spin = guest.app_instance.get_typed_func<int32_t(int32_t)>(guest.store, "spin").value();
  int runs = 0;
  while (profiler.data().samples.size() < 10 && runs++ < 500) ASSERT_TRUE(spin.call(guest.store, 50000).ok());
  ASSERT_GE(profiler.data().samples.size(), 10u);
  std::ostringstream out;
  ASSERT_TRUE(std::move(profiler).finish(out).ok());
  const rapidjson::Document profile = profile::testing::parse_json(out.str());
  EXPECT_EQ(profile["meta"]["preprocessedProfileVersion"], 70);
  EXPECT_EQ(profile["threads"][0]["name"], "my-app");
  EXPECT_EQ(profile["libs"][0]["name"], "app.wasm");
  const std::string text = out.str();
  EXPECT_NE(text.find("\"spin\""), std::string::npos);
  EXPECT_EQ(text.find(WASMPROF_TEST_WASM_DIR), std::string::npos);  // no host path
  // The profile says which engine it describes and how it was sampled (the info panel).
  const rapidjson::Value& info = profile["meta"]["extra"][0];
  EXPECT_EQ(info["label"], "wasmprof");
  EXPECT_EQ(info["entries"][0]["label"], "Execution");
  EXPECT_EQ(info["entries"][0]["value"], "interpreter");
  EXPECT_EQ(info["entries"][1]["label"], "Sampling");
  EXPECT_EQ(info["entries"][1]["value"], "precise: at any instruction");
  EXPECT_EQ(info["entries"][1]["format"], "string");
}

// An engine that compiles says so, and an epoch-sampled profile says it was.
TEST(GuestProfiler, TheProfileSaysWhichTierRanAndHowItWasSampled) {
  Guest guest(Config{}.set_strategy(Strategy::Tiered).set_epoch_interruption(true));
  GuestProfiler profiler("my-app", 1ms, {{"app.wasm", guest.app}});
  ASSERT_TRUE(profiler.start_epoch_sampling(guest.store, 1ms).ok());
  profiler.stop_sampling();
  std::ostringstream out;
  ASSERT_TRUE(std::move(profiler).finish(out).ok());
  const rapidjson::Document profile = profile::testing::parse_json(out.str());
  const rapidjson::Value& entries = profile["meta"]["extra"][0]["entries"];
  EXPECT_EQ(entries[0]["value"], "tiered: interpreted, hot functions compiled (LLVM)");
  EXPECT_EQ(entries[1]["value"], "epoch: at function entries and loop back edges (Wasmtime's)");
}

}  // namespace
}  // namespace wasmprof
