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

namespace wasmprof::exec {

// One active wasm call. The current instruction of a caller frame is the call that created the
// frame above it (return_pc points just after it); of the top frame, ExecContext::current_pc.
struct CallRecord {
  const FunctionInstance* function;
  Slot* fp;
  const Word* return_pc;  // where the caller resumes
  Slot* caller_fp;
  ModuleInstance* caller_instance;
};

// Called at the next instruction boundary after request_interrupt(): may take a sample, run an
// epoch callback, or return a trap to stop execution.
using InterruptHandler = TrapKind (*)(ExecContext& context, void* user_data);

struct ExecLimits {
  uint32_t max_call_depth = 10000;
  uint32_t stack_slots = 1u << 20;  // 8 MiB of slots
};

struct ExecContext {
  explicit ExecContext(ExecLimits limits = {});

  // Interrupts: any thread may call request_interrupt(); the interpreter serves it at the next
  // instruction boundary by calling on_interrupt. The request sets the flag, then points every
  // entry of the dispatch table at the interrupt handler, which restores the table; so nothing
  // is checked per instruction while no request is pending. (Setting the flag first means a
  // request is never lost; a request racing with a restore costs at most one spurious visit.)
  std::atomic<uint8_t> interrupt_pending{0};
  void request_interrupt();
  void restore_dispatch();
  std::atomic<Handler> dispatch[kHandlerCount];

  InterruptHandler on_interrupt = nullptr;
  void* interrupt_user_data = nullptr;

  ExecLimits limits;
  std::unique_ptr<Slot[]> stack;
  Slot* stack_end = nullptr;
  std::unique_ptr<CallRecord[]> calls;
  uint32_t depth = 0;            // active calls
  Slot* stack_top = nullptr;     // first free slot while host code runs
  const Word* current_pc = nullptr;  // the top frame's instruction, valid while execution is paused

  // The running function's instance and its memory 0 (nullptr when it has none); handlers
  // reload their cached memory pointer and size from here after anything that may change them.
  ModuleInstance* instance = nullptr;
  MemoryInstance* memory = nullptr;
};

}  // namespace wasmprof::exec
