// Translation proper: walks a function body once, keeping the model of its operand stack and
// blocks (translator_state.hh), and emits the internal code; the folds are in
// translator_folds.cc.
#include "exec/translator.hh"

#include "exec/translator_state.hh"

namespace wasmprof::exec {

using namespace translation;

void ModuleTranslator::State::push_label(Opcode kind, const BlockType& type) {
  Label label{kind, 0, 0, nullptr, 0, nullptr, 0, 0, kNoFixup, {}, false};
  static constexpr ValueType kSingle[] = {ValueType::I32,  ValueType::I64,     ValueType::F32,      ValueType::F64,
                                          ValueType::V128, ValueType::FuncRef, ValueType::ExternRef};
  switch (type.kind) {
    case BlockType::Kind::Empty: break;
    case BlockType::Kind::Value:
      label.results = std::find(std::begin(kSingle), std::end(kSingle), type.value);
      label.result_count = 1;
      break;
    case BlockType::Kind::TypeIndex: {
      const FuncType& function_type = module.types[type.type_index];
      label.params = function_type.params.data();
      label.param_count = uint32_t(function_type.params.size());
      label.results = function_type.results.data();
      label.result_count = uint32_t(function_type.results.size());
      break;
    }
  }
  // Block boundaries are merge points: every value must sit in its home slot.
  materialize_all();
  label.stack_size = uint32_t(stack.size()) - label.param_count;
  label.base_slot = label.param_count ? stack[label.stack_size].home : next_home();
  label.loop_start = branch_target_here();
  labels.push_back(std::move(label));
  // Epochs are checked by the branches back to this header (branch_to), not here.
  if (kind == Opcode::Loop) begin_fuel_block();
}

void ModuleTranslator::State::emit_return() {
  const Label& function_label = labels.front();
  const uint32_t count = function_label.result_count;
  // Works on a copy: a return inside br_if or br_table runs on one path only, so the stack
  // model that the other paths continue with must not change.
  return_values.assign(stack.end() - count, stack.end());
  // A probed function's results are all in place before its exit probe, which reads them.
  if (probe_id == kNotProbed && count == 1 && return_values[0].type != ValueType::V128 && !return_values[0].constant) {
    const Operand& value = return_values[0];
    // A single result just computed is computed into slot 0 directly; one in another slot
    // moves there as part of the return.
    if (!value.deferred() && result_word != SIZE_MAX && result_end == code.size() &&
        code[result_word].pair.a == value.home) {
      code[result_word].pair.a = 0;
      result_word = SIZE_MAX;
      emit(HandlerId::return_);
    } else if (value.slot != 0) {
      emit(HandlerId::return_value64);
      emit_pair(value.slot, 0);
    } else {
      emit(HandlerId::return_);
    }
    return;
  }
  // Results go to slots 0.. in order, which may overwrite a local that a later result still
  // reads from: such a result is saved to its home first.
  uint32_t next_dst = 0;
  for (size_t i = 0; i < return_values.size(); ++i) {
    Operand& value = return_values[i];
    const uint32_t written_before = next_dst;  // slots [0, written_before) hold earlier results
    next_dst += slot_size(value.type);
    if (value.deferred() && !value.constant && value.slot < written_before) {
      copy(value.home, value.slot, value.type);
      value.slot = value.home;
    }
  }
  uint32_t dst = 0;
  for (const Operand& value : return_values) {
    place(dst, value);
    dst += slot_size(value.type);
  }
  if (probe_id != kNotProbed) emit_probe(ProbePoint::Exit);
  emit(HandlerId::return_);
}

void ModuleTranslator::State::local_set(uint32_t index, bool keep) {
  const uint32_t slot = local_slot[index];
  materialize_reading(slot, stack.size() - 1);
  Operand& top = stack.back();
  const bool retarget = !top.deferred() && result_end == code.size() && result_word != SIZE_MAX &&
                        code[result_word].pair.a == top.home;
  if (retarget) {
    code[result_word].pair.a = slot;  // the producer writes the local directly
    result_word = SIZE_MAX;
    if (keep) top.slot = slot;  // and the stack reads it from there
  } else {
    place(slot, top);
  }
  if (!keep) stack.pop_back();
}

void ModuleTranslator::State::translate_fixed(const Instruction& in, const OpcodeInfo& info) {
  const OpSignature& signature = info.signature;
  switch (in.opcode) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const: {
      const uint32_t home = next_home();
      const uint64_t bits = in.opcode == Opcode::I32Const ? uint32_t(in.bits) : in.bits;
      stack.push_back(Operand{signature.result, home, kNoSlot, true, bits});
      max_slots = std::max(max_slots, home + 1);
      return;
    }
    default:
      break;
  }
  if (signature.param_count == 2 && !stack.back().constant && stack[stack.size() - 2].constant &&
      translate_constant_first(in, signature.result))
    return;
  if (signature.param_count == 2 && stack.back().constant) {
    if (const std::optional<HandlerId> immediate_form = immediate_handler_for_opcode(in.opcode)) {
      const Operand b = pop_raw();
      const Operand a = pop();
      if (fuse_arithmetic_immediate(in, a, b.bits)) return;
      emit(*immediate_form);
      const size_t first_word = here();
      const uint32_t dst = push(signature.result).home;
      emit_pair(dst, a.slot);
      emit_u64(b.bits);
      note_result(first_word, in.opcode, true);  // after the operands: result_end is the code's end
      return;
    }
  }
  // A scalar access to a constant address keeps the address in the instruction.
  if (in.opcode >= Opcode::I32Load && in.opcode <= Opcode::I64Store32) {
    const bool is_load = signature.param_count == 1;
    const Operand& address = stack[stack.size() - signature.param_count];
    const std::optional<HandlerId> absolute = absolute_access_for_opcode(in.opcode);
    if (address.constant && absolute) {
      const std::optional<HandlerId> constant_store =
          !is_load && stack.back().constant ? store_constant_form(in.opcode, stack.back().bits, true) : std::nullopt;
      const Operand value = is_load ? Operand{} : constant_store ? pop_raw() : pop();
      const uint32_t address_bits = uint32_t(pop_raw().bits);
      if (constant_store) {
        emit(*constant_store);
        emit_pair(0, uint32_t(value.bits));
        emit_pair(in.memarg.offset, address_bits);
        return;
      }
      emit(*absolute);
      const size_t first_word = here();
      if (is_load) {
        emit_pair(push(signature.result).home, 0);
      } else {
        emit_pair(0, value.slot);
      }
      emit_pair(in.memarg.offset, address_bits);
      if (is_load) note_result(first_word);
      return;
    }
  }
  // A store of a constant keeps the constant in the instruction.
  if (in.opcode >= Opcode::I32Store && in.opcode <= Opcode::I64Store32 && stack.back().constant) {
    if (const std::optional<HandlerId> constant_store = store_constant_form(in.opcode, stack.back().bits, false)) {
      const uint32_t value_bits = uint32_t(pop_raw().bits);
      const Operand address = pop();
      uint32_t base = address.slot, addend = 0;
      if (const std::optional<AddressSum> sum = take_address_sum(address)) {
        base = sum->base;
        addend = sum->addend;
      }
      emit(*constant_store);
      emit_pair(base, value_bits);
      emit_pair(in.memarg.offset, addend);
      return;
    }
  }
  Operand popped[3] = {};
  for (uint32_t i = signature.param_count; i-- > 0;) popped[i] = pop();
  uint32_t operands[3] = {popped[0].slot, popped[1].slot, popped[2].slot};
  // A scalar access whose address was just computed as `a + constant` takes the addition
  // over: the constant goes in the access's spare operand field (see WASMPROF_LOAD).
  uint32_t address_addend = 0;
  if (in.opcode >= Opcode::I32Load && in.opcode <= Opcode::I64Store32) {
    if (const std::optional<AddressSum> sum = take_address_sum(popped[0])) {
      operands[0] = sum->base;
      address_addend = sum->addend;
    } else if (signature.param_count == 2 && fuse_memory_move(in, popped[0], popped[1])) {
      return;
    } else if (signature.param_count == 2 && fuse_stored_result(in, popped[0], popped[1])) {
      return;
    } else if (signature.param_count == 1 && fuse_indexed_load(in, signature.result, popped[0])) {
      return;
    }
  }
  if (in.opcode == Opcode::I32Add && fuse_shifted_add(popped[0], popped[1])) return;
  if (signature.param_count == 2 && fuse_arithmetic(in, popped[0], popped[1])) return;
  if (signature.param_count == 2 && fuse_memory_operand(in, signature.result, popped[0], popped[1])) return;

  switch (info.immediate) {
    case ImmediateKind::MemoryZero:
      if (in.opcode == Opcode::MemorySize) {
        emit(HandlerId::memory_size);
        const uint32_t dst = push(ValueType::I32).home;
        const size_t result_at = here();
        emit_pair(dst, 0);
        note_result(result_at);
      } else if (in.opcode == Opcode::MemoryGrow) {
        emit(HandlerId::memory_grow);
        const uint32_t dst = push(ValueType::I32).home;
        const size_t result_at = here();
        emit_pair(dst, operands[0]);
        note_result(result_at);
      } else {  // memory.fill
        emit(HandlerId::memory_fill);
        emit_pair(operands[0], operands[1]);
        emit_pair(operands[2], 0);
      }
      return;
    case ImmediateKind::MemoryCopy:
      emit(HandlerId::memory_copy);
      emit_pair(operands[0], operands[1]);
      emit_pair(operands[2], 0);
      return;
    case ImmediateKind::MemoryInit:
      emit(HandlerId::memory_init);
      emit_pair(operands[0], operands[1]);
      emit_pair(operands[2], in.index);
      return;
    case ImmediateKind::Data:
      emit(HandlerId::data_drop);
      emit_pair(in.index, 0);
      return;
    default:
      break;
  }

  const std::optional<HandlerId> handler = handler_for_opcode(in.opcode);
  if (!handler) {
    Error error;
    error.kind = ErrorKind::Limit;
    error.message = "instruction not supported by the interpreter yet: " + std::string(info.name);
    error.offset = in.offset;
    throw WasmError(std::move(error));
  }
  emit(*handler);
  const size_t first_word = here();
  const uint32_t dst = signature.result_count ? push(signature.result).home : 0;
  switch (info.immediate) {
    case ImmediateKind::I32:
      emit_pair(dst, 0);
      emit_u64(uint32_t(in.bits));  // i32 values keep their slot's upper half zero
      break;
    case ImmediateKind::I64:
    case ImmediateKind::F32:
    case ImmediateKind::F64:
      emit_pair(dst, 0);
      emit_u64(in.bits);
      break;
    case ImmediateKind::V128: {
      uint64_t halves[2];
      std::memcpy(halves, in.bytes16.data(), 16);
      emit_pair(dst, 0);
      emit_u64(halves[0]);
      emit_u64(halves[1]);
      break;
    }
    case ImmediateKind::MemArg:
      if (signature.result_count) {
        emit_pair(dst, operands[0]);
      } else {
        emit_pair(operands[0], operands[1]);
      }
      emit_pair(in.memarg.offset, address_addend);
      break;
    case ImmediateKind::MemArgLane:
      if (signature.result_count) {  // load lane: address, vector
        emit_pair(dst, operands[0]);
        emit_pair(in.memarg.offset, in.lane);
        emit_pair(operands[1], 0);
      } else {  // store lane
        emit_pair(operands[1], operands[0]);
        emit_pair(in.memarg.offset, in.lane);
      }
      break;
    case ImmediateKind::Lane:
      emit_pair(dst, operands[0]);
      emit_pair(signature.param_count == 2 ? operands[1] : 0, in.lane);
      break;
    case ImmediateKind::Shuffle: {
      uint64_t halves[2];
      std::memcpy(halves, in.bytes16.data(), 16);
      emit_pair(dst, operands[0]);
      emit_pair(operands[1], 0);
      emit_u64(halves[0]);
      emit_u64(halves[1]);
      break;
    }
    default:
      switch (signature.param_count) {
        case 0: emit_pair(dst, 0); break;
        case 1: emit_pair(dst, operands[0]); break;
        case 2:
          emit_pair(dst, operands[0]);
          emit_pair(operands[1], 0);
          break;
        default:
          emit_pair(dst, operands[0]);
          emit_pair(operands[1], operands[2]);
          break;
      }
      break;
  }
  if (signature.result_count) note_result(first_word, in.opcode);
}

void ModuleTranslator::State::translate_control(const Instruction& in, InstructionReader& reader) {
  switch (in.opcode) {
    case Opcode::Unreachable:
      emit(HandlerId::unreachable);
      enter_unreachable();
      break;
    case Opcode::Block:
      push_label(in.opcode, in.block_type);
      break;
    case Opcode::Loop:
      push_label(in.opcode, in.block_type);
      if (labels.back().param_count == 0) emit_loop_tier_up(in.offset);
      break;
    case Opcode::If: {
      const Operand condition = pop();
      const std::optional<FusedCondition> fused = take_comparison(condition);
      // The comparison's inputs are not written by the copies push_label may emit (those go
      // to homes below the popped operands), so the fused branch can follow them.
      push_label(Opcode::If, in.block_type);
      if (fused) {
        emit(fused->when_false);
        emit_pair(fused->a, fused->b);
      } else {
        emit(HandlerId::br_unless);
        emit_pair(condition.slot, 0);
      }
      labels.back().else_fixup = here();
      emit_target(0);
      begin_fuel_block();
      break;
    }
    case Opcode::Else: {
      Label& label = labels.back();
      if (!label.unreachable) {
        materialize_all();
        emit(HandlerId::br);
        branch_to(label);
      }
      patch(label.else_fixup, branch_target_here());
      label.else_fixup = kNoFixup;
      label.kind = Opcode::Else;
      label.unreachable = false;
      stack.resize(label.stack_size);
      for (uint32_t i = 0; i < label.param_count; ++i) push(label.params[i]);
      begin_fuel_block();
      break;
    }
    case Opcode::End: {
      Label& label = labels.back();
      if (labels.size() == 1) {  // the function's own end
        if (!label.unreachable) emit_return();
        labels.pop_back();
        break;
      }
      if (!label.unreachable) materialize_all();
      if (label.else_fixup != kNoFixup) patch(label.else_fixup, branch_target_here());
      for (uint32_t word : label.fixups) patch(word, branch_target_here());
      stack.resize(label.stack_size);
      const ValueType* results = label.results;
      const uint32_t count = label.result_count;
      labels.pop_back();
      for (uint32_t i = 0; i < count; ++i) push(results[i]);
      result_word = SIZE_MAX;  // a branch may land here: nothing before can be retargeted
      begin_fuel_block();
      break;
    }
    case Opcode::Br: {
      Label& target = label_at(in.index);
      branch_with_values(target);
      enter_unreachable();
      break;
    }
    case Opcode::BrIf: {
      const Operand condition = pop();
      const std::optional<FusedCondition> fused = take_comparison(condition);
      Label& target = label_at(in.index);
      if (!is_function(target) && top_in_place(arity(target), target.base_slot)) {
        emit(fused ? fused->when_true : HandlerId::br_if);
        emit_pair(fused ? fused->a : condition.slot, fused ? fused->b : 0);
        branch_to(target);
      } else {
        emit(fused ? fused->when_false : HandlerId::br_unless);
        emit_pair(fused ? fused->a : condition.slot, fused ? fused->b : 0);
        const uint32_t skip = here();
        emit_target(0);
        branch_with_values(target);
        patch(skip, branch_target_here());
      }
      result_word = SIZE_MAX;
      begin_fuel_block();
      break;
    }
    case Opcode::BrTable: {
      const Operand index = pop();
      const std::vector<uint32_t>& depths = reader.br_table_targets();
      const uint32_t count = uint32_t(depths.size());  // the default is last
      emit(HandlerId::br_table);
      emit_pair(index.slot, count - 1);
      const uint32_t table = here();
      for (uint32_t i = 0; i < count; ++i) emit_target(0);
      for (uint32_t i = 0; i < count; ++i) {
        Label& target = label_at(depths[i]);
        if (!is_function(target) && top_in_place(arity(target), target.base_slot)) {
          if (target.kind == Opcode::Loop && !options.epoch_checks) {
            patch(table + i, target.loop_start);
          } else if (target.kind == Opcode::Loop) {
            patch(table + i, branch_target_here());  // a stub whose br_loop checks the epoch
            emit(HandlerId::br);
            branch_to(target);
          } else {
            target.fixups.push_back(table + i);
          }
        } else {
          patch(table + i, branch_target_here());  // a stub that moves this target's values, then branches
          branch_with_values(target);
        }
      }
      enter_unreachable();
      break;
    }
    case Opcode::Return:
      emit_return();
      enter_unreachable();
      break;
    case Opcode::Call:
    case Opcode::CallIndirect: {
      const bool indirect = in.opcode == Opcode::CallIndirect;
      const Operand table_index = indirect ? pop() : Operand{};
      const FuncType& type =
          indirect ? module.types[in.index] : context.function_type(in.index);
      const uint32_t arg_count = uint32_t(type.params.size());
      materialize_top(arg_count);
      const uint32_t base = arg_count ? stack[stack.size() - arg_count].home : next_home();
      if (indirect) {
        emit(HandlerId::call_indirect);
        emit_pair(in.index, in.second_index);
        emit_pair(base, table_index.slot);
      } else {
        emit(HandlerId::call);
        emit_pair(in.index, base);
      }
      stack.resize(stack.size() - arg_count);
      for (ValueType result : type.results) push(result);
      result_word = SIZE_MAX;
      break;
    }
    default:
      break;
  }
}

void ModuleTranslator::State::translate_other(const Instruction& in) {
  switch (in.opcode) {
    case Opcode::Drop:
      pop_raw();
      break;
    case Opcode::Select:
    case Opcode::SelectTyped: {
      const Operand condition = pop();
      const Operand second = pop();
      const Operand first = pop();
      emit(first.type == ValueType::V128 ? HandlerId::select128 : HandlerId::select64);
      const uint32_t dst = push(first.type).home;
      const size_t result_at = here();
      emit_pair(dst, first.slot);
      emit_pair(second.slot, condition.slot);
      note_result(result_at);
      break;
    }
    case Opcode::LocalGet: {
      const uint32_t home = next_home();
      const ValueType type = local_type[in.index];
      stack.push_back(Operand{type, home, local_slot[in.index]});
      max_slots = std::max(max_slots, home + slot_size(type));
      break;
    }
    case Opcode::LocalSet:
      local_set(in.index, false);
      break;
    case Opcode::LocalTee:
      local_set(in.index, true);
      break;
    case Opcode::GlobalGet: {
      const ValueType type = context.globals[in.index].type;
      emit(type == ValueType::V128 ? HandlerId::global_get128 : HandlerId::global_get64);
      const uint32_t dst = push(type).home;
      const size_t result_at = here();
      emit_pair(dst, in.index);
      note_result(result_at);
      break;
    }
    case Opcode::GlobalSet: {
      const Operand value = pop();
      emit(value.type == ValueType::V128 ? HandlerId::global_set128 : HandlerId::global_set64);
      emit_pair(value.slot, in.index);
      break;
    }
    case Opcode::RefNull: {
      emit(HandlerId::ref_null);
      const uint32_t dst = push(in.value_type).home;
      const size_t result_at = here();
      emit_pair(dst, 0);
      note_result(result_at);
      break;
    }
    case Opcode::RefIsNull: {
      const Operand value = pop();
      emit(HandlerId::ref_is_null);
      const uint32_t dst = push(ValueType::I32).home;
      const size_t result_at = here();
      emit_pair(dst, value.slot);
      note_result(result_at);
      break;
    }
    case Opcode::RefFunc: {
      emit(HandlerId::ref_func);
      const uint32_t dst = push(ValueType::FuncRef).home;
      const size_t result_at = here();
      emit_pair(dst, in.index);
      note_result(result_at);
      break;
    }
    case Opcode::TableGet: {
      const Operand index = pop();
      emit(HandlerId::table_get);
      const uint32_t dst = push(context.tables[in.index].element).home;
      const size_t result_at = here();
      emit_pair(dst, index.slot);
      emit_pair(in.index, 0);
      note_result(result_at);
      break;
    }
    case Opcode::TableSet: {
      const Operand value = pop();
      const Operand index = pop();
      emit(HandlerId::table_set);
      emit_pair(index.slot, value.slot);
      emit_pair(in.index, 0);
      break;
    }
    case Opcode::TableSize: {
      emit(HandlerId::table_size);
      const uint32_t dst = push(ValueType::I32).home;
      const size_t result_at = here();
      emit_pair(dst, in.index);
      note_result(result_at);
      break;
    }
    case Opcode::TableGrow: {
      const Operand delta = pop();
      const Operand init = pop();
      emit(HandlerId::table_grow);
      const uint32_t dst = push(ValueType::I32).home;
      const size_t result_at = here();
      emit_pair(dst, init.slot);
      emit_pair(delta.slot, in.index);
      note_result(result_at);
      break;
    }
    case Opcode::TableFill: {
      const Operand count = pop();
      const Operand value = pop();
      const Operand start = pop();
      emit(HandlerId::table_fill);
      emit_pair(start.slot, value.slot);
      emit_pair(count.slot, in.index);
      break;
    }
    case Opcode::TableCopy:
    case Opcode::TableInit: {
      const Operand count = pop();
      const Operand source = pop();
      const Operand destination = pop();
      emit(in.opcode == Opcode::TableCopy ? HandlerId::table_copy : HandlerId::table_init);
      emit_pair(destination.slot, source.slot);
      emit_pair(count.slot, 0);
      emit_pair(in.index, in.second_index);
      break;
    }
    case Opcode::ElemDrop:
      emit(HandlerId::elem_drop);
      emit_pair(in.index, 0);
      break;
    default:
      break;
  }
}

void ModuleTranslator::State::translate_instruction(const Instruction& in, const OpcodeInfo& info,
                                                    InstructionReader& reader) {
  if (labels.back().unreachable) {
    // Skip dead code up to the end (or else) of the block that became unreachable.
    switch (in.opcode) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
        ++skip_depth;
        return;
      case Opcode::Else:
        if (skip_depth > 0) return;
        break;
      case Opcode::End:
        if (skip_depth > 0) {
          --skip_depth;
          return;
        }
        break;
      default:
        return;
    }
  }
  if (info.signature.fixed) return translate_fixed(in, info);
  if (in.opcode == Opcode::Nop) return;
  if (is_control_instruction(in.opcode)) return translate_control(in, reader);
  translate_other(in);
}

CompiledFunction ModuleTranslator::State::translate(uint32_t function_index) {
  const FunctionBody& body = module.bodies[function_index - module.imported_function_count];
  const FuncType& type = context.function_type(function_index);

  code.clear();
  target_words.clear();
  stack.clear();
  labels.clear();
  offsets.clear();
  local_slot.clear();
  local_type.clear();
  result_word = SIZE_MAX;
  previous_result_word = SIZE_MAX;
  last_copy_end = SIZE_MAX;
  skip_depth = 0;

  uint32_t next_slot = 0;
  auto add_local = [&](ValueType local) {
    local_slot.push_back(next_slot);
    local_type.push_back(local);
    next_slot += slot_size(local);
  };
  for (ValueType param : type.params) add_local(param);
  const uint32_t param_slots = next_slot;
  for (const LocalGroup& group : body.locals)
    for (uint32_t i = 0; i < group.count; ++i) add_local(group.type);
  local_slots = next_slot;
  max_slots = local_slots;

  Label function_label{Opcode::Call, 0, local_slots, type.params.data(), 0, type.results.data(),
                       uint32_t(type.results.size()), 0, kNoFixup, {}, false};
  labels.push_back(std::move(function_label));

  Reader bytes(module.span(body.code), body.code.offset);
  InstructionReader reader(bytes);
  probe_id = probe_ids.empty() ? kNotProbed : probe_ids[function_index];
  emit_epoch_check();
  defined_index = function_index - module.imported_function_count;
  emit_tier_up();
  begin_fuel_block();
  if (probe_id != kNotProbed) emit_probe(ProbePoint::Entry);
  if (here() > 0) offsets.push_back({0, uint32_t(body.code.offset)});
  while (!labels.empty()) {
    const Instruction& in = reader.read();
    const uint32_t before = here();
    // Charged to the block it belongs to, before translating it may begin the next block.
    if (options.fuel && !labels.back().unreachable) code[fuel_word].u64 += fuel_cost(in.opcode);
    fused_from = UINT32_MAX;
    translate_instruction(in, reader.info(), reader);
    const uint32_t start = std::min(before, fused_from);
    if (here() > start) {
      while (!offsets.empty() && offsets.back().code_index >= start) offsets.pop_back();
      offsets.push_back({start, in.offset});
    }
    if (max_slots > options.max_frame_slots) {
      Error error;
      error.kind = ErrorKind::Limit;
      error.message = "function needs more than " + std::to_string(options.max_frame_slots) + " frame slots";
      error.function_index = function_index;
      throw WasmError(std::move(error));
    }
  }

  CompiledFunction compiled;
  compiled.code = code;
  for (uint32_t word : target_words) compiled.code[word].target = compiled.code.data() + code[word].u64;
  compiled.param_slots = param_slots;
  compiled.local_slots = local_slots;
  uint32_t result_slots = 0;
  for (ValueType result : type.results) result_slots += slot_size(result);
  compiled.result_slots = result_slots;
  compiled.frame_slots = std::max(max_slots, result_slots);
  compiled.offsets = offsets;
  return compiled;
}

ModuleTranslator::ModuleTranslator(const DecodedModule& module, TranslationOptions options)
    : state_(std::make_unique<State>(module, options)) {}

ModuleTranslator::~ModuleTranslator() = default;

Result<CompiledFunction> ModuleTranslator::translate(uint32_t function_index) {
  try {
    return state_->translate(function_index);
  } catch (WasmError& failure) {
    Error error = std::move(failure.error());
    error.function_index = function_index;
    if (error.section.empty()) error.section = "code";
    return error;
  }
}

std::vector<uint32_t> select_probed_functions(const DecodedModule& module, const TranslationOptions& options) {
  std::vector<uint32_t> probe_ids;
  if (options.probed_functions.empty() || options.probe_callback == nullptr) return probe_ids;
  probe_ids.assign(module.function_count(), kNotProbed);
  auto select = [&](uint32_t function_index, const std::string& name) {
    if (function_index < module.imported_function_count || function_index >= probe_ids.size()) return;
    if (probe_ids[function_index] != kNotProbed) return;  // the name section's name comes first
    const auto& names = options.probed_functions;
    const auto found = std::find(names.begin(), names.end(), name);
    if (found != names.end()) probe_ids[function_index] = uint32_t(found - names.begin());
  };
  for (const auto& [function_index, name] : module.names.functions) select(function_index, name);
  for (const Export& entry : module.exports)
    if (entry.kind == ExternKind::Function && !module.names.functions.contains(entry.index)) select(entry.index, entry.name);
  return probe_ids;
}

uint32_t CompiledFunction::wasm_offset_at(const Word* pc) const {
  const uint32_t index = uint32_t(pc - code.data());
  auto after = std::upper_bound(offsets.begin(), offsets.end(), index,
                                [](uint32_t value, const OffsetMapEntry& entry) { return value < entry.code_index; });
  if (after == offsets.begin()) return offsets.empty() ? 0 : offsets.front().wasm_offset;
  return std::prev(after)->wasm_offset;
}

}  // namespace wasmprof::exec
