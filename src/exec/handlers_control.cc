// Handlers for control flow, calls, moves, variables and interruption.
#include <algorithm>
#include <array>

#include "exec/handler_support.hh"
#include "exec/handlers.hh"
#include "exec/module_code.hh"

namespace wasmprof::exec {

WASMPROF_HANDLER(serve_interrupt) {
  const TrapKind trap = context->serve_interrupt_request(pc);
  if (trap != TrapKind::None) return trap;
  reload_memory(context, memory, memory_size);
  [[clang::musttail]] return kHandlerTable[pc->u64](pc, fp, context, memory, memory_size);
}

namespace {

// Every entry the interrupt handler: where a pending request points the context's dispatch.
constexpr std::array<Handler, kHandlerCount> interrupt_table() {
  std::array<Handler, kHandlerCount> table{};
  for (Handler& entry : table) entry = serve_interrupt;
  return table;
}
constexpr std::array<Handler, kHandlerCount> kInterruptTable = interrupt_table();

}  // namespace

// The flag before the table and the limit, the table and the limit back before the flag is
// taken (sequentially consistent, these are rare): whichever order a request and a restore
// interleave in, either the server sees the flag or the table and the limit stay diverted, so a
// request is never lost (context.hh has the whole protocol).
void ExecContext::request_interrupt() {
  interrupt_pending.store(1, std::memory_order_seq_cst);
  dispatch_table.store(kInterruptTable.data(), std::memory_order_seq_cst);
  native_limit.store(kInterruptLimit, std::memory_order_seq_cst);
}

void ExecContext::restore_dispatch() { dispatch_table.store(kHandlerTable, std::memory_order_seq_cst); }

void ExecContext::restore_native_limit() {
  native_limit.store(host_stack_floor, std::memory_order_seq_cst);
  if (interrupt_pending.load(std::memory_order_seq_cst)) native_limit.store(kInterruptLimit, std::memory_order_seq_cst);
}

void ExecContext::set_host_stack_floor(uintptr_t floor) {
  host_stack_floor = floor;
  restore_native_limit();
}

TrapKind ExecContext::serve_interrupt_request(const Word* position) {
  restore_dispatch();
  native_limit.store(host_stack_floor, std::memory_order_seq_cst);
  if (!interrupt_pending.exchange(0, std::memory_order_seq_cst) || on_interrupt == nullptr) return TrapKind::None;
  current_pc = position;
  return on_interrupt(*this, interrupt_user_data);
}

// Out of line, so the checks stay small on the path that is taken every time.
[[gnu::noinline]] TrapKind ExecContext::epoch_deadline_reached(const Word* position) {
  current_pc = position;
  return on_epoch_deadline ? on_epoch_deadline(*this) : TrapKind::Interrupted;
}

}  // namespace wasmprof::exec

namespace wasmprof::exec::handler_impl {

WASMPROF_HANDLER(h_exit) { return TrapKind::None; }

WASMPROF_HANDLER(h_copy64) {
  fp[pc[1].pair.a] = fp[pc[1].pair.b];
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_copy64x2) {
  fp[pc[1].pair.a] = fp[pc[1].pair.b];
  fp[pc[2].pair.a] = fp[pc[2].pair.b];  // may read what the first copy wrote
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_copy128) {
  const Slot low = fp[pc[1].pair.b], high = fp[pc[1].pair.b + 1];
  fp[pc[1].pair.a] = low;
  fp[pc[1].pair.a + 1] = high;
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_const64) {
  fp[pc[1].pair.a] = pc[2].u64;
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_unreachable) { return raise(pc, context, TrapKind::Unreachable); }

// At a check point (`pc` is where execution stands, for the callback and backtraces).
#define WASMPROF_CHECK_EPOCH(at)                                                                   \
  do {                                                                                             \
    if (context->epoch->load(std::memory_order_relaxed) >= context->epoch_deadline) [[unlikely]] { \
      const TrapKind trap = context->epoch_deadline_reached(at);                                    \
      if (trap != TrapKind::None) return trap;                                                     \
      reload_memory(context, memory, memory_size);                                                 \
    }                                                                                              \
  } while (0)

WASMPROF_HANDLER(h_epoch_check) {
  WASMPROF_CHECK_EPOCH(pc);
  WASMPROF_NEXT(1);
}

WASMPROF_HANDLER(h_consume_fuel) {
  const uint64_t cost = pc[1].u64;
  // A block that cannot be paid for in full does not start: the fuel left stays as it was.
  if (context->fuel < cost) [[unlikely]] return raise(pc, context, TrapKind::OutOfFuel);
  context->fuel -= cost;
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_br) {
  pc = pc[1].target;
  WASMPROF_DISPATCH();
}

// A branch back to a loop header checks the epoch; the check stands at the branch.
WASMPROF_HANDLER(h_br_loop) {
  WASMPROF_CHECK_EPOCH(pc);
  pc = pc[1].target;
  WASMPROF_DISPATCH();
}

// A conditional branch [h][pair][target] and its _loop form, taken if `condition`.
#define WASMPROF_CONDITIONAL_BRANCH(name, condition) \
  WASMPROF_HANDLER(h_##name) {                       \
    if (condition) {                                 \
      pc = pc[2].target;                             \
      WASMPROF_DISPATCH();                           \
    }                                                \
    WASMPROF_NEXT(3);                                \
  }                                                  \
  WASMPROF_HANDLER(h_##name##_loop) {                \
    if (condition) {                                 \
      WASMPROF_CHECK_EPOCH(pc);                      \
      pc = pc[2].target;                             \
      WASMPROF_DISPATCH();                           \
    }                                                \
    WASMPROF_NEXT(3);                                \
  }

WASMPROF_CONDITIONAL_BRANCH(br_if, read_slot<uint32_t>(fp, pc[1].pair.a) != 0)

WASMPROF_CONDITIONAL_BRANCH(br_unless, read_slot<uint32_t>(fp, pc[1].pair.a) == 0)

WASMPROF_CONDITIONAL_BRANCH(br_if_i64_eqz, read_slot<uint64_t>(fp, pc[1].pair.a) == 0)

WASMPROF_CONDITIONAL_BRANCH(br_if_i64_nez, read_slot<uint64_t>(fp, pc[1].pair.a) != 0)

WASMPROF_CONDITIONAL_BRANCH(br_if_i32_any_bits, (read_slot<uint32_t>(fp, pc[1].pair.a) & pc[1].pair.b) != 0)

WASMPROF_CONDITIONAL_BRANCH(br_if_i32_no_bits, (read_slot<uint32_t>(fp, pc[1].pair.a) & pc[1].pair.b) == 0)

// pair.b packs the mask (low 16 bits) and the value compared with (high 16 bits).
WASMPROF_CONDITIONAL_BRANCH(br_if_i32_masked_eq, (read_slot<uint32_t>(fp, pc[1].pair.a) & (pc[1].pair.b & 0xFFFF)) == pc[1].pair.b >> 16)

// pair.b packs the mask (low 16 bits) and the value compared with (high 16 bits).
WASMPROF_CONDITIONAL_BRANCH(br_if_i32_masked_ne, (read_slot<uint32_t>(fp, pc[1].pair.a) & (pc[1].pair.b & 0xFFFF)) != pc[1].pair.b >> 16)

#define WASMPROF_FUSED_BRANCH(name, Type, op) \
  WASMPROF_CONDITIONAL_BRANCH(name, read_slot<Type>(fp, pc[1].pair.a) op read_slot<Type>(fp, pc[1].pair.b))
WASMPROF_FUSED_BRANCHES(WASMPROF_FUSED_BRANCH)
#undef WASMPROF_FUSED_BRANCH

#define WASMPROF_FUSED_BRANCH_IMM(name, Type, op) \
  WASMPROF_CONDITIONAL_BRANCH(name##_imm, read_slot<Type>(fp, pc[1].pair.a) op Type(int32_t(pc[1].pair.b)))
WASMPROF_FUSED_BRANCHES(WASMPROF_FUSED_BRANCH_IMM)
#undef WASMPROF_FUSED_BRANCH_IMM
#undef WASMPROF_CONDITIONAL_BRANCH

WASMPROF_HANDLER(h_br_table) {
  const uint32_t count = pc[1].pair.b;
  const uint32_t index = std::min(read_slot<uint32_t>(fp, pc[1].pair.a), count);
  pc = pc[2 + index].target;
  WASMPROF_DISPATCH();
}

// Zeroes a callee's declared locals. Usually a few slots, so a plain loop; the empty asm keeps
// clang from turning it into a call to memset, which costs more than the stores themselves.
static inline void clear_locals(Slot* begin, Slot* end) {
  for (Slot* slot = begin; slot < end; ++slot) {
    *slot = 0;
    asm("" : "+r"(slot));
  }
}

// Calls host function `callee` with its frame at `callee_fp`, then continues at `return_pc`.
#define WASMPROF_CALL_HOST(callee_expr, callee_fp_expr, return_pc_expr)                                     \
  do {                                                                                                      \
    const FunctionInstance* callee = (callee_expr);                                                         \
    Slot* const callee_fp = (callee_fp_expr);                                                               \
    context->current_pc = pc;                                                                               \
    context->stack_top = callee_fp + 2 * std::max(callee->type->params.size(), callee->type->results.size()); \
    const TrapKind trap = callee->host(*context, callee_fp, callee_fp);                                     \
    if (trap != TrapKind::None) return trap;                                                                \
    reload_memory(context, memory, memory_size);                                                            \
    pc = (return_pc_expr);                                                                                  \
    WASMPROF_DISPATCH();                                                                                    \
  } while (0)

// A call of a host function continues in one of these, reached by a tail call once the call
// handler has found its callee to be a host function: the C++ call then lives here, so the
// wasm-to-wasm path of the call handlers saves and restores no registers.
static WASMPROF_HANDLER(call_host_direct) {
  WASMPROF_CALL_HOST(context->instance->functions[pc[1].pair.a], fp + pc[1].pair.b, pc + 2);
}

static WASMPROF_HANDLER(call_host_indirect) {  // the checks of h_call_indirect have passed
  const TableInstance* table = context->instance->tables[pc[1].pair.b];
  const Ref element = table->elements[read_slot<uint32_t>(fp, pc[2].pair.b)];
  WASMPROF_CALL_HOST(reinterpret_cast<const FunctionInstance*>(element), fp + pc[2].pair.a, pc + 3);
}

// Enters `callee` with its frame at `callee_fp` (where the caller put the arguments); the
// caller continues at `return_pc`. A host callee is left to `host_handler`. A macro because
// the tail calls inside must come from a function with the handler signature.
#define WASMPROF_ENTER(callee_expr, callee_fp_expr, return_pc_expr, host_handler)                            \
  do {                                                                                                      \
    const FunctionInstance* callee = (callee_expr);                                                         \
    if (callee->is_host()) [[unlikely]]                                                                     \
      [[clang::musttail]] return host_handler(pc, fp, context, memory, memory_size);                        \
    Slot* const callee_fp = (callee_fp_expr);                                                               \
    const CompiledFunction* code = callee->code;                                                            \
    if (context->depth >= context->limits.max_call_depth || callee_fp + code->frame_slots > context->stack_end) \
      [[unlikely]] return raise(pc, context, TrapKind::CallStackExhausted);                                 \
    context->calls[context->depth++] = CallRecord{callee, code, callee_fp, (return_pc_expr), fp, context->instance}; \
    clear_locals(callee_fp + code->param_slots, callee_fp + code->local_slots);                            \
    if (callee->module != context->instance) [[unlikely]] {                                                 \
      context->instance = callee->module;                                                                   \
      context->memory = callee->module->memory0;                                                            \
      reload_memory(context, memory, memory_size);                                                          \
    }                                                                                                       \
    fp = callee_fp;                                                                                         \
    pc = code->code.data();                                                                                 \
    /* A callee compiled with epoch checks starts with one: done here rather than dispatched. */            \
    if (pc->u64 == uint64_t(HandlerId::epoch_check)) {                                                      \
      WASMPROF_CHECK_EPOCH(pc);                                                                             \
      pc += 1;                                                                                              \
    }                                                                                                       \
    WASMPROF_DISPATCH();                                                                                    \
  } while (0)

WASMPROF_HANDLER(h_call) {
  WASMPROF_ENTER(context->instance->functions[pc[1].pair.a], fp + pc[1].pair.b, pc + 2, call_host_direct);
}

WASMPROF_HANDLER(h_call_indirect) {
  const ModuleInstance* instance = context->instance;
  const TableInstance* table = instance->tables[pc[1].pair.b];
  const uint32_t index = read_slot<uint32_t>(fp, pc[2].pair.b);
  if (index >= table->elements.size()) [[unlikely]] return raise(pc, context, TrapKind::UndefinedElement);
  const Ref element = table->elements[index];
  if (element == kNullRef) [[unlikely]] return raise(pc, context, TrapKind::UninitializedElement);
  const auto* target = reinterpret_cast<const FunctionInstance*>(element);
  if (target->type_id != instance->type_ids[pc[1].pair.a]) [[unlikely]]
    return raise(pc, context, TrapKind::IndirectCallTypeMismatch);
  WASMPROF_ENTER(target, fp + pc[2].pair.a, pc + 3, call_host_indirect);
}

#define WASMPROF_RETURN()                                                                   \
  do {                                                                                     \
    const CallRecord& record = context->calls[--context->depth];                          \
    fp = record.caller_fp;                                                                 \
    pc = record.return_pc;                                                                 \
    /* Within one instance the cached memory and size are already current: every handler */ \
    /* that may grow memory reloads them, and they travel with the dispatch. */             \
    if (record.caller_instance != context->instance) [[unlikely]] {                        \
      context->instance = record.caller_instance;                                          \
      context->memory = record.caller_instance ? record.caller_instance->memory0 : nullptr; \
      reload_memory(context, memory, memory_size);                                         \
    }                                                                                      \
    WASMPROF_DISPATCH();                                                                   \
  } while (0)

WASMPROF_HANDLER(h_return_value64) {
  fp[0] = fp[pc[1].pair.a];
  WASMPROF_RETURN();
}

WASMPROF_HANDLER(h_return_) { WASMPROF_RETURN(); }

// A loop header of a tiered module's interpreted function: counts the iteration like an entry
// (module_code.hh), and once the function's machine code is ready, continues this activation
// there, at this loop (on-stack replacement: its locals are all in their slots, its operand
// stack empty), and returns from the function as native_enter does. The instance calls the
// machine code from its next entry on.
WASMPROF_HANDLER(h_loop_tier_up) {
  auto* counter = static_cast<HotCounter*>(const_cast<void*>(pc[1].pointer));
  if (const CompiledFunction* compiled = counter->count()) [[unlikely]] {
    if (context->host_stack_exhausted()) [[unlikely]] return raise(pc, context, TrapKind::CallStackExhausted);
    FunctionInstance* function = running_function(context);
    function->set_code(compiled);
    context->calls[context->depth - 1].code = compiled;  // the frame goes on in machine code
    const TrapKind trap = enter_native_segment(context, *function, function->native, fp, pc[2].pair.b);
    if (trap != TrapKind::None) return trap;
    reload_memory(context, memory, memory_size);
    WASMPROF_RETURN();
  }
  WASMPROF_NEXT(3);
}

// Runs a compiled function in the frame its call pushed (exec/native_code.hh), then returns from
// it as the interpreter's return does. Compiled code recurses on the host stack, so its depth
// there is checked too.
WASMPROF_HANDLER(h_native_enter) {
  if (context->host_stack_exhausted()) [[unlikely]] return raise(pc, context, TrapKind::CallStackExhausted);
  const TrapKind trap = enter_native_segment(context, *running_function(context), pc[1].native, fp, 0);
  if (trap != TrapKind::None) return trap;
  reload_memory(context, memory, memory_size);
  WASMPROF_RETURN();
}

WASMPROF_HANDLER(h_select64) {
  const bool first = read_slot<uint32_t>(fp, pc[2].pair.b) != 0;
  fp[pc[1].pair.a] = first ? fp[pc[1].pair.b] : fp[pc[2].pair.a];
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_select128) {
  const bool first = read_slot<uint32_t>(fp, pc[2].pair.b) != 0;
  const uint32_t source = first ? pc[1].pair.b : pc[2].pair.a;
  const Slot low = fp[source], high = fp[source + 1];
  fp[pc[1].pair.a] = low;
  fp[pc[1].pair.a + 1] = high;
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_global_get64) {
  std::memcpy(fp + pc[1].pair.a, context->instance->globals[pc[1].pair.b]->value.bytes, 8);
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_global_get128) {
  std::memcpy(fp + pc[1].pair.a, context->instance->globals[pc[1].pair.b]->value.bytes, 16);
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_global_set64) {
  std::memcpy(context->instance->globals[pc[1].pair.b]->value.bytes, fp + pc[1].pair.a, 8);
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_global_set128) {
  std::memcpy(context->instance->globals[pc[1].pair.b]->value.bytes, fp + pc[1].pair.a, 16);
  WASMPROF_NEXT(2);
}

}  // namespace wasmprof::exec::handler_impl
