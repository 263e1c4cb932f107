// The instruction shapes shared by the scalar and vector handlers: each macro defines one
// handler h_NAME from its operand types and an expression over the operands. Internal to
// src/exec; included only by handler definition files.
#pragma once

#include "exec/handler_support.hh"

// Operand layouts: see handlers.hh. `a` and `b` are the operands, the expression the result.
#define WASMPROF_UNARY(name, In, Out, ...)                   \
  WASMPROF_HANDLER(h_##name) {                               \
    const In a = read_slot<In>(fp, pc[1].pair.b);            \
    write_slot<Out>(fp, pc[1].pair.a, Out(__VA_ARGS__));     \
    WASMPROF_NEXT(2);                                        \
  }

#define WASMPROF_BINARY(name, In, Out, ...)                  \
  WASMPROF_HANDLER(h_##name) {                               \
    const In a = read_slot<In>(fp, pc[1].pair.b);            \
    const In b = read_slot<In>(fp, pc[2].pair.a);            \
    write_slot<Out>(fp, pc[1].pair.a, Out(__VA_ARGS__));     \
    WASMPROF_NEXT(3);                                        \
  }

// A binary operation that may trap: the expression is a call filling `result`.
#define WASMPROF_BINARY_TRAP(name, In, Out, ...)             \
  WASMPROF_HANDLER(h_##name) {                               \
    const In a = read_slot<In>(fp, pc[1].pair.b);            \
    const In b = read_slot<In>(fp, pc[2].pair.a);            \
    Out result;                                              \
    const TrapKind trap = __VA_ARGS__;                       \
    if (trap != TrapKind::None) return raise(pc, context, trap); \
    write_slot<Out>(fp, pc[1].pair.a, result);               \
    WASMPROF_NEXT(3);                                        \
  }

#define WASMPROF_UNARY_TRAP(name, In, Out, ...)              \
  WASMPROF_HANDLER(h_##name) {                               \
    const In a = read_slot<In>(fp, pc[1].pair.b);            \
    Out result;                                              \
    const TrapKind trap = __VA_ARGS__;                       \
    if (trap != TrapKind::None) return raise(pc, context, trap); \
    write_slot<Out>(fp, pc[1].pair.a, result);               \
    WASMPROF_NEXT(2);                                        \
  }

// Loads: `In` is the type in memory, `Out` the value type it extends to. The address is the
// address operand plus an addend the translator folded in from an `i32.add` with a constant
// (wrapping at 32 bits, as that add would), then plus the static offset.
#define WASMPROF_LOAD(name, In, Out, ...)                                                          \
  WASMPROF_HANDLER(h_##name) {                                                                     \
    const uint8_t* at =                                                                            \
        effective_address(memory, memory_size, read_slot<u32>(fp, pc[1].pair.b) + pc[2].pair.b, pc[2].pair.a, sizeof(In)); \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    In value;                                                                                      \
    std::memcpy(&value, at, sizeof(In));                                                           \
    write_slot<Out>(fp, pc[1].pair.a, Out(value));                                                 \
    WASMPROF_NEXT(3);                                                                              \
  }

// Stores: `In` is the value type, `Out` the (possibly narrower) type written to memory; the
// address as for loads.
#define WASMPROF_STORE(name, In, Out, ...)                                                         \
  WASMPROF_HANDLER(h_##name) {                                                                     \
    uint8_t* at =                                                                                  \
        effective_address(memory, memory_size, read_slot<u32>(fp, pc[1].pair.a) + pc[2].pair.b, pc[2].pair.a, sizeof(Out)); \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    const Out value = Out(read_slot<In>(fp, pc[1].pair.b));                                        \
    std::memcpy(at, &value, sizeof(Out));                                                          \
    WASMPROF_NEXT(3);                                                                              \
  }


