// The narrow interface through which the profiler watches chosen guest functions being entered
// and returning: the engine compiles a probe into each function named in
// Config::probed_functions (see exec::ProbeCallback), and the store's probe handler sees every
// one of them run. Functions not probed, and engines probing nothing, pay nothing.
#pragma once

#include <cstdint>
#include <span>

#include "exec/code.hh"
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
// for_each_live_frame and the rest of sampling.hh may be used); it must not call into wasm.
using ProbeHandler = void (*)(StoreContext store, const ProbedCall& call, void* data);
void install_probe_handler(StoreContext store, ProbeHandler handler, void* data);
void remove_probe_handler(StoreContext store);

// A cheap identity of the live stack, for a handler that caches what it derives from
// for_each_live_frame: calls visit(uint64_t word) with two words per live wasm frame, innermost
// first (its function and its current instruction, as the interpreter holds them). Equal
// sequences mean for_each_live_frame would report equal frames. Allocates nothing.
template <class Visit>
void for_each_live_frame_identity(StoreContext store, Visit&& visit);

// The engine's probed names, as the ids of ProbedCall index them.
std::span<const std::string> probed_functions(StoreContext store);

// What the engine compiles into probes (module compilation passes it to the translator).
exec::TrapKind serve_probe(exec::ExecContext& context, uint32_t probe_id, exec::ProbePoint point,
                           const exec::Slot* values);

}  // namespace wasmprof::runtime

#include "runtime/stack_walk.hh"
#include "runtime/store_state.hh"

template <class Visit>
void wasmprof::runtime::for_each_live_frame_identity(StoreContext store, Visit&& visit) {
  walk_live_stack(store.state().context, [&](const WasmFrame& frame) {
    visit(uint64_t(reinterpret_cast<uintptr_t>(frame.function)));
    visit(uint64_t(reinterpret_cast<uintptr_t>(frame.pc)));
    return true;
  });
}
