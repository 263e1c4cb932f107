// Reads instructions one at a time from a code sequence. Used by the validator, the
// constant-expression decoder and (later) the interpreter's translator, so the binary encoding
// of every instruction is described in exactly one place.
#pragma once

#include <vector>

#include "binary/instruction.hh"
#include "binary/reader.hh"

namespace wasmprof {

class InstructionReader {
 public:
  explicit InstructionReader(Reader& reader) : reader_(reader) {}

  // Decodes the next instruction and its immediates; throws on malformed encodings.
  // For br_table, the targets (default last) are in br_table_targets() until the next read.
  const Instruction& read();

  const std::vector<uint32_t>& br_table_targets() const { return br_table_targets_; }
  // Static facts about the instruction last read.
  const OpcodeInfo& info() const { return *info_; }
  bool at_end() const { return reader_.at_end(); }
  Reader& reader() { return reader_; }

 private:
  void read_immediates(const OpcodeInfo& info);
  BlockType read_block_type();
  void read_reserved_zero();

  Reader& reader_;
  Instruction instruction_;
  const OpcodeInfo* info_ = nullptr;
  std::vector<uint32_t> br_table_targets_;
};

// Decodes a value type byte; throws "malformed value type" style errors otherwise.
ValueType read_value_type(Reader& reader);
ValueType read_reference_type(Reader& reader);

}  // namespace wasmprof
