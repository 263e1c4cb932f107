// Machine code inside the interpreter's frames: the contract between exec and a compiling tier
// (src/compile/). A compiled function is an ordinary CompiledFunction whose code starts with
// one `native_enter` instruction, so every path that enters a function (calls, invoke, the
// lazy stub) enters it unchanged, and everything that reads frames (backtraces, the sampler,
// traps) reads them unchanged:
//
//   [native_enter][NativeEntry][site 0: position][site 0: exit][site 1: position][site 1: exit]...
//
// A *site* is a place in the compiled function that can be observed: a call, a trap, an
// interrupt check. Its first word is its position (ExecContext::current_pc at a trap or an
// interrupt there; the offset table maps it to the wasm instruction), its second the return
// address a call made there records, whose `exit` ends the interpreter's dispatch when an
// interpreted callee returns into compiled code.
//
// The compiled code keeps wasm's values in machine registers; only at calls do they pass through
// frame slots, in the interpreter's layout: a function's parameters arrive in its frame's first
// slots and its results leave there, and it places a callee's frame just above its own
// (NativeFrameLayout). So the interpreter and compiled code call each other freely, and a module
// may be partly compiled.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>

#include "exec/code.hh"
#include "exec/context.hh"

namespace wasmprof {
struct DecodedModule;
}

namespace wasmprof::exec {

// A compiled function (NativeEntry): reads its arguments from fp[0..), writes its results to fp[0..), and
// returns TrapKind::None, or a trap with ExecContext::current_pc at the site where it happened
// (the records of the frames above it written in ExecContext::calls, as the interpreter leaves
// them: exec/native_records.hh).
// (NativeEntry is declared in code.hh, for the code word that holds it.)

// What compiled code reads of its instance and store at entry and after anything that may change
// it (a call, memory.grow): one helper call fills it. Plain data, so compiled code addresses its
// fields by offset.
struct NativeView {
  // Where memory 0's base and size are kept (LinearMemory): read again after a call or a grow.
  // Without a memory, the two fields below, which then stay null and 0.
  uint8_t* const* memory_base_address;
  const uint64_t* memory_size_address;
  uint8_t* no_memory_base;
  uint64_t no_memory_size;
  GlobalInstance* const* globals;              // the instance's globals
  FunctionInstance* const* functions;          // the instance's functions
  ModuleInstance* instance;                    // ExecContext::instance
  const std::atomic<uint64_t>* epoch;          // ExecContext::epoch
  const uint64_t* epoch_deadline;              // ExecContext::epoch_deadline
  // What a direct call between compiled functions of one instance needs (the helper's checks,
  // made inline; its record is written only when read: exec/native_records.hh), and what
  // compiled code writes before it calls a helper.
  uint32_t* depth;                             // ExecContext::depth
  uintptr_t* helper_caller_frame;              // ExecContext::helper_caller_frame
  Slot* stack_end;                             // ExecContext::stack_end
  uint64_t max_call_depth;                     // ExecContext::limits.max_call_depth
  // What call_indirect's checks read inline: each table's elements as its vector keeps them
  // (table_elements), and the canonical ids of the module's types.
  TableInstance* const* tables;
  const uint32_t* type_ids;
  uint64_t* fuel;  // ExecContext::fuel: code compiled with fuel pays each basic block there
};

// Where a table's elements are, for compiled code: `begin` and `end` of TableInstance::elements,
// read at `table_elements_offset` and the word after it, as std::vector lays them out (libstdc++
// and libc++ both keep begin, end, end of capacity; tests/exec checks it). Re-read at every
// call_indirect, since table.grow may move them.
size_t table_elements_offset();
// The offsets compiled code reads in a FunctionInstance (which is not standard-layout, so has no
// offsetof): its machine code (entry and body), its code, its canonical type id and its instance.
struct FunctionInstanceOffsets {
  size_t native, native_body, code, type_id, module;
};
const FunctionInstanceOffsets& function_instance_offsets();

// Where a compiled function's code words and offsets live: built by ModuleCode around what the
// compiler reports.
namespace native_layout {
constexpr uint32_t kEntryWord = 1;  // code[1]: the NativeEntry
constexpr uint32_t kFirstSite = 2;
constexpr uint32_t site_position(uint32_t site) { return kFirstSite + 2 * site; }
}  // namespace native_layout

// The machine code `code` starts with if it is a compiled function; null for interpreted code
// and stubs.
inline NativeEntry native_entry(const CompiledFunction& code) {
  return code.code[0].u64 == uint64_t(HandlerId::native_enter) ? code.code[native_layout::kEntryWord].native : nullptr;
}

// Builds the CompiledFunction of a compiled function with `site_offsets.size()` sites: its code
// words (entry still null), offset table and frame sizes. `frame_slots` is what the compiled
// function needs of the slot stack for itself: parameters, results, and its callees' frames start
// right after (NativeFrameLayout).
CompiledFunction make_native_function(uint32_t body_offset, std::span<const uint32_t> site_offsets,
                                      uint32_t param_slots, uint32_t result_slots);

// The helpers compiled code calls, by address (a compiler bakes these into its code). Each runs
// on the guest's thread inside a native frame of the compiled caller.
struct NativeHelpers {
  // Fills the view of the running instance (ExecContext::instance), at a compiled function's
  // entry.
  void (*view)(ExecContext* context, NativeView* view);
  // Calls function `index` of the running instance with its frame at `callee_fp` (arguments
  // already there; results come back there); `site` is the caller's site making the call. A
  // host function, an interpreted or a compiled one, or a stub not yet translated: all the same.
  TrapKind (*call)(ExecContext* context, uint32_t index, Slot* callee_fp, const Word* site);
  // call_indirect through table `table` of the running instance, element `element`, expecting
  // the module's type `type_index`; traps as the interpreter's call_indirect does.
  TrapKind (*call_indirect)(ExecContext* context, uint32_t type_index, uint32_t table, uint32_t element,
                            Slot* callee_fp, const Word* site);
  // At a check point (function entry, loop back edge) whose frame address was below
  // ExecContext::native_limit or (code compiled with `epoch_checks`) where the epoch deadline
  // has passed: serves a pending interrupt request, then traps "call stack exhausted" if the
  // frame (ExecContext::helper_caller_frame) is below the host-stack floor, then runs the
  // deadline's callback; all with `site` as the position. Without epoch checks the deadline
  // means nothing, as in the interpreter's code.
  TrapKind (*check_point)(ExecContext* context, const Word* site, bool epoch_checks);
  // memory.grow on memory 0: the old size in pages, or -1 (as uint32).
  uint32_t (*memory_grow)(ExecContext* context, uint32_t delta_pages);
  // Raises `trap` at `site`: sets the position and returns the trap.
  TrapKind (*trap)(ExecContext* context, const Word* site, TrapKind trap);
  // A reference, table or bulk memory instruction (exec/bulk_ops.hh) of the running instance:
  // `opcode` with its immediates (`index`, `second_index` as binary/instruction.hh names them),
  // its operands in order (i32s zero-extended), its result (if any) written to `result`.
  TrapKind (*instruction)(ExecContext* context, const Word* site, uint32_t opcode, uint32_t index,
                          uint32_t second_index, const uint64_t* operands, uint64_t* result);
  // A function probe at `site` of the compiled function whose frame is `fp` (its parameters, at
  // entry, or its results, at exit, in the frame's first slots), as the interpreter's probe
  // instruction calls it.
  TrapKind (*probe)(ExecContext* context, const Word* site, Slot* fp, ProbeCallback callback, uint32_t probe_id,
                    uint32_t point);
};
const NativeHelpers& native_helpers();

// The host-stack floor below which compiled code (which recurses on the host stack) must not go:
// a function entered deeper traps "call stack exhausted" (at its entry's check point) instead of
// overflowing it. Set by invoke() for the thread that runs the store.
uintptr_t host_stack_floor();

// Where ExecContext::native_limit is in an ExecContext, for compiled code's check points, which
// read it through their context argument.
size_t native_limit_offset();

class NativeCompiler;
struct TranslationOptions;

// How hard a compiler works on each function. Full where each function is compiled at its first
// call and runs long after (the compiled strategy); Quick where the guest keeps running in the
// interpreter until the code arrives (tiering): no callees' copies and a lighter optimizer, which
// compile flite's hottest function (5.6 KB of wasm) in 0.4 s instead of 1.2 s, for code within
// 0-20 % of Full's on the bench suite (call-heavy richards loses most: ARCHITECTURE.md).
enum class CompileEffort : uint8_t { Full, Quick };

// The entry point of a compiling tier built as a plugin (src/compile/plugin_entry.cc): a compiler
// for `module` (valid, outliving it), or null where the host has no code generator; the caller
// owns it. Found by this name, which is the symbol's.
using NativeCompilerFactory = NativeCompiler* (*)(const DecodedModule& module, const TranslationOptions& options,
                                                  CompileEffort effort);
constexpr const char* kNativeCompilerFactory = "wasmprof_make_native_compiler";

// A compiler of one module's functions. ModuleCode asks it at each function's first call;
// nullopt keeps the function in the interpreter (an instruction or option it does not handle
// yet, or an internal failure, which it reports once on stderr).
class NativeCompiler {
 public:
  virtual ~NativeCompiler() = default;

  // The function's code as make_native_function builds it, with its entry word filled in.
  // `defined_index` is a defined function of the module the compiler was made for. Called with
  // ModuleCode's translation lock held, so never twice at once for one module.
  virtual std::optional<CompiledFunction> compile(uint32_t defined_index) = 0;
};

}  // namespace wasmprof::exec
