#include "exec/native_code.hh"

#include <pthread.h>

#include <algorithm>
#include <cstddef>

#include "binary/opcode.hh"
#include "exec/bulk_ops.hh"
#include "exec/handler_support.hh"
#include "exec/handlers.hh"
#include "exec/interpreter.hh"
#include "exec/native_faults.hh"
#include "exec/native_records.hh"

namespace wasmprof::exec {
namespace {

void fill_view(ExecContext* context, NativeView* view) {
  MemoryInstance* memory = context->memory;
  view->no_memory_base = nullptr;
  view->no_memory_size = 0;
  view->memory_base_address = memory ? memory->bytes.data_address() : &view->no_memory_base;
  view->memory_size_address = memory ? memory->bytes.size_address() : &view->no_memory_size;
  view->globals = context->instance->globals.data();
  view->functions = context->instance->functions.data();
  view->instance = context->instance;
  view->epoch = context->epoch;
  view->epoch_deadline = &context->epoch_deadline;
  view->depth = &context->depth;
  view->helper_caller_frame = &context->helper_caller_frame;
  view->stack_end = context->stack_end;
  view->max_call_depth = context->limits.max_call_depth;
  view->tables = context->instance->tables.data();
  view->type_ids = context->instance->type_ids.data();
  view->fuel = &context->fuel;
}

// Enters `callee` from compiled code: the call record a wasm callee gets (as the interpreter's
// call pushes it; the caller's fp is not the interpreter's to resume, so the callee's own stands
// in: only its being non-null matters, marking a frame that a wasm call made), the switch of
// instance, and the way back. A trap leaves the records in place for the backtrace.
TrapKind enter(ExecContext* context, const FunctionInstance* callee, Slot* callee_fp, const Word* site) {
  if (callee->is_host()) {
    context->current_pc = site;
    // Its arguments may lie in the slack past the stack's end (kCalleeFrameSlack), as far as
    // its results may go.
    if (callee_fp + std::max(slot_count(callee->type->params), slot_count(callee->type->results)) > context->stack_end)
      [[unlikely]] return TrapKind::CallStackExhausted;
    context->stack_top = callee_fp + 2 * std::max(callee->type->params.size(), callee->type->results.size());
    return callee->host(*context, callee_fp, callee_fp);
  }
  const CompiledFunction& code = *callee->code;
  if (context->depth >= context->limits.max_call_depth || callee_fp + code.frame_slots > context->stack_end ||
      context->host_stack_exhausted()) [[unlikely]] {
    context->current_pc = site;
    return TrapKind::CallStackExhausted;
  }
  ModuleInstance* const caller_instance = context->instance;
  MemoryInstance* const caller_memory = context->memory;
  context->calls[context->depth++] = CallRecord{callee, &code, callee_fp, site + 1, callee_fp, caller_instance};
  if (callee->module != caller_instance) {
    context->instance = callee->module;
    context->memory = callee->module->memory0;
  }
  if (const NativeEntry entry = native_entry(code)) {
    const TrapKind trap = enter_native_segment(context, *callee, entry, callee_fp, 0);
    if (trap != TrapKind::None) return trap;
    --context->depth;
    context->instance = caller_instance;
    context->memory = caller_memory;
    return TrapKind::None;
  }
  // Interpreted (or a stub not translated yet): its return pops the record, restores the
  // instance and dispatches the `exit` at site + 1, which ends this dispatch.
  for (Slot* slot = callee_fp + code.param_slots; slot < callee_fp + code.local_slots; ++slot) *slot = 0;
  MemoryInstance* memory = context->memory;
  const Word* pc = code.code.data();
  return context->dispatch_table.load(std::memory_order_relaxed)[pc->u64](
      pc, callee_fp, context, memory ? memory->bytes.data() : nullptr, memory ? memory->bytes.size() : 0);
}

// The return address of the helper this is used in: its compiled caller's pc. (Helpers are
// called only by compiled code, through native_helpers(), and never inlined.)
#define WASMPROF_COMPILED_CALLER_PC() reinterpret_cast<uintptr_t>(__builtin_return_address(0))

[[gnu::noinline]] TrapKind call(ExecContext* context, uint32_t index, Slot* callee_fp, const Word* site) {
  write_native_records(*context, WASMPROF_COMPILED_CALLER_PC(), site);
  return enter(context, context->instance->functions[index], callee_fp, site);
}

// The checks of the interpreter's call_indirect, in its order.
[[gnu::noinline]] TrapKind call_indirect(ExecContext* context, uint32_t type_index, uint32_t table_index,
                                         uint32_t element, Slot* callee_fp, const Word* site) {
  write_native_records(*context, WASMPROF_COMPILED_CALLER_PC(), site);
  const ModuleInstance* instance = context->instance;
  const TableInstance* table = instance->tables[table_index];
  TrapKind trap = TrapKind::None;
  const FunctionInstance* target = nullptr;
  if (element >= table->elements.size()) {
    trap = TrapKind::UndefinedElement;
  } else if (table->elements[element] == kNullRef) {
    trap = TrapKind::UninitializedElement;
  } else {
    target = reinterpret_cast<const FunctionInstance*>(table->elements[element]);
    if (target->type_id != instance->type_ids[type_index]) trap = TrapKind::IndirectCallTypeMismatch;
  }
  if (trap != TrapKind::None) [[unlikely]] {
    context->current_pc = site;
    return trap;
  }
  return enter(context, target, callee_fp, site);
}

[[gnu::noinline]] TrapKind probe(ExecContext* context, const Word* site, Slot* fp, ProbeCallback callback,
                                 uint32_t probe_id, uint32_t point) {
  write_native_records(*context, WASMPROF_COMPILED_CALLER_PC(), site);
  return context->call_probe(site, fp, callback, probe_id, ProbePoint(point));
}

// What the interpreter's serve_interrupt and epoch checks, and its calls' host-stack check, do
// at a compiled check point, which the native limit (context.hh) or the deadline sent here.
// Serving a request, a trap and an epoch callback read the compiled frames' records: written first
// (a visit that finds none of them, a spurious one, writes none). Even a precise sample, whose
// compiled frames come from the capture its signal made, may read them: the profiler turns the
// ticks that fell in a host call into samples of the live stack (a sanitizer build read a record
// never written when this skipped them for a pending capture).
// No request pending: one served already left the limit at the maximum (a spurious visit), or
// the stack is down to its floor; either way the limit goes back to the floor (unless a request
// came meanwhile). A request is served first even when the stack is exhausted too (the floor's
// reserve is for such callbacks), so a sample is not lost to the trap.
// The frame compared with the floor is the compiled function's (helper_caller_frame, which it
// stored before this call), the very address its check compared with the limit, not this
// helper's (lower by this frame): so whether a function traps depends on its frame and the floor
// alone, not on whether a request (a sampler's tick) happened to send it here, where this
// frame's own address might fall below the floor when the function's did not.
[[gnu::noinline]] TrapKind check_point(ExecContext* context, const Word* site, bool epoch_checks) {
  const uintptr_t caller_pc = WASMPROF_COMPILED_CALLER_PC();
  bool written = false;
  auto write_records = [&] {
    if (!written) write_native_records(*context, caller_pc, site);
    written = true;
  };
  context->current_pc = site;
  if (context->interrupt_pending.load(std::memory_order_relaxed)) {
    write_records();
    const TrapKind trap = context->serve_interrupt_request(site);
    if (trap != TrapKind::None) {
      write_records();
      return trap;
    }
  } else {
    context->restore_native_limit();
  }
  if (context->helper_caller_frame < context->host_stack_floor) [[unlikely]] {
    write_records();
    context->current_pc = site;
    return TrapKind::CallStackExhausted;
  }
  if (epoch_checks && context->epoch->load(std::memory_order_relaxed) >= context->epoch_deadline) {
    write_records();
    return context->epoch_deadline_reached(site);
  }
  return TrapKind::None;
}

uint32_t memory_grow(ExecContext* context, uint32_t delta_pages) { return context->memory->grow(delta_pages); }

[[gnu::noinline]] TrapKind trap(ExecContext* context, const Word* site, TrapKind kind) {
  write_native_records(*context, WASMPROF_COMPILED_CALLER_PC(), site);
  context->current_pc = site;
  return kind;
}

[[gnu::noinline]] TrapKind instruction(ExecContext* context, const Word* site, uint32_t opcode, uint32_t index,
                                       uint32_t second_index, const uint64_t* operands, uint64_t* result) {
  ModuleInstance& instance = *context->instance;
  const MemoryInstance* memory = context->memory;
  uint8_t* const base = memory ? memory->bytes.data() : nullptr;
  const uint64_t size = memory ? memory->bytes.size() : 0;
  const auto u32 = [operands](int i) { return uint32_t(operands[i]); };
  TrapKind trap = TrapKind::None;
  switch (Opcode(opcode)) {
    case Opcode::RefFunc: *result = reinterpret_cast<Ref>(instance.functions[index]); break;
    case Opcode::TableGet: {
      Ref value = kNullRef;
      trap = bulk::table_get(*instance.tables[index], u32(0), value);
      *result = value;
      break;
    }
    case Opcode::TableSet: trap = bulk::table_set(*instance.tables[index], u32(0), operands[1]); break;
    case Opcode::TableSize: *result = instance.tables[index]->size(); break;
    case Opcode::TableGrow: *result = instance.tables[index]->grow(u32(1), operands[0]); break;
    case Opcode::TableFill: trap = bulk::table_fill(*instance.tables[index], u32(0), operands[1], u32(2)); break;
    case Opcode::TableCopy:
      trap = bulk::table_copy(*instance.tables[index], *instance.tables[second_index], u32(0), u32(1), u32(2));
      break;
    case Opcode::TableInit:
      trap = bulk::table_init(instance, *instance.tables[second_index], index, u32(0), u32(1), u32(2));
      break;
    case Opcode::ElemDrop: bulk::elem_drop(instance, index); break;
    case Opcode::MemoryFill: trap = bulk::memory_fill(base, size, u32(0), uint8_t(u32(1)), u32(2)); break;
    case Opcode::MemoryCopy: trap = bulk::memory_copy(base, size, u32(0), u32(1), u32(2)); break;
    case Opcode::MemoryInit: trap = bulk::memory_init(instance, base, size, index, u32(0), u32(1), u32(2)); break;
    case Opcode::DataDrop: bulk::data_drop(instance, index); break;
    default: trap = TrapKind::Unreachable; break;  // the compiler asks only for the instructions above
  }
  if (trap != TrapKind::None) {  // (no other case of these instructions reads records)
    write_native_records(*context, WASMPROF_COMPILED_CALLER_PC(), site);
    context->current_pc = site;
  }
  return trap;
}

#undef WASMPROF_COMPILED_CALLER_PC

// The stack of the calling thread, from pthread: a fact of the thread, computed once per thread.
uintptr_t compute_host_stack_floor() {
  pthread_attr_t attributes;
  void* low = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return 0;
  const bool known = pthread_attr_getstack(&attributes, &low, &size) == 0;
  pthread_attr_destroy(&attributes);
  if (!known) return 0;
  // Room for what runs below the last compiled frame: host functions (WASI), the profiler's
  // callbacks, a signal handler. A quarter of a small stack.
  const size_t reserve = std::min<size_t>(size / 4, 256 * 1024);
  return reinterpret_cast<uintptr_t>(low) + reserve;
}

}  // namespace

CompiledFunction make_native_function(uint32_t body_offset, std::span<const uint32_t> site_offsets,
                                      uint32_t param_slots, uint32_t result_slots) {
  CompiledFunction function;
  function.code.resize(native_layout::site_position(uint32_t(site_offsets.size())));
  function.code[0].u64 = uint64_t(HandlerId::native_enter);
  function.code[native_layout::kEntryWord].native = nullptr;
  function.offsets.reserve(site_offsets.size() + 1);
  function.offsets.push_back({0, body_offset});
  for (uint32_t site = 0; site < site_offsets.size(); ++site) {
    const uint32_t position = native_layout::site_position(site);
    function.code[position].u64 = uint64_t(HandlerId::unreachable);  // never dispatched
    function.code[position + 1].u64 = uint64_t(HandlerId::exit);
    function.offsets.push_back({position, site_offsets[site]});
  }
  function.param_slots = param_slots;
  function.local_slots = param_slots;
  function.result_slots = result_slots;
  function.frame_slots = std::max(param_slots, result_slots);
  return function;
}

size_t table_elements_offset() {
  TableInstance table;
  return size_t(reinterpret_cast<const char*>(&table.elements) - reinterpret_cast<const char*>(&table));
}

const FunctionInstanceOffsets& function_instance_offsets() {
  static const FunctionInstanceOffsets offsets = [] {
    FunctionInstance probe;
    auto offset = [&](const void* field) {
      return size_t(static_cast<const char*>(field) - reinterpret_cast<const char*>(&probe));
    };
    return FunctionInstanceOffsets{offset(&probe.native), offset(&probe.native_body), offset(&probe.code),
                                   offset(&probe.type_id), offset(&probe.module)};
  }();
  return offsets;
}

const NativeHelpers& native_helpers() {
  static constexpr NativeHelpers kHelpers{fill_view, call, call_indirect, check_point, memory_grow, trap, instruction, probe};
  return kHelpers;
}

// ExecContext is not standard-layout (its unique_ptrs), which makes offsetof conditionally
// supported; clang and GCC support it for a class without virtual bases, which ExecContext has.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
size_t native_limit_offset() { return offsetof(ExecContext, native_limit); }
#pragma GCC diagnostic pop

uintptr_t host_stack_floor() {
  thread_local const uintptr_t floor = compute_host_stack_floor();
  return floor;
}

std::span<const MachineFrame> MachineCodeMap::frames_at(uintptr_t pc) const {
  auto after = std::upper_bound(ranges.begin(), ranges.end(), pc,
                                [](uintptr_t value, const Range& range) { return value < range.start; });
  if (after == ranges.begin()) return {};
  const Range& range = *std::prev(after);
  return std::span<const MachineFrame>(frames).subspan(range.first_frame, range.frame_count);
}

}  // namespace wasmprof::exec
