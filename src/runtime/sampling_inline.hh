// The template part of sampling.hh: frame walking over the interpreter's records.
#pragma once

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

}  // namespace wasmprof::runtime
