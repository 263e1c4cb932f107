// Handlers for references, tables and the bulk memory instructions.
#include <algorithm>

#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec::handler_impl {


// [start, start + count) lies within a sequence of `size` elements (no overflow: 64-bit sums).
static inline bool in_bounds(uint64_t start, uint64_t count, uint64_t size) { return start + count <= size; }

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
  const TableInstance* table = context->instance->tables[pc[2].pair.a];
  const uint32_t index = read_slot<uint32_t>(fp, pc[1].pair.b);
  if (index >= table->elements.size()) return raise(pc, context, TrapKind::OutOfBoundsTableAccess);
  fp[pc[1].pair.a] = table->elements[index];
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_table_set) {
  TableInstance* table = context->instance->tables[pc[2].pair.a];
  const uint32_t index = read_slot<uint32_t>(fp, pc[1].pair.a);
  if (index >= table->elements.size()) return raise(pc, context, TrapKind::OutOfBoundsTableAccess);
  table->elements[index] = fp[pc[1].pair.b];
  WASMPROF_NEXT(3);
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
  TableInstance* table = context->instance->tables[pc[2].pair.b];
  const uint32_t start = read_slot<uint32_t>(fp, pc[1].pair.a);
  const Ref value = fp[pc[1].pair.b];
  const uint32_t count = read_slot<uint32_t>(fp, pc[2].pair.a);
  if (!in_bounds(start, count, table->elements.size())) return raise(pc, context, TrapKind::OutOfBoundsTableAccess);
  std::fill_n(table->elements.begin() + start, count, value);
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_table_copy) {
  TableInstance* destination = context->instance->tables[pc[3].pair.a];
  const TableInstance* source = context->instance->tables[pc[3].pair.b];
  const uint32_t to = read_slot<uint32_t>(fp, pc[1].pair.a);
  const uint32_t from = read_slot<uint32_t>(fp, pc[1].pair.b);
  const uint32_t count = read_slot<uint32_t>(fp, pc[2].pair.a);
  if (!in_bounds(to, count, destination->elements.size()) || !in_bounds(from, count, source->elements.size()))
    return raise(pc, context, TrapKind::OutOfBoundsTableAccess);
  // Overlapping ranges within one table copy as if through a temporary (memmove semantics).
  if (count) std::memmove(destination->elements.data() + to, source->elements.data() + from, count * sizeof(Ref));
  WASMPROF_NEXT(4);
}

WASMPROF_HANDLER(h_table_init) {
  ModuleInstance* instance = context->instance;
  TableInstance* table = instance->tables[pc[3].pair.b];
  const std::vector<Ref>& segment = instance->element_values[pc[3].pair.a];
  const uint32_t to = read_slot<uint32_t>(fp, pc[1].pair.a);
  const uint32_t from = read_slot<uint32_t>(fp, pc[1].pair.b);
  const uint32_t count = read_slot<uint32_t>(fp, pc[2].pair.a);
  if (!in_bounds(to, count, table->elements.size()) || !in_bounds(from, count, segment.size()))
    return raise(pc, context, TrapKind::OutOfBoundsTableAccess);
  std::copy_n(segment.begin() + from, count, table->elements.begin() + to);
  WASMPROF_NEXT(4);
}

WASMPROF_HANDLER(h_elem_drop) {
  ModuleInstance* instance = context->instance;
  instance->element_values[pc[1].pair.a].clear();
  instance->element_values[pc[1].pair.a].shrink_to_fit();
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
  const uint32_t to = read_slot<uint32_t>(fp, pc[1].pair.a);
  const uint8_t value = uint8_t(read_slot<uint32_t>(fp, pc[1].pair.b));
  const uint32_t count = read_slot<uint32_t>(fp, pc[2].pair.a);
  if (!in_bounds(to, count, memory_size)) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);
  if (count) std::memset(memory + to, value, count);
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_memory_copy) {
  const uint32_t to = read_slot<uint32_t>(fp, pc[1].pair.a);
  const uint32_t from = read_slot<uint32_t>(fp, pc[1].pair.b);
  const uint32_t count = read_slot<uint32_t>(fp, pc[2].pair.a);
  if (!in_bounds(to, count, memory_size) || !in_bounds(from, count, memory_size))
    return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);
  if (count) std::memmove(memory + to, memory + from, count);
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_memory_init) {
  ModuleInstance* instance = context->instance;
  const uint32_t segment_index = pc[2].pair.b;
  const uint32_t to = read_slot<uint32_t>(fp, pc[1].pair.a);
  const uint32_t from = read_slot<uint32_t>(fp, pc[1].pair.b);
  const uint32_t count = read_slot<uint32_t>(fp, pc[2].pair.a);
  const DecodedModule& module = *instance->module;
  const ByteRange range = instance->dropped_data[segment_index] ? ByteRange{} : module.data[segment_index].init;
  if (!in_bounds(to, count, memory_size) || !in_bounds(from, count, range.size))
    return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);
  if (count) std::memcpy(memory + to, module.bytes.data() + range.offset + from, count);
  WASMPROF_NEXT(3);
}

WASMPROF_HANDLER(h_data_drop) {
  context->instance->dropped_data[pc[1].pair.a] = true;
  WASMPROF_NEXT(2);
}

}  // namespace wasmprof::exec::handler_impl
