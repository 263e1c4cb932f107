// Sampling fidelity: how well each sampling mode's self-time shares match the truth, on a
// guest whose split is known by construction (wat/fidelity.wat). Two truths:
//   steps: the exact number of instructions the interpreter executes in each function,
//          counted by stepping (a sample request at every instruction boundary); wasm
//          instruction counts, from fuel metering, are printed beside them;
//   time:  each part's time per round measured alone: run's loop calling only one leaf, an
//          empty function, or nothing, timed in the store the precise profile runs in (the
//          same code and stack addresses) between ten pieces of that run, sampling stopped; the
//          fastest of the ten for each (a loaded machine only ever adds time). A call and its return (the empty function's
//          cost) are split evenly: the call belongs to the caller, the return to the callee,
//          and the two cost about the same. (An instruction-boundary sampler charges the time
//          of an instruction to the next one, so it gives the call to the callee and the
//          return to the caller instead: the same split if they cost the same.)
// Instructions do not all cost the same (straight-line code runs about twice as fast per
// instruction as a loop body here, its dispatches being perfectly predicted), so the time
// truth is the one a time profiler should match.
//
//   profile_fidelity <fidelity.wasm> [--seconds S] [--interval-us U] [--where] [--compiled]
//
// Prints, per function, the true share and the share of samples whose innermost frame is that
// function, in precise mode and in reference (epoch) mode, and the largest error of each;
// --where also the instructions the samples fell on; --compiled profiles (and times) the compiling
// tier's machine code instead of the interpreter (the steps truth stays the interpreter's).
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "profile/data/profile_data.hh"
#include "runtime/sampling.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace {

using namespace wasmprof;
using namespace std::chrono_literals;

const char* const kFunctions[] = {"run", "long_leaf", "short_leaf", "loop_leaf"};

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// Instructions the interpreter executes in each function during run(rounds), counted by
// asking for a sample at every instruction boundary.
std::map<std::string, double> interpreter_steps(const std::string& path, int32_t rounds) {
  Engine engine;
  Store<int> store(engine, 0);
  Module module = Module::from_file(engine, path).value();
  Instance instance = Instance::create(store, module, {}).value();
  struct Counter {
    Module module;
    std::map<uint32_t, double> steps;  // by function index
  } counter{module, {}};
  runtime::install_sample_handler(
      store,
      [](StoreContext context, void* data) {
        auto& count = *static_cast<Counter*>(data);
        runtime::for_each_live_frame(context, [&](const runtime::SampledFrame& frame) {
          count.steps[frame.function_index] += 1;
          return false;  // the innermost frame only
        });
        runtime::request_sample(context);  // and again at the next instruction
      },
      &counter);
  runtime::request_sample(store);
  (void)instance.get_typed_func<int32_t(int32_t)>(store, "run")->call(store, rounds);
  runtime::remove_sample_handler(store);
  std::map<std::string, double> by_name;
  for (const auto& [index, steps] : counter.steps) by_name[module.function_name(index).value_or("?")] = steps / rounds;
  return by_name;
}

const char* const kParts[] = {"run", "only_loop", "only_empty_leaf", "only_long_leaf", "only_short_leaf", "only_loop_leaf"};

// CPU seconds per round of each part, run one after another in `store` (so with the same
// translated code and stack addresses as the profiled run), keeping the fastest seen in `fastest`.
void time_parts(Store<int>& store, Instance& instance, int32_t rounds, std::map<std::string, double>& fastest) {
  for (const char* name : kParts) {
    auto part = instance.get_typed_func<int32_t(int32_t)>(store, name).value();
    const double start = thread_cpu_seconds();
    (void)part.call(store, rounds);
    const double per_round = (thread_cpu_seconds() - start) / rounds;
    fastest[name] = fastest.count(name) ? std::min(fastest[name], per_round) : per_round;
  }
}

// Fuel one call of `name` consumes (its own instructions; leaves call nothing).
uint64_t fuel_of_call(const std::string& path, const char* name, int32_t argument) {
  Engine engine(Config{}.set_consume_fuel(true));
  Store<int> store(engine, 0);
  Instance instance = Instance::create(store, Module::from_file(engine, path).value(), {}).value();
  const uint64_t budget = 1ull << 40;
  (void)store.set_fuel(budget);
  (void)instance.get_typed_func<int32_t(int32_t)>(store, name)->call(store, argument);
  return budget - store.get_fuel().value();
}

// Samples per module offset of the innermost frame, for --where.
void print_offsets(const char* mode, const profile::ProfileData& data) {
  std::map<std::pair<std::string, uint32_t>, int> counts;
  for (const profile::ProfileSample& sample : data.samples) {
    if (sample.stack == profile::kNoIndex) continue;
    const profile::ProfileFrame& frame = data.frames[data.stacks[sample.stack].frame];
    counts[{data.functions[frame.function].name, frame.address}] += 1;
  }
  std::printf("%s samples by innermost instruction (function, module offset: samples), 10 or more:\n", mode);
  for (const auto& [where, count] : counts)
    if (count >= 10) std::printf("  %-12s 0x%04x: %d\n", where.first.c_str(), where.second, count);
}

std::map<std::string, double> self_shares(const profile::ProfileData& data) {
  std::map<std::string, double> shares;
  double total = 0;
  for (const profile::ProfileSample& sample : data.samples) {
    if (sample.stack == profile::kNoIndex) continue;
    shares[data.functions[data.frames[data.stacks[sample.stack].frame].function].name] += 1;
    total += 1;
  }
  for (auto& [name, share] : shares) share = total > 0 ? share / total : 0;
  return shares;
}

// Runs run() for about `seconds` of CPU time under a profiler in the given mode, in `chunks`
// pieces; before each piece, with sampling stopped, times the parts (time_parts) if `parts`.
profile::ProfileData profile_run(const std::string& path, bool precise, double seconds, std::chrono::microseconds interval,
                                 Strategy strategy, size_t& samples, std::map<std::string, double>* parts = nullptr,
                                 int chunks = 1) {
  Engine engine(Config{}.set_epoch_interruption(!precise).set_strategy(strategy));
  Store<int> store(engine, 0);
  Module module = Module::from_file(engine, path).value();
  Instance instance = Instance::create(store, module, {}).value();
  auto run = instance.get_typed_func<int32_t(int32_t)>(store, "run").value();
  auto profiler = std::make_unique<GuestProfiler>("fidelity", interval,
                                                  std::vector<std::pair<std::string, Module>>{{"fidelity.wasm", module}});
  for (int chunk = 0; chunk < chunks; ++chunk) {
    if (parts) time_parts(store, instance, 20000, *parts);
    // Reference mode is the profiler's epoch sampling (Wasmtime's): a thread advances the epoch
    // each interval and the deadline callback samples.
    Result<Ok> started = precise ? profiler->start_sampling(store, interval) : profiler->start_epoch_sampling(store, interval);
    if (!started) {
      std::fprintf(stderr, "profile_fidelity: %s\n", started.error().to_string().c_str());
      std::exit(1);
    }
    const double start = thread_cpu_seconds();
    while (thread_cpu_seconds() - start < seconds / chunks) (void)run.call(store, 5000);
    profiler->stop_sampling();
  }
  samples = profiler->data().samples.size();
  return profiler->data();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: profile_fidelity <fidelity.wasm> [--seconds S] [--interval-us U] [--where] [--compiled]\n");
    return 2;
  }
  const std::string path = argv[1];
  double seconds = 3;
  long interval_us = 1000;
  bool where = false;
  Strategy strategy = Strategy::Interpreter;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--where") == 0) where = true;
    if (std::strcmp(argv[i], "--compiled") == 0) strategy = Strategy::Compiled;
    if (i + 1 >= argc) break;
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--interval-us") == 0) interval_us = std::atol(argv[i + 1]);
  }

  // Wasm instructions per round of run, by function (fuel metering).
  std::map<std::string, double> wasm;
  double leaves = 0;
  for (const char* leaf : {"long_leaf", "short_leaf", "loop_leaf"}) {
    wasm[leaf] = double(fuel_of_call(path, leaf, 1));
    leaves += wasm[leaf];
  }
  const int rounds = 1000;
  wasm["run"] = double(fuel_of_call(path, "run", rounds)) / rounds - leaves;
  // The truth: the interpreter's instructions per round, by function.
  std::map<std::string, double> truth = interpreter_steps(path, 200);
  double total = 0;
  for (const auto& [name, count] : truth) total += count;
  size_t precise_samples = 0, reference_samples = 0;
  const auto interval = std::chrono::microseconds(interval_us);
  // The time truth, measured in the precise profile's store between pieces of its run.
  std::map<std::string, double> alone;
  const profile::ProfileData precise_data = profile_run(path, true, seconds, interval, strategy, precise_samples, &alone, 10);
  const profile::ProfileData reference_data = profile_run(path, false, seconds, interval, strategy, reference_samples);
  const std::map<std::string, double> precise_shares = self_shares(precise_data);
  const std::map<std::string, double> reference = self_shares(reference_data);

  std::map<std::string, double> time;
  const double loop_alone = alone.at("only_loop");
  const double call_return = std::max(0.0, alone.at("only_empty_leaf") - loop_alone);
  time["run"] = loop_alone + 3 * call_return / 2;  // run's three calls
  for (const char* leaf : {"long_leaf", "short_leaf", "loop_leaf"})
    time[leaf] = std::max(0.0, alone.at(std::string("only_") + leaf) - loop_alone - call_return / 2);  // its return
  double time_total = 0;
  for (const auto& [name, part] : time) time_total += part;

  std::printf("guest=%s tier=%s cpu_seconds=%.1f interval_us=%ld samples: precise=%zu reference=%zu\n", path.c_str(),
              strategy == Strategy::Compiled ? "compiled" : "interpreter", seconds, interval_us, precise_samples,
              reference_samples);
  // A round of run may take longer than its parts alone (see "unaccounted" below); that time
  // belongs to some function, the truth cannot say which, so each function's true share lies
  // between its part with none of it and its part with all of it.
  const double round = std::max(alone.at("run"), time_total);
  const double unaccounted = round - time_total;
  std::printf("%-12s %10s %11s %8s %8s %13s %10s %10s\n", "function", "wasm/round", "steps/round", "steps%", "time%",
              "time range%", "precise%", "epoch%");
  double precise_error = 0, reference_error = 0, precise_steps_error = 0, reference_steps_error = 0;
  double precise_range_error = 0, reference_range_error = 0;
  for (const char* name : kFunctions) {
    const double step_share = truth[name] / total * 100;
    const double time_share = time[name] / time_total * 100;
    const double low = time[name] / round * 100, high = (time[name] + unaccounted) / round * 100;
    auto outside = [&](double share) { return std::max({0.0, low - share, share - high}); };
    const double p = (precise_shares.count(name) ? precise_shares.at(name) : 0) * 100;
    const double r = (reference.count(name) ? reference.at(name) : 0) * 100;
    precise_error = std::max(precise_error, std::abs(p - time_share));
    reference_error = std::max(reference_error, std::abs(r - time_share));
    precise_steps_error = std::max(precise_steps_error, std::abs(p - step_share));
    reference_steps_error = std::max(reference_steps_error, std::abs(r - step_share));
    precise_range_error = std::max(precise_range_error, outside(p));
    reference_range_error = std::max(reference_range_error, outside(r));
    std::printf("%-12s %10.0f %11.1f %8.1f %8.1f %6.1f-%-6.1f %10.1f %10.1f\n", name, wasm[name], truth[name],
                step_share, time_share, low, high, p, r);
  }
  std::printf("a call and its return: %.1f ns, %.1f%% of a round\n", call_return * 1e9,
              call_return / time_total * 100);
  // What the parts do not account for: the same calls and returns cost more in run, where the
  // branch predictors see three different callees, and the parts' code and stack addresses
  // alias differently. Where that time lands, the time truth cannot say.
  std::printf("a round of run: %.1f ns; its parts alone: %.1f ns; unaccounted: %+.1f%% of a round\n",
              alone.at("run") * 1e9, time_total * 1e9, (alone.at("run") - time_total) / alone.at("run") * 100);
  // Sampling noise alone: the standard deviation of a share near a third, in points.
  std::printf("sampling noise: +/-%.1f points (one s.d. of a 1/3 share over %zu samples)\n",
              std::sqrt(1.0 / 3 * 2.0 / 3 / double(std::max<size_t>(precise_samples, 1))) * 100, precise_samples);
  std::printf("largest error against time (percentage points): precise %.1f, epoch %.1f\n", precise_error,
              reference_error);
  std::printf("largest distance from the time range (percentage points): precise %.1f, epoch %.1f\n",
              precise_range_error, reference_range_error);
  std::printf("largest error against steps (percentage points): precise %.1f, epoch %.1f\n", precise_steps_error,
              reference_steps_error);
  if (where) {
    print_offsets("precise", precise_data);
    print_offsets("epoch", reference_data);
  }
  return 0;
}
