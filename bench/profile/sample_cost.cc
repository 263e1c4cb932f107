// The cost of the profiler itself: one sample of a 30-deep wasm stack (taken from inside the
// deepest frame, as the epoch callback or a precise-mode request would take it), finish()
// for a million samples, and the bytes each sample adds to the written profile.
//
//   profile_sample_cost <deep.wasm> [--samples N] [--depth D]
//   profile_sample_cost <deep.wasm> --signal [--depth D] [--interval-us U]
//
// --depth sets the number of wasm frames (default 30): a sample walks and interns every frame,
// so its cost grows with the depth (the suite's recursion program samples ~3000-deep stacks).
//
// --signal measures the compiled tier's precise samples, whole: the guest spins in machine code
// under `depth` compiled frames while the profiler samples it every U us of its CPU time (default
// 200), each sample a signal whose handler walks the frames into the capture, then resolved and
// pushed at the next check point. The cost of one sample is the guest's extra CPU time over the
// samples taken, against the same spin unsampled (best of five each; the bare signal's cost on
// this host is profile_overhead --diagnose's signals_10khz row).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

#include "profile/data/profile_data.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"

namespace {

using namespace wasmprof;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

size_t stack_depth(const profile::ProfileData& data, uint32_t stack) {
  size_t count = 0;
  for (uint32_t s = stack; s != profile::kNoIndex; s = data.stacks[s].prefix) ++count;
  return count;
}
// The deepest stack sampled: what a signal sample of the spinning recursion saw (the last sample
// may fall while it unwinds).
size_t deepest_stack(const profile::ProfileData& data) {
  size_t deepest = 0;
  for (const auto& sample : data.samples) deepest = std::max(deepest, stack_depth(data, sample.stack));
  return deepest;
}

int measure_signal_samples(const char* path, int32_t depth, int interval_us) {
  Engine engine(Config{}.set_strategy(Strategy::Compiled));
  Store<int> store(engine, 0);
  Module module = Module::from_file(engine, path).value();
  Linker linker(engine);
  (void)linker.func_wrap("bench", "probe", [] {});
  Instance instance = linker.instantiate(store, module).value();
  auto spin = instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "spin").value();
  const int32_t iterations = 200'000'000;
  auto best_of_five = [&] {
    double best = 1e9;
    for (int round = 0; round < 5; ++round) {
      const double start = thread_cpu_seconds();
      if (!spin.call(store, depth - 1, iterations)) return -1.0;
      best = std::min(best, thread_cpu_seconds() - start);
    }
    return best;
  };
  if (!spin.call(store, depth - 1, 1000)) return 1;  // compiled now
  const double plain = best_of_five();
  GuestProfiler profiler("cost", std::chrono::microseconds(interval_us), {{"deep.wasm", module}});
  if (!profiler.start_sampling(store, std::chrono::microseconds(interval_us))) return 1;
  const double start = thread_cpu_seconds();
  if (!spin.call(store, depth - 1, iterations)) return 1;
  const double sampled = thread_cpu_seconds() - start;
  profiler.stop_sampling();
  const size_t samples = profiler.data().samples.size();
  if (plain < 0 || samples == 0) return 1;
  // One sampled run against the best unsampled one: the sampled run's own noise stays in; run it
  // a few times and read the spread.
  std::printf("signal stack_depth=%zu samples=%zu plain_s=%.3f sampled_s=%.3f sample_us=%.2f\n",
              deepest_stack(profiler.data()), samples, plain, sampled, (sampled - plain) / double(samples) * 1e6);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: profile_sample_cost <deep.wasm> [--samples N] [--depth D]\n"
                 "       profile_sample_cost <deep.wasm> --signal [--depth D] [--interval-us U]\n");
    return 2;
  }
  uint32_t samples = 1000000;
  int32_t depth = 30;
  int interval_us = 200;
  bool signal = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--signal") == 0) signal = true;
    if (i + 1 == argc) break;
    if (std::strcmp(argv[i], "--samples") == 0) samples = uint32_t(std::max(1, std::atoi(argv[i + 1])));
    if (std::strcmp(argv[i], "--depth") == 0) depth = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--interval-us") == 0) interval_us = std::max(10, std::atoi(argv[i + 1]));
  }
  if (signal) return measure_signal_samples(argv[1], depth, interval_us);

  Engine engine;
  Store<int> store(engine, 0);
  Module module = Module::from_file(engine, argv[1]).value();
  GuestProfiler profiler("cost", std::chrono::milliseconds(1), {{"deep.wasm", module}});
  double sample_seconds = 0;
  Linker linker(engine);
  (void)linker.func_wrap("bench", "probe", [&](Caller& caller) {
    const auto start = Clock::now();
    for (uint32_t i = 0; i < samples; ++i) profiler.sample(caller, std::chrono::nanoseconds(1000));
    sample_seconds = seconds_since(start);
  });
  Instance instance = linker.instantiate(store, module).value();
  // deep(depth - 1) makes `depth` frames of deep; the sample adds the host probe on top.
  if (!instance.get_typed_func<void(int32_t)>(store, "deep")->call(store, depth - 1)) return 1;

  const size_t frames = [&] {
    const profile::ProfileData& data = profiler.data();
    size_t count = 0;
    for (uint32_t s = data.samples.back().stack; s != profile::kNoIndex; s = data.stacks[s].prefix) ++count;
    return count;
  }();
  std::ostringstream out;
  const auto start = Clock::now();
  if (!std::move(profiler).finish(out)) return 1;
  const double finish_seconds = seconds_since(start);
  const size_t bytes = out.str().size();
  std::printf("stack_depth=%zu samples=%u sample_ns=%.1f finish_s=%.3f profile_bytes=%zu bytes_per_sample=%.1f\n",
              frames, samples, sample_seconds / samples * 1e9, finish_seconds, bytes, double(bytes) / samples);
  return 0;
}
