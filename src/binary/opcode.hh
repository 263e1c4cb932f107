// Opcodes and their static facts, generated from opcodes.def (2.0) and opcodes3.def (3.0).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "binary/feature.hh"
#include "binary/types.hh"

namespace wasmprof {

// Plain opcodes are their byte; prefixed ones are (prefix << 16) | sub-opcode.
enum class Opcode : uint32_t {
#define WASM_OP(code, ident, text, immediate, signature, align, lanes) ident = code,
#include "binary/opcodes.def"
#undef WASM_OP
#define WASM_OP3(prefix, code, ident, text, immediate, feature) ident = ((prefix) << 16) | (code),
#include "binary/opcodes3.def"
#undef WASM_OP3
};

// The prefix byte of a prefixed opcode (0xFB, 0xFC, 0xFD), 0 for a one-byte one, and the
// (sub-)opcode after it.
constexpr uint8_t opcode_prefix(Opcode opcode) { return uint8_t(uint32_t(opcode) >> 16); }
constexpr uint32_t opcode_code(Opcode opcode) { return uint32_t(opcode) & 0xFFFF; }

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
  // WebAssembly 3.0's (opcodes3.def), read only by an InstructionReader in Wasm3 mode.
  Tag,           // throw: a tag index
  TryTable,      // a block type, then catch clauses (Instruction::catches)
  TypeIndex,     // call_ref, struct.new, array.get, ...: a type index
  TypeField,     // struct.get: type, field
  TypeCount,     // array.new_fixed: type, count
  TypeData,      // array.new_data: type, data index
  TypeElement,   // array.new_elem: type, element index
  TypeType,      // array.copy: destination type, source type
  CastType,      // ref.test / ref.cast to (ref ht): a heap type
  CastTypeNull,  // the same to (ref null ht)
  BrOnCast,      // flags, label, two heap types
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
  bool wasm3 = false;             // listed in opcodes3.def: a 3.0 proposal's
  Feature feature = Feature::Gc;  // which one, when wasm3
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
