// GuestProfiler: Wasmtime's guest profiler, rebuilt. Records the wasm stacks of one store's
// guest and writes them as a Firefox Profiler processed profile (profiler.firefox.com).
//
// Reference mode (as in Wasmtime): the embedder calls sample() regularly, usually from the
// store's epoch-deadline callback, and forwards call hooks to call_hook(). Samples then land
// only where epoch checks are: function entries and the branches that close loops.
// Precise mode: start_sampling() takes a sample at the very next instruction boundary after
// each tick of a thread-CPU-time or wall clock, wherever the guest is; ticks that fall in a
// host call are attributed to that call (forward call hooks for this too).
//
// Only frames of the modules given to the constructor appear, under the names given there;
// nothing of the host (addresses, paths, configuration) enters the profile.
// A module with DWARF gives its frames source lines, and functions inlined at a sampled address
// become frames of their own (Firefox's inlineDepth); the file names are the guest's own
// compile-time paths, which its module carries.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmprof/module.hh"
#include "wasmprof/result.hh"
#include "wasmprof/store.hh"

namespace wasmprof {

namespace profile {
struct ProfileData;
}

enum class SamplingClock : uint8_t {
  ThreadCpuTime,  // CPU time of the thread that runs the guest: idle time is not sampled
  WallClock,
};

class GuestProfiler {
 public:
  // `module_name` names the profile; `interval` is the intended sampling period, recorded in
  // the profile; `modules` are the modules whose frames may appear, with their names.
  GuestProfiler(std::string_view module_name, std::chrono::nanoseconds interval,
                std::vector<std::pair<std::string, Module>> modules);
  ~GuestProfiler();
  GuestProfiler(GuestProfiler&&) noexcept;
  GuestProfiler& operator=(GuestProfiler&&) noexcept;

  // Appends a sample of the store's current wasm stack at "now", with the CPU time used since
  // the previous sample (zero: unknown).
  void sample(StoreContext store, std::chrono::nanoseconds cpu_delta);
  // Records guest/host transitions: a marker for each host call, named after the import.
  void call_hook(StoreContext store, CallHook kind);

  // Precise mode. The profiler must outlive sampling; stop_sampling (or the destructor, or
  // finish) ends it. Call from the thread that runs the guest.
  Result<Ok> start_sampling(StoreContext store, std::chrono::nanoseconds interval,
                            SamplingClock clock = SamplingClock::ThreadCpuTime);
  // Reference (epoch) mode, Wasmtime's sampling: a thread advances the engine's epoch every
  // `interval` and the store's epoch-deadline callback takes a sample with the guest thread's CPU
  // time since the last one, so samples fall only at function entries and loop back-edges and
  // never in host calls. The engine needs Config::epoch_interruption; the store's epoch deadline
  // and its callback are the profiler's until stop_sampling, which ends either mode. Call from the
  // thread that runs the guest: the first sample's CPU time is counted from that thread's clock.
  Result<Ok> start_epoch_sampling(StoreContext store, std::chrono::nanoseconds interval);
  void stop_sampling();

  // Allocation profiling: from now on, every outermost call of the guest's malloc, calloc,
  // realloc, free, aligned_alloc and posix_memalign (found by name, exported or internal) is
  // recorded with its stack, size and address (the Firefox profile's native allocations:
  // allocations, deallocations and retained memory). The engine must compile probes into
  // them: Config::set_probed_functions(GuestProfiler::allocator_functions()). The store must
  // outlive recording, which finish (or the destructor) ends. Independent of sampling.
  Result<Ok> enable_allocation_profiling(StoreContext store);
  static std::vector<std::string> allocator_functions();

  // Puts the text of the source files the profile names into it (shared.sources.content), so
  // the frontend's source view shows them with no server: `read` gets each file's name as the
  // debug info gives it and returns its text, or nothing to leave it out. Opt-in (sources are
  // the guest owner's, and can be large); call once the guest has run (only files of sampled
  // functions are named). Returns how many files and bytes went in.
  struct EmbeddedSources {
    size_t files = 0;
    uint64_t bytes = 0;
    size_t left_out = 0;  // named files `read` returned nothing for
  };
  EmbeddedSources embed_sources(const std::function<std::optional<std::string>(const std::string& file)>& read);

  // Writes the profile (Firefox processed profile JSON); the profiler is used up.
  Result<Ok> finish(std::ostream& out) &&;
  Result<Ok> finish(const std::function<Result<Ok>(std::string_view chunk)>& write) &&;

  // What has been recorded so far, for views that need no JSON (reports, summaries).
  const profile::ProfileData& data() const;

  // Problems with the modules' debug info, known from construction on: one line per module with
  // any, prefixed with the module's name. DWARF that does not match the code (as after wasm-opt)
  // is not used at all: frames fall back to the name section, then to wasm-function[N].
  std::vector<std::string> warnings() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmprof
