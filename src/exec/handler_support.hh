// Shared machinery of the instruction handlers: the handler signature, dispatch to the next
// instruction (with the interrupt check), traps, and typed slot access. Internal to src/exec.
#pragma once

#include <bit>
#include <cstring>

#include "binary/opcode.hh"
#include "exec/code.hh"
#include "exec/context.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec {

#define WASMPROF_HANDLER_ARGS const Word *pc, Slot *fp, ExecContext *context, uint8_t *memory, uint64_t memory_size
#define WASMPROF_HANDLER(name) TrapKind name(WASMPROF_HANDLER_ARGS)

// Where every dispatch goes while an interrupt is requested (ExecContext::request_interrupt
// points the context's dispatch table at a table of this handler only): serves the request,
// restores the table, and runs the instruction that was about to run.
WASMPROF_HANDLER(serve_interrupt);

// Runs the instruction at pc. The handler is looked up in the table the context points at
// rather than stored in the code, so another thread can divert the very next dispatch with one
// store. The table pointer's load does not depend on pc, so it overlaps the load of the handler
// id: with nothing pending this costs an extra load but no time measurable (bench/README.md).
#ifndef WASMPROF_DISPATCH_CONST_TABLE
#define WASMPROF_DISPATCH()                                                                                    \
  [[clang::musttail]] return context->dispatch_table.load(std::memory_order_relaxed)[pc->u64](pc, fp, context, \
                                                                                              memory, memory_size)
#else
// A measuring build only (bench/README.md, "cost of interruptibility"): the same dispatch
// through the immutable kHandlerTable, so interrupt requests are never served.
#define WASMPROF_DISPATCH() \
  [[clang::musttail]] return kHandlerTable[pc->u64](pc, fp, context, memory, memory_size)
#endif

// Advances past an instruction of `words` words (handler word included) and dispatches.
#define WASMPROF_NEXT(words) \
  do {                       \
    pc += (words);           \
    WASMPROF_DISPATCH();     \
  } while (0)

// Stops execution with a trap at the current instruction.
inline TrapKind raise(const Word* pc, ExecContext* context, TrapKind kind) {
  context->current_pc = pc;
  return kind;
}

// The function whose frame is on top, for a handler that switches its code (lazy translation,
// tiering). The store owning it runs on one thread at a time, so nobody else reads it meanwhile.
inline FunctionInstance* running_function(ExecContext* context) {
  return const_cast<FunctionInstance*>(context->calls[context->depth - 1].function);
}

inline void reload_memory(ExecContext* context, uint8_t*& memory, uint64_t& memory_size) {
  MemoryInstance* instance = context->memory;
  if (instance) {
    memory = instance->bytes.data();
    memory_size = instance->bytes.size();
  } else {
    memory = nullptr;
    memory_size = 0;
  }
}

template <class T>
inline T read_slot(const Slot* fp, uint32_t slot) {
  T value;
  std::memcpy(&value, fp + slot, sizeof(T));
  return value;
}

template <class T>
inline void write_slot(Slot* fp, uint32_t slot, T value) {
  if constexpr (sizeof(T) == 16) {
    std::memcpy(fp + slot, &value, 16);
  } else {
    // Whole slots are written so a value never carries stale upper bytes into a wider read.
    Slot bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    fp[slot] = bits;
  }
}

// The effective address of a memory access, or nullptr if [address+offset, +size) is outside.
inline uint8_t* effective_address(uint8_t* memory, uint64_t memory_size, uint32_t address, uint32_t offset,
                                  uint64_t size) {
  const uint64_t start = uint64_t(address) + offset;
  if (start + size > memory_size) [[unlikely]] return nullptr;
  // In bounds means memory_size > 0, so memory is not null; saying so spares every access a
  // null test of the result.
  __builtin_assume(memory != nullptr);
  return memory + start;
}

}  // namespace wasmprof::exec
