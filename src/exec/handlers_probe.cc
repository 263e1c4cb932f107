// The handler of function probes (see ProbeCallback in code.hh): compiled only into the
// functions an engine was asked to probe, so no other code pays anything for it.
#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec {

TrapKind ExecContext::call_probe(const Word* position, Slot* fp, ProbeCallback callback, uint32_t probe_id,
                                 ProbePoint point) {
  current_pc = position;
  stack_top = fp + calls[depth - 1].code->frame_slots;
  return callback(*this, probe_id, point, fp);
}

}  // namespace wasmprof::exec

namespace wasmprof::exec::handler_impl {

WASMPROF_HANDLER(h_probe) {
  const TrapKind trap = context->call_probe(pc, fp, pc[2].probe, pc[1].pair.b, ProbePoint(pc[1].pair.a));
  if (trap != TrapKind::None) [[unlikely]] return trap;
  reload_memory(context, memory, memory_size);
  WASMPROF_NEXT(3);
}

}  // namespace wasmprof::exec::handler_impl
