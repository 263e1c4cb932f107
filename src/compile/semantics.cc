// The interpreter's scalar semantics as plain functions, for the compiling tier: every row of
// exec/scalar_ops.def but the loads and stores becomes `wasmprof_semantics_<Opcode>`, whose body
// is the row's expression over exec/numeric.hh, the very text the interpreter's handlers expand.
// The build compiles this file to LLVM bitcode (not into the library); the compiler links the
// functions a wasm function uses into its code and inlines them, so both tiers compute every
// value by one definition. A trapping operation returns its TrapKind and writes its result
// through `out`.
#include <cstdint>

#include "exec/numeric.hh"
#include "exec/value_type_names.hh"

namespace {
namespace n = wasmprof::exec::numeric;
using wasmprof::exec::TrapKind;
using namespace wasmprof::exec::value_type_names;
}  // namespace

#define WASMPROF_SEMANTICS_UNARY(name, In, Out, ...) \
  extern "C" Out wasmprof_semantics_##name(In a) { return Out(__VA_ARGS__); }
#define WASMPROF_SEMANTICS_BINARY(name, In, Out, ...) \
  extern "C" Out wasmprof_semantics_##name(In a, In b) { return Out(__VA_ARGS__); }
#define WASMPROF_SEMANTICS_BINARY_IMM WASMPROF_SEMANTICS_BINARY
#define WASMPROF_SEMANTICS_UNARY_TRAP(name, In, Out, ...)             \
  extern "C" TrapKind wasmprof_semantics_##name(In a, Out* out) {     \
    Out result{};                                                     \
    const TrapKind trap = __VA_ARGS__;                                \
    *out = result;                                                    \
    return trap;                                                      \
  }
#define WASMPROF_SEMANTICS_BINARY_TRAP(name, In, Out, ...)            \
  extern "C" TrapKind wasmprof_semantics_##name(In a, In b, Out* out) { \
    Out result{};                                                     \
    const TrapKind trap = __VA_ARGS__;                                \
    *out = result;                                                    \
    return trap;                                                      \
  }
#define WASMPROF_SEMANTICS_LOAD(...)
#define WASMPROF_SEMANTICS_STORE(...)

#define X(name, shape, In, Out, ...) WASMPROF_SEMANTICS_##shape(name, In, Out, __VA_ARGS__)
#include "exec/scalar_ops.def"
#undef X
