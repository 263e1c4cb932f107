#include "runtime/sampling.hh"

#include <cstddef>

#include "runtime/stack_walk.hh"
#include "runtime/store_state.hh"

namespace wasmprof::runtime {
namespace {

SampledFrame sampled(const WasmFrame& frame) {
  return SampledFrame{frame.function->module->compiled.get(), frame.function->function_index, frame.module_offset()};
}

}  // namespace

void live_frame_identities(StoreContext store, std::vector<FrameIdentity>& frames) {
  const exec::ExecContext& context = store.state().context;
  // Filled from the back, as the walk goes innermost first; field by field, since building a
  // whole FrameIdentity and copying it stalls on store forwarding (3x slower on deep stacks).
  frames.resize(context.depth);
  size_t next = frames.size();
  walk_live_stack(context, [&](const WasmFrame& frame) {
    --next;
    frames[next].function = frame.function;
    frames[next].code = frame.code;
    frames[next].position = frame.pc;
    return true;
  });
  if (next > 0) frames.erase(frames.begin(), frames.begin() + ptrdiff_t(next));
}

SampledFrame resolve_frame(const FrameIdentity& identity) {
  return sampled(WasmFrame{static_cast<const exec::FunctionInstance*>(identity.function),
                           static_cast<const exec::CompiledFunction*>(identity.code),
                           static_cast<const exec::Word*>(identity.position)});
}

void for_each_live_frame(StoreContext store, FrameVisitor visitor, void* visit) {
  walk_live_stack(store.state().context, [&](const WasmFrame& frame) { return visitor(visit, sampled(frame)); });
}

bool current_host_call(StoreContext store, HostCall& call) {
  const auto& calls = store.state().host_calls;
  if (calls.empty()) return false;
  call = HostCall{calls.back()->module, calls.back()->name};
  return true;
}

bool in_host_call(StoreContext store) {
  return store.state().running_host.load(std::memory_order_relaxed);
}

void install_sample_handler(StoreContext store, SampleHandler handler, void* data) {
  detail::StoreState& state = store.state();
  state.sample_handler = handler;
  state.sample_data = data;
}

void remove_sample_handler(StoreContext store) {
  detail::StoreState& state = store.state();
  state.sample_handler = nullptr;
  state.sample_data = nullptr;
}

void request_sample(StoreContext store) { store.state().context.request_interrupt(); }

}  // namespace wasmprof::runtime
