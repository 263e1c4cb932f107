// The state of one thread of wasm execution: the slot stack that holds every frame, the record
// of active calls (what backtraces and the sampler read), and the flag through which other
// threads ask running code to stop at the next instruction boundary.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "exec/code.hh"
#include "exec/handlers.hh"
#include "exec/native_faults.hh"
#include "exec/native_sampling.hh"

namespace wasmprof::exec {

// One active wasm call. The current instruction of a caller frame is the call that created the
// frame above it (return_pc points just after it); of the top frame, ExecContext::current_pc.
// `code` is what the frame runs, which is not always its function's code now: a tier-up switches
// the function for its next entries (and the frame it happens in, which then updates its record)
// while its outer activations go on in the code they started in, and compiled code may run a
// callee's copy made inside the caller. A frame's pcs are read in its `code`.
// Compiled code calls without writing records: those of its frames are written from the machine
// frames when something may read them (exec/native_records.hh), each with the machine frame and
// pc it was written for, so that a record still true is not written again. Every other writer
// leaves those two zero (no machine frame).
struct CallRecord {
  const FunctionInstance* function;
  const CompiledFunction* code;
  Slot* fp;               // (only for the interpreter's return: compiled frames' records leave it unset)
  const Word* return_pc;  // where the caller resumes
  Slot* caller_fp;        // non-null for a frame a wasm call made (the walk reads only that)
  ModuleInstance* caller_instance;  // (as fp)
  uintptr_t machine_frame = 0;  // a compiled frame's: its frame address and the pc in it when
  uintptr_t machine_pc = 0;     // the record was written
};

// Called at the next instruction boundary after request_interrupt(): may take a sample, run an
// epoch callback, or return a trap to stop execution.
using InterruptHandler = TrapKind (*)(ExecContext& context, void* user_data);

struct ExecLimits {
  uint32_t max_call_depth = 10000;
  uint32_t stack_slots = 1u << 20;  // 8 MiB of slots
};

// Slots allocated past ExecContext::stack_end. Compiled code writes a callee's arguments just
// above its own frame, which the checks so far kept below stack_end, before the helper it calls
// checks the callee's frame: a frame of at most this many slots may be written there unchecked,
// and compiled code checks a larger one first (so its calls need no check of their own).
constexpr uint32_t kCalleeFrameSlack = 32;

struct ExecContext {
  explicit ExecContext(ExecLimits limits = {});

  // Interrupts: any thread may call request_interrupt(); the interpreter serves it at the next
  // instruction boundary by calling on_interrupt. Handlers dispatch through `dispatch_table`,
  // which normally points at the immutable kHandlerTable; a request sets the flag, then points
  // it at a table whose every entry is the interrupt handler, which points it back. So nothing is
  // checked per instruction while no request is pending, and one store diverts every opcode at
  // once: whichever instruction comes next serves the request, from any thread, with no bias
  // toward some opcodes. (Setting the flag first means a request is never lost; a request racing
  // with a restore costs at most one spurious visit.)
  //
  // Compiled code is diverted the same way, through `native_limit`: its check points (function
  // entry, loop back edge) compare their frame address with it, one load, which stands for two
  // checks (as V8's stack limit does): it is host_stack_floor while no request is pending, so a
  // frame below it is one recursing too deep, and UINTPTR_MAX while one is, so every frame is
  // below it and the next check point takes the slow path (native_code.hh's check_point), which
  // tells the two apart. The protocol, whose every access is sequentially consistent:
  // - a request sets the flag, then the limit to the maximum (and the table);
  // - serving one sets the limit back to the floor (and the table), then takes the flag
  //   (exchange): if a request's flag came first, this serves it (its limit store may come
  //   after ours and leave the limit at the maximum: one spurious slow path, which finds no flag
  //   and sets the limit back); if it came after, so does its limit store, after ours, and the
  //   limit stays at the maximum until the next check point serves it. No request is lost;
  // - putting the limit back without serving (restore_native_limit: a check point that finds no
  //   request, and invoke() setting the floor) sets the limit to the floor, then reads the flag
  //   and sets the limit to the maximum again if it is set (as above: a request whose flag came
  //   after that read stores its maximum after ours).
  // request_interrupt() stores only to lock-free atomics: any thread or a signal handler may call
  // it.
  std::atomic<uint8_t> interrupt_pending{0};
  std::atomic<uintptr_t> native_limit{0};
  static_assert(std::atomic<uintptr_t>::is_always_lock_free && std::atomic<uint8_t>::is_always_lock_free);
  static constexpr uintptr_t kInterruptLimit = UINTPTR_MAX;
  void request_interrupt();
  void restore_dispatch();
  void restore_native_limit();
  // Serves a pending request at `position` (the interpreter's next instruction, or compiled
  // code's check point): points the dispatch and the limit back and, if the flag was set, calls
  // on_interrupt with the position as current_pc. Returns the trap it asks for, or None.
  TrapKind serve_interrupt_request(const Word* position);
  // An epoch check point at `position` found the deadline passed: the embedder's callback decides
  // (no callback: trap Interrupted).
  TrapKind epoch_deadline_reached(const Word* position);
  // A function probe of the top frame (whose frame is `fp`, its parameters or results in the first
  // slots) paused at `position`: the callback's stack walk sees that as the frame's instruction,
  // and what the host does on the slot stack goes above the frame.
  TrapKind call_probe(const Word* position, Slot* fp, ProbeCallback callback, uint32_t probe_id, ProbePoint point);
  std::atomic<const Handler*> dispatch_table{kHandlerTable};

  InterruptHandler on_interrupt = nullptr;
  void* interrupt_user_data = nullptr;

  // Epoch interruption (code compiled with epoch checks): at a function entry or a branch back to a loop header
  // where *epoch >= epoch_deadline, on_epoch_deadline runs (no handler: trap Interrupted). It
  // may move the deadline and continue, or return a trap.
  const std::atomic<uint64_t>* epoch = &no_epoch;
  uint64_t epoch_deadline = UINT64_MAX;
  TrapKind (*on_epoch_deadline)(ExecContext& context) = nullptr;
  std::atomic<uint64_t> no_epoch{0};

  // Fuel (code compiled with fuel): instructions that may still run; see consume_fuel.
  uint64_t fuel = UINT64_MAX;

  // The embedder's object for this context (the store), for host functions and callbacks.
  void* embedder = nullptr;

  ExecLimits limits;
  std::unique_ptr<Slot[]> stack;
  Slot* stack_end = nullptr;
  std::unique_ptr<CallRecord[]> calls;
  uint32_t depth = 0;            // active calls
  // The frame address of the compiled frame that called a helper, written (with `depth`) before
  // every helper call: where the helper's walk of the compiled frames starts.
  uintptr_t helper_caller_frame = 0;
  // For each entry frame (one invoke() made from the host, perhaps from a host function that
  // wasm called): the instruction of the wasm frame below it, i.e. that host call; indexed by
  // the entry frame's depth. Lets a backtrace continue through host frames.
  std::unique_ptr<const Word*[]> entry_caller_pc;
  // Where the last trap happened: the active calls then (their records stay in `calls` until
  // the next call overwrites them) and the top frame's instruction.
  uint32_t trap_depth = 0;
  const Word* trap_pc = nullptr;
  Slot* stack_top = nullptr;     // first free slot while host code runs
  const Word* current_pc = nullptr;  // the top frame's instruction, valid while execution is paused
  // Compiled code recurses on the host stack: below this address a call traps "call stack
  // exhausted" (native_code.hh). Set by invoke() for the thread running the store, through
  // set_host_stack_floor, which keeps native_limit in step.
  uintptr_t host_stack_floor = 0;
  void set_host_stack_floor(uintptr_t floor);
  // Whether the frame calling this lies below that floor (always inlined: the frame address is
  // the caller's).
  [[gnu::always_inline]] bool host_stack_exhausted() const {
    return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < host_stack_floor;
  }

  // The running function's instance and its memory 0 (nullptr when it has none); handlers
  // reload their cached memory pointer and size from here after anything that may change them.
  ModuleInstance* instance = nullptr;
  MemoryInstance* memory = nullptr;

  // Sampling by signal (exec/native_sampling.hh): the innermost compiled segment, kept by the
  // interpreter's ways into machine code, and what a signal handler captured in it.
  NativeSegment native_segment;
  NativeCapture native_capture;
  // Faults in compiled code (exec/native_faults.hh): where the innermost segment's entry resumes
  // (a __builtin_setjmp buffer on its stack; null outside compiled code), and what the handler
  // found.
  void** native_jump = nullptr;
  NativeFault native_fault;
};

}  // namespace wasmprof::exec
