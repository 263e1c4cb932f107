// The cost of the profiler itself: one sample of a 30-deep wasm stack (taken from inside the
// deepest frame, as the epoch callback or a precise-mode request would take it), finish()
// for a million samples, and the bytes each sample adds to the written profile.
//
//   profile_sample_cost <deep.wasm> [--samples N] [--depth D]
//
// --depth sets the number of wasm frames (default 30): a sample walks and interns every frame,
// so its cost grows with the depth (the suite's recursion program samples ~3000-deep stacks).
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: profile_sample_cost <deep.wasm> [--samples N] [--depth D]\n");
    return 2;
  }
  uint32_t samples = 1000000;
  int32_t depth = 30;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--samples") == 0) samples = uint32_t(std::max(1, std::atoi(argv[i + 1])));
    if (std::strcmp(argv[i], "--depth") == 0) depth = std::max(1, std::atoi(argv[i + 1]));
  }

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
