#include "valid/function_validator.hh"

#include <algorithm>
#include <string>

namespace wasmprof {
namespace {

// The bottom type: what pops off the stack of unreachable code and matches anything.
constexpr ValueType kUnknown = static_cast<ValueType>(0);

// Storage that single-result block types can point into.
constexpr ValueType kSingleTypes[] = {ValueType::I32,  ValueType::I64,     ValueType::F32,      ValueType::F64,
                                      ValueType::V128, ValueType::FuncRef, ValueType::ExternRef};

const ValueType* single_type(ValueType type) {
  for (const ValueType& candidate : kSingleTypes)
    if (candidate == type) return &candidate;
  return nullptr;
}

std::string type_name(ValueType type) { return type == kUnknown ? "<any>" : std::string(to_string(type)); }

// Beyond this many locals a function is refused as an implementation limit (the same bound as
// the major engines), so a few bytes of declarations cannot demand gigabytes.
constexpr uint64_t kMaxLocals = 50000;

}  // namespace

void FunctionValidator::fail(std::string message) const {
  Error error;
  error.kind = ErrorKind::Invalid;
  error.message = std::move(message);
  error.offset = offset_;
  error.section = "code";
  error.function_index = function_index_;
  throw WasmError(std::move(error));
}

void FunctionValidator::type_mismatch(ValueType expected, ValueType found) const {
  fail("type mismatch: expected " + type_name(expected) + ", found " + type_name(found));
}

ValueType FunctionValidator::pop() {
  const ControlFrame& frame = frames_.back();
  if (operands_.size() == frame.height) {
    if (frame.unreachable) return kUnknown;
    fail("type mismatch: operand stack is empty (" + std::string(opcode_name(frame.opcode)) + " block)");
  }
  const ValueType type = operands_.back();
  operands_.pop_back();
  return type;
}

ValueType FunctionValidator::pop(ValueType expected) {
  const ControlFrame& frame = frames_.back();
  if (operands_.size() == frame.height) {
    if (frame.unreachable) return kUnknown;
    fail("type mismatch: expected " + type_name(expected) + " but nothing is on the stack");
  }
  const ValueType actual = operands_.back();
  operands_.pop_back();
  if (actual != expected && actual != kUnknown && expected != kUnknown) type_mismatch(expected, actual);
  return actual;  // stays unknown when it was: br_table re-pushes what it popped (spec A.3)
}

void FunctionValidator::pop_values(const ValueType* types, uint32_t count) {
  for (uint32_t i = count; i-- > 0;) pop(types[i]);
}

void FunctionValidator::push_values(const ValueType* types, uint32_t count) {
  operands_.insert(operands_.end(), types, types + count);
}

void FunctionValidator::push_frame(Opcode opcode, const BlockType& type) {
  ControlFrame frame{opcode, nullptr, nullptr, 0, 0, 0, false};
  switch (type.kind) {
    case BlockType::Kind::Empty:
      break;
    case BlockType::Kind::Value:
      frame.results = single_type(type.value);
      frame.result_count = 1;
      break;
    case BlockType::Kind::TypeIndex: {
      if (type.type_index >= context_.module.types.size())
        fail("unknown type " + std::to_string(type.type_index));
      const FuncType& function_type = context_.module.types[type.type_index];
      frame.params = function_type.params.data();
      frame.param_count = uint32_t(function_type.params.size());
      frame.results = function_type.results.data();
      frame.result_count = uint32_t(function_type.results.size());
      break;
    }
  }
  pop_values(frame.params, frame.param_count);
  frame.height = uint32_t(operands_.size());
  frames_.push_back(frame);
  push_values(frame.params, frame.param_count);
}

FunctionValidator::ControlFrame FunctionValidator::pop_frame() {
  const ControlFrame frame = frames_.back();
  pop_values(frame.results, frame.result_count);
  if (operands_.size() != frame.height)
    fail("type mismatch: " + std::to_string(operands_.size() - frame.height) + " value(s) left on the stack at end of " +
         std::string(opcode_name(frame.opcode)));
  frames_.pop_back();
  return frame;
}

void FunctionValidator::mark_unreachable() {
  ControlFrame& frame = frames_.back();
  operands_.resize(frame.height);
  frame.unreachable = true;
}

const FunctionValidator::ControlFrame& FunctionValidator::label(uint32_t depth) {
  if (depth >= frames_.size()) fail("unknown label " + std::to_string(depth));
  return frames_[frames_.size() - 1 - depth];
}

ValueType FunctionValidator::local_type(uint32_t index) {
  if (index >= locals_.size()) fail("unknown local " + std::to_string(index));
  return locals_[index];
}

void FunctionValidator::require_memory(uint32_t index) {
  if (index >= context_.memories.size()) fail("unknown memory " + std::to_string(index));
}

void FunctionValidator::require_table(uint32_t index) {
  if (index >= context_.tables.size()) fail("unknown table " + std::to_string(index));
}

void FunctionValidator::check_memarg(const Instruction& in, const OpcodeInfo& info) {
  require_memory(0);
  if (in.memarg.align_log2 > info.max_align_log2) fail("alignment must not be larger than natural");
}

void FunctionValidator::check_lane(const Instruction& in, const OpcodeInfo& info) {
  if (in.lane >= info.lane_count) fail("invalid lane index " + std::to_string(in.lane));
}

void FunctionValidator::check_data(uint32_t index) {
  if (!context_.module.data_count) fail("data count section required");
  if (index >= *context_.module.data_count) fail("unknown data segment " + std::to_string(index));
}

void FunctionValidator::check_element(uint32_t index) {
  if (index >= context_.module.elements.size()) fail("unknown elem segment " + std::to_string(index));
}

void FunctionValidator::validate(uint32_t function_index, const FunctionBody& body) {
  function_index_ = function_index;
  offset_ = body.code.offset;
  const FuncType& type = context_.function_type(function_index);
  if (body.local_count + type.params.size() > kMaxLocals) {
    Error error;
    error.kind = ErrorKind::Limit;
    error.message = "too many locals: " + std::to_string(body.local_count + type.params.size()) + " (at most " +
                    std::to_string(kMaxLocals) + ")";
    error.offset = body.entry.offset;
    error.section = "code";
    error.function_index = function_index;
    throw WasmError(std::move(error));
  }
  locals_.assign(type.params.begin(), type.params.end());
  for (const LocalGroup& group : body.locals) locals_.insert(locals_.end(), group.count, group.type);

  operands_.clear();
  frames_.clear();
  frames_.push_back(ControlFrame{Opcode::Block, nullptr, type.results.data(), 0, uint32_t(type.results.size()), 0, false});

  Reader bytes(context_.module.span(body.code), body.code.offset);
  bytes.set_end_message("unexpected end of section or function: END opcode expected");
  InstructionReader reader(bytes);
  while (!frames_.empty()) {
    const Instruction& in = reader.read();
    offset_ = in.offset;
    validate_instruction(in, reader.info(), reader);
  }
  if (!reader.at_end()) bytes.fail("section size mismatch: operators after the function's final end");
}

void FunctionValidator::validate_instruction(const Instruction& in, const OpcodeInfo& info, InstructionReader& reader) {
  if (info.signature.fixed) return validate_fixed(in, info);
  if (is_control_instruction(in.opcode)) return validate_control(in, reader);
  validate_other(in);
}

void FunctionValidator::validate_fixed(const Instruction& in, const OpcodeInfo& info) {
  switch (info.immediate) {
    case ImmediateKind::MemArg: check_memarg(in, info); break;
    case ImmediateKind::MemArgLane:
      check_memarg(in, info);
      check_lane(in, info);
      break;
    case ImmediateKind::MemoryZero:
    case ImmediateKind::MemoryCopy: require_memory(0); break;
    case ImmediateKind::MemoryInit:
      require_memory(0);
      check_data(in.index);
      break;
    case ImmediateKind::Data: check_data(in.index); break;
    case ImmediateKind::Lane: check_lane(in, info); break;
    case ImmediateKind::Shuffle:
      for (uint8_t lane : in.bytes16)
        if (lane >= info.lane_count) fail("invalid lane index " + std::to_string(lane));
      break;
    default: break;
  }
  const OpSignature& signature = info.signature;
  for (uint32_t i = signature.param_count; i-- > 0;) pop(signature.params[i]);
  if (signature.result_count) push(signature.result);
}

void FunctionValidator::validate_control(const Instruction& in, InstructionReader& reader) {
  switch (in.opcode) {
    case Opcode::Unreachable:
      mark_unreachable();
      break;
    case Opcode::Block:
    case Opcode::Loop:
      push_frame(in.opcode, in.block_type);
      break;
    case Opcode::If:
      pop(ValueType::I32);
      push_frame(in.opcode, in.block_type);
      break;
    case Opcode::Else: {
      if (frames_.back().opcode != Opcode::If) fail("else without matching if");
      const ControlFrame frame = pop_frame();
      frames_.push_back(ControlFrame{Opcode::Else, frame.params, frame.results, frame.param_count, frame.result_count,
                                     uint32_t(operands_.size()), false});
      push_values(frame.params, frame.param_count);
      break;
    }
    case Opcode::End: {
      const ControlFrame& top = frames_.back();
      // An `if` without `else` behaves as if the else branch passed its parameters through.
      if (top.opcode == Opcode::If &&
          !std::equal(top.params, top.params + top.param_count, top.results, top.results + top.result_count))
        fail("type mismatch: if without else must have matching parameter and result types");
      const ControlFrame frame = pop_frame();
      push_values(frame.results, frame.result_count);
      break;
    }
    case Opcode::Br: {
      const ControlFrame& target = label(in.index);
      pop_values(label_types(target), label_arity(target));
      mark_unreachable();
      break;
    }
    case Opcode::BrIf: {
      pop(ValueType::I32);
      const ControlFrame& target = label(in.index);
      pop_values(label_types(target), label_arity(target));
      push_values(label_types(target), label_arity(target));
      break;
    }
    case Opcode::BrTable: {
      pop(ValueType::I32);
      const auto& targets = reader.br_table_targets();
      const ControlFrame& default_target = label(targets.back());
      const uint32_t arity = label_arity(default_target);
      for (size_t i = 0; i + 1 < targets.size(); ++i) {
        const ControlFrame& target = label(targets[i]);
        if (label_arity(target) != arity) fail("type mismatch: br_table targets have different arities");
        // Pop against this label's types and push back what was found (spec A.3), so that
        // unknown operands stay unknown for the next label.
        const ValueType* types = label_types(target);
        scratch_.resize(arity);
        for (uint32_t k = arity; k-- > 0;) scratch_[k] = pop(types[k]);
        push_values(scratch_.data(), arity);
      }
      pop_values(label_types(default_target), arity);
      mark_unreachable();
      break;
    }
    case Opcode::Return: {
      const ControlFrame& function_frame = frames_.front();
      pop_values(function_frame.results, function_frame.result_count);
      mark_unreachable();
      break;
    }
    case Opcode::Call: {
      if (in.index >= context_.function_type_indices.size()) fail("unknown function " + std::to_string(in.index));
      const FuncType& callee = context_.function_type(in.index);
      pop_values(callee.params.data(), uint32_t(callee.params.size()));
      push_values(callee.results.data(), uint32_t(callee.results.size()));
      break;
    }
    case Opcode::CallIndirect: {
      require_table(in.second_index);
      if (context_.tables[in.second_index].element != ValueType::FuncRef)
        fail("type mismatch: call_indirect needs a funcref table");
      if (in.index >= context_.module.types.size()) fail("unknown type " + std::to_string(in.index));
      pop(ValueType::I32);
      const FuncType& callee = context_.module.types[in.index];
      pop_values(callee.params.data(), uint32_t(callee.params.size()));
      push_values(callee.results.data(), uint32_t(callee.results.size()));
      break;
    }
    default:
      break;
  }
}

void FunctionValidator::validate_other(const Instruction& in) {
  switch (in.opcode) {
    case Opcode::Nop:
      break;
    case Opcode::RefNull:
      push(in.value_type);
      break;
    case Opcode::RefIsNull: {
      const ValueType type = pop();
      if (type != kUnknown && !is_reference(type)) fail("type mismatch: ref.is_null needs a reference, found " + type_name(type));
      push(ValueType::I32);
      break;
    }
    case Opcode::RefFunc:
      if (in.index >= context_.function_type_indices.size()) fail("unknown function " + std::to_string(in.index));
      if (!context_.declared_references[in.index])
        fail("undeclared function reference " + std::to_string(in.index));
      push(ValueType::FuncRef);
      break;
    case Opcode::Drop:
      pop();
      break;
    case Opcode::Select: {
      pop(ValueType::I32);
      const ValueType first = pop();
      const ValueType second = pop();
      if (is_reference(first) || is_reference(second))
        fail("type mismatch: select without a type needs numeric or vector operands");
      if (first != second && first != kUnknown && second != kUnknown) type_mismatch(second, first);
      push(first == kUnknown ? second : first);
      break;
    }
    case Opcode::SelectTyped:
      if (in.index != 1) fail("invalid result arity: typed select takes exactly one type");
      pop(ValueType::I32);
      pop(in.value_type);
      pop(in.value_type);
      push(in.value_type);
      break;
    case Opcode::LocalGet:
      push(local_type(in.index));
      break;
    case Opcode::LocalSet:
      pop(local_type(in.index));
      break;
    case Opcode::LocalTee: {
      const ValueType type = local_type(in.index);
      pop(type);
      push(type);
      break;
    }
    case Opcode::GlobalGet:
      if (in.index >= context_.globals.size()) fail("unknown global " + std::to_string(in.index));
      push(context_.globals[in.index].type);
      break;
    case Opcode::GlobalSet: {
      if (in.index >= context_.globals.size()) fail("unknown global " + std::to_string(in.index));
      const GlobalType& global = context_.globals[in.index];
      if (!global.is_mutable) fail("global is immutable: global.set " + std::to_string(in.index));
      pop(global.type);
      break;
    }
    case Opcode::TableGet:
      require_table(in.index);
      pop(ValueType::I32);
      push(context_.tables[in.index].element);
      break;
    case Opcode::TableSet:
      require_table(in.index);
      pop(context_.tables[in.index].element);
      pop(ValueType::I32);
      break;
    case Opcode::TableSize:
      require_table(in.index);
      push(ValueType::I32);
      break;
    case Opcode::TableGrow:
      require_table(in.index);
      pop(ValueType::I32);
      pop(context_.tables[in.index].element);
      push(ValueType::I32);
      break;
    case Opcode::TableFill:
      require_table(in.index);
      pop(ValueType::I32);
      pop(context_.tables[in.index].element);
      pop(ValueType::I32);
      break;
    case Opcode::TableCopy:
      require_table(in.index);
      require_table(in.second_index);
      if (context_.tables[in.index].element != context_.tables[in.second_index].element)
        fail("type mismatch: table.copy between tables of different element types");
      pop(ValueType::I32);
      pop(ValueType::I32);
      pop(ValueType::I32);
      break;
    case Opcode::TableInit:
      // Immediates are (element index, table index).
      require_table(in.second_index);
      check_element(in.index);
      if (context_.module.elements[in.index].element_type != context_.tables[in.second_index].element)
        fail("type mismatch: table.init element type differs from the table's");
      pop(ValueType::I32);
      pop(ValueType::I32);
      pop(ValueType::I32);
      break;
    case Opcode::ElemDrop:
      check_element(in.index);
      break;
    default:
      fail("internal error: no validation rule for " + std::string(opcode_name(in.opcode)));
  }
}

}  // namespace wasmprof
