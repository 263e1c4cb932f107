// Entry into wasm execution.
#pragma once

#include "exec/context.hh"
#include "exec/instance.hh"

namespace wasmprof::exec {

// Calls `function` (wasm or host). `slots` holds the arguments on entry (one slot per scalar or
// reference, two per v128) and the results on a normal return; it must have room for
// max(parameter slots, result slots). On a trap, context.trap_pc, context.trap_depth and the
// call records up to that depth describe where it happened (until the next call); the depth
// and current_pc are restored either way, so a host function calling back into wasm keeps an
// accurate record of its own caller.
TrapKind invoke(ExecContext& context, const FunctionInstance& function, Slot* slots);

// Slots a function type's parameters or results take.
uint32_t slot_count(const std::vector<ValueType>& types);

}  // namespace wasmprof::exec
