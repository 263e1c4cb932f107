// The interpreter's internal code: each function is translated once into a sequence of 64-bit
// words. An instruction is a handler pointer followed by its operand words; operands name frame
// slots (locals and operand-stack positions resolved at translation time), so no handler
// pushes or pops a value stack. Handlers end by tail-calling the next handler (direct
// threading), which keeps the interpreter's state in registers across instructions.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "exec/instance.hh"
#include "exec/value.hh"

namespace wasmprof::exec {

union Word;

// Function probes (TranslationOptions::probed_functions): a `probe` instruction at the entry of
// a probed function and before each of its returns calls the callback compiled into it, with
// the running function (the top of ExecContext::calls) paused at the probe (current_pc).
// `values` are its arguments at Entry (slots [0, param_slots)) and its results at Exit (slots
// [0, result_slots)). A trap it returns stops execution.
enum class ProbePoint : uint32_t { Entry, Exit };
using ProbeCallback = TrapKind (*)(ExecContext& context, uint32_t probe_id, ProbePoint point, const Slot* values);

// Every handler has this signature, so each can musttail-call the next. `memory` and
// `memory_size` cache memory 0 of the running function's instance.
using Handler = TrapKind (*)(const Word* pc, Slot* fp, ExecContext* context, uint8_t* memory, uint64_t memory_size);

union Word {
  uint64_t u64;  // in an instruction's first word: its HandlerId
  struct {
    uint32_t a;
    uint32_t b;
  } pair;
  const Word* target;
  const void* pointer;
  ProbeCallback probe;  // a probe's callback
  NativeEntry native;   // a compiled function's entry
};
static_assert(sizeof(Word) == 8);

// Where an internal instruction came from: the wasm byte offset (module-relative) of the
// instruction that produced the code starting at `code_index`.
struct OffsetMapEntry {
  uint32_t code_index;
  uint32_t wasm_offset;
};

// The slots a value of `type` takes in a frame: one, two for a v128.
constexpr uint32_t slot_size(ValueType type) { return type == ValueType::V128 ? 2 : 1; }

// Machine code: which wasm instruction each byte of a compiled function's machine code came from,
// with the wasm functions the compiler inlined there, innermost first, so that a program counter
// read anywhere (a sampler's signal, a fault) names every wasm frame it stands for. Built from
// the line tables the compiler emits (compile/machine_code_map.hh).
struct MachineFrame {
  uint32_t function_index;  // of the module
  // Module offset of the instruction (innermost frame) or of the call an inlined frame was
  // called from (outer frames); 0 where the compiler could not keep one (merged code).
  uint32_t wasm_offset;
  bool operator==(const MachineFrame&) const = default;
};

struct MachineCodeMap {
  struct Range {
    uintptr_t start;  // up to the next range's start
    uint32_t first_frame;
    uint32_t frame_count;  // 0: no wasm code here (between functions, past the end)
  };
  std::vector<Range> ranges;  // ascending start
  std::vector<MachineFrame> frames;

  // The frames at `pc`, innermost first; empty outside the map's code.
  std::span<const MachineFrame> frames_at(uintptr_t pc) const;
};

struct CompiledFunction {
  std::vector<Word> code;
  uint32_t param_slots = 0;
  uint32_t local_slots = 0;   // parameters included
  uint32_t frame_slots = 0;   // locals plus the deepest operand stack
  uint32_t result_slots = 0;
  std::vector<OffsetMapEntry> offsets;  // ascending code_index
  // Machine code only: the code of the callees' copies the compiler made inside this function
  // (what their frames' CallRecord::code names), which lives as long as this code does.
  std::vector<std::unique_ptr<const CompiledFunction>> callee_copies;
  // Machine code only: the map of the machine code made with this function (its copies
  // included). Empty where the compiler made none.
  MachineCodeMap machine_map;
  // Machine code only: the function's body as compiled callers of its instance call it, with
  // its arguments and results in registers (the compiler's signature for its wasm type; the
  // NativeEntry of code[1] is a wrapper that moves them through the frame's slots). Null when
  // the compiler made none.
  const void* native_body = nullptr;

  // The module-relative wasm offset of the instruction whose code contains `pc`.
  uint32_t wasm_offset_at(const Word* pc) const;
};

}  // namespace wasmprof::exec
