#include "exec/interpreter.hh"

#include <algorithm>

#include "exec/handlers.hh"
#include "exec/native_code.hh"
#include "exec/native_faults.hh"

namespace wasmprof::exec {
namespace {

// The return address of an entry frame: its only instruction ends the handler chain.
const Word kExitCode[1] = {Word{.u64 = uint64_t(HandlerId::exit)}};

}  // namespace

uint32_t slot_count(const std::vector<ValueType>& types) {
  uint32_t count = 0;
  for (ValueType type : types) count += slot_size(type);
  return count;
}

ExecContext::ExecContext(ExecLimits l)
    : limits(l),
      stack(std::make_unique_for_overwrite<Slot[]>(size_t(l.stack_slots) + kCalleeFrameSlack)),
      stack_end(stack.get() + l.stack_slots),
      calls(std::make_unique_for_overwrite<CallRecord[]>(l.max_call_depth)),
      entry_caller_pc(std::make_unique<const Word*[]>(l.max_call_depth)),
      stack_top(stack.get()) {}

TrapKind invoke(ExecContext& context, const FunctionInstance& function, Slot* slots) {
  const uint32_t param_slots = slot_count(function.type->params);
  const uint32_t result_slots = slot_count(function.type->results);
  if (function.is_host()) {
    const TrapKind trap = function.host(context, slots, slots);
    if (trap != TrapKind::None && trap != TrapKind::HostError) {
      context.trap_depth = context.depth;
      context.trap_pc = context.current_pc;
    }
    return trap;
  }

  const CompiledFunction& code = *function.code;
  Slot* const saved_top = context.stack_top;
  const uint32_t saved_depth = context.depth;
  ModuleInstance* const saved_instance = context.instance;
  MemoryInstance* const saved_memory = context.memory;
  const Word* const saved_pc = context.current_pc;

  Slot* fp = context.stack_top;
  context.set_host_stack_floor(host_stack_floor());
  const ThreadContextScope running(context);
  if (context.depth >= context.limits.max_call_depth || fp + code.frame_slots > context.stack_end) {
    context.trap_depth = context.depth;
    context.trap_pc = context.current_pc;
    return TrapKind::CallStackExhausted;
  }
  context.entry_caller_pc[context.depth] = saved_pc;
  std::copy_n(slots, param_slots, fp);
  std::fill(fp + code.param_slots, fp + code.local_slots, Slot{0});
  context.calls[context.depth++] = CallRecord{&function, &code, fp, kExitCode, nullptr, saved_instance};
  context.instance = function.module;
  context.memory = function.module->memory0;
  uint8_t* memory = context.memory ? context.memory->bytes.data() : nullptr;
  const uint64_t memory_size = context.memory ? context.memory->bytes.size() : 0;

  const Word* pc = code.code.data();
  const TrapKind trap = context.dispatch_table.load(std::memory_order_relaxed)[pc->u64](pc, fp, &context, memory, memory_size);

  if (trap == TrapKind::None) {
    std::copy_n(fp, result_slots, slots);
  } else {
    // A trap unwinds every frame it left behind; their records stay readable (see trap_depth).
    context.trap_depth = context.depth;
    context.trap_pc = context.current_pc;
  }
  // A capture not served by now names frames that are gone (exec/native_sampling.hh).
  context.native_capture.pending.store(false, std::memory_order_relaxed);
  context.depth = saved_depth;
  context.current_pc = saved_pc;
  context.stack_top = saved_top;
  context.instance = saved_instance;
  context.memory = saved_memory;
  return trap;
}

}  // namespace wasmprof::exec
