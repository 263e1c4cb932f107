#include "runtime/probes.hh"

#include "runtime/serve_probe.hh"
#include "runtime/store_state.hh"

namespace wasmprof::runtime {

void install_probe_handler(StoreContext store, ProbeHandler handler, void* data) {
  detail::StoreState& state = store.state();
  state.probe_handler = handler;
  state.probe_data = data;
}

void remove_probe_handler(StoreContext store) {
  detail::StoreState& state = store.state();
  state.probe_handler = nullptr;
  state.probe_data = nullptr;
}

std::span<const std::string> probed_functions(StoreContext store) {
  return store.state().engine.config().probed_functions;
}

exec::TrapKind serve_probe(exec::ExecContext& context, uint32_t probe_id, exec::ProbePoint point,
                           const exec::Slot* values) {
  detail::StoreState& store = detail::StoreState::of(context);
  if (store.probe_handler == nullptr) return exec::TrapKind::None;
  const exec::CallRecord& record = context.calls[context.depth - 1];
  const exec::FunctionInstance& function = *record.function;
  const bool entry = point == exec::ProbePoint::Entry;
  const uint32_t count = entry ? record.code->param_slots : record.code->result_slots;
  const exec::MemoryInstance* memory = function.module->memory0;
  const ProbedCall call{function.module->compiled.get(),
                        function.function_index,
                        probe_id,
                        entry ? ProbePoint::Entry : ProbePoint::Exit,
                        std::span<const uint64_t>(values, count),
                        memory ? std::span<const uint8_t>(memory->bytes.span()) : std::span<const uint8_t>(),
                        context.depth};
  store.probe_handler(StoreContext(store), call, store.probe_data);
  return exec::TrapKind::None;
}

}  // namespace wasmprof::runtime
