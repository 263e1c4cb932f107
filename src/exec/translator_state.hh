// The translator's working state (see translator.hh): the model of the operand stack and of
// the open blocks, the code being emitted, and what the folds of one instruction into the
// next need to know about the last ones emitted. Internal to src/exec: shared by
// translator.cc (the translation itself) and translator_folds.cc (the folds).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "binary/instruction_reader.hh"
#include "exec/handlers.hh"
#include "exec/hot_counter.hh"
#include "exec/translator.hh"
#include "valid/context.hh"

namespace wasmprof::exec {
namespace translation {
using exec::slot_size;

constexpr uint32_t kNoFixup = UINT32_MAX;

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

}  // namespace translation


struct ModuleTranslator::State {
  using Operand = translation::Operand;
  using Label = translation::Label;

  State(const DecodedModule& m, TranslationOptions o) : module(m), context(m), options(std::move(o)) {
    probe_ids = select_probed_functions(module, options);
    // The names belong to the engine's configuration, which may be gone by the time a lazily
    // translated function is first called; the ids just selected are all that is needed.
    options.probed_functions = {};
  }

  const DecodedModule& module;
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
  uint32_t last_instruction = 0;  // code index of the last instruction's handler word
  // Function probes: the probe id of each function (by function index), kNotProbed if none;
  // and that of the function being translated.
  std::vector<uint32_t> probe_ids;
  uint32_t probe_id = kNotProbed;

  CompiledFunction translate(uint32_t function_index);

  // --- emission
  uint32_t here() const { return uint32_t(code.size()); }
  void emit(HandlerId handler) {
    last_instruction = here();
    code.push_back(Word{.u64 = uint64_t(handler)});
  }
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
  // [tier_up][HotCounter*][pair{defined index|-}] at the entry of every function of a tiered module.
  void emit_tier_up() {
    if (options.hot_counters == nullptr) return;
    emit(HandlerId::tier_up);
    code.push_back(Word{.pointer = &options.hot_counters[defined_index]});
    emit_pair(defined_index, 0);
  }
  // [loop_tier_up][HotCounter*][pair{defined index|loop offset}] at the header of a tiered
  // module's loop entered with an empty operand stack and no parameters, where an activation
  // can move to machine code with nothing but its locals (function_codegen.cc agrees on which).
  void emit_loop_tier_up(uint32_t loop_offset) {
    if (options.hot_counters == nullptr || !stack.empty()) return;
    emit(HandlerId::loop_tier_up);
    code.push_back(Word{.pointer = &options.hot_counters[defined_index]});
    emit_pair(defined_index, loop_offset);
  }
  uint32_t defined_index = 0;  // of the function being translated
  // A probe where the running function's arguments (entry) or results (exit) are in slots 0...
  void emit_probe(ProbePoint point) {
    emit(HandlerId::probe);
    emit_pair(uint32_t(point), probe_id);
    code.push_back(Word{.probe = options.probe_callback});
    result_word = SIZE_MAX;  // nothing before the probe can be retargeted past it
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
    return stack.back().home + translation::slot_size(stack.back().type);
  }
  const Operand& push(ValueType type) {
    const uint32_t home = next_home();
    stack.push_back(Operand{type, home, home});
    max_slots = std::max(max_slots, home + translation::slot_size(type));
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
      dst += translation::slot_size(stack[i].type);
    }
  }
  bool top_in_place(uint32_t count, uint32_t base) const {
    uint32_t dst = base;
    for (size_t i = stack.size() - count; i < stack.size(); ++i) {
      if (stack[i].slot != dst) return false;
      dst += translation::slot_size(stack[i].type);
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
      // The branch being emitted goes back to a loop header: with epoch checks, its _loop form
      // checks the epoch when taken (see WASMPROF_LOOP_BRANCHES).
      if (options.epoch_checks) {
        if (const std::optional<HandlerId> checked = loop_branch_for(HandlerId(code[last_instruction].u64)))
          code[last_instruction].u64 = uint64_t(*checked);
      }
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

}  // namespace wasmprof::exec
