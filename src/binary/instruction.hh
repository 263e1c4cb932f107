// One decoded instruction with its immediates.
#pragma once

#include <array>
#include <cstdint>

#include "binary/opcode.hh"
#include "binary/types.hh"

namespace wasmprof {

struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t offset = 0;      // 2.0's u32 offset
  uint64_t offset64 = 0;    // the same, or 3.0's u64 offset (memory64)
  uint32_t memory = 0;      // 3.0: the memory index (alignment flags' bit 6), 0 otherwise
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

  // Read in InstructionReader's Wasm3 mode only: ref.null's heap type and typed select's type
  // (as `type.code`/`type.heap`), ref.test/ref.cast's heap type, br_on_cast's two heap types and
  // its flags (bit 0: the first nullable, bit 1: the second); the memory instructions' memory
  // indices are `index` (memory.size/grow/fill; memory.copy's destination, `second_index` its
  // source) or `second_index` (memory.init).
  StorageType type;
  int64_t second_heap = 0;
  uint8_t flags = 0;
};

}  // namespace wasmprof
