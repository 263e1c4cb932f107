// The semantics of the reference, table and bulk memory instructions (spec 4.4.6, 4.4.7), in
// one place for both tiers: the interpreter's handlers (handlers_memory.cc) and the compiled
// tier's helper (native_code.cc) call these. Each checks its bounds before it changes anything
// and returns the trap, or TrapKind::None.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "exec/instance.hh"

namespace wasmprof::exec::bulk {

// [start, start + count) lies within a sequence of `size` elements (no overflow: 64-bit sums).
inline bool in_bounds(uint64_t start, uint64_t count, uint64_t size) { return start + count <= size; }

inline TrapKind memory_fill(uint8_t* memory, uint64_t memory_size, uint32_t to, uint8_t value, uint32_t count) {
  if (!in_bounds(to, count, memory_size)) return TrapKind::OutOfBoundsMemoryAccess;
  if (count) std::memset(memory + to, value, count);
  return TrapKind::None;
}

inline TrapKind memory_copy(uint8_t* memory, uint64_t memory_size, uint32_t to, uint32_t from, uint32_t count) {
  if (!in_bounds(to, count, memory_size) || !in_bounds(from, count, memory_size))
    return TrapKind::OutOfBoundsMemoryAccess;
  if (count) std::memmove(memory + to, memory + from, count);
  return TrapKind::None;
}

inline TrapKind memory_init(const ModuleInstance& instance, uint8_t* memory, uint64_t memory_size, uint32_t segment,
                            uint32_t to, uint32_t from, uint32_t count) {
  const DecodedModule& module = *instance.module;
  const ByteRange range = instance.dropped_data[segment] ? ByteRange{} : module.data[segment].init;
  if (!in_bounds(to, count, memory_size) || !in_bounds(from, count, range.size))
    return TrapKind::OutOfBoundsMemoryAccess;
  if (count) std::memcpy(memory + to, module.bytes.data() + range.offset + from, count);
  return TrapKind::None;
}

inline void data_drop(ModuleInstance& instance, uint32_t segment) { instance.dropped_data[segment] = true; }

inline TrapKind table_get(const TableInstance& table, uint32_t index, Ref& value) {
  if (index >= table.elements.size()) return TrapKind::OutOfBoundsTableAccess;
  value = table.elements[index];
  return TrapKind::None;
}

inline TrapKind table_set(TableInstance& table, uint32_t index, Ref value) {
  if (index >= table.elements.size()) return TrapKind::OutOfBoundsTableAccess;
  table.elements[index] = value;
  return TrapKind::None;
}

inline TrapKind table_fill(TableInstance& table, uint32_t start, Ref value, uint32_t count) {
  if (!in_bounds(start, count, table.elements.size())) return TrapKind::OutOfBoundsTableAccess;
  std::fill_n(table.elements.begin() + start, count, value);
  return TrapKind::None;
}

// Overlapping ranges within one table copy as if through a temporary (memmove semantics).
inline TrapKind table_copy(TableInstance& destination, const TableInstance& source, uint32_t to, uint32_t from,
                           uint32_t count) {
  if (!in_bounds(to, count, destination.elements.size()) || !in_bounds(from, count, source.elements.size()))
    return TrapKind::OutOfBoundsTableAccess;
  if (count) std::memmove(destination.elements.data() + to, source.elements.data() + from, count * sizeof(Ref));
  return TrapKind::None;
}

inline TrapKind table_init(const ModuleInstance& instance, TableInstance& table, uint32_t segment, uint32_t to,
                           uint32_t from, uint32_t count) {
  const std::vector<Ref>& values = instance.element_values[segment];
  if (!in_bounds(to, count, table.elements.size()) || !in_bounds(from, count, values.size()))
    return TrapKind::OutOfBoundsTableAccess;
  std::copy_n(values.begin() + from, count, table.elements.begin() + to);
  return TrapKind::None;
}

inline void elem_drop(ModuleInstance& instance, uint32_t segment) {
  instance.element_values[segment].clear();
  instance.element_values[segment].shrink_to_fit();
}

}  // namespace wasmprof::exec::bulk
