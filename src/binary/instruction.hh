// One decoded instruction with its immediates.
#pragma once

#include <array>
#include <cstdint>

#include "binary/opcode.hh"
#include "binary/types.hh"

namespace wasmprof {

struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t offset = 0;
};

struct Instruction {
  Opcode opcode = Opcode::Nop;
  uint32_t offset = 0;  // of the opcode, from the start of the module

  // Immediates; which are meaningful depends on the opcode's ImmediateKind.
  uint32_t index = 0;         // label, function, type, local, global, table, element, data
  uint32_t second_index = 0;  // call_indirect's table, table.init/copy's table, table.copy's source
  BlockType block_type;
  ValueType value_type = ValueType::I32;  // ref.null's type, typed select's type
  MemArg memarg;
  uint8_t lane = 0;
  uint64_t bits = 0;                  // i32/i64 constant (sign-extended), f32/f64 bit pattern
  std::array<uint8_t, 16> bytes16{};  // v128.const bytes or i8x16.shuffle lanes
};

}  // namespace wasmprof
