// Handlers for references, tables and the bulk memory instructions.
#include <algorithm>

#include "exec/bulk_ops.hh"
#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec::handler_impl {

// Traps at the instruction, or continues after its `words` words.
#define WASMPROF_TRAP_OR_NEXT(trap_expression, words)          \
  do {                                                         \
    const TrapKind trap = (trap_expression);                   \
    if (trap != TrapKind::None) return raise(pc, context, trap); \
    WASMPROF_NEXT(words);                                      \
  } while (0)

WASMPROF_HANDLER(h_ref_null) {
  fp[pc[1].pair.a] = kNullRef;
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_ref_is_null) {
  write_slot<uint32_t>(fp, pc[1].pair.a, fp[pc[1].pair.b] == kNullRef ? 1 : 0);
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_ref_func) {
  fp[pc[1].pair.a] = reinterpret_cast<Ref>(context->instance->functions[pc[1].pair.b]);
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_table_get) {
  Ref value = kNullRef;
  const TrapKind trap = bulk::table_get(*context->instance->tables[pc[2].pair.a], read_slot<uint32_t>(fp, pc[1].pair.b), value);
  if (trap != TrapKind::None) return raise(pc, context, trap);
  fp[pc[1].pair.a] = value;
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_table_set) {
  WASMPROF_TRAP_OR_NEXT(
      bulk::table_set(*context->instance->tables[pc[2].pair.a], read_slot<uint32_t>(fp, pc[1].pair.a), fp[pc[1].pair.b]), 3);
}

WASMPROF_HANDLER(h_table_size) {
  write_slot<uint32_t>(fp, pc[1].pair.a, context->instance->tables[pc[1].pair.b]->size());
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_table_grow) {
  TableInstance* table = context->instance->tables[pc[2].pair.b];
  const Ref init = fp[pc[1].pair.b];
  const uint32_t delta = read_slot<uint32_t>(fp, pc[2].pair.a);
  write_slot<uint32_t>(fp, pc[1].pair.a, table->grow(delta, init));
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_table_fill) {
  WASMPROF_TRAP_OR_NEXT(bulk::table_fill(*context->instance->tables[pc[2].pair.b], read_slot<uint32_t>(fp, pc[1].pair.a),
                                         fp[pc[1].pair.b], read_slot<uint32_t>(fp, pc[2].pair.a)),
                        3);
}

WASMPROF_HANDLER(h_table_copy) {
  WASMPROF_TRAP_OR_NEXT(bulk::table_copy(*context->instance->tables[pc[3].pair.a], *context->instance->tables[pc[3].pair.b],
                                         read_slot<uint32_t>(fp, pc[1].pair.a), read_slot<uint32_t>(fp, pc[1].pair.b),
                                         read_slot<uint32_t>(fp, pc[2].pair.a)),
                        4);
}

WASMPROF_HANDLER(h_table_init) {
  ModuleInstance* instance = context->instance;
  WASMPROF_TRAP_OR_NEXT(bulk::table_init(*instance, *instance->tables[pc[3].pair.b], pc[3].pair.a,
                                         read_slot<uint32_t>(fp, pc[1].pair.a), read_slot<uint32_t>(fp, pc[1].pair.b),
                                         read_slot<uint32_t>(fp, pc[2].pair.a)),
                        4);
}

WASMPROF_HANDLER(h_elem_drop) {
  bulk::elem_drop(*context->instance, pc[1].pair.a);
  WASMPROF_NEXT(2);
}

// See handlers.hh: the fused `T.load; T.store` of the same width.
template <class Bits>
static inline TrapKind memory_move(WASMPROF_HANDLER_ARGS, Bits& value, uint8_t*& to) {
  const uint8_t* from = effective_address(memory, memory_size, read_slot<uint32_t>(fp, pc[1].pair.b) + pc[3].pair.b,
                                          pc[2].pair.b, sizeof(Bits));
  if (!from) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);
  std::memcpy(&value, from, sizeof(Bits));
  to = effective_address(memory, memory_size, read_slot<uint32_t>(fp, pc[1].pair.a) + pc[3].pair.a, pc[2].pair.a,
                         sizeof(Bits));
  if (!to) return raise(pc + 2, context, TrapKind::OutOfBoundsMemoryAccess);
  return TrapKind::None;
}

#define WASMPROF_MEMORY_MOVE(name, Bits)                                                       \
  WASMPROF_HANDLER(h_##name) {                                                                 \
    Bits value;                                                                                \
    uint8_t* to;                                                                               \
    const TrapKind trap = memory_move<Bits>(pc, fp, context, memory, memory_size, value, to); \
    if (trap != TrapKind::None) [[unlikely]] return trap;                                      \
    std::memcpy(to, &value, sizeof(Bits));                                                     \
    WASMPROF_NEXT(4);                                                                          \
  }
WASMPROF_MEMORY_MOVE(memory_move8, uint8_t)
WASMPROF_MEMORY_MOVE(memory_move16, uint16_t)
WASMPROF_MEMORY_MOVE(memory_move32, uint32_t)
WASMPROF_MEMORY_MOVE(memory_move64, uint64_t)
#undef WASMPROF_MEMORY_MOVE

WASMPROF_HANDLER(h_memory_size) {
  write_slot<uint32_t>(fp, pc[1].pair.a, uint32_t(memory_size / kPageSize));
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_memory_grow) {
  const uint32_t delta = read_slot<uint32_t>(fp, pc[1].pair.b);
  write_slot<uint32_t>(fp, pc[1].pair.a, context->memory->grow(delta));
  reload_memory(context, memory, memory_size);
  WASMPROF_NEXT(2);
}

WASMPROF_HANDLER(h_memory_fill) {
  WASMPROF_TRAP_OR_NEXT(bulk::memory_fill(memory, memory_size, read_slot<uint32_t>(fp, pc[1].pair.a),
                                          uint8_t(read_slot<uint32_t>(fp, pc[1].pair.b)), read_slot<uint32_t>(fp, pc[2].pair.a)),
                        3);
}

WASMPROF_HANDLER(h_memory_copy) {
  WASMPROF_TRAP_OR_NEXT(bulk::memory_copy(memory, memory_size, read_slot<uint32_t>(fp, pc[1].pair.a),
                                          read_slot<uint32_t>(fp, pc[1].pair.b), read_slot<uint32_t>(fp, pc[2].pair.a)),
                        3);
}

WASMPROF_HANDLER(h_memory_init) {
  WASMPROF_TRAP_OR_NEXT(bulk::memory_init(*context->instance, memory, memory_size, pc[2].pair.b,
                                          read_slot<uint32_t>(fp, pc[1].pair.a), read_slot<uint32_t>(fp, pc[1].pair.b),
                                          read_slot<uint32_t>(fp, pc[2].pair.a)),
                        3);
}

WASMPROF_HANDLER(h_data_drop) {
  bulk::data_drop(*context->instance, pc[1].pair.a);
  WASMPROF_NEXT(2);
}

#undef WASMPROF_TRAP_OR_NEXT

}  // namespace wasmprof::exec::handler_impl
