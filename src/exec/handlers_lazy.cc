// The handlers that move a function to other code at its entry (see module_code.hh): lazy_enter
// ends a function's stub (its first entry through one instance translates it if no instance has
// yet, and that instance's calls go straight to the translated code from then on); tier_up
// begins an interpreted function of a tiered module.
#include "exec/handler_support.hh"
#include "exec/handlers.hh"
#include "exec/module_code.hh"

namespace wasmprof::exec::handler_impl {

// Entered like any function (the call handler or invoke pushed the frame, checked the stub's
// frame of parameters only and cleared no locals), so this finishes the entry for the real frame.
WASMPROF_HANDLER(h_lazy_enter) {
  const auto* module_code = static_cast<const ModuleCode*>(pc[1].pointer);
  const CompiledFunction* code = module_code->translated_or_null(pc[2].pair.a);
  // A valid function fails to translate only when its frame is beyond the interpreter's limit
  // (TranslationOptions::max_frame_slots), or memory ran out: either way the call cannot have
  // its frame, as when the stack is exhausted. Raised before anything changes, at the stub.
  if (code == nullptr || fp + code->frame_slots > context->stack_end) [[unlikely]]
    return raise(pc, context, TrapKind::CallStackExhausted);
  for (Slot* slot = fp + code->param_slots; slot < fp + code->local_slots; ++slot) *slot = 0;
  // No frame of this instance's function has a pc in the stub after this.
  running_function(context)->set_code(code);
  context->calls[context->depth - 1].code = code;
  pc = code->code.data();
  WASMPROF_DISPATCH();
}

// The entry of an interpreted function of a tiered module: counts it, and once the compile
// thread has made the function's machine code, switches the entering instance to it and runs it
// in this frame (the call pushed it, and no instruction of the body has run yet). The other
// instances switch at their own next entry.
WASMPROF_HANDLER(h_tier_up) {
  auto* counter = static_cast<HotCounter*>(const_cast<void*>(pc[1].pointer));
  if (const CompiledFunction* compiled = counter->count()) [[unlikely]] {
    running_function(context)->set_code(compiled);
    context->calls[context->depth - 1].code = compiled;
    pc = compiled->code.data();
    WASMPROF_DISPATCH();
  }
  WASMPROF_NEXT(3);
}

}  // namespace wasmprof::exec::handler_impl
