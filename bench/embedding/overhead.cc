// What the embedding features and the profiler cost a running guest: one benchmark-suite
// guest's run(n) under each configuration, timed in the guest thread's CPU time (steadier than
// wall time on a shared machine), configurations interleaved, median of R rounds, each
// reported as a ratio to the plain run.
//
//   embedding_overhead <suite_guest.wasm> <n> [--rounds R] [--only NAME]
//
// --only runs one configuration, for counting its instructions under callgrind
// (valgrind --tool=callgrind ... --only epochs), which a loaded machine cannot disturb.
//
// Configurations:
//   plain            no instrumentation
//   epochs           epoch checks compiled in; a ticker advances the epoch every 1 ms and the
//                    deadline callback continues (what an embedder that time-slices does)
//   fuel             fuel metering compiled in, with fuel to spare
//   call_hook        a call hook installed (the suite guests import nothing, so it runs only
//                    around the entry call)
//   profile_precise_1khz / _10khz   GuestProfiler precise mode at 1 ms / 100 us of CPU time
//   profile_epoch_1khz             GuestProfiler reference mode (start_epoch_sampling): epoch
//                                  ticker at 1 ms, sample from the deadline callback
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "profile/data/profile_data.hh"
#include "support/timer_thread.hh"
#include "timing.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace {

using namespace wasmprof;
using namespace std::chrono_literals;
using bench::median;
using bench::thread_cpu_ms;

// One configuration: its engine, store and instance, and what it sets up around each run.
struct Setup {
  std::string name;
  Engine engine;
  std::optional<Store<int>> store;
  std::optional<TypedFunc<int32_t(int32_t)>> run;
  std::optional<GuestProfiler> profiler;
  std::unique_ptr<TimerThread> ticker;  // epochs: advances the engine's epoch
  std::function<void(Setup&)> before, after;
  std::vector<double> times;
  size_t samples = 0;

  Setup(std::string n, Config config) : name(std::move(n)), engine(config) {}
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: embedding_overhead <suite_guest.wasm> <n> [--rounds R]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int32_t n = std::atoi(argv[2]);
  int rounds = 5;
  std::string only;
  for (int i = 3; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--only") == 0) only = argv[i + 1];
  }

  std::vector<std::unique_ptr<Setup>> setups;
  auto add = [&](std::string name, Config config) -> Setup& {
    setups.push_back(std::make_unique<Setup>(std::move(name), config));
    return *setups.back();
  };
  add("plain", Config{});
  Setup& epochs = add("epochs", Config{}.set_epoch_interruption(true));
  Setup& fuel = add("fuel", Config{}.set_consume_fuel(true));
  Setup& hooks = add("call_hook", Config{});
  Setup& precise1 = add("profile_precise_1khz", Config{});
  Setup& precise10 = add("profile_precise_10khz", Config{});
  Setup& reference = add("profile_epoch_1khz", Config{}.set_epoch_interruption(true));

  for (auto& setup : setups) {
    Result<Module> module = Module::from_file(setup->engine, path);
    if (!module) {
      std::fprintf(stderr, "%s\n", module.error().to_string().c_str());
      return 1;
    }
    setup->store.emplace(setup->engine, 0);
    Result<Instance> instance = Instance::create(*setup->store, module.value(), {});
    if (!instance) {
      std::fprintf(stderr, "%s\n", instance.error().to_string().c_str());
      return 1;
    }
    setup->run = instance->get_typed_func<int32_t(int32_t)>(*setup->store, "run").value();
    if (setup.get() == &precise1 || setup.get() == &precise10 || setup.get() == &reference)
      setup->profiler.emplace("bench", 1ms, std::vector<std::pair<std::string, Module>>{{"guest.wasm", module.value()}});
  }
  epochs.store->set_epoch_deadline(1);
  epochs.store->epoch_deadline_callback([](StoreContext) -> Result<UpdateDeadline> { return UpdateDeadline::continue_with(1); });
  epochs.before = [](Setup& s) {
    s.ticker = std::make_unique<TimerThread>(1ms, TimerThread::Repeat::EveryInterval, [e = s.engine] { e.increment_epoch(); });
  };
  epochs.after = [](Setup& s) { s.ticker.reset(); };
  (void)fuel.store->set_fuel(UINT64_MAX / 2);
  hooks.store->call_hook([](StoreContext, CallHook) -> Result<Ok> { return Ok{}; });
  precise1.before = [](Setup& s) { (void)s.profiler->start_sampling(*s.store, 1ms); };
  precise10.before = [](Setup& s) { (void)s.profiler->start_sampling(*s.store, 100us); };
  for (Setup* s : {&precise1, &precise10}) s->after = [](Setup& setup) { setup.profiler->stop_sampling(); };
  reference.before = [](Setup& s) { (void)s.profiler->start_epoch_sampling(*s.store, 1ms); };
  reference.after = [](Setup& s) { s.profiler->stop_sampling(); };

  std::printf("guest=%s n=%d rounds=%d\n", path.c_str(), n, rounds);
  for (int round = 0; round < rounds; ++round) {
    for (auto& setup : setups) {
      if (!only.empty() && setup->name != only) continue;
      if (setup->before) setup->before(*setup);
      const double start = thread_cpu_ms();
      Result<int32_t> result = setup->run->call(*setup->store, n);
      const double elapsed = thread_cpu_ms() - start;
      if (setup->after) setup->after(*setup);
      if (!result) {
        std::fprintf(stderr, "%s: %s\n", setup->name.c_str(), result.error().to_string().c_str());
        return 1;
      }
      setup->times.push_back(elapsed);
    }
  }
  if (!only.empty()) {
    for (auto& setup : setups)
      if (setup->name == only) std::printf("%-24s cpu_ms=%9.2f\n", setup->name.c_str(), median(setup->times));
    return 0;
  }
  const double plain = median(setups.front()->times);
  for (auto& setup : setups) {
    const double time = median(setup->times);
    std::printf("%-24s cpu_ms=%9.2f  ratio=%6.3f", setup->name.c_str(), time, time / plain);
    if (setup->profiler) std::printf("  samples=%zu", setup->profiler->data().samples.size());
    std::printf("\n");
  }
  return 0;
}
