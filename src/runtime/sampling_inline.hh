// The template part of sampling.hh: frame walking over the interpreter's records.
#pragma once

#include <algorithm>

#include "runtime/stack_walk.hh"
#include "runtime/store_state.hh"

namespace wasmprof::runtime {

template <class Visit>
void for_each_live_frame(StoreContext store, Visit&& visit) {
  walk_live_stack(store.state().context, [&](const WasmFrame& frame) {
    const SampledFrame sampled{frame.function->module->compiled.get(), frame.function->function_index,
                               frame.module_offset()};
    return visit(sampled);
  });
}

inline void live_frame_identities(StoreContext store, std::vector<FrameIdentity>& frames) {
  frames.clear();
  walk_live_stack(store.state().context, [&](const WasmFrame& frame) {
    frames.push_back(FrameIdentity{frame.function, frame.pc});
    return true;
  });
  std::reverse(frames.begin(), frames.end());
}

inline SampledFrame resolve_frame(const FrameIdentity& identity) {
  const WasmFrame frame{static_cast<const exec::FunctionInstance*>(identity.function),
                        static_cast<const exec::Word*>(identity.pc)};
  return SampledFrame{frame.function->module->compiled.get(), frame.function->function_index, frame.module_offset()};
}

}  // namespace wasmprof::runtime
