// The template part of sampling.hh: frame walking over the interpreter's records.
#pragma once

#include <cstddef>

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
  const exec::ExecContext& context = store.state().context;
  // Filled from the back, as the walk goes innermost first; field by field, since building a
  // whole FrameIdentity and copying it stalls on store forwarding (3x slower on deep stacks).
  frames.resize(context.depth);
  size_t next = frames.size();
  walk_live_stack(context, [&](const WasmFrame& frame) {
    --next;
    frames[next].function = frame.function;
    frames[next].pc = frame.pc;
    return true;
  });
  if (next > 0) frames.erase(frames.begin(), frames.begin() + ptrdiff_t(next));
}

inline SampledFrame resolve_frame(const FrameIdentity& identity) {
  const WasmFrame frame{static_cast<const exec::FunctionInstance*>(identity.function),
                        static_cast<const exec::Word*>(identity.pc)};
  return SampledFrame{frame.function->module->compiled.get(), frame.function->function_index, frame.module_offset()};
}

}  // namespace wasmprof::runtime
