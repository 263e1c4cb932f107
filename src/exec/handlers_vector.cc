// Handlers for the vector (SIMD) instructions. Value semantics live in simd.hh; this file only
// moves operands between slots and memory.
#include "exec/handler_shapes.hh"
#include "exec/handlers.hh"
#include "exec/simd.hh"
#include "exec/value_type_names.hh"

namespace wasmprof::exec::handler_impl {

namespace s = simd;
using namespace value_type_names;

// Shifts: a vector and an i32 count.
#define WASMPROF_VSHIFT(name, In, Out, ...)             \
  WASMPROF_HANDLER(h_##name) {                          \
    const V128 a = read_slot<V128>(fp, pc[1].pair.b);   \
    const u32 b = read_slot<u32>(fp, pc[2].pair.a);     \
    write_slot<V128>(fp, pc[1].pair.a, __VA_ARGS__);    \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_VTERNARY(name, In, Out, ...)           \
  WASMPROF_HANDLER(h_##name) {                          \
    const V128 a = read_slot<V128>(fp, pc[1].pair.b);   \
    const V128 b = read_slot<V128>(fp, pc[2].pair.a);   \
    const V128 c = read_slot<V128>(fp, pc[2].pair.b);   \
    write_slot<V128>(fp, pc[1].pair.a, __VA_ARGS__);    \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_VEXTRACT(name, In, Out, ...)           \
  WASMPROF_HANDLER(h_##name) {                          \
    const V128 a = read_slot<V128>(fp, pc[1].pair.b);   \
    const unsigned lane = pc[2].pair.b;                 \
    write_slot<Out>(fp, pc[1].pair.a, Out(__VA_ARGS__)); \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_VREPLACE(name, In, Out, ...)           \
  WASMPROF_HANDLER(h_##name) {                          \
    const V128 a = read_slot<V128>(fp, pc[1].pair.b);   \
    const In b = read_slot<In>(fp, pc[2].pair.a);       \
    const unsigned lane = pc[2].pair.b;                 \
    write_slot<V128>(fp, pc[1].pair.a, __VA_ARGS__);    \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_VSHUFFLE(name, In, Out, ...)           \
  WASMPROF_HANDLER(h_##name) {                          \
    const V128 a = read_slot<V128>(fp, pc[1].pair.b);   \
    const V128 b = read_slot<V128>(fp, pc[2].pair.a);   \
    uint8_t lanes[16];                                  \
    std::memcpy(lanes, &pc[3], 16);                     \
    write_slot<V128>(fp, pc[1].pair.a, __VA_ARGS__);    \
    WASMPROF_NEXT(5);                                   \
  }

// Memory access of `Size` bytes at the address in the given slot plus the static offset.
#define WASMPROF_VACCESS(address_slot, Size)                                                            \
  uint8_t* at = effective_address(memory, memory_size, read_slot<u32>(fp, address_slot), pc[2].pair.a, Size); \
  if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess)

#define WASMPROF_VLOAD(name, Size, Out, ...)            \
  WASMPROF_HANDLER(h_##name) {                          \
    WASMPROF_VACCESS(pc[1].pair.b, Size);               \
    write_slot<V128>(fp, pc[1].pair.a, __VA_ARGS__);    \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_VSTORE(name, Size, Out, ...)           \
  WASMPROF_HANDLER(h_##name) {                          \
    WASMPROF_VACCESS(pc[1].pair.a, Size);               \
    const V128 value = read_slot<V128>(fp, pc[1].pair.b); \
    __VA_ARGS__;                                        \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_VLOAD_LANE(name, Size, Out, ...)       \
  WASMPROF_HANDLER(h_##name) {                          \
    WASMPROF_VACCESS(pc[1].pair.b, Size);               \
    const V128 vector = read_slot<V128>(fp, pc[3].pair.a); \
    const unsigned lane = pc[2].pair.b;                 \
    write_slot<V128>(fp, pc[1].pair.a, __VA_ARGS__);    \
    WASMPROF_NEXT(4);                                   \
  }

#define WASMPROF_VSTORE_LANE(name, Size, Out, ...)      \
  WASMPROF_HANDLER(h_##name) {                          \
    WASMPROF_VACCESS(pc[1].pair.b, Size);               \
    const V128 vector = read_slot<V128>(fp, pc[1].pair.a); \
    const unsigned lane = pc[2].pair.b;                 \
    __VA_ARGS__;                                        \
    WASMPROF_NEXT(3);                                   \
  }

#define WASMPROF_DEFINE(name, kind, In, Out, ...) WASMPROF_##kind(name, In, Out, __VA_ARGS__)
#define X WASMPROF_DEFINE
#include "exec/vector_ops.def"
#undef X
#undef WASMPROF_DEFINE

WASMPROF_HANDLER(h_const128) {
  std::memcpy(fp + pc[1].pair.a, &pc[2], 16);
  WASMPROF_NEXT(4);
}

}  // namespace wasmprof::exec::handler_impl
