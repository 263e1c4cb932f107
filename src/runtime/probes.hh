// The narrow, tier-neutral interface through which the profiler watches chosen guest functions being entered
// and returning: the engine compiles a probe into each function named in
// Config::probed_functions (see exec::ProbeCallback), and the store's probe handler sees every
// one of them run. Functions not probed, and engines probing nothing, pay nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "wasmprof/store.hh"

namespace wasmprof::runtime {

enum class ProbePoint : uint8_t { Entry, Exit };

// One probe reached: the function (as SampledFrame names it), which of the engine's probed
// names it matched, and its arguments (Entry) or results (Exit), one 64-bit slot per scalar
// (i32 in the low half), in order. `memory` is its instance's memory 0 (empty if none), for
// results written through pointers (posix_memalign).
struct ProbedCall {
  const void* module_id;     // Module::id() of the function's module
  uint32_t function_index;   // wasm function index, imports counted
  uint32_t probe_id;         // index into the engine's Config::probed_functions
  ProbePoint point;
  std::span<const uint64_t> values;
  std::span<const uint8_t> memory;
  uint32_t call_depth;       // wasm calls active, this one included
};

// `handler` runs on the guest's thread at every probe, while the guest is paused there (so
// the frame functions of sampling.hh may be used); it must not call into wasm.
using ProbeHandler = void (*)(StoreContext store, const ProbedCall& call, void* data);
void install_probe_handler(StoreContext store, ProbeHandler handler, void* data);
void remove_probe_handler(StoreContext store);

// The engine's probed names, as the ids of ProbedCall index them.
std::span<const std::string> probed_functions(StoreContext store);

}  // namespace wasmprof::runtime
