// Out-of-bounds accesses of compiled code as faults. A memory with the Guarded layout
// (exec/linear_memory.hh) keeps 4 GiB of inaccessible address space past the 4 GiB of any i32
// address, so compiled code leaves out the bounds check of an access whose offset and width fit
// in the guard, and an access past the memory's size faults on a page that is not accessible.
// A SIGSEGV handler turns such a fault into the trap the bounds check would have raised:
//
// - it acts only when the thread runs wasm (invoke() says which context), the pc is in the
//   machine code of the context's innermost native segment, the address is in the reservation of
//   the context's memory, and the compiled frames walk back to the segment's entry (so nothing
//   but machine code lies between the fault and that entry); anything else goes to the handler
//   that was there before (a fault elsewhere crashes the process as it would without wasmprof);
// - it jumps to the segment's entry (enter_native_segment), abandoning the compiled frames,
//   which hold nothing to release;
// - before it, it writes the records of the compiled frames (exec/native_records.hh: the
//   faulting frame's and the copies' the compiler inlined at the faulting pc included) and the
//   position, the access's site; there, the trap is raised at that position, so a backtrace
//   reads the fault like any other trap.
#pragma once

#include <signal.h>

#include <cstdint>

#include "exec/code.hh"
#include "exec/instance.hh"

namespace wasmprof::exec {

struct ExecContext;

// What the fault handler leaves for the segment's entry.
struct NativeFault {
  uint32_t depth = 0;             // calls[depth - 1] is the record of the faulting wasm frame
  const Word* position = nullptr;  // its position: the faulting access's site
  sigset_t mask{};                 // the thread's signal mask at the fault, restored where it lands
};

// The access's offset plus its width at most this: compiled code may leave out its check when the
// memory is Guarded (LinearMemory's guard is at least this large).
constexpr uint64_t kFaultingAccessReach = uint64_t(4) << 30;

// Whether every access compiled code leaves to the guard stays inside `memory`'s reservation: the
// only memories such code may run on.
inline bool guards_faulting_accesses(const LinearMemory& memory) {
  return memory.layout() == MemoryLayout::Guarded &&
         memory.reserved_bytes() >= LinearMemory::kMax32BitBytes + kFaultingAccessReach;
}

// Runs `entry` (machine code of `function`, at `loop` or from its start, its frame at `fp`) as the
// context's innermost native segment: what a signal handler's walk of compiled frames ends at
// (exec/native_sampling.hh), and where a fault in them lands. Every way from C++ into machine
// code goes through here.
TrapKind enter_native_segment(ExecContext* context, const FunctionInstance& function, NativeEntry entry, Slot* fp,
                              uint32_t loop);

// Marks the thread as running `context`'s wasm for as long as it lives (invoke() makes one), so the
// fault handler knows whose segment a fault is in.
class ThreadContextScope {
 public:
  explicit ThreadContextScope(ExecContext& context);
  ~ThreadContextScope();
  ThreadContextScope(const ThreadContextScope&) = delete;
  ThreadContextScope& operator=(const ThreadContextScope&) = delete;

 private:
  ExecContext* outer_;
};

// Installs the fault handler (SIGSEGV and SIGBUS) once per process, keeping the previous handlers
// to forward every other fault to. False if the host cannot install it: then no compiled code may
// leave out a bounds check.
bool install_native_fault_handler();

}  // namespace wasmprof::exec
