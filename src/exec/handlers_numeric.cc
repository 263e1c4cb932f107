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

}  // namespace wasmprof::exec::handler_impl
