#include "binary/instruction_reader.hh"

#include <string>

namespace wasmprof {

ValueType read_value_type(Reader& reader) {
  const size_t at = reader.offset();
  const uint8_t byte = reader.u8();
  switch (byte) {
    case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x7B: case 0x70: case 0x6F:
      return static_cast<ValueType>(byte);
    default:
      reader.fail_at(at, "malformed value type: 0x" + [byte] {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", byte);
        return std::string(hex);
      }());
  }
}

ValueType read_reference_type(Reader& reader) {
  const size_t at = reader.offset();
  const uint8_t byte = reader.u8();
  if (byte == 0x70 || byte == 0x6F) return static_cast<ValueType>(byte);
  reader.fail_at(at, "malformed reference type");
}

const Instruction& InstructionReader::read() {
  instruction_.offset = uint32_t(reader_.offset());
  const uint8_t first = reader_.u8();
  uint16_t code = first;
  if (first == 0xFC || first == 0xFD) {
    const uint32_t sub = reader_.u32();
    if (sub > 0xFF) reader_.fail_at(instruction_.offset, "illegal opcode");
    code = uint16_t((first << 8) | sub);
  }
  instruction_.opcode = static_cast<Opcode>(code);
  const OpcodeInfo* info = opcode_info(instruction_.opcode);
  if (!info) {
    char text[32];
    if (code > 0xFF)
      std::snprintf(text, sizeof text, "0x%02x 0x%02x", code >> 8, code & 0xFF);
    else
      std::snprintf(text, sizeof text, "0x%02x", code);
    reader_.fail_at(instruction_.offset, std::string("illegal opcode ") + text);
  }
  info_ = info;
  read_immediates(*info);
  return instruction_;
}

BlockType InstructionReader::read_block_type() {
  BlockType type;
  const uint8_t first = reader_.peek_u8();
  if (first == 0x40) {
    reader_.u8();
    type.kind = BlockType::Kind::Empty;
    return type;
  }
  if (first & 0x40) {  // a negative s33: a value type byte
    type.kind = BlockType::Kind::Value;
    type.value = read_value_type(reader_);
    return type;
  }
  const int64_t index = reader_.s33();
  type.kind = BlockType::Kind::TypeIndex;
  type.type_index = uint32_t(index);  // non-negative: the s33 sign bit was clear
  return type;
}

void InstructionReader::read_reserved_zero() {
  const size_t at = reader_.offset();
  if (reader_.u8() != 0x00) reader_.fail_at(at, "zero byte expected");
}

void InstructionReader::read_immediates(const OpcodeInfo& info) {
  Instruction& in = instruction_;
  switch (info.immediate) {
    case ImmediateKind::None:
      break;
    case ImmediateKind::BlockType:
      in.block_type = read_block_type();
      break;
    case ImmediateKind::Label:
    case ImmediateKind::Function:
    case ImmediateKind::Local:
    case ImmediateKind::Global:
    case ImmediateKind::Table:
    case ImmediateKind::Element:
    case ImmediateKind::Data:
      in.index = reader_.u32();
      break;
    case ImmediateKind::BrTable: {
      const uint32_t count = reader_.u32();
      // Each target takes at least one byte, so a count beyond the remaining bytes is malformed;
      // checking first keeps a hostile count from allocating.
      if (count > reader_.remaining()) reader_.fail_unexpected_end();
      br_table_targets_.clear();
      br_table_targets_.reserve(count + 1);
      for (uint32_t i = 0; i <= count; ++i) br_table_targets_.push_back(reader_.u32());
      in.index = count;
      break;
    }
    case ImmediateKind::CallIndirect:
      in.index = reader_.u32();
      in.second_index = reader_.u32();
      break;
    case ImmediateKind::RefType:
      in.value_type = wasmprof::read_reference_type(reader_);
      break;
    case ImmediateKind::SelectTypes: {
      const uint32_t count = reader_.u32();
      in.index = count;  // the validator requires exactly one
      if (count > reader_.remaining()) reader_.fail_unexpected_end();
      for (uint32_t i = 0; i < count; ++i) in.value_type = read_value_type(reader_);
      break;
    }
    case ImmediateKind::TableInit:
    case ImmediateKind::TableCopy:
      in.index = reader_.u32();
      in.second_index = reader_.u32();
      break;
    case ImmediateKind::MemArg:
      in.memarg.align_log2 = reader_.u32();
      in.memarg.offset = reader_.u32();
      break;
    case ImmediateKind::MemArgLane:
      in.memarg.align_log2 = reader_.u32();
      in.memarg.offset = reader_.u32();
      in.lane = reader_.u8();
      break;
    case ImmediateKind::MemoryZero:
      read_reserved_zero();
      break;
    case ImmediateKind::MemoryInit:
      in.index = reader_.u32();
      read_reserved_zero();
      break;
    case ImmediateKind::MemoryCopy:
      read_reserved_zero();
      read_reserved_zero();
      break;
    case ImmediateKind::Lane:
      in.lane = reader_.u8();
      break;
    case ImmediateKind::Shuffle:
    case ImmediateKind::V128: {
      auto raw = reader_.bytes(16);
      std::copy(raw.begin(), raw.end(), in.bytes16.begin());
      break;
    }
    case ImmediateKind::I32:
      in.bits = uint64_t(int64_t(reader_.s32()));
      break;
    case ImmediateKind::I64:
      in.bits = uint64_t(reader_.s64());
      break;
    case ImmediateKind::F32:
      in.bits = reader_.fixed_u32();
      break;
    case ImmediateKind::F64:
      in.bits = reader_.fixed_u64();
      break;
  }
}

}  // namespace wasmprof
