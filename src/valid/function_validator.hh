// Validates function bodies with the operand/control stack algorithm of the spec's appendix
// (A.3), reading instructions straight from the bytes in one pass.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/instruction_reader.hh"
#include "valid/context.hh"

namespace wasmprof {

class FunctionValidator {
 public:
  explicit FunctionValidator(const ValidationContext& context) : context_(context) {}

  // Throws WasmError (invalid, or malformed for bad encodings) on the first broken rule.
  // Scratch storage is reused between calls, so validating many functions allocates rarely.
  void validate(uint32_t function_index, const FunctionBody& body);

 private:
  struct ControlFrame {
    Opcode opcode;
    const ValueType* params;
    const ValueType* results;
    uint32_t param_count;
    uint32_t result_count;
    uint32_t height;  // operand stack height at entry, after the parameters were popped
    bool unreachable;
  };

  void validate_instruction(const Instruction& in, const OpcodeInfo& info, InstructionReader& reader);
  void validate_fixed(const Instruction& in, const OpcodeInfo& info);
  void validate_control(const Instruction& in, InstructionReader& reader);
  void validate_other(const Instruction& in);

  // The operand stack (spec A.3): kUnknown stands for the bottom type of unreachable code.
  void push(ValueType type) { operands_.push_back(type); }
  ValueType pop();
  ValueType pop(ValueType expected);
  void pop_values(const ValueType* types, uint32_t count);
  void push_values(const ValueType* types, uint32_t count);
  void push_frame(Opcode opcode, const BlockType& type);
  ControlFrame pop_frame();
  void mark_unreachable();

  const ControlFrame& label(uint32_t depth);
  static uint32_t label_arity(const ControlFrame& frame) {
    return frame.opcode == Opcode::Loop ? frame.param_count : frame.result_count;
  }
  static const ValueType* label_types(const ControlFrame& frame) {
    return frame.opcode == Opcode::Loop ? frame.params : frame.results;
  }

  ValueType local_type(uint32_t index);
  void require_memory(uint32_t index);
  void require_table(uint32_t index);
  void check_memarg(const Instruction& in, const OpcodeInfo& info);
  void check_lane(const Instruction& in, const OpcodeInfo& info);
  void check_data(uint32_t index);
  void check_element(uint32_t index);

  [[noreturn]] void fail(std::string message) const;
  [[noreturn]] void type_mismatch(ValueType expected, ValueType found) const;

  const ValidationContext& context_;
  uint32_t function_index_ = 0;
  uint32_t offset_ = 0;  // of the instruction being validated
  std::vector<ValueType> locals_;
  std::vector<ValueType> operands_;
  std::vector<ControlFrame> frames_;
  std::vector<ValueType> scratch_;
};

}  // namespace wasmprof
