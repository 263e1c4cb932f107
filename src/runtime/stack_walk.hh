// Walking the wasm call stack recorded in an ExecContext: the one place that knows how call
// records, entry frames and paused pcs fit together. Backtraces and the profiler's sampler
// both walk through here; it allocates nothing, so a sampler may call it at any instruction
// boundary.
#pragma once

#include <cstdint>

#include "exec/code.hh"
#include "exec/context.hh"

namespace wasmprof::runtime {

struct WasmFrame {
  const exec::FunctionInstance* function;
  const exec::CompiledFunction* code;  // what the frame runs (CallRecord::code)
  const exec::Word* pc;                // inside the frame's current instruction, in `code`

  // Module-relative byte offset of that instruction.
  uint32_t module_offset() const { return code->wasm_offset_at(pc); }
};

// Visits frames [0, depth) of `context`, innermost first; `top_pc` is the innermost frame's
// current instruction. `visit` returns false to stop early.
template <class Visit>
void walk_stack(const exec::ExecContext& context, uint32_t depth, const exec::Word* top_pc, Visit&& visit) {
  const exec::Word* pc = top_pc;
  for (uint32_t i = depth; i-- > 0;) {
    const exec::CallRecord& record = context.calls[i];
    if (pc == nullptr) return;  // paused before its first instruction: nothing to report
    if (!visit(WasmFrame{record.function, record.code, pc})) return;
    // The caller's current instruction: for a frame a wasm call made, the call just before
    // return_pc (whose code ends there); for an entry frame (no caller_fp), the host call the
    // frame below was making, as invoke() recorded it.
    pc = record.caller_fp ? record.return_pc - 1 : context.entry_caller_pc[i];
  }
}

// The live stack while execution is paused (in a host function, an epoch callback, a hook).
template <class Visit>
void walk_live_stack(const exec::ExecContext& context, Visit&& visit) {
  walk_stack(context, context.depth, context.current_pc, visit);
}

// The stack at the last trap (valid until the next call into wasm).
template <class Visit>
void walk_trap_stack(const exec::ExecContext& context, Visit&& visit) {
  walk_stack(context, context.trap_depth, context.trap_pc, visit);
}

}  // namespace wasmprof::runtime
