// GuestProfiler: turns a store's live wasm stacks into ProfileData, driven by the embedder
// (reference mode) or by its own ticker thread through sample requests (precise mode).
#include "wasmprof/profiler.hh"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

#include "profile/allocation_recorder.hh"
#include "profile/data/module_id.hh"
#include "profile/data/profile_data.hh"
#include "profile/dwarf/dwarf_frames.hh"
#include "profile/format/firefox_writer.hh"
#include "profile/sample_ticker.hh"
#include "runtime/sampling.hh"
#include "support/timer_thread.hh"

namespace wasmprof {
namespace {

using profile::kNoIndex;

double wall_clock_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Error usage_error(std::string message) {
  Error error;
  error.kind = ErrorKind::Usage;
  error.message = std::move(message);
  return error;
}

}  // namespace

struct GuestProfiler::State {
  profile::ProfileData data;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  struct AllowedModule {
    const void* id;
    Module module;
    uint32_t profile_module;
    profile::ModuleFrames frames;  // names, source lines, inlined frames; cached per address
    // (prefix stack << 32 | module offset) -> that stack with the frames at the offset pushed on
    // it: one lookup per wasm frame, however many inlined frames it stands for.
    std::unordered_map<uint64_t, uint32_t> pushed;
  };
  std::vector<AllowedModule> modules;
  std::unordered_map<const void*, uint32_t> host_functions;  // by the import's name storage
  struct LiveFrame {
    AllowedModule* module;
    runtime::SampledFrame frame;
  };
  // Per prefix stack (+1: the root is slot 0), the last live frame pushed on it and the stack
  // that made (push_live_frame).
  struct LastPush {
    runtime::FrameIdentity frame{};
    const AllowedModule* module = nullptr;  // the frame's, null if not allowed
    uint32_t module_offset = 0;
    uint32_t stack = kNoIndex;
  };
  std::vector<LastPush> last_push;
  runtime::FramesOwner last_push_owner;  // whose identities last_push holds
  std::vector<runtime::FrameIdentity> live_frames;  // of the sample being taken, outermost first
  std::vector<uint32_t> open_markers;  // host calls in progress, innermost last
  std::unordered_map<const void*, uint32_t> host_marker_kinds;  // by the import's name storage
  std::vector<std::string> warnings;   // about the modules' debug info, from the constructor

  // Precise mode: a ticker thread requests the samples (see SampleTicker).
  profile::SampleTicker ticker;
  clockid_t guest_cpu_clock = CLOCK_THREAD_CPUTIME_ID;
  uint64_t last_cpu_ns = 0;
  bool sampling = false;
  std::optional<StoreContext> sampled_store;
  // Epoch mode: a thread advances the engine's epoch each interval; the deadline callback samples.
  std::unique_ptr<TimerThread> epoch_ticker;

  // Allocation profiling, when enabled, and the store whose probes feed it.
  std::unique_ptr<profile::AllocationRecorder> allocations;
  std::optional<StoreContext> allocation_store;
  void stop_allocation_profiling();

  double now_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

  AllowedModule* find_module(const void* id) {
    for (AllowedModule& module : modules)
      if (module.id == id) return &module;
    return nullptr;
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

  // `prefix` with a wasm frame pushed on it: with inlined calls at its address, several frames
  // (the outermost, inline depth 0, first).
  uint32_t push_frame(uint32_t prefix, const LiveFrame& live) {
    auto [pushed, inserted] = live.module->pushed.try_emplace((uint64_t(prefix) << 32) | live.frame.module_offset, prefix);
    if (inserted) {
      std::span<const uint32_t> expanded =
          live.module->frames.frames_at(data, live.frame.function_index, live.frame.module_offset);
      for (auto frame = expanded.rbegin(); frame != expanded.rend(); ++frame)
        pushed->second = data.intern_stack(pushed->second, *frame);
    }
    return pushed->second;
  }

  // `prefix` with the live frame `identity` pushed on it, if its module is allowed (frames of
  // other modules never appear: the stack stays what it was below them). Most pushes repeat the
  // last one made on the same prefix (the unchanged outer part of a deep stack, a recursion's
  // chain however deep the last sample was, a loop calling the same callee): that is one read
  // of an array indexed by the prefix, without resolving the frame, where resolving it and the
  // map cost a cache miss or two per frame; a chain's stacks, made one after another, are
  // neighbours in the array. (The previous sample's frames alone, compared from the root, lost
  // a 3000-deep chain to every shallower sample in between: bench/profile/README.md.)
  uint32_t push_live_frame(uint32_t prefix, const runtime::FrameIdentity& identity) {
    const size_t slot = size_t(uint32_t(prefix + 1));  // kNoIndex, the root, wraps to slot 0
    if (slot < last_push.size() && last_push[slot].frame == identity) return last_push[slot].stack;
    const runtime::SampledFrame frame = runtime::resolve_frame(identity);
    if (slot >= last_push.size()) last_push.resize(std::max(slot + 1, last_push.size() * 2));
    LastPush& last = last_push[slot];
    uint32_t stack = prefix;
    if (AllowedModule* module = find_module(frame.module_id)) {
      // The same wasm frame seen through another identity (read from machine code in one
      // sample, from the call records in another) pushes what it pushed before.
      stack = last.module == module && last.module_offset == frame.module_offset ? last.stack
                                                                                : push_frame(prefix, LiveFrame{module, frame});
      last.module = module;
      last.module_offset = frame.module_offset;
    } else {
      last.module = nullptr;
    }
    last.frame = identity;
    last.stack = stack;
    return stack;
  }

  // The current stack of allowed frames (outermost at the root), and on top, if the guest is
  // in a host call and `with_host_call`, a frame for that call.
  uint32_t current_stack(StoreContext store, bool with_host_call, bool requested = false) {
    if (requested)
      runtime::requested_frame_identities(store, live_frames);
    else
      runtime::live_frame_identities(store, live_frames);
    // Frame by frame from the root: between samples a caller stays at its call while its
    // callees come and go, so nearly every push repeats one made before (push_live_frame).
    if (const runtime::FramesOwner owner = runtime::frames_owner(store); !(owner == last_push_owner)) {
      last_push.clear();  // another store's identities could name other frames now
      last_push_owner = owner;
    }
    uint32_t stack = kNoIndex;
    for (const runtime::FrameIdentity& frame : live_frames) stack = push_live_frame(stack, frame);
    runtime::HostCall call;
    if (with_host_call && runtime::current_host_call(store, call)) {
      const uint32_t frame = data.intern_frame({host_function_id(call), 0, 0, 0, 0});
      stack = data.intern_stack(stack, frame);
    }
    return stack;
  }

  // `requested`: the sample a request asked for (where its signal found compiled code, there).
  void record_sample(StoreContext store, uint64_t cpu_delta_ns, double time_ms, bool requested = false) {
    data.samples.push_back(profile::ProfileSample{time_ms, current_stack(store, true, requested), cpu_delta_ns, 1});
  }

  // The guest's CPU time since the previous sample, up to `now`, a reading of its CPU clock.
  uint64_t take_cpu_delta(uint64_t now) {
    const uint64_t delta = now > last_cpu_ns ? now - last_cpu_ns : 0;
    last_cpu_ns = std::max(last_cpu_ns, now);
    return delta;
  }
  uint64_t take_cpu_delta() { return take_cpu_delta(profile::clock_ns(guest_cpu_clock)); }

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
    state.record_sample(store, state.take_cpu_delta(state.ticker.last_tick_cpu_ns()), state.now_ms(), true);
    state.ticker.sample_finished(std::chrono::steady_clock::now() - begin);
  }

  // What runs the store's code and how samples are taken, in the profile's information (the
  // frontend's profile info panel), so a profile says which engine it describes; said once, by
  // the profile's first way of sampling.
  void describe_sampling(StoreContext store, std::string_view how) {
    if (!data.info.empty()) return;
    std::string tier;
    switch (store.engine().config().strategy) {
      case Strategy::Interpreter: tier = "interpreter"; break;
      case Strategy::Compiled: tier = "compiled (LLVM), each function at its first call"; break;
      case Strategy::Tiered: tier = "tiered: interpreted, hot functions compiled (LLVM)"; break;
    }
    data.info.push_back({"Execution", std::move(tier)});
    data.info.push_back({"Sampling", std::string(how)});
  }

  // The marker kind of the host call in progress, looked up once per host function.
  uint32_t host_marker_kind(StoreContext store) {
    runtime::HostCall call;
    const bool known = runtime::current_host_call(store, call);
    auto [it, inserted] = host_marker_kinds.try_emplace(known ? call.name.data() : nullptr, 0);
    if (inserted) {
      profile::MarkerKind kind;
      kind.category = "Host";
      kind.import_module = std::string(call.module);
      kind.import_name = std::string(call.name);
      kind.name = kind.import_module.empty() ? "hostcall" : kind.import_module + "." + kind.import_name;
      it->second = data.intern_marker_kind(kind);
    }
    return it->second;
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
    entry.breakpad_id = profile::module_id(module.bytes());
    data.modules.push_back(std::move(entry));
    // DWARF is read here, before the guest runs, so no sample pays for it.
    state_->modules.push_back(State::AllowedModule{module.id(), module, index, profile::ModuleFrames(module, index), {}});
    // One line per module: its DWARF problems are one problem to whoever reads the warning.
    std::string warning;
    for (const std::string& problem : state_->modules.back().frames.warnings())
      warning += (warning.empty() ? data.modules[index].name + ": " : "; ") + problem;
    if (!warning.empty()) state_->warnings.push_back(std::move(warning));
  }
  state_->live_frames.reserve(256);
  // The profile starts now, when the guest can start: reading a big module's DWARF above takes
  // seconds (2.3 s for 49 MB), which would otherwise open the timeline with an empty track.
  state_->start = std::chrono::steady_clock::now();
  data.start_time_ms = wall_clock_ms();
}

GuestProfiler::~GuestProfiler() {
  if (state_) {
    stop_sampling();
    state_->stop_allocation_profiling();
  }
}
GuestProfiler::GuestProfiler(GuestProfiler&&) noexcept = default;
GuestProfiler& GuestProfiler::operator=(GuestProfiler&&) noexcept = default;

void GuestProfiler::sample(StoreContext store, std::chrono::nanoseconds cpu_delta) {
  state_->describe_sampling(store, "by the embedder (GuestProfiler::sample)");
  state_->record_sample(store, uint64_t(std::max<int64_t>(cpu_delta.count(), 0)), state_->now_ms());
}

void GuestProfiler::call_hook(StoreContext store, CallHook kind) {
  State& state = *state_;
  if (kind == CallHook::CallingHost) {
    profile::ProfileMarker marker;
    marker.kind = state.host_marker_kind(store);
    marker.start_ms = state.now_ms();
    marker.stack = state.current_stack(store, false);
    state.open_markers.push_back(uint32_t(state.data.markers.size()));
    state.data.markers.push_back(marker);
  } else if (kind == CallHook::ReturningFromHost && !state.open_markers.empty()) {
    profile::ProfileMarker& marker = state.data.markers[state.open_markers.back()];
    state.open_markers.pop_back();
    if (state.sampling) state.record_host_ticks(store, marker.start_ms);
    marker.end_ms = state.now_ms();
  }
}

Result<Ok> GuestProfiler::start_sampling(StoreContext store, std::chrono::nanoseconds interval, SamplingClock clock) {
  State& state = *state_;
  if (state.sampling || state.epoch_ticker) return usage_error("the profiler is already sampling");
  if (pthread_getcpuclockid(pthread_self(), &state.guest_cpu_clock) != 0)
    state.guest_cpu_clock = CLOCK_THREAD_CPUTIME_ID;
  state.last_cpu_ns = profile::clock_ns(state.guest_cpu_clock);
  state.sampled_store = store;
  runtime::install_sample_handler(store, &State::on_sample_request, &state);
  // Compiled code is then sampled where the tick found it, not at its next check point.
  const bool by_signal = runtime::enable_sample_signals(store);
  state.describe_sampling(store, by_signal ? "precise: at any instruction (machine code read where a signal stopped it)"
                                           : "precise: at any instruction");
  state.ticker.start(store, interval, clock, state.guest_cpu_clock);
  state.sampling = true;
  return Ok{};
}

Result<Ok> GuestProfiler::start_epoch_sampling(StoreContext store, std::chrono::nanoseconds interval) {
  State& state = *state_;
  if (state.sampling || state.epoch_ticker) return usage_error("the profiler is already sampling");
  if (!store.engine().config().epoch_interruption)
    return usage_error("epoch sampling needs an engine with Config::epoch_interruption");
  state.last_cpu_ns = profile::clock_ns(CLOCK_THREAD_CPUTIME_ID);
  state.describe_sampling(store, "epoch: at function entries and loop back edges (Wasmtime's)");
  store.set_epoch_deadline(1);
  store.epoch_deadline_callback([&state](StoreContext context) -> Result<UpdateDeadline> {
    // The callback runs on the guest's thread: its CPU clock is the guest's.
    const uint64_t now = profile::clock_ns(CLOCK_THREAD_CPUTIME_ID);
    state.record_sample(context, now - std::min(now, state.last_cpu_ns), state.now_ms());
    state.last_cpu_ns = now;
    return UpdateDeadline::continue_with(1);
  });
  state.sampled_store = store;
  state.epoch_ticker = std::make_unique<TimerThread>(interval, TimerThread::Repeat::EveryInterval,
                                                     [engine = store.engine()] { engine.increment_epoch(); });
  return Ok{};
}

void GuestProfiler::stop_sampling() {
  State& state = *state_;
  if (state.epoch_ticker) {
    state.epoch_ticker.reset();  // no epoch moves after this
    state.sampled_store->epoch_deadline_trap();  // and the callback, which points here, goes
    // The ticker may have moved the epoch past the deadline after the callback last ran; the
    // deadline was the profiler's, so the guest goes on without one rather than trapping.
    state.sampled_store->set_epoch_deadline(UINT64_MAX);
    state.sampled_store.reset();
    return;
  }
  if (!state.sampling) return;
  state.ticker.stop();
  runtime::disable_sample_signals(*state.sampled_store);
  runtime::remove_sample_handler(*state.sampled_store);
  state.sampled_store.reset();
  state.sampling = false;
}

std::vector<std::string> GuestProfiler::allocator_functions() {
  return {profile::kAllocatorFunctionNames.begin(), profile::kAllocatorFunctionNames.end()};
}

Result<Ok> GuestProfiler::enable_allocation_profiling(StoreContext store) {
  State& state = *state_;
  if (state.allocations) return usage_error("allocation profiling is already enabled");
  auto current_stack = [](StoreContext paused, void* owner) {
    return static_cast<State*>(owner)->current_stack(paused, false);
  };
  auto recorder = std::make_unique<profile::AllocationRecorder>(state.data, runtime::probed_functions(store),
                                                                current_stack, &state, state.start);
  if (!recorder->probes_allocator())
    return usage_error(
        "the engine compiles no probes into allocator functions: configure it with "
        "Config::set_probed_functions(GuestProfiler::allocator_functions())");
  runtime::install_probe_handler(store, &profile::AllocationRecorder::on_probe, recorder.get());
  state.allocations = std::move(recorder);
  state.allocation_store = store;
  state.data.allocation_profiling = true;
  return Ok{};
}

void GuestProfiler::State::stop_allocation_profiling() {
  if (!allocation_store) return;
  runtime::remove_probe_handler(*allocation_store);
  allocation_store.reset();
}

const profile::ProfileData& GuestProfiler::data() const { return state_->data; }

GuestProfiler::EmbeddedSources GuestProfiler::embed_sources(
    const std::function<std::optional<std::string>(const std::string& file)>& read) {
  EmbeddedSources embedded;
  profile::ProfileData& data = state_->data;
  std::set<std::string_view> asked;
  for (const profile::ProfileFunction& function : data.functions) {
    if (function.file.empty() || !asked.insert(function.file).second) continue;
    std::optional<std::string> text = read(function.file);
    if (!text) {
      ++embedded.left_out;
      continue;
    }
    ++embedded.files;
    embedded.bytes += text->size();
    data.source_texts[function.file] = std::move(*text);
  }
  return embedded;
}

std::vector<std::string> GuestProfiler::warnings() const { return state_ ? state_->warnings : std::vector<std::string>(); }

Result<Ok> GuestProfiler::finish(std::ostream& out) && {
  stop_sampling();
  state_->stop_allocation_profiling();
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
