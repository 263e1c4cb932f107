// The narrow, tier-neutral interface through which the profiler observes a store's guest: the
// live wasm frames, the host call in progress, and a way to run a sampler at the guest's very
// next instruction boundary. It names no execution tier: a frame is an opaque identity that the
// tier running it resolves to (module, function, module offset), so the interpreter and a
// compiled tier can both stand behind it, and the profile layer includes nothing else of the
// runtime but this and probes.hh. Nothing here allocates on the sampling path.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <vector>

#include "wasmprof/store.hh"

namespace wasmprof::runtime {

struct SampledFrame {
  const void* module_id;    // Module::id() of the frame's module
  uint32_t function_index;  // wasm function index, imports counted
  uint32_t module_offset;   // module-relative byte offset of the current instruction
};

// A live wasm frame as the tier running it knows it (the function instance, the code the frame
// runs and its current position in it): cheap to read and to compare, and equal identities
// resolve to equal SampledFrames. A sampler that keeps the previous sample's identities can find
// the part of a deep stack that did not change without resolving it.
struct FrameIdentity {
  const void* function;
  const void* code;
  const void* position;
  // A frame read from machine code by a sampler's signal: which of the wasm frames at machine
  // address `position` in `code` it is (0: the innermost). kRecorded for a frame of the call
  // records (the interpreter's, or compiled code's seen at a check point).
  uint32_t machine_frame = kRecorded;
  static constexpr uint32_t kRecorded = UINT32_MAX;
  bool operator==(const FrameIdentity&) const = default;
};

// Identities stay valid, each resolving to the same SampledFrame, while their store lives; a
// sampler that keeps them across samples keeps them with their store's FramesOwner, which
// differs between any two stores of the process, even one made where another was freed.
struct FramesOwner {
  const void* store = nullptr;
  uint64_t created_ns = 0;
  bool operator==(const FramesOwner&) const = default;
};
FramesOwner frames_owner(StoreContext store);

// Replaces `frames` with the live frames' identities, outermost first, while the guest is paused
// (in a host function, a hook, a probe, an epoch or sample callback). Reuses the vector's
// capacity: no allocation once it has grown to the deepest stack seen.
void live_frame_identities(StoreContext store, std::vector<FrameIdentity>& frames);
// The same for the sample that request_sample asked for, on its handler: where the request's
// signal found the guest in compiled code, the frames exactly as they were then (the request is
// served later, at the next check point), else the live ones.
void requested_frame_identities(StoreContext store, std::vector<FrameIdentity>& frames);
// Where an identity that live_frame_identities gave is in the module (until the guest resumes).
SampledFrame resolve_frame(const FrameIdentity& frame);

// Calls visit(const SampledFrame&) for each live wasm frame of the store, innermost first, while
// the guest is paused; `visit` returns false to stop.
using FrameVisitor = bool (*)(void* visit, const SampledFrame& frame);
void for_each_live_frame(StoreContext store, FrameVisitor visitor, void* visit);
template <class Visit>
void for_each_live_frame(StoreContext store, Visit&& visit) {
  using Callable = std::remove_reference_t<Visit>;
  for_each_live_frame(
      store, [](void* callable, const SampledFrame& frame) { return bool((*static_cast<Callable*>(callable))(frame)); },
      const_cast<std::remove_const_t<Callable>*>(&visit));
}

// The host function the guest is calling right now (innermost), if any: its import's module
// and name ("wasi_snapshot_preview1", "fd_write"); empty names for anonymous host functions.
struct HostCall {
  std::string_view module;
  std::string_view name;
};
bool current_host_call(StoreContext store, HostCall& call);
// True while the guest's innermost activity is a host function it called (not wasm that
// function called back into); safe to read from any thread.
bool in_host_call(StoreContext store);

// Sample requests: `handler` runs on the guest's thread at the next instruction boundary after
// each request (or, if the guest is in a host function then, when it returns to wasm).
// request_sample is safe from any thread and async-signal-safe.
using SampleHandler = void (*)(StoreContext store, void* data);
void install_sample_handler(StoreContext store, SampleHandler handler, void* data);
void remove_sample_handler(StoreContext store);
void request_sample(StoreContext store);
// On the guest's thread: from now on request_sample signals this thread, whose handler reads
// where compiled code was (exec/native_sampling.hh) before asking for the sample. False (requests
// stay as they were) where the store's engine interprets only, or the signal is taken or
// unsupported. disable_sample_signals undoes it; call it on that thread before the store goes.
bool enable_sample_signals(StoreContext store);
void disable_sample_signals(StoreContext store);
// (Stopping the guest is public: StoreContext::interrupt_handle.)

}  // namespace wasmprof::runtime
