// Translates validated function bodies into the interpreter's internal code (see code.hh).
// The translator resolves every operand-stack position to a frame slot, so handlers address
// operands directly; it defers local.get (an operand can be read straight from its local's slot)
// and writes a result straight into the local a following local.set names, so the common
// `local.get a; local.get b; i32.add; local.set c` becomes one internal instruction.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "binary/module.hh"
#include "exec/code.hh"
#include "wasmprof/result.hh"

namespace wasmprof::exec {

// Wasmtime's fuel costs, so budgets carry over: instructions that only structure code or discard a
// value are free, everything else costs one unit. Both tiers charge them per basic block, at its
// start.
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

// Instrumentation compiled into the code; an engine's configuration decides it for every
// module it compiles, so code without it pays nothing.
struct HotCounter;

struct TranslationOptions {
  bool epoch_checks = false;  // an epoch_check at each function entry; loop back-edges check
  bool fuel = false;          // a consume_fuel at each basic block's start
  // Compiled code only: every memory of the store has the Guarded layout and the fault handler is
  // installed (exec/native_faults.hh), so an access whose offset and width fit in the guard needs
  // no bounds check of its own.
  bool guarded_memory = false;
  // Function probes: each defined function whose name (the name section's, or else an export
  // name) is in this list gets a `probe` at its entry and before every return, calling
  // `probe_callback` with the name's position in the list as the probe id. Read only while
  // translating (the names belong to the engine's configuration).
  std::span<const std::string> probed_functions;
  ProbeCallback probe_callback = nullptr;
  // Tiered execution: the module's hot counters, by defined function index (exec/hot_counter.hh);
  // each function's entry and loops count on theirs until compiled code replaces it. Null: no
  // counting.
  HotCounter* hot_counters = nullptr;
  // For a compiling tier: whether an interpreted activation may move into a function's machine
  // code at a loop header (tiered execution's on-stack replacement), so that code must be
  // enterable there. Entries into loops make them irreducible to LLVM, which then optimizes only
  // the innermost (nbody's nests: 8 % more instructions, bwt 11 %), so code compiled at a
  // function's first call, which no activation ever moves into, has none.
  bool loop_entries = false;
  // Frames larger than this are refused (an implementation limit), so slot indices always fit
  // comfortably in 32 bits and a frame's size in bytes cannot overflow. Tests lower it.
  uint32_t max_frame_slots = 1u << 24;
  // Defined functions the compiling tier refuses as if it had failed on them (they stay
  // interpreted): tests make partly compiled modules and the fallback's path with it.
  std::vector<uint32_t> compile_failures;
};

// Function probes: the probe id of each function of `module` (by function index), kNotProbed for
// those not probed; empty if the options probe nothing. Both tiers select by this one rule.
constexpr uint32_t kNotProbed = UINT32_MAX;
std::vector<uint32_t> select_probed_functions(const DecodedModule& module, const TranslationOptions& options);

// Translates the functions of one validated module; reuses its scratch storage between functions.
class ModuleTranslator {
 public:
  // Resolves the options' probed names here: the translator keeps no reference to them.
  explicit ModuleTranslator(const DecodedModule& module, TranslationOptions options = {});
  ~ModuleTranslator();

  // `function_index` names a defined (not imported) function of the module.
  Result<CompiledFunction> translate(uint32_t function_index);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmprof::exec
