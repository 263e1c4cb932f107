// Handlers for scalar numeric instructions, constants, and scalar loads and stores.
#include "exec/handler_support.hh"
#include "exec/handlers.hh"
#include "exec/numeric.hh"

namespace wasmprof::exec {
namespace {

namespace n = numeric;
using i32 = int32_t;
using u32 = uint32_t;
using i64 = int64_t;
using u64 = uint64_t;
using f32 = float;
using f64 = double;

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

// Loads: `In` is the type in memory, `Out` the value type it extends to.
#define WASMPROF_LOAD(name, In, Out, ...)                                                          \
  WASMPROF_HANDLER(h_##name) {                                                                     \
    const uint8_t* at =                                                                            \
        effective_address(memory, memory_size, read_slot<u32>(fp, pc[1].pair.b), pc[2].pair.a, sizeof(In)); \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    In value;                                                                                      \
    std::memcpy(&value, at, sizeof(In));                                                           \
    write_slot<Out>(fp, pc[1].pair.a, Out(value));                                                 \
    WASMPROF_NEXT(3);                                                                              \
  }

// Stores: `In` is the value type, `Out` the (possibly narrower) type written to memory.
#define WASMPROF_STORE(name, In, Out, ...)                                                         \
  WASMPROF_HANDLER(h_##name) {                                                                     \
    uint8_t* at =                                                                                  \
        effective_address(memory, memory_size, read_slot<u32>(fp, pc[1].pair.a), pc[2].pair.a, sizeof(Out)); \
    if (!at) return raise(pc, context, TrapKind::OutOfBoundsMemoryAccess);                        \
    const Out value = Out(read_slot<In>(fp, pc[1].pair.b));                                        \
    std::memcpy(at, &value, sizeof(Out));                                                          \
    WASMPROF_NEXT(3);                                                                              \
  }

// clang-format off
#define WASMPROF_NUMERIC_OPS(X) \
  X(I32Load, LOAD, u32, u32, 0) \
  X(I64Load, LOAD, u64, u64, 0) \
  X(F32Load, LOAD, u32, u32, 0) \
  X(F64Load, LOAD, u64, u64, 0) \
  X(I32Load8S, LOAD, int8_t, i32, 0) \
  X(I32Load8U, LOAD, uint8_t, u32, 0) \
  X(I32Load16S, LOAD, int16_t, i32, 0) \
  X(I32Load16U, LOAD, uint16_t, u32, 0) \
  X(I64Load8S, LOAD, int8_t, i64, 0) \
  X(I64Load8U, LOAD, uint8_t, u64, 0) \
  X(I64Load16S, LOAD, int16_t, i64, 0) \
  X(I64Load16U, LOAD, uint16_t, u64, 0) \
  X(I64Load32S, LOAD, int32_t, i64, 0) \
  X(I64Load32U, LOAD, uint32_t, u64, 0) \
  X(I32Store, STORE, u32, u32, 0) \
  X(I64Store, STORE, u64, u64, 0) \
  X(F32Store, STORE, u32, u32, 0) \
  X(F64Store, STORE, u64, u64, 0) \
  X(I32Store8, STORE, u32, uint8_t, 0) \
  X(I32Store16, STORE, u32, uint16_t, 0) \
  X(I64Store8, STORE, u64, uint8_t, 0) \
  X(I64Store16, STORE, u64, uint16_t, 0) \
  X(I64Store32, STORE, u64, uint32_t, 0) \
  X(I32Eqz, UNARY, u32, u32, a == 0) \
  X(I32Eq, BINARY, u32, u32, a == b) \
  X(I32Ne, BINARY, u32, u32, a != b) \
  X(I32LtS, BINARY, i32, u32, a < b) \
  X(I32LtU, BINARY, u32, u32, a < b) \
  X(I32GtS, BINARY, i32, u32, a > b) \
  X(I32GtU, BINARY, u32, u32, a > b) \
  X(I32LeS, BINARY, i32, u32, a <= b) \
  X(I32LeU, BINARY, u32, u32, a <= b) \
  X(I32GeS, BINARY, i32, u32, a >= b) \
  X(I32GeU, BINARY, u32, u32, a >= b) \
  X(I64Eqz, UNARY, u64, u32, a == 0) \
  X(I64Eq, BINARY, u64, u32, a == b) \
  X(I64Ne, BINARY, u64, u32, a != b) \
  X(I64LtS, BINARY, i64, u32, a < b) \
  X(I64LtU, BINARY, u64, u32, a < b) \
  X(I64GtS, BINARY, i64, u32, a > b) \
  X(I64GtU, BINARY, u64, u32, a > b) \
  X(I64LeS, BINARY, i64, u32, a <= b) \
  X(I64LeU, BINARY, u64, u32, a <= b) \
  X(I64GeS, BINARY, i64, u32, a >= b) \
  X(I64GeU, BINARY, u64, u32, a >= b) \
  X(F32Eq, BINARY, f32, u32, a == b) \
  X(F32Ne, BINARY, f32, u32, a != b) \
  X(F32Lt, BINARY, f32, u32, a < b) \
  X(F32Gt, BINARY, f32, u32, a > b) \
  X(F32Le, BINARY, f32, u32, a <= b) \
  X(F32Ge, BINARY, f32, u32, a >= b) \
  X(F64Eq, BINARY, f64, u32, a == b) \
  X(F64Ne, BINARY, f64, u32, a != b) \
  X(F64Lt, BINARY, f64, u32, a < b) \
  X(F64Gt, BINARY, f64, u32, a > b) \
  X(F64Le, BINARY, f64, u32, a <= b) \
  X(F64Ge, BINARY, f64, u32, a >= b) \
  X(I32Clz, UNARY, u32, u32, n::clz(a)) \
  X(I32Ctz, UNARY, u32, u32, n::ctz(a)) \
  X(I32Popcnt, UNARY, u32, u32, n::popcnt(a)) \
  X(I32Add, BINARY, u32, u32, a + b) \
  X(I32Sub, BINARY, u32, u32, a - b) \
  X(I32Mul, BINARY, u32, u32, a * b) \
  X(I32DivS, BINARY_TRAP, i32, i32, n::div_s(a, b, result)) \
  X(I32DivU, BINARY_TRAP, u32, u32, n::div_u(a, b, result)) \
  X(I32RemS, BINARY_TRAP, i32, i32, n::rem_s(a, b, result)) \
  X(I32RemU, BINARY_TRAP, u32, u32, n::rem_u(a, b, result)) \
  X(I32And, BINARY, u32, u32, a & b) \
  X(I32Or, BINARY, u32, u32, a | b) \
  X(I32Xor, BINARY, u32, u32, a ^ b) \
  X(I32Shl, BINARY, u32, u32, n::shl(a, b)) \
  X(I32ShrS, BINARY, i32, i32, n::shr_s(a, u32(b))) \
  X(I32ShrU, BINARY, u32, u32, n::shr_u(a, b)) \
  X(I32Rotl, BINARY, u32, u32, n::rotl(a, b)) \
  X(I32Rotr, BINARY, u32, u32, n::rotr(a, b)) \
  X(I64Clz, UNARY, u64, u64, n::clz(a)) \
  X(I64Ctz, UNARY, u64, u64, n::ctz(a)) \
  X(I64Popcnt, UNARY, u64, u64, n::popcnt(a)) \
  X(I64Add, BINARY, u64, u64, a + b) \
  X(I64Sub, BINARY, u64, u64, a - b) \
  X(I64Mul, BINARY, u64, u64, a * b) \
  X(I64DivS, BINARY_TRAP, i64, i64, n::div_s(a, b, result)) \
  X(I64DivU, BINARY_TRAP, u64, u64, n::div_u(a, b, result)) \
  X(I64RemS, BINARY_TRAP, i64, i64, n::rem_s(a, b, result)) \
  X(I64RemU, BINARY_TRAP, u64, u64, n::rem_u(a, b, result)) \
  X(I64And, BINARY, u64, u64, a & b) \
  X(I64Or, BINARY, u64, u64, a | b) \
  X(I64Xor, BINARY, u64, u64, a ^ b) \
  X(I64Shl, BINARY, u64, u64, n::shl(a, b)) \
  X(I64ShrS, BINARY, i64, i64, n::shr_s(a, u64(b))) \
  X(I64ShrU, BINARY, u64, u64, n::shr_u(a, b)) \
  X(I64Rotl, BINARY, u64, u64, n::rotl(a, b)) \
  X(I64Rotr, BINARY, u64, u64, n::rotr(a, b)) \
  X(F32Abs, UNARY, f32, f32, n::abs(a)) \
  X(F32Neg, UNARY, f32, f32, n::neg(a)) \
  X(F32Ceil, UNARY, f32, f32, n::ceil(a)) \
  X(F32Floor, UNARY, f32, f32, n::floor(a)) \
  X(F32Trunc, UNARY, f32, f32, n::trunc(a)) \
  X(F32Nearest, UNARY, f32, f32, n::nearest(a)) \
  X(F32Sqrt, UNARY, f32, f32, n::sqrt(a)) \
  X(F32Add, BINARY, f32, f32, a + b) \
  X(F32Sub, BINARY, f32, f32, a - b) \
  X(F32Mul, BINARY, f32, f32, a * b) \
  X(F32Div, BINARY, f32, f32, a / b) \
  X(F32Min, BINARY, f32, f32, n::min(a, b)) \
  X(F32Max, BINARY, f32, f32, n::max(a, b)) \
  X(F32Copysign, BINARY, f32, f32, n::copysign(a, b)) \
  X(F64Abs, UNARY, f64, f64, n::abs(a)) \
  X(F64Neg, UNARY, f64, f64, n::neg(a)) \
  X(F64Ceil, UNARY, f64, f64, n::ceil(a)) \
  X(F64Floor, UNARY, f64, f64, n::floor(a)) \
  X(F64Trunc, UNARY, f64, f64, n::trunc(a)) \
  X(F64Nearest, UNARY, f64, f64, n::nearest(a)) \
  X(F64Sqrt, UNARY, f64, f64, n::sqrt(a)) \
  X(F64Add, BINARY, f64, f64, a + b) \
  X(F64Sub, BINARY, f64, f64, a - b) \
  X(F64Mul, BINARY, f64, f64, a * b) \
  X(F64Div, BINARY, f64, f64, a / b) \
  X(F64Min, BINARY, f64, f64, n::min(a, b)) \
  X(F64Max, BINARY, f64, f64, n::max(a, b)) \
  X(F64Copysign, BINARY, f64, f64, n::copysign(a, b)) \
  X(I32WrapI64, UNARY, u64, u32, n::i32_wrap_i64(a)) \
  X(I32TruncF32S, UNARY_TRAP, f32, i32, n::i32_trunc_f32_s(a, result)) \
  X(I32TruncF32U, UNARY_TRAP, f32, u32, n::i32_trunc_f32_u(a, result)) \
  X(I32TruncF64S, UNARY_TRAP, f64, i32, n::i32_trunc_f64_s(a, result)) \
  X(I32TruncF64U, UNARY_TRAP, f64, u32, n::i32_trunc_f64_u(a, result)) \
  X(I64ExtendI32S, UNARY, i32, i64, n::i64_extend_i32_s(a)) \
  X(I64ExtendI32U, UNARY, u32, u64, n::i64_extend_i32_u(a)) \
  X(I64TruncF32S, UNARY_TRAP, f32, i64, n::i64_trunc_f32_s(a, result)) \
  X(I64TruncF32U, UNARY_TRAP, f32, u64, n::i64_trunc_f32_u(a, result)) \
  X(I64TruncF64S, UNARY_TRAP, f64, i64, n::i64_trunc_f64_s(a, result)) \
  X(I64TruncF64U, UNARY_TRAP, f64, u64, n::i64_trunc_f64_u(a, result)) \
  X(F32ConvertI32S, UNARY, i32, f32, n::f32_convert_i32_s(a)) \
  X(F32ConvertI32U, UNARY, u32, f32, n::f32_convert_i32_u(a)) \
  X(F32ConvertI64S, UNARY, i64, f32, n::f32_convert_i64_s(a)) \
  X(F32ConvertI64U, UNARY, u64, f32, n::f32_convert_i64_u(a)) \
  X(F32DemoteF64, UNARY, f64, f32, n::f32_demote_f64(a)) \
  X(F64ConvertI32S, UNARY, i32, f64, n::f64_convert_i32_s(a)) \
  X(F64ConvertI32U, UNARY, u32, f64, n::f64_convert_i32_u(a)) \
  X(F64ConvertI64S, UNARY, i64, f64, n::f64_convert_i64_s(a)) \
  X(F64ConvertI64U, UNARY, u64, f64, n::f64_convert_i64_u(a)) \
  X(F64PromoteF32, UNARY, f32, f64, n::f64_promote_f32(a)) \
  X(I32ReinterpretF32, UNARY, u32, u32, a) \
  X(I64ReinterpretF64, UNARY, u64, u64, a) \
  X(F32ReinterpretI32, UNARY, u32, u32, a) \
  X(F64ReinterpretI64, UNARY, u64, u64, a) \
  X(I32Extend8S, UNARY, i32, i32, n::extend8_s(a)) \
  X(I32Extend16S, UNARY, i32, i32, n::extend16_s(a)) \
  X(I64Extend8S, UNARY, i64, i64, n::extend8_s(a)) \
  X(I64Extend16S, UNARY, i64, i64, n::extend16_s(a)) \
  X(I64Extend32S, UNARY, i64, i64, n::extend32_s(a)) \
  X(I32TruncSatF32S, UNARY, f32, i32, n::i32_trunc_sat_f32_s(a)) \
  X(I32TruncSatF32U, UNARY, f32, u32, n::i32_trunc_sat_f32_u(a)) \
  X(I32TruncSatF64S, UNARY, f64, i32, n::i32_trunc_sat_f64_s(a)) \
  X(I32TruncSatF64U, UNARY, f64, u32, n::i32_trunc_sat_f64_u(a)) \
  X(I64TruncSatF32S, UNARY, f32, i64, n::i64_trunc_sat_f32_s(a)) \
  X(I64TruncSatF32U, UNARY, f32, u64, n::i64_trunc_sat_f32_u(a)) \
  X(I64TruncSatF64S, UNARY, f64, i64, n::i64_trunc_sat_f64_s(a)) \
  X(I64TruncSatF64U, UNARY, f64, u64, n::i64_trunc_sat_f64_u(a))
// clang-format on

#define WASMPROF_DEFINE(name, kind, In, Out, ...) WASMPROF_##kind(name, In, Out, __VA_ARGS__)
WASMPROF_NUMERIC_OPS(WASMPROF_DEFINE)
#undef WASMPROF_DEFINE

}  // namespace

Handler scalar_handler(Opcode opcode) {
  switch (opcode) {
#define WASMPROF_CASE(name, ...) \
  case Opcode::name:             \
    return h_##name;
    WASMPROF_NUMERIC_OPS(WASMPROF_CASE)
#undef WASMPROF_CASE
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
      return handlers::const64;
    default:
      return nullptr;
  }
}

}  // namespace wasmprof::exec
