// What a call hook costs per guest/host transition: a guest that calls a trivial host function
// in a loop (wat/host_calls.wat), run with no hook, with a hook that does nothing, and with the
// guest profiler's call_hook forwarded from the hook (a marker per host call), timed in the
// thread's CPU time, configurations interleaved, median of R rounds.
//
//   embedding_call_hook_cost <host_calls.wasm> <calls> [--rounds R]
//
// The hook runs twice per host call (CallingHost, ReturningFromHost); the table reports
// nanoseconds per host call.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "timing.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace {

using namespace wasmprof;
using namespace std::chrono_literals;
using bench::median;
using bench::thread_cpu_ms;

struct Setup {
  std::string name;
  std::optional<Store<int>> store;
  std::optional<TypedFunc<int32_t(int32_t)>> run;
  std::optional<GuestProfiler> profiler;
  std::vector<double> times;
  explicit Setup(std::string n) : name(std::move(n)) {}
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: embedding_call_hook_cost <host_calls.wasm> <calls> [--rounds R]\n");
    return 2;
  }
  const int32_t calls = std::max(1, std::atoi(argv[2]));
  int rounds = 7;
  for (int i = 3; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));

  Engine engine;
  Result<Module> module = Module::from_file(engine, argv[1]);
  if (!module) {
    std::fprintf(stderr, "%s\n", module.error().to_string().c_str());
    return 1;
  }
  Linker linker(engine);
  if (Result<Ok> defined = linker.func_wrap("env", "step", [](int32_t x) { return x & 7; }); !defined) {
    std::fprintf(stderr, "%s\n", defined.error().to_string().c_str());
    return 1;
  }

  std::vector<std::unique_ptr<Setup>> setups;
  for (const char* name : {"no_hook", "noop_hook", "profiler_hook"}) {
    auto setup = std::make_unique<Setup>(name);
    setup->store.emplace(engine, 0);
    Result<Instance> instance = linker.instantiate(*setup->store, module.value());
    if (!instance) {
      std::fprintf(stderr, "%s\n", instance.error().to_string().c_str());
      return 1;
    }
    setup->run = instance->get_typed_func<int32_t(int32_t)>(*setup->store, "run").value();
    setups.push_back(std::move(setup));
  }
  setups[1]->store->call_hook([](StoreContext, CallHook) -> Result<Ok> { return Ok{}; });
  Setup& profiled = *setups[2];
  profiled.profiler.emplace("bench", 1ms, std::vector<std::pair<std::string, Module>>{{"host_calls.wasm", module.value()}});
  profiled.store->call_hook([&profiled](StoreContext store, CallHook kind) -> Result<Ok> {
    profiled.profiler->call_hook(store, kind);
    return Ok{};
  });

  std::printf("guest=%s calls=%d rounds=%d\n", argv[1], calls, rounds);
  for (int round = 0; round < rounds; ++round) {
    for (auto& setup : setups) {
      const double start = thread_cpu_ms();
      Result<int32_t> result = setup->run->call(*setup->store, calls);
      setup->times.push_back(thread_cpu_ms() - start);
      if (!result) {
        std::fprintf(stderr, "%s: %s\n", setup->name.c_str(), result.error().to_string().c_str());
        return 1;
      }
    }
  }
  const double plain = median(setups.front()->times);
  for (auto& setup : setups) {
    const double time = median(setup->times);
    std::printf("%-16s cpu_ms=%9.2f  ns_per_host_call=%7.1f  ratio=%6.3f\n", setup->name.c_str(), time,
                time * 1e6 / calls, time / plain);
  }
  return 0;
}
