// Reads instructions one at a time from a code sequence. Used by the validator, the
// constant-expression decoder and (later) the interpreter's translator, so the binary encoding
// of every instruction is described in exactly one place.
#pragma once

#include <vector>

#include "binary/instruction.hh"
#include "binary/reader.hh"

namespace wasmprof {

// A try_table's catch clause (3.0): catch, catch_ref, catch_all, catch_all_ref.
struct CatchClause {
  uint8_t kind = 0;  // 0 to 3, in that order
  uint32_t tag = 0;  // kinds 0 and 1
  uint32_t label = 0;
  bool operator==(const CatchClause&) const = default;
};

class InstructionReader {
 public:
  // Wasm2 reads what WebAssembly 2.0 encodes, and everything that validates or runs code reads so:
  // 3.0's instructions (opcodes3.def) are illegal opcodes, and its new immediates (memory indices,
  // u64 offsets, reference types with heap types) malformed, as in 2.0. Wasm3 reads them too,
  // for what only reads a module (the printer).
  enum class Mode : uint8_t { Wasm2, Wasm3 };
  explicit InstructionReader(Reader& reader, Mode mode = Mode::Wasm2) : reader_(reader), mode_(mode) {}

  // Decodes the next instruction and its immediates; throws on malformed encodings.
  // For br_table, the targets (default last) are in br_table_targets() until the next read.
  const Instruction& read();

  const std::vector<uint32_t>& br_table_targets() const { return br_table_targets_; }
  // try_table's catch clauses, until the next read.
  const std::vector<CatchClause>& catches() const { return catches_; }
  // Static facts about the instruction last read.
  const OpcodeInfo& info() const { return *info_; }
  bool at_end() const { return reader_.at_end(); }
  Reader& reader() { return reader_; }

 private:
  void read_immediates(const OpcodeInfo& info);
  BlockType read_block_type();
  void read_reserved_zero();
  void read_memory_index(uint32_t& index);
  void read_memarg(MemArg& memarg);
  void read_catches();
  bool wasm3() const { return mode_ == Mode::Wasm3; }

  Reader& reader_;
  Mode mode_;
  std::vector<CatchClause> catches_;
  Instruction instruction_;
  const OpcodeInfo* info_ = nullptr;
  std::vector<uint32_t> br_table_targets_;
};

// Decodes a value type byte; throws "malformed value type" style errors otherwise.
ValueType read_value_type(Reader& reader);
ValueType read_reference_type(Reader& reader);
// 3.0's: a value type (with `packed`, also a field's i8 or i16), a heap type as an s33, and a
// reference type; malformed encodings throw.
StorageType read_storage_type(Reader& reader, bool packed = false);
int64_t read_heap_type(Reader& reader);
StorageType read_reference_type3(Reader& reader);

}  // namespace wasmprof
