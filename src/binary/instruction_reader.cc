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

namespace {

bool is_abstract_heap_byte(uint8_t byte) { return byte >= 0x69 && byte <= 0x74; }

}  // namespace

int64_t read_heap_type(Reader& reader) {
  const size_t at = reader.offset();
  const int64_t heap = reader.s33();
  if (heap < 0 && !(heap >= -0x40 && is_abstract_heap_byte(uint8_t(heap & 0x7F))))
    reader.fail_at(at, "malformed heap type");
  return heap;
}

StorageType read_storage_type(Reader& reader, bool packed) {
  const size_t at = reader.offset();
  const uint8_t byte = reader.u8();
  if ((byte >= 0x7B && byte <= 0x7F) || is_abstract_heap_byte(byte) || (packed && (byte == 0x78 || byte == 0x77)))
    return StorageType{byte, 0};
  if (byte == kRef || byte == kRefNull) return StorageType{byte, read_heap_type(reader)};
  reader.fail_at(at, "malformed value type");
}

StorageType read_reference_type3(Reader& reader) {
  const size_t at = reader.offset();
  const StorageType type = read_storage_type(reader);
  if (type.code >= 0x7B) reader.fail_at(at, "malformed reference type");
  return type;
}

const Instruction& InstructionReader::read() {
  instruction_.offset = uint32_t(reader_.offset());
  const uint8_t first = reader_.u8();
  uint32_t code = first;
  if (first == 0xFC || first == 0xFD || (first == 0xFB && wasm3())) {
    const uint32_t sub = reader_.u32();
    if (sub > (wasm3() ? 0xFFFFu : 0xFFu)) reader_.fail_at(instruction_.offset, "illegal opcode");
    code = (uint32_t(first) << 16) | sub;
  }
  instruction_.opcode = static_cast<Opcode>(code);
  const OpcodeInfo* info = opcode_info(instruction_.opcode);
  if (!info || (info->wasm3 && !wasm3())) {
    char text[32];
    if (code > 0xFF)
      std::snprintf(text, sizeof text, "0x%02x 0x%02x", code >> 16, code & 0xFFFF);
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
    if (wasm3()) {
      type.wide = read_storage_type(reader_);
      if (type.wide.code >= 0x7B || type.wide.code == 0x70 || type.wide.code == 0x6F) type.value = ValueType(type.wide.code);
    } else {
      type.value = read_value_type(reader_);
      type.wide = storage_type_of(type.value);
    }
    return type;
  }
  const int64_t index = reader_.s33();
  type.kind = BlockType::Kind::TypeIndex;
  type.type_index = uint32_t(index);  // non-negative: the s33 sign bit was clear
  return type;
}

// memarg: the alignment's log2, with 3.0's bit 6 saying a memory index follows it, then the offset
// (a u64 in 3.0, for 64-bit memories).
void InstructionReader::read_memarg(MemArg& memarg) {
  memarg.align_log2 = reader_.u32();
  memarg.memory = 0;
  if (!wasm3()) {
    memarg.offset = reader_.u32();
    memarg.offset64 = memarg.offset;
    return;
  }
  if (memarg.align_log2 & 0x40) {
    memarg.align_log2 &= ~0x40u;
    memarg.memory = reader_.u32();
  }
  memarg.offset64 = reader_.u64();
  memarg.offset = uint32_t(memarg.offset64);
}

void InstructionReader::read_reserved_zero() {
  const size_t at = reader_.offset();
  if (reader_.u8() != 0x00) reader_.fail_at(at, "zero byte expected");
}

// 2.0's reserved zero byte, which 3.0 (multiple memories) reads as a memory index.
void InstructionReader::read_memory_index(uint32_t& index) {
  if (wasm3())
    index = reader_.u32();
  else
    read_reserved_zero();
}

void InstructionReader::read_catches() {
  const uint32_t count = reader_.u32();
  if (count > reader_.remaining()) reader_.fail_unexpected_end();
  catches_.clear();
  catches_.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    CatchClause clause;
    const size_t at = reader_.offset();
    clause.kind = reader_.u8();
    if (clause.kind > 3) reader_.fail_at(at, "malformed catch clause");
    if (clause.kind < 2) clause.tag = reader_.u32();
    clause.label = reader_.u32();
    catches_.push_back(clause);
  }
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
      if (wasm3()) {
        in.type = StorageType{kRefNull, read_heap_type(reader_)};
        if (in.type.heap == -16 || in.type.heap == -17) in.value_type = ValueType(in.type.heap & 0x7F);
      } else {
        in.value_type = wasmprof::read_reference_type(reader_);
      }
      break;
    case ImmediateKind::SelectTypes: {
      const uint32_t count = reader_.u32();
      in.index = count;  // the validator requires exactly one
      if (count > reader_.remaining()) reader_.fail_unexpected_end();
      for (uint32_t i = 0; i < count; ++i) {
        if (wasm3())
          in.type = read_storage_type(reader_);
        else
          in.value_type = read_value_type(reader_);
      }
      break;
    }
    case ImmediateKind::TableInit:
    case ImmediateKind::TableCopy:
      in.index = reader_.u32();
      in.second_index = reader_.u32();
      break;
    case ImmediateKind::MemArg:
    case ImmediateKind::MemArgLane:
      read_memarg(in.memarg);
      if (info.immediate == ImmediateKind::MemArgLane) in.lane = reader_.u8();
      break;
    case ImmediateKind::MemoryZero:
      read_memory_index(in.index);
      break;
    case ImmediateKind::MemoryInit:
      in.index = reader_.u32();
      read_memory_index(in.second_index);
      break;
    case ImmediateKind::MemoryCopy:
      read_memory_index(in.index);
      read_memory_index(in.second_index);
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
    case ImmediateKind::Tag:
    case ImmediateKind::TypeIndex:
      in.index = reader_.u32();
      break;
    case ImmediateKind::TryTable:
      in.block_type = read_block_type();
      read_catches();
      break;
    case ImmediateKind::TypeField:
    case ImmediateKind::TypeCount:
    case ImmediateKind::TypeData:
    case ImmediateKind::TypeElement:
    case ImmediateKind::TypeType:
      in.index = reader_.u32();
      in.second_index = reader_.u32();
      break;
    case ImmediateKind::CastType:
    case ImmediateKind::CastTypeNull:
      in.type = StorageType{info.immediate == ImmediateKind::CastType ? kRef : kRefNull, read_heap_type(reader_)};
      break;
    case ImmediateKind::BrOnCast: {
      const size_t at = reader_.offset();
      in.flags = reader_.u8();
      if (in.flags > 3) reader_.fail_at(at, "malformed br_on_cast flags");
      in.index = reader_.u32();
      in.type = StorageType{(in.flags & 1) ? kRefNull : kRef, read_heap_type(reader_)};
      in.second_heap = read_heap_type(reader_);
      break;
    }
  }
}

}  // namespace wasmprof
