// The interpreter's scalar semantics as plain functions, for the compiling tier: every row of
// exec/scalar_ops.def but the loads and stores becomes `wasmprof_semantics_<Opcode>`, whose body
// is the row's expression over exec/numeric.hh, the very text the interpreter's handlers expand.
// The build compiles this file to LLVM bitcode (not into the library); the compiler links the
// functions a wasm function uses into its code and inlines them, so both tiers compute every
// value by one definition. A trapping operation returns its TrapKind and writes its result
// through `out`.
#include <cstdint>

#include "exec/numeric.hh"
#include "exec/simd.hh"
#include "exec/value_type_names.hh"

namespace {
namespace n = wasmprof::exec::numeric;
namespace s = wasmprof::exec::simd;
using wasmprof::exec::V128;
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

// The vector rows (exec/vector_ops.def), every operand and result through a pointer: a V128 then
// crosses no calling convention, and once inlined the temporaries are registers again. A
// memory access gets the address the compiled code checked (`at`); lanes come as constants.
#define WASMPROF_VSEMANTICS_UNARY(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const In* pa, Out* out) { \
    const In a = *pa;                                                  \
    *out = Out(__VA_ARGS__);                                           \
  }
#define WASMPROF_VSEMANTICS_BINARY(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const In* pa, const In* pb, Out* out) { \
    const In a = *pa, b = *pb;                                                       \
    *out = Out(__VA_ARGS__);                                                         \
  }
#define WASMPROF_VSEMANTICS_VSHIFT(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const V128* pa, const u32* pb, V128* out) { \
    const V128 a = *pa;                                                                  \
    const u32 b = *pb;                                                                   \
    *out = __VA_ARGS__;                                                                  \
  }
#define WASMPROF_VSEMANTICS_VTERNARY(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const V128* pa, const V128* pb, const V128* pc, V128* out) { \
    const V128 a = *pa, b = *pb, c = *pc;                                                               \
    *out = __VA_ARGS__;                                                                                 \
  }
#define WASMPROF_VSEMANTICS_VEXTRACT(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const V128* pa, unsigned lane, Out* out) { \
    const V128 a = *pa;                                                                 \
    *out = Out(__VA_ARGS__);                                                            \
  }
#define WASMPROF_VSEMANTICS_VREPLACE(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const V128* pa, const In* pb, unsigned lane, V128* out) { \
    const V128 a = *pa;                                                                              \
    const In b = *pb;                                                                                \
    *out = __VA_ARGS__;                                                                              \
  }
#define WASMPROF_VSEMANTICS_VSHUFFLE(name, In, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const V128* pa, const V128* pb, const uint8_t* lanes, V128* out) { \
    const V128 a = *pa, b = *pb;                                                                               \
    *out = __VA_ARGS__;                                                                                        \
  }
#define WASMPROF_VSEMANTICS_VLOAD(name, Size, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const uint8_t* at, V128* out) { *out = __VA_ARGS__; }
#define WASMPROF_VSEMANTICS_VSTORE(name, Size, Out, ...) \
  extern "C" void wasmprof_semantics_##name(uint8_t* at, const V128* pvalue) { \
    const V128 value = *pvalue;                                                 \
    __VA_ARGS__;                                                                \
  }
#define WASMPROF_VSEMANTICS_VLOAD_LANE(name, Size, Out, ...) \
  extern "C" void wasmprof_semantics_##name(const uint8_t* at, const V128* pvector, unsigned lane, V128* out) { \
    const V128 vector = *pvector;                                                                               \
    *out = __VA_ARGS__;                                                                                         \
  }
#define WASMPROF_VSEMANTICS_VSTORE_LANE(name, Size, Out, ...) \
  extern "C" void wasmprof_semantics_##name(uint8_t* at, const V128* pvector, unsigned lane) { \
    const V128 vector = *pvector;                                                               \
    __VA_ARGS__;                                                                                \
  }

#define X(name, shape, In, Out, ...) WASMPROF_VSEMANTICS_##shape(name, In, Out, __VA_ARGS__)
#include "exec/vector_ops.def"
#undef X
