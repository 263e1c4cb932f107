// Allocation profiling (GuestProfiler::enable_allocation_profiling) against a C guest whose
// allocations are known (tests/guests/alloc_sizes.c) and a toy allocator in the text format
// (wat/allocator.wat): every size, sign, address and stack, the retained bytes, the Firefox
// profile's native allocations table, and nothing at all when it is off.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "profile/data/profile_data.hh"
#include "profile/json_test_support.hh"
#include "runtime/compiled_module.hh"
#include "runtime/handles.hh"
#include "wasi/wasi.hh"
#include "wasi/wasi_linker.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof {
namespace {

using namespace std::chrono_literals;

Config probing_allocators() { return Config().set_probed_functions(GuestProfiler::allocator_functions()); }

// Function names of a stack, innermost first.
std::vector<std::string> stack_names(const profile::ProfileData& data, uint32_t stack) {
  std::vector<std::string> names;
  for (; stack != profile::kNoIndex; stack = data.stacks[stack].prefix)
    names.push_back(data.functions[data.frames[data.stacks[stack].frame].function].name);
  return names;
}

// alloc_sizes.wasm run as a WASI command under a profiler.
struct AllocSizesGuest {
  Engine engine;
  Store<int> store;
  Module module;
  GuestProfiler profiler;
  std::unique_ptr<wasi::WasiContext> wasi;

  explicit AllocSizesGuest(Config config)
      : engine(config),
        store(engine, 0),
        module(Module::from_file(engine, std::string(WASMPROF_TEST_GUEST_DIR) + "/alloc_sizes.wasm").value()),
        profiler("alloc_sizes", 10ms, {{"alloc_sizes.wasm", module}}) {
    wasi::WasiConfig settings;
    settings.args = {"alloc_sizes.wasm"};
    settings.stdout_fd = -1;  // the guest's "ok" line is not the test's output
    wasi = wasi::WasiContext::create(std::move(settings)).value();
  }

  void run() {
    Linker linker(engine);
    ASSERT_TRUE(wasi::add_to_linker(linker, *wasi).ok());
    Result<Instance> instance = linker.instantiate(store, module);
    ASSERT_TRUE(instance.ok()) << instance.error().to_string();
    Result<std::vector<Val>> ran = instance->get_func(store, "_start")->call(store, std::vector<Val>{});
    ASSERT_TRUE(ran.ok() || wasi->exit_code() == 0u) << ran.error().to_string();
  }
};

struct Expected {
  int64_t bytes;
  const char* allocator;  // the probed function, innermost frame
  const char* caller;     // the guest function that called it
};

// In order: what alloc_sizes.c does (its header lists it).
const Expected kAllocSizes[] = {
    {1000, "malloc", "alloc_a"},         {1000, "malloc", "alloc_a"},
    {1000, "malloc", "alloc_a"},         {4096, "malloc", "alloc_b"},
    {200, "calloc", "alloc_c"},          {-1000, "realloc", "grow_a"},
    {3000, "realloc", "grow_a"},         {256, "aligned_alloc", "alloc_aligned"},
    {100, "posix_memalign", "alloc_aligned"}, {-1000, "free", "release"},
    {-256, "free", "release"},           {-100, "free", "release"},
};

TEST(AllocationProfiling, RecordsEverySizeWithItsAllocatorAndCaller) {
  AllocSizesGuest guest(probing_allocators());
  ASSERT_TRUE(guest.profiler.enable_allocation_profiling(guest.store).ok());
  guest.run();
  const profile::ProfileData& data = guest.profiler.data();
  EXPECT_TRUE(data.allocation_profiling);
  ASSERT_EQ(data.allocations.size(), std::size(kAllocSizes));
  double previous_time = 0;
  for (size_t i = 0; i < data.allocations.size(); ++i) {
    const profile::ProfileAllocation& record = data.allocations[i];
    const std::vector<std::string> stack = stack_names(data, record.stack);
    EXPECT_EQ(record.bytes, kAllocSizes[i].bytes) << "record " << i;
    ASSERT_GE(stack.size(), 3u) << "record " << i;
    EXPECT_EQ(stack[0], kAllocSizes[i].allocator) << "record " << i;
    EXPECT_EQ(stack[1], kAllocSizes[i].caller) << "record " << i;
    EXPECT_EQ(stack[2], "__original_main") << "record " << i;
    EXPECT_GE(record.time_ms, previous_time);
    previous_time = record.time_ms;
  }
  // Calls from different sites have different stacks (the recorder's stack cache keeps them
  // apart): clang unrolled alloc_a's loop, so even its three calls differ. Only realloc's two
  // records, made by one call, share theirs.
  std::set<uint32_t> stacks;
  for (const profile::ProfileAllocation& record : data.allocations) stacks.insert(record.stack);
  EXPECT_EQ(stacks.size(), data.allocations.size() - 1);
  EXPECT_EQ(data.allocations[5].stack, data.allocations[6].stack);
}

TEST(AllocationProfiling, FreesCarryTheAddressAndSizeOfTheBlockTheyFree) {
  AllocSizesGuest guest(probing_allocators());
  ASSERT_TRUE(guest.profiler.enable_allocation_profiling(guest.store).ok());
  guest.run();
  const auto& records = guest.profiler.data().allocations;
  ASSERT_EQ(records.size(), std::size(kAllocSizes));
  // alloc_a's three blocks are distinct and do not overlap.
  std::set<uint64_t> a_blocks = {records[0].address, records[1].address, records[2].address};
  EXPECT_EQ(a_blocks.size(), 3u);
  for (uint64_t x : a_blocks)
    for (uint64_t y : a_blocks) EXPECT_TRUE(x == y || (x > y ? x - y : y - x) >= 1000);
  EXPECT_EQ(records[5].address, records[2].address);   // realloc frees alloc_a's third block
  EXPECT_EQ(records[9].address, records[1].address);   // release frees alloc_a's second
  EXPECT_EQ(records[10].address, records[7].address);  // the aligned_alloc block
  EXPECT_EQ(records[11].address, records[8].address);  // the posix_memalign block
  EXPECT_EQ(records[7].address % 64, 0u);
  EXPECT_EQ(records[8].address % 128, 0u);
  for (const profile::ProfileAllocation& record : records) EXPECT_NE(record.address, 0u);
}

TEST(AllocationProfiling, TheBlocksStillAllocatedAtExitAreTheRetainedOnes) {
  AllocSizesGuest guest(probing_allocators());
  ASSERT_TRUE(guest.profiler.enable_allocation_profiling(guest.store).ok());
  guest.run();
  const profile::ProfileData& data = guest.profiler.data();
  std::map<uint64_t, size_t> live;  // address -> record
  int64_t retained = 0;
  for (size_t i = 0; i < data.allocations.size(); ++i) {
    const profile::ProfileAllocation& record = data.allocations[i];
    retained += record.bytes;
    if (record.bytes >= 0) {
      live[record.address] = i;
    } else {
      ASSERT_TRUE(live.contains(record.address)) << "a free of a block never allocated: record " << i;
      EXPECT_EQ(-record.bytes, data.allocations[live[record.address]].bytes);
      live.erase(record.address);
    }
  }
  EXPECT_EQ(retained, 1000 + 3000 + 4096 + 200);
  std::multiset<std::pair<int64_t, std::string>> retained_blocks;
  for (const auto& [address, i] : live)
    retained_blocks.insert({data.allocations[i].bytes, stack_names(data, data.allocations[i].stack).at(1)});
  const std::multiset<std::pair<int64_t, std::string>> expected = {
      {1000, "alloc_a"}, {3000, "grow_a"}, {4096, "alloc_b"}, {200, "alloc_c"}};
  EXPECT_EQ(retained_blocks, expected);
}

TEST(AllocationProfiling, TheFirefoxProfileHasTheBalancedNativeAllocationsTable) {
  AllocSizesGuest guest(probing_allocators());
  ASSERT_TRUE(guest.profiler.enable_allocation_profiling(guest.store).ok());
  guest.run();
  const std::vector<profile::ProfileAllocation> records = guest.profiler.data().allocations;
  std::ostringstream out;
  ASSERT_TRUE(std::move(guest.profiler).finish(out).ok());
  const rapidjson::Document profile = profile::testing::parse_json(out.str());
  const rapidjson::Value& thread = profile["threads"][0];
  ASSERT_TRUE(thread.HasMember("nativeAllocations"));
  const rapidjson::Value& table = thread["nativeAllocations"];
  EXPECT_EQ(table["weightType"], "bytes");
  ASSERT_EQ(table["length"], records.size());
  const size_t stacks = profile["shared"]["stackTable"]["length"].GetUint64();
  for (const char* column : {"time", "weight", "stack", "memoryAddress", "threadId"})
    ASSERT_EQ(table[column].Size(), records.size()) << column;
  int64_t retained = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(table["weight"][i], records[i].bytes);
    EXPECT_EQ(table["memoryAddress"][i], records[i].address);
    EXPECT_EQ(table["stack"][i], records[i].stack);
    EXPECT_LT(table["stack"][i].GetUint64(), stacks);
    EXPECT_EQ(table["threadId"][i], thread["tid"]);
    retained += table["weight"][i].GetInt64();
  }
  EXPECT_EQ(retained, 8296);
  // The profile's range covers the last allocation, or the frontend would cut it off.
  EXPECT_GE(profile["meta"]["profilingEndTime"].GetDouble(), table["time"][records.size() - 1].GetDouble());
}

TEST(AllocationProfiling, OffByDefaultNothingIsRecordedOrWritten) {
  AllocSizesGuest guest(probing_allocators());  // probes compiled in, recording never enabled
  guest.run();
  EXPECT_FALSE(guest.profiler.data().allocation_profiling);
  EXPECT_TRUE(guest.profiler.data().allocations.empty());
  std::ostringstream out;
  ASSERT_TRUE(std::move(guest.profiler).finish(out).ok());
  EXPECT_FALSE(profile::testing::parse_json(out.str())["threads"][0].HasMember("nativeAllocations"));
}

TEST(AllocationProfiling, AnEngineWithoutAllocatorProbesIsRefused) {
  AllocSizesGuest guest(Config{});
  Result<Ok> enabled = guest.profiler.enable_allocation_profiling(guest.store);
  ASSERT_FALSE(enabled.ok());
  EXPECT_EQ(enabled.error().kind, ErrorKind::Usage);
  EXPECT_NE(enabled.error().message.find("allocator_functions"), std::string::npos) << enabled.error().message;
  guest.run();
  EXPECT_TRUE(guest.profiler.data().allocations.empty());
  // Without probes the allocator's code is what any engine compiles: nothing was added.
  Engine plain;
  const Module reference = Module::from_file(plain, std::string(WASMPROF_TEST_GUEST_DIR) + "/alloc_sizes.wasm").value();
  const Module probed = Module::from_file(Engine(probing_allocators()), std::string(WASMPROF_TEST_GUEST_DIR) + "/alloc_sizes.wasm").value();
  size_t differing = 0;
  auto code_size = [](const Module& module, uint32_t i) {
    return detail::HandleAccess::compiled(module)->code->translated(i).value()->code.size();
  };
  for (uint32_t i = 0; i < detail::HandleAccess::compiled(reference)->code->size(); ++i) {
    EXPECT_EQ(code_size(reference, i), code_size(guest.module, i));
    differing += code_size(reference, i) != code_size(probed, i);
  }
  EXPECT_EQ(differing, 6u);  // malloc, calloc, realloc, free, aligned_alloc, posix_memalign
}

TEST(AllocationProfiling, EnablingTwiceIsAnError) {
  AllocSizesGuest guest(probing_allocators());
  ASSERT_TRUE(guest.profiler.enable_allocation_profiling(guest.store).ok());
  EXPECT_EQ(guest.profiler.enable_allocation_profiling(guest.store).error().kind, ErrorKind::Usage);
}

// The toy allocator of wat/allocator.wat.
struct ToyAllocator {
  Engine engine{probing_allocators()};
  Store<int> store{engine, 0};
  Module module = Module::from_file(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/allocator.wasm").value();
  GuestProfiler profiler{"allocator", 10ms, {{"allocator.wasm", module}}};
  Instance instance;

  ToyAllocator() {
    instance = Linker(engine).instantiate(store, module).value();
    EXPECT_TRUE(profiler.enable_allocation_profiling(store).ok());
  }
  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> arguments) {
    return instance.get_func(store, name)->call(store, arguments);
  }
  int32_t call_i32(const std::string& name, std::vector<Val> arguments) {
    Result<std::vector<Val>> results = call(name, std::move(arguments));
    EXPECT_TRUE(results.ok()) << results.error().to_string();
    return results.ok() ? results.value().at(0).i32() : 0;
  }
  std::vector<std::pair<int64_t, std::vector<std::string>>> records() const {
    std::vector<std::pair<int64_t, std::vector<std::string>>> out;
    for (const profile::ProfileAllocation& record : profiler.data().allocations)
      out.push_back({record.bytes, stack_names(profiler.data(), record.stack)});
    return out;
  }
};

TEST(AllocationProfiling, OnlyTheOutermostAllocatorCallIsRecorded) {
  ToyAllocator toy;
  const int32_t a = toy.call_i32("make", {Val(100)});
  const int32_t b = toy.call_i32("grow", {Val(a), Val(300)});  // realloc calls malloc and free
  ASSERT_TRUE(toy.call("release", {Val(b)}).ok());
  using Stack = std::vector<std::string>;
  const std::vector<std::pair<int64_t, Stack>> expected = {{100, Stack{"malloc", "make"}},
                                                           {-100, Stack{"realloc", "grow"}},
                                                           {300, Stack{"realloc", "grow"}},
                                                           {-300, Stack{"free", "release"}}};
  EXPECT_EQ(toy.records(), expected);
  const auto& records = toy.profiler.data().allocations;
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].address, uint64_t(a));
  EXPECT_EQ(records[1].address, uint64_t(a));
  EXPECT_EQ(records[2].address, uint64_t(b));
  EXPECT_EQ(records[3].address, uint64_t(b));
}

TEST(AllocationProfiling, CallsFromOneSiteShareTheirStack) {
  ToyAllocator toy;
  for (int i = 0; i < 3; ++i) toy.call_i32("make", {Val(16)});
  toy.call_i32("grow", {Val(0), Val(16)});
  const auto& records = toy.profiler.data().allocations;
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].stack, records[1].stack);
  EXPECT_EQ(records[0].stack, records[2].stack);
  EXPECT_NE(records[0].stack, records[3].stack);
  EXPECT_EQ(toy.records()[3].second, (std::vector<std::string>{"realloc", "grow"}));
}

TEST(AllocationProfiling, AnAllocatorCallThatTrappedDoesNotHideTheNextOne) {
  ToyAllocator toy;
  EXPECT_FALSE(toy.call("make", {Val(0xdead)}).ok());  // malloc traps: no exit, no record
  EXPECT_TRUE(toy.records().empty());
  toy.call_i32("make", {Val(8)});
  ASSERT_EQ(toy.records().size(), 1u);
  EXPECT_EQ(toy.records()[0].first, 8);
}

TEST(AllocationProfiling, AFreeOfABlockNeverSeenAllocatedIsNotRecorded) {
  ToyAllocator toy;
  ASSERT_TRUE(toy.call("release", {Val(5000)}).ok());
  ASSERT_TRUE(toy.call("release", {Val(0)}).ok());
  EXPECT_TRUE(toy.records().empty());
}

}  // namespace
}  // namespace wasmprof
