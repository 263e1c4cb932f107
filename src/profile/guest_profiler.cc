// GuestProfiler: turns a store's live wasm stacks into ProfileData, driven by the embedder
// (reference mode) or by its own ticker thread through sample requests (precise mode).
#include "wasmprof/profiler.hh"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "profile/demangle.hh"
#include "profile/firefox_writer.hh"
#include "profile/profile_data.hh"
#include "profile/sample_ticker.hh"
#include "runtime/compiled_module.hh"
#include "runtime/sampling.hh"

namespace wasmprof {
namespace {

using profile::kNoIndex;

uint64_t thread_cpu_ns(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return uint64_t(now.tv_sec) * 1000000000u + uint64_t(now.tv_nsec);
}

double wall_clock_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A stable, non-reversible id of a module's bytes for the lib table (FNV-1a, 2 x 64 bits).
std::string module_digest(std::span<const uint8_t> bytes) {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  for (uint8_t byte : bytes) {
    a = (a ^ byte) * 0x100000001b3ull;
    b = (b ^ byte) * 0x100000001b3ull + 1;
  }
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  return hex;
}

}  // namespace

struct GuestProfiler::State {
  profile::ProfileData data;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  struct AllowedModule {
    const void* id;
    Module module;
    uint32_t profile_module;
    std::vector<uint32_t> function_ids;  // by wasm function index; kNoIndex until first seen
  };
  std::vector<AllowedModule> modules;
  std::unordered_map<const void*, uint32_t> host_functions;  // by the import's name storage
  std::vector<uint32_t> frames;        // scratch: frames of one sample, innermost first
  std::vector<uint32_t> open_markers;  // host calls in progress, innermost last

  // Precise mode: a ticker thread requests the samples (see SampleTicker).
  profile::SampleTicker ticker;
  clockid_t guest_cpu_clock = CLOCK_THREAD_CPUTIME_ID;
  uint64_t last_cpu_ns = 0;
  bool sampling = false;
  detail::StoreState* sampled_store = nullptr;

  double now_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

  AllowedModule* find_module(const void* id) {
    for (AllowedModule& module : modules)
      if (module.id == id) return &module;
    return nullptr;
  }

  uint32_t function_id(AllowedModule& module, uint32_t function_index) {
    if (function_index >= module.function_ids.size()) return kNoIndex;
    uint32_t& id = module.function_ids[function_index];
    if (id == kNoIndex) {
      std::optional<std::string> name = module.module.function_name(function_index);
      id = data.intern_function(module.profile_module, function_index,
                                name ? profile::demangle(*name) : "wasm-function[" + std::to_string(function_index) + "]");
      if (std::optional<FunctionLocation> location = module.module.function_location(function_index)) {
        data.functions[id].code_offset = location->body_offset;
        data.functions[id].code_size = location->body_size;
      }
    }
    return id;
  }

  uint32_t host_function_id(const runtime::HostCall& call) {
    auto [it, inserted] = host_functions.try_emplace(call.name.data(), kNoIndex);
    if (inserted) {
      std::string name = call.module.empty() && call.name.empty()
                             ? std::string("host")
                             : std::string(call.module) + "." + std::string(call.name);
      it->second = data.intern_function(kNoIndex, uint32_t(host_functions.size() - 1), name);
    }
    return it->second;
  }

  // The current stack of allowed frames (outermost at the root), and on top, if the guest is
  // in a host call and `with_host_call`, a frame for that call.
  uint32_t current_stack(StoreContext store, bool with_host_call) {
    frames.clear();
    auto add_frame = [&](const runtime::SampledFrame& frame) {
      AllowedModule* module = find_module(frame.module_id);
      if (module == nullptr) return true;  // frames of other modules never appear
      const uint32_t function = function_id(*module, frame.function_index);
      if (function != kNoIndex) frames.push_back(data.intern_frame({function, frame.module_offset, 0, 0, 0}));
      return true;
    };
    runtime::for_each_live_frame(store, add_frame);
    uint32_t stack = kNoIndex;
    for (auto frame = frames.rbegin(); frame != frames.rend(); ++frame) stack = data.intern_stack(stack, *frame);
    runtime::HostCall call;
    if (with_host_call && runtime::current_host_call(store, call)) {
      const uint32_t frame = data.intern_frame({host_function_id(call), 0, 0, 0, 0});
      stack = data.intern_stack(stack, frame);
    }
    return stack;
  }

  void record_sample(StoreContext store, uint64_t cpu_delta_ns, double time_ms) {
    data.samples.push_back(profile::ProfileSample{time_ms, current_stack(store, true), cpu_delta_ns, 1});
  }

  // The guest's CPU time since the previous sample, up to `now`, a reading of its CPU clock.
  uint64_t take_cpu_delta(uint64_t now) {
    const uint64_t delta = now > last_cpu_ns ? now - last_cpu_ns : 0;
    last_cpu_ns = std::max(last_cpu_ns, now);
    return delta;
  }
  uint64_t take_cpu_delta() { return take_cpu_delta(thread_cpu_ns(guest_cpu_clock)); }

  // Ticks that fell in a host call become samples of that call, spread over the time since
  // it started.
  void record_host_ticks(StoreContext store, double since_ms) {
    const uint32_t ticks = ticker.take_host_ticks();
    if (ticks == 0) return;
    const double now = now_ms();
    uint64_t cpu = take_cpu_delta();
    for (uint32_t i = 0; i < ticks; ++i) {
      const double time = since_ms + (now - since_ms) * (i + 1) / ticks;
      record_sample(store, i == 0 ? cpu : 0, time);
    }
  }

  static void on_sample_request(StoreContext store, void* self) {
    State& state = *static_cast<State*>(self);
    const auto begin = std::chrono::steady_clock::now();
    state.ticker.sample_started();
    state.ticker.note_guest_cpu();
    state.record_host_ticks(store, state.data.samples.empty() ? 0 : state.data.samples.back().time_ms);
    // The ticker read the guest's CPU clock when it asked for this sample: a system call
    // (2.3 us on a VM), better paid on the ticker's CPU than on the guest's.
    state.record_sample(store, state.take_cpu_delta(state.ticker.last_tick_cpu_ns()), state.now_ms());
    state.ticker.sample_finished(std::chrono::steady_clock::now() - begin);
  }
};

GuestProfiler::GuestProfiler(std::string_view module_name, std::chrono::nanoseconds interval,
                             std::vector<std::pair<std::string, Module>> modules)
    : state_(std::make_unique<State>()) {
  profile::ProfileData& data = state_->data;
  data.name = std::string(module_name);
  data.interval_ms = std::chrono::duration<double, std::milli>(interval).count();
  data.start_time_ms = wall_clock_ms();
  data.pid = 1;  // a fixed id: the host's real pid is nobody else's business
  for (auto& [name, module] : modules) {
    const uint32_t index = uint32_t(data.modules.size());
    profile::ProfileModule entry;
    entry.name = name.empty() ? "wasm" : name;
    entry.code_size = module.bytes().size();
    entry.breakpad_id = module_digest(module.bytes());
    data.modules.push_back(std::move(entry));
    state_->modules.push_back(
        State::AllowedModule{module.id(), module, index, std::vector<uint32_t>(module.function_count(), kNoIndex)});
  }
  state_->frames.reserve(256);
}

GuestProfiler::~GuestProfiler() {
  if (state_) stop_sampling();
}
GuestProfiler::GuestProfiler(GuestProfiler&&) noexcept = default;
GuestProfiler& GuestProfiler::operator=(GuestProfiler&&) noexcept = default;

void GuestProfiler::sample(StoreContext store, std::chrono::nanoseconds cpu_delta) {
  state_->record_sample(store, uint64_t(std::max<int64_t>(cpu_delta.count(), 0)), state_->now_ms());
}

void GuestProfiler::call_hook(StoreContext store, CallHook kind) {
  State& state = *state_;
  if (kind == CallHook::CallingHost) {
    runtime::HostCall call;
    profile::ProfileMarker marker;
    marker.category = "Host";
    marker.start_ms = state.now_ms();
    marker.stack = state.current_stack(store, false);
    if (runtime::current_host_call(store, call)) {
      marker.import_module = std::string(call.module);
      marker.import_name = std::string(call.name);
    }
    marker.name = marker.import_module.empty() ? "hostcall" : marker.import_module + "." + marker.import_name;
    state.open_markers.push_back(uint32_t(state.data.markers.size()));
    state.data.markers.push_back(std::move(marker));
  } else if (kind == CallHook::ReturningFromHost && !state.open_markers.empty()) {
    profile::ProfileMarker& marker = state.data.markers[state.open_markers.back()];
    state.open_markers.pop_back();
    if (state.sampling) state.record_host_ticks(store, marker.start_ms);
    marker.end_ms = state.now_ms();
  }
}

Result<Ok> GuestProfiler::start_sampling(StoreContext store, std::chrono::nanoseconds interval, SamplingClock clock) {
  State& state = *state_;
  if (state.sampling) return detail::usage_error("the profiler is already sampling");
  if (pthread_getcpuclockid(pthread_self(), &state.guest_cpu_clock) != 0)
    state.guest_cpu_clock = CLOCK_THREAD_CPUTIME_ID;
  state.last_cpu_ns = thread_cpu_ns(state.guest_cpu_clock);
  state.sampled_store = &store.state();
  runtime::install_sample_handler(store, &State::on_sample_request, &state);
  state.ticker.start(store, interval, clock, state.guest_cpu_clock);
  state.sampling = true;
  return Ok{};
}

void GuestProfiler::stop_sampling() {
  State& state = *state_;
  if (!state.sampling) return;
  state.ticker.stop();
  runtime::remove_sample_handler(StoreContext(*state.sampled_store));
  state.sampling = false;
}

const profile::ProfileData& GuestProfiler::data() const { return state_->data; }

Result<Ok> GuestProfiler::finish(std::ostream& out) && {
  stop_sampling();
  profile::ProfileData& data = state_->data;
  data.end_time_ms = state_->now_ms();
  Result<Ok> written = profile::write_firefox_profile(data, out);
  state_.reset();
  return written;
}

Result<Ok> GuestProfiler::finish(const std::function<Result<Ok>(std::string_view chunk)>& write) && {
  std::ostringstream buffer;
  Result<Ok> written = std::move(*this).finish(buffer);
  if (!written) return written;
  return write(buffer.view());
}

}  // namespace wasmprof
