// Handlers for scalar numeric instructions, constants, and scalar loads and stores.
#include "exec/handler_shapes.hh"
#include "exec/handlers.hh"
#include "exec/numeric.hh"

namespace wasmprof::exec::handler_impl {

namespace n = numeric;
using i32 = int32_t;
using u32 = uint32_t;
using i64 = int64_t;
using u64 = uint64_t;
using f32 = float;
using f64 = double;

#define WASMPROF_DEFINE(name, kind, In, Out, ...) WASMPROF_##kind(name, In, Out, __VA_ARGS__)
#define X WASMPROF_DEFINE
#include "exec/scalar_ops.def"
#undef X
#undef WASMPROF_DEFINE

// [h][pair{dst|a}][immediate]
#define X(name, In, Out, ...)                            \
  WASMPROF_HANDLER(h_##name##Imm) {                      \
    const In a = read_slot<In>(fp, pc[1].pair.b);        \
    const In b = In(pc[2].u64);                          \
    write_slot<Out>(fp, pc[1].pair.a, Out(__VA_ARGS__)); \
    WASMPROF_NEXT(3);                                    \
  }
#include "exec/scalar_imm_ops.def"
#undef X

}  // namespace wasmprof::exec::handler_impl
