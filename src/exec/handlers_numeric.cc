// Handlers for scalar numeric instructions, constants, and scalar loads and stores.
#include <bit>
#include <type_traits>

#include "exec/handler_shapes.hh"
#include "exec/handlers.hh"
#include "exec/numeric.hh"
#include "exec/value_type_names.hh"

namespace wasmprof::exec::handler_impl {

namespace n = numeric;
using namespace value_type_names;

// The immediate's bits, as the operand type (which may be narrower than the word).
template <class T>
inline T immediate_as(uint64_t bits) {
  using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
  return std::bit_cast<T>(Bits(bits));
}

// A binary operation and its form with a constant second operand: [h][pair{dst|a}][immediate].
#define WASMPROF_BINARY_IMM(name, In, Out, ...)          \
  WASMPROF_BINARY(name, In, Out, __VA_ARGS__)            \
  WASMPROF_HANDLER(h_##name##Imm) {                      \
    const In a = read_slot<In>(fp, pc[1].pair.b);        \
    const In b = immediate_as<In>(pc[2].u64);            \
    write_slot<Out>(fp, pc[1].pair.a, Out(__VA_ARGS__)); \
    WASMPROF_NEXT(3);                                    \
  }

#define WASMPROF_DEFINE(name, kind, In, Out, ...) WASMPROF_##kind(name, In, Out, __VA_ARGS__)
#define X WASMPROF_DEFINE
#include "exec/scalar_ops.def"
#undef X
#undef WASMPROF_DEFINE

// A constant first operand of a non-commutative f64 operation: [h][pair{dst|b}][immediate a].
WASMPROF_HANDLER(h_F64ImmSub) {
  write_slot<f64>(fp, pc[1].pair.a, immediate_as<f64>(pc[2].u64) - read_slot<f64>(fp, pc[1].pair.b));
  WASMPROF_NEXT(3);
}
WASMPROF_HANDLER(h_F64ImmDiv) {
  write_slot<f64>(fp, pc[1].pair.a, immediate_as<f64>(pc[2].u64) / read_slot<f64>(fp, pc[1].pair.b));
  WASMPROF_NEXT(3);
}

// [h][pair{dst|a}][pair{b|immediate}]: a + b + immediate.
WASMPROF_HANDLER(h_I32AddAddImm) {
  const u32 a = read_slot<u32>(fp, pc[1].pair.b);
  const u32 b = read_slot<u32>(fp, pc[2].pair.a);
  write_slot<u32>(fp, pc[1].pair.a, a + b + pc[2].pair.b);
  WASMPROF_NEXT(3);
}

// See indexed_load_ops.def.
#define X(name, In, Out)                                                                          \
  WASMPROF_HANDLER(h_##name##Indexed) {                                                           \
    const uint32_t index = pc[2].pair.b;                                                          \
    const u32 address = read_slot<u32>(fp, pc[1].pair.b) + (read_slot<u32>(fp, index & 0xFFFFFF) << (index >> 24)); \
    const uint8_t* at = effective_address(memory, memory_size, address, pc[2].pair.a, sizeof(In)); \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    In value;                                                                                     \
    std::memcpy(&value, at, sizeof(In));                                                          \
    write_slot<Out>(fp, pc[1].pair.a, Out(value));                                                \
    WASMPROF_NEXT(3);                                                                             \
  }
#include "exec/indexed_load_ops.def"
#undef X

// Constant addresses; see indexed_load_ops.def and scalar_store_ops.def.
#define X(name, In, Out)                                                                             \
  WASMPROF_HANDLER(h_##name##Absolute) {                                                             \
    const uint8_t* at = effective_address(memory, memory_size, pc[2].pair.b, pc[2].pair.a, sizeof(In)); \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                           \
    In value;                                                                                        \
    std::memcpy(&value, at, sizeof(In));                                                             \
    write_slot<Out>(fp, pc[1].pair.a, Out(value));                                                   \
    WASMPROF_NEXT(3);                                                                                \
  }
#include "exec/indexed_load_ops.def"
#undef X
#define X(name, In, Out)                                                                              \
  WASMPROF_HANDLER(h_##name##Absolute) {                                                              \
    uint8_t* at = effective_address(memory, memory_size, pc[2].pair.b, pc[2].pair.a, sizeof(Out));     \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                            \
    const Out value = Out(read_slot<In>(fp, pc[1].pair.b));                                           \
    std::memcpy(at, &value, sizeof(Out));                                                             \
    WASMPROF_NEXT(3);                                                                                 \
  }
#include "exec/scalar_store_ops.def"
#undef X

// See store_constant_ops.def.
#define X(name, Memory, ...)                                                                        \
  WASMPROF_HANDLER(h_##name##Const) {                                                               \
    uint8_t* at = effective_address(memory, memory_size, read_slot<u32>(fp, pc[1].pair.a) + pc[2].pair.b, \
                                    pc[2].pair.a, sizeof(Memory));                                  \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                          \
    const uint32_t v = pc[1].pair.b;                                                                \
    const Memory value = __VA_ARGS__;                                                               \
    std::memcpy(at, &value, sizeof(Memory));                                                        \
    WASMPROF_NEXT(3);                                                                               \
  }                                                                                                 \
  WASMPROF_HANDLER(h_##name##AbsoluteConst) {                                                       \
    uint8_t* at = effective_address(memory, memory_size, pc[2].pair.b, pc[2].pair.a, sizeof(Memory));  \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                          \
    const uint32_t v = pc[1].pair.b;                                                                \
    const Memory value = __VA_ARGS__;                                                               \
    std::memcpy(at, &value, sizeof(Memory));                                                        \
    WASMPROF_NEXT(3);                                                                               \
  }
#include "exec/store_constant_ops.def"
#undef X

// [h][pair{dst|a}][pair{b|shift}], shift < 32.
WASMPROF_HANDLER(h_I32AddShl) {
  const u32 a = read_slot<u32>(fp, pc[1].pair.b);
  const u32 b = read_slot<u32>(fp, pc[2].pair.a);
  write_slot<u32>(fp, pc[1].pair.a, a + (b << pc[2].pair.b));
  WASMPROF_NEXT(3);
}

// See memory_operand_ops.def.
#define X(name, T, load_name, store_name, ...)                                                   \
  WASMPROF_HANDLER(h_##name##Load) {                                                              \
    const uint8_t* at = effective_address(memory, memory_size, read_slot<u32>(fp, pc[2].pair.a) + pc[3].pair.b, \
                                          pc[3].pair.a, sizeof(T));                               \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    const T a = read_slot<T>(fp, pc[1].pair.b);                                                   \
    T b;                                                                                          \
    std::memcpy(&b, at, sizeof(T));                                                               \
    write_slot<T>(fp, pc[1].pair.a, T(__VA_ARGS__));                                              \
    WASMPROF_NEXT(4);                                                                             \
  }                                                                                               \
  WASMPROF_HANDLER(h_##name##Store) {                                                             \
    uint8_t* at = effective_address(memory, memory_size, read_slot<u32>(fp, pc[2].pair.a) + pc[3].pair.b, \
                                    pc[3].pair.a, sizeof(T));                                     \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    const T a = read_slot<T>(fp, pc[1].pair.a);                                                   \
    const T b = read_slot<T>(fp, pc[1].pair.b);                                                   \
    const T result = T(__VA_ARGS__);                                                              \
    std::memcpy(at, &result, sizeof(T));                                                          \
    WASMPROF_NEXT(4);                                                                             \
  }
#include "exec/memory_operand_ops.def"
#undef X

// See shifted_operand_ops.def.
#define X(name, T, operation, shift, ...)             \
  WASMPROF_HANDLER(h_##name) {                        \
    const T a = read_slot<T>(fp, pc[1].pair.b);       \
    const T b = read_slot<T>(fp, pc[2].pair.a);       \
    const uint32_t k = pc[2].pair.b;                  \
    write_slot<T>(fp, pc[1].pair.a, T(__VA_ARGS__));  \
    WASMPROF_NEXT(3);                                 \
  }
#include "exec/shifted_operand_ops.def"
#undef X

WASMPROF_HANDLER(h_I64AddShrU) {
  const u64 a = read_slot<u64>(fp, pc[1].pair.b);
  const u64 b = read_slot<u64>(fp, pc[2].pair.a);
  write_slot<u64>(fp, pc[1].pair.a, a + (b >> pc[2].pair.b));
  WASMPROF_NEXT(3);
}

#define WASMPROF_MUL_ADD(name, T)                                             \
  WASMPROF_HANDLER(h_##name) {                                                \
    const T a = read_slot<T>(fp, pc[1].pair.b);                               \
    const T b = read_slot<T>(fp, pc[2].pair.a);                               \
    const T c = read_slot<T>(fp, pc[2].pair.b);                               \
    write_slot<T>(fp, pc[1].pair.a, T(a + T(b * c)));                         \
    WASMPROF_NEXT(3);                                                         \
  }
WASMPROF_MUL_ADD(I32MulAdd, u32)
WASMPROF_MUL_ADD(I64MulAdd, u64)
#undef WASMPROF_MUL_ADD

#define WASMPROF_EXTRACT_BITS(name, T)                                        \
  WASMPROF_HANDLER(h_##name) {                                                \
    const T a = read_slot<T>(fp, pc[1].pair.b);                               \
    write_slot<T>(fp, pc[1].pair.a, T((a >> pc[2].pair.a) & T(pc[2].pair.b))); \
    WASMPROF_NEXT(3);                                                         \
  }
WASMPROF_EXTRACT_BITS(I32ExtractBits, u32)
WASMPROF_EXTRACT_BITS(I64ExtractBits, u64)
#undef WASMPROF_EXTRACT_BITS

}  // namespace wasmprof::exec::handler_impl
