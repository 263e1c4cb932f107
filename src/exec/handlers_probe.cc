// The handler of function probes (see ProbeCallback in code.hh): compiled only into the
// functions an engine was asked to probe, so no other code pays anything for it.
#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec::handler_impl {

WASMPROF_HANDLER(h_probe) {
  // Paused here for the callback: its stack walk sees this instruction as the top frame's,
  // and anything the host does on the slot stack goes above this frame.
  context->current_pc = pc;
  context->stack_top = fp + context->calls[context->depth - 1].code->frame_slots;
  const TrapKind trap = pc[2].probe(*context, pc[1].pair.b, ProbePoint(pc[1].pair.a), fp);
  if (trap != TrapKind::None) [[unlikely]] return trap;
  reload_memory(context, memory, memory_size);
  WASMPROF_NEXT(3);
}

}  // namespace wasmprof::exec::handler_impl
