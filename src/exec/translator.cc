#include "exec/translator.hh"

#include <algorithm>
#include <optional>

#include "binary/instruction_reader.hh"
#include "exec/handlers.hh"
#include "valid/context.hh"

namespace wasmprof::exec {
namespace {

constexpr uint32_t slot_size(ValueType type) { return type == ValueType::V128 ? 2 : 1; }

// Frames larger than this are refused (an implementation limit), so slot indices always fit
// comfortably in 32 bits and a frame's size in bytes cannot overflow.
constexpr uint32_t kMaxFrameSlots = 1u << 24;
constexpr uint32_t kNoFixup = UINT32_MAX;

// Wasmtime's fuel costs, so budgets carry over: instructions that only structure code or
// discard a value are free, everything else costs one unit.
constexpr uint64_t fuel_cost(Opcode opcode) {
  switch (opcode) {
    case Opcode::Nop:
    case Opcode::Drop:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::Unreachable:
    case Opcode::Return:
    case Opcode::Else:
    case Opcode::End:
      return 0;
    default:
      return 1;
  }
}

// One value on the translator's model of the operand stack. `home` is the slot the value owns
// by its stack position; `slot` is where it can be read now: the home, or the slot of a local
// whose local.get was deferred.
// A scalar constant is deferred too: it lives in no slot (slot == kNoSlot) until a consumer
// either takes it as an immediate or it is written where it is needed.
constexpr uint32_t kNoSlot = UINT32_MAX;

struct Operand {
  ValueType type;
  uint32_t home;
  uint32_t slot;
  bool constant = false;
  uint64_t bits = 0;  // the constant's value
  bool deferred() const { return slot != home; }
};

struct Label {
  Opcode kind;  // Block, Loop, If, Else, or Call for the function body itself
  uint32_t stack_size;  // operands below the block's parameters
  uint32_t base_slot;   // home of the first parameter or result
  const ValueType* params;
  uint32_t param_count;
  const ValueType* results;
  uint32_t result_count;
  uint32_t loop_start = 0;          // code index of a loop's first instruction
  uint32_t else_fixup = kNoFixup;   // an if's jump to its else (or end)
  std::vector<uint32_t> fixups;     // words waiting for the code index of the block's end
  bool unreachable = false;
};

}  // namespace

struct ModuleTranslator::State {
  State(const Module& m, TranslationOptions o) : module(m), context(m), options(o) {}

  const Module& module;
  ValidationContext context;
  TranslationOptions options;

  // Per function; cleared and reused.
  std::vector<Word> code;
  std::vector<uint32_t> target_words;  // words holding a code index, turned into pointers at the end
  std::vector<Operand> stack;
  std::vector<Operand> return_values;  // scratch for emit_return
  std::vector<Label> labels;
  std::vector<uint32_t> local_slot;
  std::vector<ValueType> local_type;
  std::vector<OffsetMapEntry> offsets;
  uint32_t local_slots = 0;
  uint32_t max_slots = 0;
  // The word holding the destination slot of the last value-producing instruction, and the code
  // size right after it: a local.set that follows immediately can retarget that destination.
  size_t result_word = SIZE_MAX;
  size_t result_end = SIZE_MAX;
  Opcode result_opcode = Opcode::Nop;
  bool result_immediate = false;  // the producer's second operand is an immediate word
  // The producer noted before that one (SIZE_MAX if none, or if anything came in between that
  // ended what the translator knew), for folds that look two instructions back.
  size_t previous_result_word = SIZE_MAX;
  size_t previous_result_end = SIZE_MAX;
  // When an instruction fuses with code emitted before it, the code index where the fused
  // instruction starts: its code is attributed to the consumer, the instruction that can trap.
  uint32_t fused_from = UINT32_MAX;
  // The last copy64 emitted, which a copy emitted right after it can join.
  size_t last_copy_start = SIZE_MAX;
  size_t last_copy_end = SIZE_MAX;
  uint32_t skip_depth = 0;  // nesting of blocks inside unreachable code being skipped
  uint32_t fuel_word = 0;   // the cost word of the basic block being translated

  CompiledFunction translate(uint32_t function_index);

  // --- emission
  uint32_t here() const { return uint32_t(code.size()); }
  void emit(HandlerId handler) { code.push_back(Word{.u64 = uint64_t(handler)}); }
  void emit_pair(uint32_t a, uint32_t b) {
    Word word;
    word.pair = {a, b};
    code.push_back(word);
  }
  void emit_u64(uint64_t value) { code.push_back(Word{.u64 = value}); }
  void emit_target(uint32_t code_index) {
    target_words.push_back(here());
    emit_u64(code_index);
  }
  void patch(uint32_t word, uint32_t code_index) { code[word].u64 = code_index; }

  // Fuel is charged per basic block, when the block is entered: a block is a run of
  // instructions that only the first can be branched to and only the last can branch from.
  void begin_fuel_block() {
    if (!options.fuel) return;
    emit(HandlerId::consume_fuel);
    fuel_word = here();
    emit_u64(0);
    result_word = SIZE_MAX;  // nothing before the charge can be retargeted or fused
  }
  void emit_epoch_check() {
    if (options.epoch_checks) emit(HandlerId::epoch_check);
  }
  void note_result(size_t word, Opcode producer = Opcode::Nop, bool immediate = false) {
    previous_result_word = result_word;
    previous_result_end = result_end;
    result_word = word;
    result_end = code.size();
    result_opcode = producer;
    result_immediate = immediate;
  }

  // A comparison just emitted whose only use is the branch being translated is folded into it.
  struct FusedCondition {
    HandlerId when_true;   // branch taken if the comparison holds
    HandlerId when_false;  // branch taken if it does not
    uint32_t a;
    uint32_t b;
  };
  std::optional<FusedCondition> take_comparison(const Operand& condition);

  // An address that the instruction just emitted computes as `base + addend` (i32.add or
  // i32.sub with a constant), for a memory access to fold in; the addition's code is removed.
  struct AddressSum {
    uint32_t base;
    uint32_t addend;
  };
  std::optional<AddressSum> take_address_sum(const Operand& address);
  // A load whose address is the i32.add (or I32AddShl) just emitted reads both its operands.
  bool fuse_indexed_load(const Instruction& load, ValueType type, const Operand& address);
  // An i32.add of an i32.shl by a constant just emitted becomes one I32AddShl.
  bool fuse_shifted_add(const Operand& a, const Operand& b);

  // The operand words [pair{dst|a}][b or immediate] of the three-word instruction just
  // emitted, if it is `producer` (in its immediate form or not) and computed `operand`, which
  // nothing else reads; its code is removed so the consumer can do its work.
  struct ProducerOperands {
    Word first;   // pair{dst|a}
    Word second;  // pair{b|-} or the immediate
  };
  std::optional<ProducerOperands> take_producer(const Operand& operand, Opcode producer, bool immediate);
  // Folds of one arithmetic instruction into the next (handlers.hh, I64AddShrU to
  // I64ExtractBits); true if `in` was emitted so.
  bool fuse_arithmetic(const Instruction& in, const Operand& a, const Operand& b);
  bool fuse_arithmetic_immediate(const Instruction& in, const Operand& a, uint64_t immediate);
  // A binary operation whose first operand is a constant and second is not: the immediate
  // form with the operands swapped, for commutative operations, or a reversed f64 form.
  bool translate_constant_first(const Instruction& in, ValueType type);
  // A binary operation whose operand is the load just emitted (memory_operand_ops.def).
  bool fuse_memory_operand(const Instruction& in, ValueType type, const Operand& a, const Operand& b);
  // A store whose value is the binary operation just emitted (memory_operand_ops.def).
  bool fuse_stored_result(const Instruction& store, const Operand& address, const Operand& value);
  // A store whose value is the load just emitted, of the same width, becomes one memory_move.
  bool fuse_memory_move(const Instruction& store, const Operand& address, const Operand& value);

  // --- operand stack model
  uint32_t next_home() const {
    if (stack.empty()) return local_slots;
    return stack.back().home + slot_size(stack.back().type);
  }
  const Operand& push(ValueType type) {
    const uint32_t home = next_home();
    stack.push_back(Operand{type, home, home});
    max_slots = std::max(max_slots, home + slot_size(type));
    return stack.back();
  }
  // Pops an operand that the consumer reads from a slot (constants are written to their home).
  Operand pop() {
    Operand operand = stack.back();
    stack.pop_back();
    if (operand.constant) materialize(operand);
    return operand;
  }
  // Pops without materializing: for consumers that take constants as immediates, or drop.
  Operand pop_raw() {
    Operand operand = stack.back();
    stack.pop_back();
    return operand;
  }
  // A copy right after another one joins it (copy64x2), one dispatch for both, unless a
  // branch may land between them.
  void copy(uint32_t dst, uint32_t src, ValueType type) {
    if (type != ValueType::V128 && last_copy_end == here() && code[last_copy_start].u64 == uint64_t(HandlerId::copy64)) {
      code[last_copy_start].u64 = uint64_t(HandlerId::copy64x2);
      emit_pair(dst, src);
      last_copy_end = SIZE_MAX;
      return;
    }
    const size_t start = here();
    emit(type == ValueType::V128 ? HandlerId::copy128 : HandlerId::copy64);
    emit_pair(dst, src);
    if (type != ValueType::V128) {
      last_copy_start = start;
      last_copy_end = here();
    }
  }
  // The current code index, which a branch is about to target: no instruction may be fused
  // across it, and no result computed before it may be retargeted or folded into code after
  // it (a loop's back edge carries new values into its parameters' slots).
  uint32_t branch_target_here() {
    last_copy_end = SIZE_MAX;
    result_word = SIZE_MAX;
    return here();
  }
  // Writes the operand's value into `dst` (which is not where it is now).
  void place(uint32_t dst, const Operand& operand) {
    if (operand.constant) {
      emit(HandlerId::const64);
      emit_pair(dst, 0);
      emit_u64(operand.bits);
    } else if (operand.slot != dst) {
      copy(dst, operand.slot, operand.type);
    }
  }
  void materialize(Operand& operand) {
    if (!operand.deferred()) return;
    place(operand.home, operand);
    operand.slot = operand.home;
    operand.constant = false;
  }
  void materialize_all() {
    for (Operand& operand : stack) materialize(operand);
  }
  void materialize_top(uint32_t count) {
    for (size_t i = stack.size() - count; i < stack.size(); ++i) materialize(stack[i]);
  }
  // Before a local is written, values still read from it must be copied out.
  void materialize_reading(uint32_t local, size_t below) {
    for (size_t i = 0; i < below; ++i)
      if (stack[i].deferred() && stack[i].slot == local) materialize(stack[i]);
  }
  // Moves the top `count` operands to consecutive slots starting at `base` (a label's slots).
  void move_top_to(uint32_t count, uint32_t base) {
    uint32_t dst = base;
    for (size_t i = stack.size() - count; i < stack.size(); ++i) {
      place(dst, stack[i]);
      dst += slot_size(stack[i].type);
    }
  }
  bool top_in_place(uint32_t count, uint32_t base) const {
    uint32_t dst = base;
    for (size_t i = stack.size() - count; i < stack.size(); ++i) {
      if (stack[i].slot != dst) return false;
      dst += slot_size(stack[i].type);
    }
    return true;
  }

  // --- control
  Label& label_at(uint32_t depth) { return labels[labels.size() - 1 - depth]; }
  static uint32_t arity(const Label& label) {
    return label.kind == Opcode::Loop ? label.param_count : label.result_count;
  }
  void branch_to(Label& label) {
    if (label.kind == Opcode::Loop) {
      emit_target(label.loop_start);
    } else {
      label.fixups.push_back(here());
      emit_target(0);
    }
  }
  void enter_unreachable() {
    Label& label = labels.back();
    label.unreachable = true;
    stack.resize(label.stack_size);
    skip_depth = 0;
  }
  static bool is_function(const Label& label) { return label.kind == Opcode::Call; }
  // An unconditional branch carrying the label's values; to the function's label, a return.
  void branch_with_values(Label& target) {
    if (is_function(target)) return emit_return();
    move_top_to(arity(target), target.base_slot);
    emit(HandlerId::br);
    branch_to(target);
  }
  void push_label(Opcode kind, const BlockType& type);
  void emit_return();

  void translate_instruction(const Instruction& in, const OpcodeInfo& info, InstructionReader& reader);
  void translate_fixed(const Instruction& in, const OpcodeInfo& info);
  void translate_control(const Instruction& in, InstructionReader& reader);
  void translate_other(const Instruction& in);
  void local_set(uint32_t index, bool keep);
};

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
  const HandlerId handler = indexed_load_for_opcode(load.opcode);
  // The add's layout (I32Add or I32AddShl): [h][pair{dst|a}][pair{b|shift}], shift 0 for I32Add.
  const uint32_t base = code[result_word].pair.b;
  const uint32_t index = code[result_word + 1].pair.a;
  const uint32_t shift = code[result_word + 1].pair.b;
  if (handler == HandlerId::Count || index >= (1u << 24) || shift > 31) return false;
  const size_t start = result_word - 1;
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  emit(handler);
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
  const HandlerId plain = immediate ? immediate_handler_for_opcode(producer) : handler_for_opcode(producer);
  if (code[result_word - 1].u64 != uint64_t(plain)) return std::nullopt;
  const ProducerOperands operands{code[result_word], code[result_word + 1]};
  const size_t start = result_word - 1;
  code.resize(start);
  fused_from = uint32_t(start);
  result_word = SIZE_MAX;
  return operands;
}

bool ModuleTranslator::State::fuse_arithmetic(const Instruction& in, const Operand& a, const Operand& b) {
  if (result_word != SIZE_MAX && result_immediate) {
    const HandlerId shifted_form = shifted_operand_form(in.opcode, result_opcode);
    if (shifted_form != HandlerId::Count) {
      const bool wide = signature_is_64(in.opcode);
      const Operand* other = &a;
      std::optional<ProducerOperands> shifted = take_producer(b, result_opcode, true);
      if (!shifted) {
        shifted = take_producer(a, result_opcode, true);
        other = &b;
      }
      if (shifted) {
        emit(shifted_form);
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
  HandlerId handler = HandlerId::Count;
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
  emit(handler);
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
  const HandlerId handler = memory_operand_form(in.opcode, result_opcode);
  if (handler == HandlerId::Count) return false;
  const bool commutative = in.opcode != Opcode::F64Sub && in.opcode != Opcode::F64Div;
  uint32_t other = a.slot;
  std::optional<ProducerOperands> load = take_producer(b, result_opcode, false);
  if (!load && commutative) {
    load = take_producer(a, result_opcode, false);
    other = b.slot;
  }
  if (!load) return false;
  // The load's layout: [h][pair{dst|address}][pair{offset|addend}].
  emit(handler);
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
  const HandlerId handler = stored_result_form(result_opcode, store.opcode);
  if (handler == HandlerId::Count) return false;
  const std::optional<ProducerOperands> operation = take_producer(value, result_opcode, false);
  if (!operation) return false;
  // The operation's layout: [h][pair{dst|a}][pair{b|-}]. It cannot trap; the store can, and the
  // whole instruction is attributed to the store.
  emit(handler);
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
  if (kind == Opcode::Loop) {
    emit_epoch_check();
    begin_fuel_block();
  }
}

void ModuleTranslator::State::emit_return() {
  const Label& function_label = labels.front();
  const uint32_t count = function_label.result_count;
  // Works on a copy: a return inside br_if or br_table runs on one path only, so the stack
  // model that the other paths continue with must not change.
  return_values.assign(stack.end() - count, stack.end());
  if (count == 1 && return_values[0].type != ValueType::V128 && !return_values[0].constant) {
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
    const HandlerId immediate_form = immediate_handler_for_opcode(in.opcode);
    if (immediate_form != HandlerId::Count) {
      const Operand b = pop_raw();
      const Operand a = pop();
      if (fuse_arithmetic_immediate(in, a, b.bits)) return;
      emit(immediate_form);
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
    const HandlerId absolute = absolute_access_for_opcode(in.opcode);
    if (address.constant && absolute != HandlerId::Count) {
      const HandlerId constant_store =
          !is_load && stack.back().constant ? store_constant_form(in.opcode, stack.back().bits, true) : HandlerId::Count;
      const Operand value = is_load ? Operand{} : constant_store != HandlerId::Count ? pop_raw() : pop();
      const uint32_t address_bits = uint32_t(pop_raw().bits);
      if (constant_store != HandlerId::Count) {
        emit(constant_store);
        emit_pair(0, uint32_t(value.bits));
        emit_pair(in.memarg.offset, address_bits);
        return;
      }
      emit(absolute);
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
    const HandlerId constant_store = store_constant_form(in.opcode, stack.back().bits, false);
    if (constant_store != HandlerId::Count) {
      const uint32_t value_bits = uint32_t(pop_raw().bits);
      const Operand address = pop();
      uint32_t base = address.slot, addend = 0;
      if (const std::optional<AddressSum> sum = take_address_sum(address)) {
        base = sum->base;
        addend = sum->addend;
      }
      emit(constant_store);
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

  const HandlerId handler = handler_for_opcode(in.opcode);
  if (handler == HandlerId::Count) {
    Error error;
    error.kind = ErrorKind::Limit;
    error.message = "instruction not supported by the interpreter yet: " + std::string(info.name);
    error.offset = in.offset;
    throw WasmError(std::move(error));
  }
  emit(handler);
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
    case Opcode::Loop:
      push_label(in.opcode, in.block_type);
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
          if (target.kind == Opcode::Loop)
            patch(table + i, target.loop_start);
          else
            target.fixups.push_back(table + i);
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
  emit_epoch_check();
  begin_fuel_block();
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
    if (max_slots > kMaxFrameSlots) {
      Error error;
      error.kind = ErrorKind::Limit;
      error.message = "function needs more than " + std::to_string(kMaxFrameSlots) + " frame slots";
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

ModuleTranslator::ModuleTranslator(const Module& module, TranslationOptions options)
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

uint32_t CompiledFunction::wasm_offset_at(const Word* pc) const {
  const uint32_t index = uint32_t(pc - code.data());
  auto after = std::upper_bound(offsets.begin(), offsets.end(), index,
                                [](uint32_t value, const OffsetMapEntry& entry) { return value < entry.code_index; });
  if (after == offsets.begin()) return offsets.empty() ? 0 : offsets.front().wasm_offset;
  return std::prev(after)->wasm_offset;
}

}  // namespace wasmprof::exec
