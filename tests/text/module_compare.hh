// Comparing two decoded modules part by part, for the tools that check the text layer against
// another encoder (wat_suite: wast2json's) or against itself (print_suite: printed and read back):
// what the binary format lets one write two ways (LEB128 widths, segment flags, local groups) is
// left free, everything decoded must be equal.
#pragma once

#include <algorithm>
#include <vector>

#include "binary/module.hh"

namespace wasmprof::module_compare {

inline bool same_instruction(const Instruction& a, const Instruction& b) {
  return a.opcode == b.opcode && a.index == b.index && a.second_index == b.second_index &&
         a.value_type == b.value_type && a.bits == b.bits && a.bytes16 == b.bytes16 && a.lane == b.lane &&
         a.memarg.offset == b.memarg.offset && a.memarg.align_log2 == b.memarg.align_log2 &&
         a.block_type.kind == b.block_type.kind && a.block_type.value == b.block_type.value &&
         a.block_type.type_index == b.block_type.type_index;
}

inline bool same_expression(const ConstExpr& a, const ConstExpr& b) {
  return std::equal(a.instructions.begin(), a.instructions.end(), b.instructions.begin(), b.instructions.end(),
                    same_instruction);
}

inline bool same_limits(const Limits& a, const Limits& b) { return a.min == b.min && a.max == b.max; }

template <class T, class Same>
bool all_same(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
}

// A body's locals one by one: how they are grouped is the encoder's choice.
inline std::vector<ValueType> locals_of(const FunctionBody& body) {
  std::vector<ValueType> locals;
  for (const LocalGroup& group : body.locals) locals.insert(locals.end(), group.count, group.type);
  return locals;
}

inline bool same_bytes(const DecodedModule& a, ByteRange x, const DecodedModule& b, ByteRange y) {
  const auto first = a.span(x);
  const auto second = b.span(y);
  return std::equal(first.begin(), first.end(), second.begin(), second.end());
}

// Every section but the code, the data count and the custom sections, which the tools compare
// their own ways.
inline bool same_sections(const DecodedModule& a, const DecodedModule& b) {
  const bool imports = all_same(a.imports, b.imports, [](const Import& x, const Import& y) {
    return x.module == y.module && x.name == y.name && x.kind == y.kind && x.type_index == y.type_index &&
           x.table.element == y.table.element && same_limits(x.table.limits, y.table.limits) &&
           same_limits(x.memory.limits, y.memory.limits) && x.global.type == y.global.type &&
           x.global.is_mutable == y.global.is_mutable;
  });
  const bool tables = all_same(a.tables, b.tables, [](const TableType& x, const TableType& y) {
    return x.element == y.element && same_limits(x.limits, y.limits);
  });
  const bool memories = all_same(a.memories, b.memories,
                                 [](const MemoryType& x, const MemoryType& y) { return same_limits(x.limits, y.limits); });
  const bool globals = all_same(a.globals, b.globals, [](const GlobalDefinition& x, const GlobalDefinition& y) {
    return x.type.type == y.type.type && x.type.is_mutable == y.type.is_mutable && same_expression(x.init, y.init);
  });
  const bool exports = all_same(a.exports, b.exports, [](const Export& x, const Export& y) {
    return x.name == y.name && x.kind == y.kind && x.index == y.index;
  });
  const bool elements = all_same(a.elements, b.elements, [](const ElementSegment& x, const ElementSegment& y) {
    return x.mode == y.mode && x.table_index == y.table_index && x.element_type == y.element_type &&
           same_expression(x.offset, y.offset) && all_same(x.items, y.items, same_expression);
  });
  const bool data = all_same(a.data, b.data, [&](const DataSegment& x, const DataSegment& y) {
    return x.mode == y.mode && x.memory_index == y.memory_index && same_expression(x.offset, y.offset) &&
           same_bytes(a, x.init, b, y.init);
  });
  return a.types == b.types && a.function_types == b.function_types && a.start == b.start && imports && tables &&
         memories && globals && exports && elements && data;
}

}  // namespace wasmprof::module_compare
