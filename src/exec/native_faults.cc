#include "exec/native_faults.hh"

#include <pthread.h>
#include <ucontext.h>

#include <cerrno>
#include <span>

#include "exec/context.hh"
#include "exec/native_records.hh"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define WASMPROF_ASAN 1
#endif
#endif

namespace wasmprof::exec {
namespace {

// Which store's context runs wasm on this thread: what a signal handler cannot be told otherwise.
// Set only by invoke() (ThreadContextScope), in the library that installs the handler. Initial-exec:
// read in a signal handler, on any thread, where a lazily allocated (dlopen'd) TLS block would
// call malloc.
thread_local ExecContext* thread_context [[gnu::tls_model("initial-exec")]] = nullptr;

// The handlers that were installed before ours, which every fault that is not ours goes to.
struct PreviousHandlers {
  struct sigaction segv {};
  struct sigaction bus {};
};
PreviousHandlers& previous_handlers() {
  static PreviousHandlers handlers;
  return handlers;
}

bool in_guard_region(const ExecContext& context, const void* address) {
  const MemoryInstance* memory = context.memory;
  if (memory == nullptr || !guards_faulting_accesses(memory->bytes)) return false;
  const auto at = reinterpret_cast<uintptr_t>(address);
  const auto base = reinterpret_cast<uintptr_t>(memory->bytes.data());
  return at >= base && at - base < memory->bytes.reserved_bytes();
}

// What the fault would have done without us: the previous handler, or the default action (the
// instruction faults again on return, now fatally).
void forward(int signal, siginfo_t* info, void* machine) {
  struct sigaction& previous = signal == SIGBUS ? previous_handlers().bus : previous_handlers().segv;
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
    previous.sa_sigaction(signal, info, machine);
  } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(signal);
  } else {
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal, &fallback, nullptr);
  }
}

void on_fault(int signal, siginfo_t* info, void* machine) {
  const int saved_errno = errno;
  ExecContext* context = thread_context;
#if defined(__x86_64__)
  auto* interrupted = static_cast<ucontext_t*>(machine);
  if (context != nullptr && context->native_jump != nullptr && in_guard_region(*context, info->si_addr)) {
    const auto& registers = interrupted->uc_mcontext.gregs;
    const auto pc = uintptr_t(registers[REG_RIP]);
    uint32_t depth = 0;
    const Word* position = nullptr;
    if (write_native_records_at_fault(*context, pc, uintptr_t(registers[REG_RSP]), uintptr_t(registers[REG_RBP]), depth,
                                      position)) {
      context->native_fault.depth = depth;
      context->native_fault.position = position;
      context->native_fault.mask = interrupted->uc_sigmask;
      errno = saved_errno;
#ifdef WASMPROF_ASAN
      __asan_handle_no_return();  // the frames jumped over leave no poisoned stack behind
#endif
      __builtin_longjmp(context->native_jump, 1);
    }
  }
#endif
  errno = saved_errno;
  forward(signal, info, machine);
}

// At the segment's entry, after a fault in its machine code: the depth and position a trap
// there would have left (a bounds check's raise; the handler wrote the records), then the trap.
TrapKind land_native_fault(ExecContext& context) {
  pthread_sigmask(SIG_SETMASK, &context.native_fault.mask, nullptr);
  context.native_capture.pending.store(false, std::memory_order_relaxed);
  context.depth = context.native_fault.depth;
  context.current_pc = context.native_fault.position;
  return TrapKind::OutOfBoundsMemoryAccess;
}

}  // namespace

// The segment is written with its function last and cleared first, so a handler never reads half
// of one. A trap unwinds past the records a capture relies on: it is dropped then.
// Never inlined: its frame is the one a walk of compiled frames must end at, and the one a fault's
// jump returns to.
[[gnu::noinline]] TrapKind enter_native_segment(ExecContext* context, const FunctionInstance& function,
                                               NativeEntry entry, Slot* fp, uint32_t loop) {
  const NativeSegment outer = context->native_segment;
  void** const outer_jump = context->native_jump;
  void* jump[5] = {};
  context->native_segment.function = nullptr;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  context->native_segment.entry_frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  context->native_segment.entry_depth = context->depth;
  TrapKind trap = TrapKind::None;
  if (__builtin_setjmp(jump) == 0) {
    context->native_jump = jump;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    context->native_segment.function = &function;
    trap = entry(fp, context, nullptr, loop);
  } else {
    trap = land_native_fault(*context);
  }
  context->native_segment.function = nullptr;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  if (trap != TrapKind::None) context->native_capture.pending.store(false, std::memory_order_relaxed);
  context->native_jump = outer_jump;
  context->native_segment.entry_frame = outer.entry_frame;
  context->native_segment.entry_depth = outer.entry_depth;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  context->native_segment.function = outer.function;
  return trap;
}

ThreadContextScope::ThreadContextScope(ExecContext& context) : outer_(thread_context) { thread_context = &context; }
ThreadContextScope::~ThreadContextScope() { thread_context = outer_; }

bool install_native_fault_handler() {
  static const bool installed = [] {
#if defined(__x86_64__) && defined(__linux__)
    struct sigaction action {};
    action.sa_sigaction = on_fault;
    // SA_NODEFER: the handler leaves by a jump, not a return, so the kernel would never unblock
    // the signal; the mask it had is restored where the jump lands. SA_ONSTACK: a fault on an
    // exhausted stack (not ours) still reaches a previous handler that set up an alternate one.
    action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    PreviousHandlers& previous = previous_handlers();
    return sigaction(SIGSEGV, &action, &previous.segv) == 0 && sigaction(SIGBUS, &action, &previous.bus) == 0;
#else
    return false;
#endif
  }();
  return installed;
}

}  // namespace wasmprof::exec
