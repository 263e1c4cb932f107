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

}  // namespace wasmprof::module_compare
