#include "profile/sample_profile.hh"

#include <cstdint>
#include <string>
#include <vector>

namespace wasmprof::profile::testing {
namespace {

// A small deterministic generator (xorshift), so the profile is the same on every run.
class Xorshift {
 public:
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  uint32_t below(uint32_t bound) { return next() % bound; }

 private:
  uint32_t state_ = 2463534242u;
};

struct FunctionSpec {
  uint32_t module;
  uint32_t index;
  const char* name;
  uint32_t code_offset;
  uint32_t code_size;
};

}  // namespace

ProfileData make_sample_profile(size_t sample_count) {
  ProfileData data;
  data.name = "demo-app";
  data.interval_ms = 1;
  data.start_time_ms = 1764000000000.0;
  data.pid = 1;
  data.modules = {{"app.wasm", 48213, "6A3C1F0E9B2D4C5A8E7F6D5C4B3A2918"},
                  {"libimage.wasm", 20480, "0F1E2D3C4B5A69788796A5B4C3D2E1F0"}};

  const FunctionSpec specs[] = {
      {0, 3, "_start", 0x120, 0x40},
      {0, 4, "main", 0x160, 0x200},
      {0, 5, "fib", 0x360, 0x80},
      {0, 6, "render_frame", 0x3e0, 0x400},
      {0, 7, "std::vector<int, std::allocator<int>>::push_back(int const&)", 0x7e0, 0x90},
      {0, 8, "<app::Pixel as core::fmt::Display>::fmt", 0x870, 0x60},
      {1, 2, "decode_png", 0x100, 0x300},
      {1, 3, "inflate", 0x400, 0x500},
      {1, 4, "crc32", 0x900, 0x40},
      {1, 5, "wasm-function[5]", 0x940, 0x20},
      // Names that need JSON escapes, and a demangled Rust name that is not ASCII.
      {0, 9, "operator\"\" _px(unsigned long long)", 0x8d0, 0x10},
      {0, 10, "app::g\xC3\xB6" "del::escher::bach", 0x8e0, 0x30},
  };
  std::vector<uint32_t> f;
  for (const FunctionSpec& spec : specs) {
    f.push_back(data.intern_function(spec.module, spec.index, spec.name));
    data.functions.back().code_offset = spec.code_offset;
    data.functions.back().code_size = spec.code_size;
  }
  data.functions[f[2]].file = "src/fib.c";
  data.functions[f[2]].line = 12;

  const auto frame = [&](uint32_t function, uint32_t address, uint32_t line = 0, uint32_t inline_depth = 0) {
    return data.intern_frame(ProfileFrame{f[function], address, line, 0, inline_depth});
  };
  const auto push = [&](uint32_t prefix, uint32_t frame_index) { return data.intern_stack(prefix, frame_index); };

  const uint32_t start = push(kNoIndex, frame(0, 0x130));
  const uint32_t main = push(start, frame(1, 0x1a4));
  // fib recursing to a few depths
  std::vector<uint32_t> fib_depths;
  uint32_t fib = push(main, frame(2, 0x3a0, 14));
  fib_depths.push_back(fib);
  for (int depth = 1; depth < 6; ++depth) {
    fib = push(fib, frame(2, 0x3c8, 15));
    fib_depths.push_back(fib);
  }
  const uint32_t render = push(main, frame(3, 0x420));
  const uint32_t push_back = push(render, frame(4, 0x800));
  const uint32_t display = push(render, frame(5, 0x88c));
  const uint32_t decode = push(render, frame(6, 0x1c0));
  const uint32_t inflate = push(decode, frame(7, 0x5a0));
  // crc32 inlined into inflate at the same address
  const uint32_t crc = push(inflate, frame(8, 0x5a0, 0, 1));
  const uint32_t unnamed = push(decode, frame(9, 0x944));
  const uint32_t literal = push(render, frame(10, 0x8d4));
  const uint32_t bach = push(literal, frame(11, 0x8f0));
  const std::vector<uint32_t> leaves = {main, push_back, display, decode, inflate, crc, unnamed, render, literal, bach};

  Xorshift random;
  data.samples.reserve(sample_count);
  for (size_t i = 0; i < sample_count; ++i) {
    ProfileSample sample;
    sample.time_ms = double(i) * data.interval_ms;
    const uint32_t pick = random.below(16);
    if (pick < 6) {
      sample.stack = fib_depths[random.below(uint32_t(fib_depths.size()))];
    } else if (pick < 14) {
      sample.stack = leaves[random.below(uint32_t(leaves.size()))];
    } else if (pick == 14) {
      sample.stack = kNoIndex;  // in the host
    } else {
      sample.stack = start;
    }
    // Every eighth sample's CPU time is unknown.
    sample.cpu_delta_ns = (i % 8 == 7) ? 0 : 400000 + uint64_t(random.below(600000));
    data.samples.push_back(sample);
  }

  // Host calls every 50 ms, 3 ms long; the last one is still open.
  const uint32_t fd_write = data.intern_marker_kind({"hostcall", "Host", "wasi_snapshot_preview1", "fd_write"});
  const uint32_t clock_time_get =
      data.intern_marker_kind({"hostcall", "Host", "wasi_snapshot_preview1", "clock_time_get"});
  for (size_t t = 10; t + 5 < sample_count; t += 50) {
    ProfileMarker marker;
    marker.kind = (t / 50) % 2 ? fd_write : clock_time_get;
    marker.start_ms = double(t) + 0.25;
    marker.end_ms = double(t) + 3.25;
    marker.stack = (t / 50) % 2 ? render : main;
    data.markers.push_back(marker);
  }
  if (sample_count > 20) {
    ProfileMarker open;
    open.kind = data.intern_marker_kind({"hostcall", "Host", "env", "poll_events"});
    open.start_ms = double(sample_count - 3) + 0.5;
    open.stack = main;
    data.markers.push_back(open);
  }
  data.end_time_ms = double(sample_count) * data.interval_ms;
  return data;
}

}  // namespace wasmprof::profile::testing
