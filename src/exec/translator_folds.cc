// The folds of one instruction into the next (ARCHITECTURE.md, "Fold an instruction into its
// consumer"): each looks at the instruction just emitted and, when the one being translated
// is the only reader of its result, replaces the two with one handler.
#include "exec/translator_state.hh"

namespace wasmprof::exec {

using namespace translation;

// The _imm form of each fused branch sits this many ids after the register form.
constexpr uint32_t kImmediateBranchOffset = uint32_t(HandlerId::br_if_i32_eq_imm) - uint32_t(HandlerId::br_if_i32_eq);

std::optional<ModuleTranslator::State::FusedCondition> ModuleTranslator::State::take_comparison(
    const Operand& condition) {
  if (condition.deferred() || result_word == SIZE_MAX || result_end != code.size() ||
      code[result_word].pair.a != condition.home)
    return std::nullopt;
  using H = HandlerId;
  FusedCondition fused{};
  auto pick = [&fused](HandlerId when_true, HandlerId when_false) {
    fused.when_true = when_true;
    fused.when_false = when_false;
  };
  // `i32.and` with a constant, tested by the branch: whether any of the mask's bits are set.
  if (result_opcode == Opcode::I32And && result_immediate &&
      code[result_word - 1].u64 == uint64_t(HandlerId::I32AndImm)) {
    fused.when_true = H::br_if_i32_any_bits;
    fused.when_false = H::br_if_i32_no_bits;
    fused.a = code[result_word].pair.b;
    fused.b = uint32_t(code[result_word + 1].u64);
    const size_t start = result_word - 1;
    code.resize(start);
    fused_from = uint32_t(start);
    result_word = SIZE_MAX;
    return fused;
  }
  bool binary = true;
  switch (result_opcode) {
    case Opcode::I32Eq: pick(H::br_if_i32_eq, H::br_if_i32_ne); break;
    case Opcode::I32Ne: pick(H::br_if_i32_ne, H::br_if_i32_eq); break;
    case Opcode::I32LtS: pick(H::br_if_i32_lt_s, H::br_if_i32_ge_s); break;
    case Opcode::I32LtU: pick(H::br_if_i32_lt_u, H::br_if_i32_ge_u); break;
    case Opcode::I32GtS: pick(H::br_if_i32_gt_s, H::br_if_i32_le_s); break;
    case Opcode::I32GtU: pick(H::br_if_i32_gt_u, H::br_if_i32_le_u); break;
    case Opcode::I32LeS: pick(H::br_if_i32_le_s, H::br_if_i32_gt_s); break;
    case Opcode::I32LeU: pick(H::br_if_i32_le_u, H::br_if_i32_gt_u); break;
    case Opcode::I32GeS: pick(H::br_if_i32_ge_s, H::br_if_i32_lt_s); break;
    case Opcode::I32GeU: pick(H::br_if_i32_ge_u, H::br_if_i32_lt_u); break;
    case Opcode::I64Eq: pick(H::br_if_i64_eq, H::br_if_i64_ne); break;
    case Opcode::I64Ne: pick(H::br_if_i64_ne, H::br_if_i64_eq); break;
    case Opcode::I64LtS: pick(H::br_if_i64_lt_s, H::br_if_i64_ge_s); break;
    case Opcode::I64LtU: pick(H::br_if_i64_lt_u, H::br_if_i64_ge_u); break;
    case Opcode::I64GtS: pick(H::br_if_i64_gt_s, H::br_if_i64_le_s); break;
    case Opcode::I64GtU: pick(H::br_if_i64_gt_u, H::br_if_i64_le_u); break;
    case Opcode::I64LeS: pick(H::br_if_i64_le_s, H::br_if_i64_gt_s); break;
    case Opcode::I64LeU: pick(H::br_if_i64_le_u, H::br_if_i64_gt_u); break;
    case Opcode::I64GeS: pick(H::br_if_i64_ge_s, H::br_if_i64_lt_s); break;
    case Opcode::I64GeU: pick(H::br_if_i64_ge_u, H::br_if_i64_lt_u); break;
    case Opcode::I32Eqz: pick(H::br_unless, H::br_if); binary = false; break;
    case Opcode::I64Eqz: pick(H::br_if_i64_eqz, H::br_if_i64_nez); binary = false; break;
    default: return std::nullopt;
  }
  // Operand layout of the comparison: [h][pair{dst|a}] then, if binary, [pair{b|-}] or, for
  // the immediate form, [immediate]; that fuses only if it fits the branch's 32-bit field.
  const size_t start = result_word - 1;
  fused.a = code[result_word].pair.b;
  if (result_immediate) {
    const uint64_t immediate = code[result_word + 1].u64;
    const bool is_64 = result_opcode >= Opcode::I64Eq && result_opcode <= Opcode::I64GeU;
    if (is_64 && int64_t(immediate) != int64_t(int32_t(immediate))) return std::nullopt;
    fused.when_true = HandlerId(uint32_t(fused.when_true) + kImmediateBranchOffset);
    fused.when_false = HandlerId(uint32_t(fused.when_false) + kImmediateBranchOffset);
    fused.b = uint32_t(immediate);
  } else {
    fused.b = binary ? code[result_word + 1].pair.a : 0;
  }
  // The comparison tests `x & mask` computed just before it into a temporary that only the
  // comparison reads: eqz becomes a bit test, and == / != with small constants a masked
  // comparison, `(x & mask) == k`.
  const size_t and_word = previous_result_word;
  if (and_word != SIZE_MAX && previous_result_end == start && fused.a >= local_slots &&
      code[and_word - 1].u64 == uint64_t(HandlerId::I32AndImm) && code[and_word].pair.a == fused.a) {
    const uint64_t mask = code[and_word + 1].u64;
    bool folded = true;
    if (result_opcode == Opcode::I32Eqz) {
      pick(H::br_if_i32_no_bits, H::br_if_i32_any_bits);
      fused.b = uint32_t(mask);
    } else if ((result_opcode == Opcode::I32Eq || result_opcode == Opcode::I32Ne) && result_immediate &&
               mask <= UINT16_MAX && fused.b <= UINT16_MAX) {
      if (result_opcode == Opcode::I32Eq)
        pick(H::br_if_i32_masked_eq, H::br_if_i32_masked_ne);
      else
        pick(H::br_if_i32_masked_ne, H::br_if_i32_masked_eq);
      fused.b = uint32_t(mask) | fused.b << 16;
    } else {
      folded = false;
    }
    if (folded) {
      fused.a = code[and_word].pair.b;
      code.resize(and_word - 1);
      fused_from = uint32_t(and_word - 1);
      result_word = SIZE_MAX;
      return fused;
    }
  }
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  return fused;
}

std::optional<ModuleTranslator::State::AddressSum> ModuleTranslator::State::take_address_sum(
    const Operand& address) {
  if (address.deferred() || result_word == SIZE_MAX || result_end != code.size() || !result_immediate ||
      code[result_word].pair.a != address.home)
    return std::nullopt;
  // Layout of the immediate form: [h][pair{dst|a}][immediate].
  const uint32_t immediate = uint32_t(code[result_word + 1].u64);
  AddressSum sum{code[result_word].pair.b, 0};
  switch (result_opcode) {
    case Opcode::I32Add: sum.addend = immediate; break;
    case Opcode::I32Sub: sum.addend = 0u - immediate; break;
    default: return std::nullopt;
  }
  const size_t start = result_word - 1;
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  return sum;
}

// Whether an integer operation works on i64 (its opcode in the i64 range).
constexpr bool signature_is_64(Opcode opcode) { return opcode >= Opcode::I64Clz && opcode <= Opcode::I64Rotr; }

// Bytes a scalar load reads or a scalar store writes; 0 for other opcodes.
constexpr uint32_t access_width(Opcode opcode) {
  switch (opcode) {
    case Opcode::I32Load8S: case Opcode::I32Load8U: case Opcode::I64Load8S: case Opcode::I64Load8U:
    case Opcode::I32Store8: case Opcode::I64Store8:
      return 1;
    case Opcode::I32Load16S: case Opcode::I32Load16U: case Opcode::I64Load16S: case Opcode::I64Load16U:
    case Opcode::I32Store16: case Opcode::I64Store16:
      return 2;
    case Opcode::I32Load: case Opcode::F32Load: case Opcode::I64Load32S: case Opcode::I64Load32U:
    case Opcode::I32Store: case Opcode::F32Store: case Opcode::I64Store32:
      return 4;
    case Opcode::I64Load: case Opcode::F64Load: case Opcode::I64Store: case Opcode::F64Store:
      return 8;
    default:
      return 0;
  }
}

bool ModuleTranslator::State::fuse_indexed_load(const Instruction& load, ValueType type, const Operand& address) {
  if (address.deferred() || result_word == SIZE_MAX || result_end != code.size() || result_immediate ||
      result_opcode != Opcode::I32Add || code[result_word].pair.a != address.home)
    return false;
  const std::optional<HandlerId> handler = indexed_load_for_opcode(load.opcode);
  // The add's layout (I32Add or I32AddShl): [h][pair{dst|a}][pair{b|shift}], shift 0 for I32Add.
  const uint32_t base = code[result_word].pair.b;
  const uint32_t index = code[result_word + 1].pair.a;
  const uint32_t shift = code[result_word + 1].pair.b;
  if (!handler || index >= (1u << 24) || shift > 31) return false;
  const size_t start = result_word - 1;
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  emit(*handler);
  const size_t first_word = here();
  const uint32_t dst = push(type).home;
  emit_pair(dst, base);
  emit_pair(load.memarg.offset, index | shift << 24);
  note_result(first_word);  // retargetable into a local.set; no other fold knows this layout
  return true;
}

bool ModuleTranslator::State::fuse_shifted_add(const Operand& a, const Operand& b) {
  if (result_word == SIZE_MAX || result_end != code.size() || !result_immediate || result_opcode != Opcode::I32Shl)
    return false;
  // The shift's layout: [h][pair{dst|source}][immediate]; the add is commutative, so either
  // operand may be the shifted one.
  const uint32_t shifted_home = code[result_word].pair.a;
  const Operand* other = nullptr;
  if (!b.deferred() && b.home == shifted_home)
    other = &a;
  else if (!a.deferred() && a.home == shifted_home)
    other = &b;
  else
    return false;
  const uint32_t source = code[result_word].pair.b;
  const uint32_t shift = uint32_t(code[result_word + 1].u64) & 31;  // i32.shl counts modulo 32
  const uint32_t other_slot = other->slot;
  const size_t start = result_word - 1;
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  emit(HandlerId::I32AddShl);
  const size_t first_word = here();
  const uint32_t dst = push(ValueType::I32).home;
  emit_pair(dst, other_slot);
  emit_pair(source, shift);
  note_result(first_word, Opcode::I32Add);  // the layout of I32Add, which fuse_indexed_load reads
  return true;
}

std::optional<ModuleTranslator::State::ProducerOperands> ModuleTranslator::State::take_producer(
    const Operand& operand, Opcode producer, bool immediate) {
  if (operand.deferred() || result_word == SIZE_MAX || result_end != code.size() || result_end != result_word + 2 ||
      result_opcode != producer || result_immediate != immediate || code[result_word].pair.a != operand.home)
    return std::nullopt;
  // Folds note some results under the opcode whose layout they share (I32AddShl as i32.add);
  // only the plain form is taken.
  const std::optional<HandlerId> plain = immediate ? immediate_handler_for_opcode(producer) : handler_for_opcode(producer);
  if (!plain || code[result_word - 1].u64 != uint64_t(*plain)) return std::nullopt;
  const ProducerOperands operands{code[result_word], code[result_word + 1]};
  const size_t start = result_word - 1;
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  return operands;
}

bool ModuleTranslator::State::fuse_arithmetic(const Instruction& in, const Operand& a, const Operand& b) {
  if (result_word != SIZE_MAX && result_immediate) {
    if (const std::optional<HandlerId> shifted_form = shifted_operand_form(in.opcode, result_opcode)) {
      const bool wide = signature_is_64(in.opcode);
      const Operand* other = &a;
      std::optional<ProducerOperands> shifted = take_producer(b, result_opcode, true);
      if (!shifted) {
        shifted = take_producer(a, result_opcode, true);
        other = &b;
      }
      if (shifted) {
        emit(*shifted_form);
        const size_t first_word = here();
        emit_pair(push(wide ? ValueType::I64 : ValueType::I32).home, other->slot);
        emit_pair(shifted->first.pair.b, uint32_t(shifted->second.u64 & (wide ? 63 : 31)));
        note_result(first_word);
        return true;
      }
    }
  }
  const bool is_64 = in.opcode == Opcode::I64Add;
  if (!is_64 && in.opcode != Opcode::I32Add) return false;
  // The add is commutative: the product or shifted value may be either operand; the other one
  // was not computed after it (else the producer would not be the last instruction), so it
  // is still where it was.
  auto emit_fused = [&](HandlerId handler, uint32_t other_slot, uint32_t x, uint32_t y) {
    emit(handler);
    const size_t first_word = here();
    emit_pair(push(is_64 ? ValueType::I64 : ValueType::I32).home, other_slot);
    emit_pair(x, y);
    note_result(first_word);
    return true;
  };
  const Opcode multiply = is_64 ? Opcode::I64Mul : Opcode::I32Mul;
  const HandlerId multiply_add = is_64 ? HandlerId::I64MulAdd : HandlerId::I32MulAdd;
  if (auto product = take_producer(b, multiply, false))
    return emit_fused(multiply_add, a.slot, product->first.pair.b, product->second.pair.a);
  if (auto product = take_producer(a, multiply, false))
    return emit_fused(multiply_add, b.slot, product->first.pair.b, product->second.pair.a);
  if (is_64) {
    if (auto shifted = take_producer(b, Opcode::I64ShrU, true))
      return emit_fused(HandlerId::I64AddShrU, a.slot, shifted->first.pair.b, uint32_t(shifted->second.u64 & 63));
    if (auto shifted = take_producer(a, Opcode::I64ShrU, true))
      return emit_fused(HandlerId::I64AddShrU, b.slot, shifted->first.pair.b, uint32_t(shifted->second.u64 & 63));
  }
  return false;
}

bool ModuleTranslator::State::translate_constant_first(const Instruction& in, ValueType type) {
  std::optional<HandlerId> handler;
  switch (in.opcode) {
    case Opcode::I32Add: case Opcode::I32Mul: case Opcode::I32And: case Opcode::I32Or: case Opcode::I32Xor:
    case Opcode::I64Add: case Opcode::I64Mul: case Opcode::I64And: case Opcode::I64Or: case Opcode::I64Xor:
    case Opcode::F64Add: case Opcode::F64Mul:
      handler = immediate_handler_for_opcode(in.opcode);
      break;
    case Opcode::F64Sub: handler = HandlerId::F64ImmSub; break;
    case Opcode::F64Div: handler = HandlerId::F64ImmDiv; break;
    default: return false;
  }
  const Operand b = pop();
  const Operand a = pop_raw();
  emit(*handler);
  const size_t first_word = here();
  emit_pair(push(type).home, b.slot);
  emit_u64(a.bits);
  // Commutative results have the immediate form's layout; the reversed ones nothing folds.
  if (handler == immediate_handler_for_opcode(in.opcode))
    note_result(first_word, in.opcode, true);
  else
    note_result(first_word);
  return true;
}

bool ModuleTranslator::State::fuse_arithmetic_immediate(const Instruction& in, const Operand& a, uint64_t immediate) {
  // x + K1 + K2 is x + (K1 + K2) in wrapping arithmetic; (a + b) + K is one I32AddAddImm.
  if (in.opcode == Opcode::I32Add || in.opcode == Opcode::I64Add) {
    const bool is_64 = in.opcode == Opcode::I64Add;
    if (auto sum = take_producer(a, in.opcode, true)) {
      const uint64_t total = sum->second.u64 + immediate;
      emit(is_64 ? HandlerId::I64AddImm : HandlerId::I32AddImm);
      const size_t first_word = here();
      emit_pair(push(is_64 ? ValueType::I64 : ValueType::I32).home, sum->first.pair.b);
      emit_u64(is_64 ? total : uint32_t(total));
      note_result(first_word, in.opcode, true);
      return true;
    }
    if (!is_64) {
      if (auto sum = take_producer(a, Opcode::I32Add, false)) {
        emit(HandlerId::I32AddAddImm);
        const size_t first_word = here();
        emit_pair(push(ValueType::I32).home, sum->first.pair.b);
        emit_pair(sum->second.pair.a, uint32_t(immediate));
        note_result(first_word);
        return true;
      }
    }
  }
  const bool is_64 = in.opcode == Opcode::I64And;
  if (!is_64 && in.opcode != Opcode::I32And) return false;
  if (immediate > UINT32_MAX) return false;  // the mask must fit its 32-bit field
  const std::optional<ProducerOperands> shifted = take_producer(a, is_64 ? Opcode::I64ShrU : Opcode::I32ShrU, true);
  if (!shifted) return false;
  emit(is_64 ? HandlerId::I64ExtractBits : HandlerId::I32ExtractBits);
  const size_t first_word = here();
  emit_pair(push(is_64 ? ValueType::I64 : ValueType::I32).home, shifted->first.pair.b);
  emit_pair(uint32_t(shifted->second.u64 & (is_64 ? 63 : 31)), uint32_t(immediate));
  note_result(first_word);
  return true;
}

bool ModuleTranslator::State::fuse_memory_operand(const Instruction& in, ValueType type, const Operand& a,
                                                   const Operand& b) {
  if (result_word == SIZE_MAX || result_immediate) return false;
  const std::optional<HandlerId> handler = memory_operand_form(in.opcode, result_opcode);
  if (!handler) return false;
  const bool commutative = in.opcode != Opcode::F64Sub && in.opcode != Opcode::F64Div;
  uint32_t other = a.slot;
  std::optional<ProducerOperands> load = take_producer(b, result_opcode, false);
  if (!load && commutative) {
    load = take_producer(a, result_opcode, false);
    other = b.slot;
  }
  if (!load) return false;
  // The load's layout: [h][pair{dst|address}][pair{offset|addend}].
  emit(*handler);
  const size_t first_word = here();
  emit_pair(push(type).home, other);
  emit_pair(load->first.pair.b, 0);
  // The first two words stay the load's (a trap is raised there); the rest is the operation's.
  fused_from = here() - 1;
  code.push_back(load->second);
  note_result(first_word);
  return true;
}

bool ModuleTranslator::State::fuse_stored_result(const Instruction& store, const Operand& address,
                                                  const Operand& value) {
  if (result_word == SIZE_MAX || result_immediate) return false;
  const std::optional<HandlerId> handler = stored_result_form(result_opcode, store.opcode);
  if (!handler) return false;
  const std::optional<ProducerOperands> operation = take_producer(value, result_opcode, false);
  if (!operation) return false;
  // The operation's layout: [h][pair{dst|a}][pair{b|-}]. It cannot trap; the store can, and the
  // whole instruction is attributed to the store.
  emit(*handler);
  emit_pair(operation->first.pair.b, operation->second.pair.a);
  emit_pair(address.slot, 0);
  emit_pair(store.memarg.offset, 0);
  return true;
}

bool ModuleTranslator::State::fuse_memory_move(const Instruction& store, const Operand& address,
                                                const Operand& value) {
  if (value.deferred() || result_word == SIZE_MAX || result_end != code.size() || result_immediate ||
      code[result_word].pair.a != value.home || result_opcode < Opcode::I32Load || result_opcode > Opcode::I64Load32U)
    return false;
  const uint32_t width = access_width(store.opcode);
  if (width == 0 || width != access_width(result_opcode)) return false;
  // The load's layout: [h][pair{dst|address}][pair{offset|addend}].
  const Word load_operands = code[result_word + 1];
  const uint32_t load_address = code[result_word].pair.b;
  const size_t start = result_word - 1;
  code.resize(start);
  result_word = SIZE_MAX;
  HandlerId handler = HandlerId::memory_move8;
  switch (width) {
    case 2: handler = HandlerId::memory_move16; break;
    case 4: handler = HandlerId::memory_move32; break;
    case 8: handler = HandlerId::memory_move64; break;
    default: break;
  }
  emit(handler);
  emit_pair(address.slot, load_address);
  // The words from here on are the store's: a trap in it is reported at the store.
  fused_from = here();
  emit_pair(store.memarg.offset, load_operands.pair.a);
  emit_pair(0, load_operands.pair.b);
  return true;
}

}  // namespace wasmprof::exec
