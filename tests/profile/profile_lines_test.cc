// Source lines and inlined frames in GuestProfiler profiles, against a guest compiled with -g
// (tests/guests/profile_lines.c: a known hot line, an always-inlined helper), the same code
// without DWARF and without names, and its DWARF left on code that moved.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>

#include "profile/data/profile_data.hh"
#include "profile/dwarf/dwarf_frames.hh"
#include "profile/dwarf_test_support.hh"
#include "profile/json_test_support.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof {
namespace {

using namespace std::chrono_literals;
using profile::kNoIndex;
using profile::ProfileData;
using profile::ProfileFrame;
using profile::ProfileFunction;

const std::filesystem::path kGuestDir = WASMPROF_TEST_GUEST_DIR;

std::vector<uint8_t> guest_bytes(const std::string& name) { return profile::dwarf_test::read_bytes(kGuestDir / (name + ".wasm")); }

uint32_t marker(const std::string& name) {
  static const std::map<std::string, uint32_t> markers = profile::dwarf_test::find_markers(WASMPROF_PROFILE_LINES_SOURCE);
  auto it = markers.find(name);
  if (it == markers.end()) ADD_FAILURE() << "no marker " << name;
  return it == markers.end() ? 0 : it->second;
}

bool from_guest_source(const ProfileFunction& function) { return function.file.ends_with("/profile_lines.c"); }

struct Profiled {
  ProfileData data;
  std::vector<std::string> warnings;
  std::string json;  // the written profile
};

// A precise-mode profile (thread CPU clock, 200 us) of run(n) called until at least `samples`
// samples are in.
Profiled profile_guest(const std::vector<uint8_t>& bytes, size_t samples = 400) {
  Profiled result;
  Engine engine;
  Store<int> store(engine, 0);
  Result<Module> module = Module::compile(engine, bytes);
  if (!module) {
    ADD_FAILURE() << module.error().to_string();
    return result;
  }
  GuestProfiler profiler("profile_lines", 1ms, {{"profile_lines.wasm", module.value()}});
  result.warnings = profiler.warnings();
  Linker linker(engine);
  Instance instance = linker.instantiate(store, module.value()).value();
  auto run = instance.get_typed_func<uint32_t(uint32_t)>(store, "run").value();
  EXPECT_TRUE(profiler.start_sampling(store, 200us).ok());
  for (int calls = 0; profiler.data().samples.size() < samples && calls < 2000; ++calls)
    EXPECT_TRUE(run.call(store, 200000).ok());
  profiler.stop_sampling();
  result.data = profiler.data();
  std::ostringstream out;
  EXPECT_TRUE(std::move(profiler).finish(out).ok());
  result.json = out.str();
  return result;
}

const ProfileFrame& innermost_frame(const ProfileData& data, uint32_t stack) {
  return data.frames[data.stacks[stack].frame];
}

TEST(ProfileLines, MostSamplesLandOnTheHotLine) {
  const Profiled profiled = profile_guest(guest_bytes("profile_lines"));
  const ProfileData& data = profiled.data;
  EXPECT_TRUE(profiled.warnings.empty()) << profiled.warnings.front();
  uint64_t in_guest = 0, on_hot_line = 0;
  for (const profile::ProfileSample& sample : data.samples) {
    if (sample.stack == kNoIndex) continue;
    ++in_guest;
    const ProfileFrame& frame = innermost_frame(data, sample.stack);
    const ProfileFunction& function = data.functions[frame.function];
    if (function.name == "hot_loop" && frame.line == marker("hot_line")) {
      ++on_hot_line;
      EXPECT_EQ(frame.inline_depth, 0u);
      EXPECT_TRUE(from_guest_source(function)) << function.file;
      EXPECT_EQ(function.line, marker("hot_definition"));
    }
  }
  ASSERT_GE(in_guest, 300u);
  // Three quarters of the loop iterations are the hot line's.
  EXPECT_GT(double(on_hot_line) / double(in_guest), 0.5) << on_hot_line << " of " << in_guest;
}

TEST(ProfileLines, TheInlinedHelperIsAFrameOfItsOwnAboveItsCallSite) {
  const Profiled profiled = profile_guest(guest_bytes("profile_lines"));
  const ProfileData& data = profiled.data;
  size_t helper_stacks = 0;
  for (const profile::ProfileStack& stack : data.stacks) {
    const ProfileFrame& frame = data.frames[stack.frame];
    const ProfileFunction& function = data.functions[frame.function];
    if (function.name != "rotate_mix") continue;
    ++helper_stacks;
    EXPECT_EQ(frame.inline_depth, 1u);
    EXPECT_EQ(frame.line, marker("helper_body"));
    EXPECT_TRUE(from_guest_source(function)) << function.file;
    EXPECT_EQ(function.line, marker("helper_definition"));
    EXPECT_EQ(function.function_index, kNoIndex);  // inlined: no wasm function of its own
    // Below it, at the same address, the wasm function it was inlined into, at the call.
    ASSERT_NE(stack.prefix, kNoIndex);
    const ProfileFrame& caller = data.frames[data.stacks[stack.prefix].frame];
    EXPECT_EQ(data.functions[caller.function].name, "helper_loop");
    EXPECT_EQ(data.functions[caller.function].line, marker("helper_loop_definition"));
    EXPECT_EQ(caller.inline_depth, 0u);
    EXPECT_EQ(caller.address, frame.address);
    EXPECT_EQ(caller.line, marker("helper_call"));
  }
  EXPECT_GT(helper_stacks, 0u) << "no sample in the inlined helper";
  // One function for the helper, however many addresses it was sampled at.
  EXPECT_EQ(std::count_if(data.functions.begin(), data.functions.end(),
                          [](const ProfileFunction& function) { return function.name == "rotate_mix"; }),
            1);

  // The written profile says the same: frame lines, an inline depth, the source file.
  const rapidjson::Document profile = profile::testing::parse_json(profiled.json);
  unsigned deepest_inlining = 0;
  for (const rapidjson::Value& depth : profile["shared"]["frameTable"]["inlineDepth"].GetArray())
    deepest_inlining = std::max(deepest_inlining, depth.GetUint());
  EXPECT_EQ(deepest_inlining, 1u);
  const rapidjson::Value& strings = profile["shared"]["stringArray"];
  const rapidjson::Value& sources = profile["shared"]["sources"]["filename"];
  ASSERT_FALSE(sources.Empty());
  EXPECT_TRUE(std::string(strings[sources[0].GetUint()].GetString()).ends_with("/profile_lines.c"));
  if (const char* path = std::getenv("WASMPROF_LINES_PROFILE_OUT")) std::ofstream(path) << profiled.json;
}

TEST(ProfileLines, AnAddressSeenAgainCostsNoNewFramesOrFunctions) {
  Engine engine;
  Module module = Module::compile(engine, guest_bytes("profile_lines")).value();
  profile::ModuleFrames frames(module, 0);
  ASSERT_TRUE(frames.has_debug_info());
  ProfileData data;
  data.modules.push_back({"profile_lines.wasm", 0, ""});
  // Every instruction offset of every function, twice: the second pass adds nothing.
  size_t inlined = 0;
  for (int pass = 0; pass < 2; ++pass) {
    const size_t frame_count = data.frames.size(), function_count = data.functions.size();
    for (uint32_t index = module.imported_function_count(); index < module.function_count(); ++index) {
      const FunctionLocation body = module.function_location(index).value();
      for (uint32_t offset = body.body_offset; offset < body.body_offset + body.body_size; ++offset) {
        std::span<const uint32_t> expanded = frames.frames_at(data, index, offset);
        ASSERT_FALSE(expanded.empty());
        // Innermost first, inline depths counting down to the wasm function at depth 0.
        for (size_t i = 0; i < expanded.size(); ++i)
          EXPECT_EQ(data.frames[expanded[i]].inline_depth, expanded.size() - 1 - i);
        EXPECT_EQ(data.functions[data.frames[expanded.back()].function].function_index, index);
        if (pass == 0 && expanded.size() > 1) ++inlined;
      }
    }
    if (pass == 1) {
      EXPECT_EQ(data.frames.size(), frame_count);
      EXPECT_EQ(data.functions.size(), function_count);
    }
  }
  EXPECT_GT(inlined, 0u);
}

TEST(ProfileLines, WithoutDwarfFramesAreNamedByTheNameSection) {
  const Profiled profiled = profile_guest(guest_bytes("profile_lines_nodebug"), 100);
  const ProfileData& data = profiled.data;
  EXPECT_TRUE(profiled.warnings.empty());
  std::set<std::string> names;
  for (const ProfileFunction& function : data.functions) {
    names.insert(function.name);
    EXPECT_TRUE(function.file.empty());
    EXPECT_NE(function.function_index, kNoIndex);
  }
  EXPECT_TRUE(names.count("hot_loop")) << "no sample in hot_loop";
  for (const ProfileFrame& frame : data.frames) {
    EXPECT_EQ(frame.line, 0u);
    EXPECT_EQ(frame.inline_depth, 0u);
  }
}

TEST(ProfileLines, WithoutNamesFramesAreNamedByTheirFunctionIndex) {
  const Profiled profiled = profile_guest(guest_bytes("profile_lines_stripped"), 100);
  ASSERT_FALSE(profiled.data.functions.empty());
  for (const ProfileFunction& function : profiled.data.functions)
    EXPECT_EQ(function.name, "wasm-function[" + std::to_string(function.function_index) + "]");
}

TEST(ProfileLines, DwarfOfMovedCodeGivesOneWarningAndIsNotUsed) {
  const Profiled profiled = profile_guest(profile::dwarf_test::with_code_bodies_moved(guest_bytes("profile_lines")), 100);
  ASSERT_EQ(profiled.warnings.size(), 1u);
  EXPECT_TRUE(profiled.warnings[0].starts_with("profile_lines.wasm: DWARF does not match the code: "))
      << profiled.warnings[0];
  // The frames fall back to the name section rather than show lines of other code.
  std::set<std::string> names;
  for (const ProfileFunction& function : profiled.data.functions) {
    names.insert(function.name);
    EXPECT_TRUE(function.file.empty()) << function.file;
  }
  EXPECT_TRUE(names.count("hot_loop"));
  for (const ProfileFrame& frame : profiled.data.frames) {
    EXPECT_EQ(frame.line, 0u);
    EXPECT_EQ(frame.inline_depth, 0u);
  }
}

TEST(ProfileLines, DwarfWithOneFunctionRangeOffTheCodeIsUsedForTheRest) {
  const Profiled profiled =
      profile_guest(profile::dwarf_test::with_subprogram_length(guest_bytes("profile_lines"), "hot_loop", 0x7fff0000));
  ASSERT_EQ(profiled.warnings.size(), 1u);
  EXPECT_TRUE(profiled.warnings[0].starts_with("profile_lines.wasm: DWARF: 1 of ")) << profiled.warnings[0];
  bool inlined_helper = false, hot_line = false;
  for (const ProfileFrame& frame : profiled.data.frames) {
    const ProfileFunction& function = profiled.data.functions[frame.function];
    if (function.name == "rotate_mix" && frame.inline_depth == 1 && frame.line == marker("helper_body")) inlined_helper = true;
    // hot_loop keeps its name (from the name section) and its lines (from the line table).
    if (function.name == "hot_loop" && frame.line == marker("hot_line")) hot_line = true;
  }
  EXPECT_TRUE(inlined_helper);
  EXPECT_TRUE(hot_line);
}

// libc++'s push_back(char) is compiled into libc++ with -gmlt DWARF, which names it only
// `push_back`; the name section has the whole symbol, and that is the name shown. The wasm
// function is still given DWARF's lines, and the libc++ members inlined into the guest's own
// code are named by their linkage names.
TEST(ProfileLines, CppFramesHaveTheirQualifiedNames) {
  Engine engine;
  Store<int> store(engine, 0);
  Module module = Module::compile(engine, guest_bytes("cpp_names")).value();
  GuestProfiler profiler("cpp_names", 1ms, {{"cpp_names.wasm", module}});
  EXPECT_TRUE(profiler.warnings().empty()) << profiler.warnings().front();
  Linker linker(engine);
  ASSERT_TRUE(linker.define_unknown_imports_as_traps(module).ok());  // libc's fd_write etc., never called
  Instance instance = linker.instantiate(store, module).value();
  auto run = instance.get_typed_func<uint32_t(uint32_t)>(store, "run").value();
  ASSERT_TRUE(profiler.start_sampling(store, 200us).ok());
  for (int calls = 0; profiler.data().samples.size() < 300 && calls < 2000; ++calls)
    ASSERT_TRUE(run.call(store, 100000).ok());
  profiler.stop_sampling();

  const ProfileData& data = profiler.data();
  const std::string push_back =
      "std::__2::basic_string<char, std::__2::char_traits<char>, std::__2::allocator<char> >::push_back(char)";
  std::set<std::string> sampled;
  for (const profile::ProfileSample& sample : data.samples) {
    for (uint32_t stack = sample.stack; stack != kNoIndex; stack = data.stacks[stack].prefix)
      sampled.insert(data.functions[data.frames[data.stacks[stack].frame].function].name);
  }
  EXPECT_TRUE(sampled.count(push_back)) << "push_back was not sampled under its qualified name";
  EXPECT_FALSE(sampled.count("push_back"));
  bool qualified_inlined = false;
  for (const ProfileFunction& function : data.functions) {
    if (function.name == push_back) EXPECT_FALSE(function.file.empty()) << "DWARF still gives the file";
    if (function.function_index == kNoIndex && function.name.starts_with("std::__2::vector<unsigned int")) qualified_inlined = true;
  }
  EXPECT_TRUE(qualified_inlined) << "no inlined libc++ member with its qualified name";
}

// The profile starts when the guest starts, not before its DWARF is read: a 2.4 s profile of a
// 49 MB guest began with 2.3 s of empty track. The Firefox Profiler's timeline starts at
// profilingStartTime (0 here, relative to meta.startTime); the first sample must be near it.
TEST(ProfileLines, TheTimelineStartsWhenTheGuestStartsNotBeforeTheDwarfIsRead) {
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); };
  const std::vector<uint8_t> bytes = guest_bytes("big_dwarf");
  Engine engine;
  Store<int> store(engine, 0);
  Module module = Module::compile(engine, bytes).value();
  const auto before_dwarf = Clock::now();
  GuestProfiler profiler("big_dwarf", 1ms, {{"big_dwarf.wasm", module}});
  const auto constructed = Clock::now();
  EXPECT_TRUE(profiler.warnings().empty()) << profiler.warnings().front();
  // Without a DWARF read slower than the bound, this test could not tell a timeline that starts
  // before it from one that starts after.
  if (constructed - before_dwarf < 100ms) GTEST_SKIP() << "the DWARF was read in under 100 ms on this machine";

  Linker linker(engine);
  Instance instance = linker.instantiate(store, module).value();
  auto work = instance.get_typed_func<uint32_t(uint32_t, uint32_t)>(store, "work_0_0").value();
  ASSERT_TRUE(profiler.start_sampling(store, 200us).ok());
  for (int calls = 0; profiler.data().samples.empty() && calls < 1000; ++calls) ASSERT_TRUE(work.call(store, 1, 10000).ok());
  const auto sampled = Clock::now();  // the first sample was taken before this
  profiler.stop_sampling();
  ASSERT_FALSE(profiler.data().samples.empty());

  std::ostringstream out;
  ASSERT_TRUE(std::move(profiler).finish(out).ok());
  const rapidjson::Document profile = profile::testing::parse_json(out.str());
  const double timeline_start = profile["meta"]["profilingStartTime"].GetDouble();
  const rapidjson::Value& thread = profile["threads"][0];
  EXPECT_EQ(thread["processStartupTime"].GetDouble(), timeline_start);
  EXPECT_EQ(thread["registerTime"].GetDouble(), timeline_start);
  const double first_sample_ms = thread["samples"]["time"][0].GetDouble() - timeline_start;
  EXPECT_GE(first_sample_ms, 0.0);
  // The timeline starts when the constructor is done: the first sample is no later on it than
  // the guest took to reach it (plus a little for the constructor's return). With the timeline
  // started before the DWARF was read, it would be the DWARF's read time later.
  const double guest_ms = ms(sampled - constructed);
  EXPECT_LE(first_sample_ms, guest_ms + 5.0) << "the DWARF took " << ms(constructed - before_dwarf) << " ms to read";
  // The acceptance bound, where the machine let the guest reach its first sample in time.
  if (guest_ms < 45.0) EXPECT_LT(first_sample_ms, 50.0);
}

}  // namespace
}  // namespace wasmprof
