// The short type names the instruction lists (scalar_ops.def, vector_ops.def) write their rows
// in, for every file that expands them: the interpreter's handlers and the compiling tier.
#pragma once

#include <cstdint>

namespace wasmprof::exec::value_type_names {

using i32 = int32_t;
using u32 = uint32_t;
using i64 = int64_t;
using u64 = uint64_t;
using f32 = float;
using f64 = double;

}  // namespace wasmprof::exec::value_type_names
