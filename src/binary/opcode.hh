// Opcodes and their static facts, generated from opcodes.def.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "binary/types.hh"

namespace wasmprof {

// Plain opcodes are their byte; prefixed ones are (prefix << 8) | sub-opcode.
enum class Opcode : uint16_t {
#define WASM_OP(code, ident, text, immediate, signature, align, lanes) ident = code,
#include "binary/opcodes.def"
#undef WASM_OP
};

enum class ImmediateKind : uint8_t {
  None,
  BlockType,
  Label,
  BrTable,
  Function,
  CallIndirect,  // type index, table index
  RefType,
  SelectTypes,
  Local,
  Global,
  Table,
  TableInit,  // element index, table index
  TableCopy,  // destination table, source table
  Element,
  Data,
  MemArg,
  MemArgLane,
  MemoryZero,  // a reserved 0x00 memory index byte
  MemoryInit,  // data index, then a reserved 0x00
  MemoryCopy,  // two reserved 0x00 bytes
  Lane,
  Shuffle,
  I32,
  I64,
  F32,
  F64,
  V128,
};

// The fixed typing of an instruction, when it has one: pops params (last on top), pushes results.
struct OpSignature {
  bool fixed = false;
  uint8_t param_count = 0;
  uint8_t result_count = 0;
  std::array<ValueType, 3> params{};
  ValueType result = ValueType::I32;
};

struct OpcodeInfo {
  std::string_view name;  // empty: not an opcode
  ImmediateKind immediate = ImmediateKind::None;
  OpSignature signature;
  uint8_t max_align_log2 = 0;
  uint8_t lane_count = 0;
};

// The structured-control and call instructions (spec 5.4.1), which both the validator and the
// translator handle apart from the rest.
constexpr bool is_control_instruction(Opcode opcode) {
  switch (opcode) {
    case Opcode::Unreachable:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
    case Opcode::Return:
    case Opcode::Call:
    case Opcode::CallIndirect:
      return true;
    default:
      return false;
  }
}

// Facts about an opcode, or nullptr when the value names no instruction.
const OpcodeInfo* opcode_info(Opcode opcode);
std::string_view opcode_name(Opcode opcode);

}  // namespace wasmprof
