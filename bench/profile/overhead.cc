// What profiling costs the guest: every benchmark-suite program, unprofiled and profiled in
// precise mode and in reference (epoch) mode at 1 kHz and 10 kHz, configurations interleaved
// (plain, precise_1khz, ..., plain, precise_1khz, ...) so a change in the machine's load hits
// them alike. Per program and configuration: the median over R rounds of the ratio to the
// plain run of the same round; then the geometric mean over the programs.
//
//   profile_overhead <suite_dir> <programs.txt> [--scale S] [--rounds R] [--programs a,b]
//                    [--clock cpu|wall] [--diagnose] [--compiled]
//
// Time is the guest thread's CPU time (--clock cpu, the default: what the guest pays, steadier
// than wall time on a shared machine, but blind to a ticker that takes the guest's core) or
// wall time (--clock wall). n is S x the program's default n (default S = 0.1).
// --compiled runs the compiling tier's machine code (each function compiled before the rounds).
// --diagnose adds configurations that take the precise mode apart at 10 kHz:
//   ticker_only_10khz   a thread waking every 100 us that does nothing to the guest
//   ticker_away_10khz   the same, kept off the CPU the guest thread is on when it starts
//   requests_10khz      the same thread requesting a sample each time, served by an empty handler
//   signals_10khz       a thread off the guest's CPU (as the precise sampler's ticker) sending the
//                       guest thread a signal whose handler does nothing: the cost of interrupting
//                       the guest at all, which any signal- or interrupt-driven sampler pays
// Printed at the start and end: the load average, so a reader can judge the noise; per
// configuration also the spread (max - min of the per-round ratios, median over programs), the
// sample rate, and the CPU time the process spent outside the guest thread (the ticker's own
// cost, on another core if there is one) per unit of the guest's time.
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "profile/data/profile_data.hh"
#include "runtime/sampling.hh"
#include "support/timer_thread.hh"
#include "timing.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace {

using namespace wasmprof;
using namespace std::chrono_literals;
using bench::clock_ms;
using bench::median;

double load_average() {
  double load = -1;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = -1;
    std::fclose(f);
  }
  return load;
}

// A thread that runs `tick` every `period` of wall time until destroyed (support/timer_thread:
// absolute deadlines, as the precise sampler's ticker keeps), off `avoid_cpu` if given.
std::unique_ptr<TimerThread> bench_ticker(std::chrono::nanoseconds period, std::function<void()> tick, int avoid_cpu = -1) {
  if (avoid_cpu < 0) return std::make_unique<TimerThread>(period, TimerThread::Repeat::EveryInterval, std::move(tick));
  // The ticker thread moves itself off the CPU at its first wake-up, before its first tick.
  return std::make_unique<TimerThread>(period, TimerThread::Repeat::EveryInterval,
                                       [tick = std::move(tick), avoid_cpu, moved = false]() mutable {
                                         if (!moved) {
                                           cpu_set_t cpus;
                                           if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 1) {
                                             CPU_CLR(avoid_cpu, &cpus);
                                             sched_setaffinity(0, sizeof cpus, &cpus);
                                           }
                                           moved = true;
                                         }
                                         tick();
                                       });
}

// The signal of signals_10khz, with a handler that does nothing (installed once).
int empty_signal() {
  static const int signal = [] {
    struct sigaction action {};
    action.sa_sigaction = [](int, siginfo_t*, void*) {};
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGRTMIN + 7, &action, nullptr);
    return SIGRTMIN + 7;
  }();
  return signal;
}

struct Variant {
  std::string name;
  bool epochs = false;  // compiled with epoch checks (reference mode)
  std::chrono::nanoseconds period{0};
  enum Kind { Plain, Precise, Reference, TickerOnly, TickerAway, Requests, Signals } kind = Plain;
};

// One configuration on one program: its store and instance, and what it sets up per run.
struct Setup {
  const Variant* config;
  Engine engine;
  std::optional<Store<int>> store;
  std::optional<TypedFunc<int32_t(int32_t)>> run;
  std::optional<GuestProfiler> profiler;
  std::unique_ptr<TimerThread> ticker;  // the diagnostic configurations' thread
  std::vector<double> times;
  double other_cpu_ms = 0;  // process CPU time outside the guest thread during the runs
  size_t samples_before = 0, samples = 0;
  double sampled_ms = 0;

  Setup(const Variant& c, Strategy strategy)
      : config(&c), engine(wasmprof::Config{}.set_epoch_interruption(c.epochs).set_strategy(strategy)) {}

  bool prepare(const std::string& path) {
    Result<Module> module = Module::from_file(engine, path);
    if (!module) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), module.error().to_string().c_str());
      return false;
    }
    store.emplace(engine, 0);
    Result<Instance> instance = Instance::create(*store, module.value(), {});
    if (!instance) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), instance.error().to_string().c_str());
      return false;
    }
    run = instance->get_typed_func<int32_t(int32_t)>(*store, "run").value();
    // Compiled: every function the run reaches compiled before the timed rounds. (With epochs
    // a store starts with its deadline passed: the warm-up would trap at run's entry and leave
    // the callees to compile in the first timed round.)
    if (engine.config().strategy != Strategy::Interpreter) {
      if (config->epochs) store->set_epoch_deadline(uint64_t(1) << 40);
      if (Result<int32_t> warm = run->call(*store, 1); !warm) {
        std::fprintf(stderr, "%s: warm-up: %s\n", path.c_str(), warm.error().to_string().c_str());
        return false;
      }
    }
    if (config->kind == Variant::Precise || config->kind == Variant::Reference)
      profiler.emplace("bench", config->period,
                       std::vector<std::pair<std::string, Module>>{{"guest.wasm", module.value()}});
    if (config->kind == Variant::Requests)
      runtime::install_sample_handler(*store, [](StoreContext, void* count) { ++*static_cast<size_t*>(count); },
                                      &samples);
    return true;
  }

  void before() {
    if (profiler) samples_before = profiler->data().samples.size();
    switch (config->kind) {
      case Variant::Precise: (void)profiler->start_sampling(*store, config->period); break;
      case Variant::Reference: (void)profiler->start_epoch_sampling(*store, config->period); break;
      case Variant::TickerOnly: ticker = bench_ticker(config->period, [] {}); break;
      case Variant::TickerAway: ticker = bench_ticker(config->period, [] {}, sched_getcpu()); break;
      case Variant::Requests: {
        StoreContext context(*store);
        ticker = bench_ticker(config->period, [context] { runtime::request_sample(context); });
        break;
      }
      case Variant::Signals: {
        const pthread_t guest = pthread_self();
        const int signal = empty_signal();
        ticker = bench_ticker(config->period, [guest, signal] { pthread_sigqueue(guest, signal, sigval{}); }, sched_getcpu());
        break;
      }
      case Variant::Plain: break;
    }
  }

  void after(double elapsed_ms) {
    if (profiler) profiler->stop_sampling();
    ticker.reset();
    if (profiler) samples += profiler->data().samples.size() - samples_before;
    if (config->kind != Variant::Plain) sampled_ms += elapsed_ms;
  }
};

struct Program {
  std::string name;
  int32_t n;
};

std::vector<Program> read_programs(const std::string& path, double scale, const std::string& only) {
  std::vector<Program> programs;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name;
    long default_n = 0;
    if (!(fields >> name >> default_n)) continue;
    if (!only.empty() && ("," + only + ",").find("," + name + ",") == std::string::npos) continue;
    programs.push_back({name, int32_t(std::max(1L, std::lround(double(default_n) * scale)))});
  }
  return programs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: profile_overhead <suite_dir> <programs.txt> [--scale S] [--rounds R] [--programs a,b] "
                 "[--clock cpu|wall] [--diagnose] [--compiled]\n");
    return 2;
  }
  const std::string suite_dir = argv[1];
  double scale = 0.1;
  int rounds = 5;
  std::string only;
  bool wall = false, diagnose = false;
  Strategy strategy = Strategy::Interpreter;
  for (int i = 3; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--scale") == 0 && has_value) scale = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--rounds") == 0 && has_value) rounds = std::max(1, std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--programs") == 0 && has_value) only = argv[++i];
    else if (std::strcmp(argv[i], "--clock") == 0 && has_value) wall = std::strcmp(argv[++i], "wall") == 0;
    else if (std::strcmp(argv[i], "--diagnose") == 0) diagnose = true;
    else if (std::strcmp(argv[i], "--compiled") == 0) strategy = Strategy::Compiled;
    else {
      std::fprintf(stderr, "profile_overhead: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const clockid_t clock = wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID;

  std::vector<Variant> configs = {
      {"plain", false, 0ns, Variant::Plain},
      {"precise_1khz", false, 1ms, Variant::Precise},
      {"precise_10khz", false, 100us, Variant::Precise},
      {"epoch_1khz", true, 1ms, Variant::Reference},
      {"epoch_10khz", true, 100us, Variant::Reference},
  };
  if (diagnose) {
    configs.push_back({"ticker_only_10khz", false, 100us, Variant::TickerOnly});
    configs.push_back({"ticker_away_10khz", false, 100us, Variant::TickerAway});
    configs.push_back({"requests_10khz", false, 100us, Variant::Requests});
    configs.push_back({"signals_10khz", false, 100us, Variant::Signals});
  }
  const std::vector<Program> programs = read_programs(argv[2], scale, only);
  if (programs.empty()) {
    std::fprintf(stderr, "profile_overhead: no programs in %s\n", argv[2]);
    return 2;
  }

  std::printf("load_average_start=%.2f clock=%s scale=%g rounds=%d tier=%s\n", load_average(),
              wall ? "wall" : "guest_cpu", scale, rounds, strategy == Strategy::Compiled ? "compiled" : "interpreter");
  std::printf("%-11s %8s", "program", "plain_ms");
  for (size_t c = 1; c < configs.size(); ++c) std::printf(" %*s", int(std::max<size_t>(8, configs[c].name.size())), configs[c].name.c_str());
  std::printf("\n");
  std::map<std::string, std::vector<double>> ratios, spreads;
  std::map<std::string, double> samples, sampled_ms, other_cpu;
  for (const Program& program : programs) {
    std::vector<std::unique_ptr<Setup>> setups;
    for (const Variant& config : configs) {
      setups.push_back(std::make_unique<Setup>(config, strategy));
      if (!setups.back()->prepare(suite_dir + "/suite_" + program.name + ".wasm")) return 1;
    }
    for (int round = 0; round < rounds; ++round) {
      for (auto& setup : setups) {
        const double process_start = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        const double thread_start = clock_ms(CLOCK_THREAD_CPUTIME_ID);
        setup->before();
        const double start = clock_ms(clock);
        Result<int32_t> result = setup->run->call(*setup->store, program.n);
        const double elapsed = clock_ms(clock) - start;
        setup->after(elapsed);
        setup->other_cpu_ms += (clock_ms(CLOCK_PROCESS_CPUTIME_ID) - process_start) -
                               (clock_ms(CLOCK_THREAD_CPUTIME_ID) - thread_start);
        if (!result) {
          std::fprintf(stderr, "%s %s: %s\n", program.name.c_str(), setup->config->name.c_str(),
                       result.error().to_string().c_str());
          return 1;
        }
        setup->times.push_back(elapsed);
      }
    }
    const double plain = median(setups[0]->times);
    std::printf("%-11s %8.1f", program.name.c_str(), plain);
    for (size_t c = 1; c < setups.size(); ++c) {
      const Setup& setup = *setups[c];
      std::vector<double> per_round;
      for (int round = 0; round < rounds; ++round) per_round.push_back(setup.times[round] / setups[0]->times[round]);
      const double ratio = median(per_round);
      other_cpu[setup.config->name] += setup.other_cpu_ms;
      ratios[setup.config->name].push_back(ratio);
      spreads[setup.config->name].push_back(*std::max_element(per_round.begin(), per_round.end()) -
                                            *std::min_element(per_round.begin(), per_round.end()));
      samples[setup.config->name] += double(setup.samples);
      sampled_ms[setup.config->name] += setup.sampled_ms;
      std::printf(" %*.3f", int(std::max<size_t>(8, setup.config->name.size())), ratio);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  std::printf("\n%-18s %8s %8s %8s %10s %10s\n", "configuration", "geomean", "worst", "spread", "samples/s",
              "other_cpu%");
  for (size_t c = 1; c < configs.size(); ++c) {
    const std::string& name = configs[c].name;
    double log_sum = 0;
    for (double ratio : ratios[name]) log_sum += std::log(ratio);
    const double rate = sampled_ms[name] > 0 ? samples[name] / (sampled_ms[name] / 1e3) : 0;
    std::printf("%-18s %8.3f %8.3f %8.3f %10.0f %10.1f\n", name.c_str(), std::exp(log_sum / double(ratios[name].size())),
                *std::max_element(ratios[name].begin(), ratios[name].end()), median(spreads[name]), rate,
                sampled_ms[name] > 0 ? other_cpu[name] / sampled_ms[name] * 100 : 0.0);
  }
  std::printf("load_average_end=%.2f\n", load_average());
  return 0;
}
