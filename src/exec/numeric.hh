// Scalar numeric semantics of WebAssembly 2.0 (spec section 4.3 "Numerics"), as the
// interpreter's instruction handlers use them. Everything here is inline, allocation-free and
// bit-exact; add/sub/mul/div of floats and the comparisons are plain C++ operators (IEEE 754 with
// round-to-nearest-even, which is what x86-64 SSE arithmetic gives) and are not repeated here.
//
// Naming: operations that exist for several widths are overloads (clz(uint32_t) is i32.clz,
// clz(uint64_t) is i64.clz); conversions carry the instruction's name (i32_trunc_f32_s).
// Sign-agnostic integer operations take unsigned types, signed ones (div_s, shr_s, ...) signed.
//
// NaN results: where the spec lets an operation return "some canonical or arithmetic NaN"
// (min/max), we return the positive canonical NaN. Operations that may pass a NaN operand
// through (rounding, sqrt, demote/promote) always return it quieted, as the spec requires.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "exec/value.hh"

namespace wasmprof::exec::numeric {

// ---------------------------------------------------------------------------------------------
// Integer operations (4.3.2)

constexpr uint32_t clz(uint32_t x) { return static_cast<uint32_t>(std::countl_zero(x)); }
constexpr uint64_t clz(uint64_t x) { return static_cast<uint64_t>(std::countl_zero(x)); }
constexpr uint32_t ctz(uint32_t x) { return static_cast<uint32_t>(std::countr_zero(x)); }
constexpr uint64_t ctz(uint64_t x) { return static_cast<uint64_t>(std::countr_zero(x)); }
constexpr uint32_t popcnt(uint32_t x) { return static_cast<uint32_t>(std::popcount(x)); }
constexpr uint64_t popcnt(uint64_t x) { return static_cast<uint64_t>(std::popcount(x)); }

// Shift and rotate counts are taken modulo the bit width.
constexpr uint32_t shl(uint32_t x, uint32_t k) { return x << (k & 31); }
constexpr uint64_t shl(uint64_t x, uint64_t k) { return x << (k & 63); }
constexpr uint32_t shr_u(uint32_t x, uint32_t k) { return x >> (k & 31); }
constexpr uint64_t shr_u(uint64_t x, uint64_t k) { return x >> (k & 63); }
constexpr int32_t shr_s(int32_t x, uint32_t k) { return x >> (k & 31); }  // arithmetic (C++20)
constexpr int64_t shr_s(int64_t x, uint64_t k) { return x >> (k & 63); }
constexpr uint32_t rotl(uint32_t x, uint32_t k) { return std::rotl(x, static_cast<int>(k & 31)); }
constexpr uint64_t rotl(uint64_t x, uint64_t k) { return std::rotl(x, static_cast<int>(k & 63)); }
constexpr uint32_t rotr(uint32_t x, uint32_t k) { return std::rotr(x, static_cast<int>(k & 31)); }
constexpr uint64_t rotr(uint64_t x, uint64_t k) { return std::rotr(x, static_cast<int>(k & 63)); }

// Division: a zero divisor traps before anything else; div_s also traps on MIN / -1, whose
// quotient 2^(N-1) is not representable.
template <class S>
constexpr TrapKind div_s_impl(S a, S b, S& out) {
  if (b == 0) return TrapKind::IntegerDivideByZero;
  if (a == std::numeric_limits<S>::min() && b == -1) return TrapKind::IntegerOverflow;
  out = a / b;
  return TrapKind::None;
}
// rem_s never overflows: MIN rem -1 is 0. It is special-cased because the C++ expression (and
// x86 idiv) would fault on it.
template <class S>
constexpr TrapKind rem_s_impl(S a, S b, S& out) {
  if (b == 0) return TrapKind::IntegerDivideByZero;
  out = b == -1 ? 0 : a % b;
  return TrapKind::None;
}
template <class U>
constexpr TrapKind div_u_impl(U a, U b, U& out) {
  if (b == 0) return TrapKind::IntegerDivideByZero;
  out = a / b;
  return TrapKind::None;
}
template <class U>
constexpr TrapKind rem_u_impl(U a, U b, U& out) {
  if (b == 0) return TrapKind::IntegerDivideByZero;
  out = a % b;
  return TrapKind::None;
}

constexpr TrapKind div_s(int32_t a, int32_t b, int32_t& out) { return div_s_impl(a, b, out); }
constexpr TrapKind div_s(int64_t a, int64_t b, int64_t& out) { return div_s_impl(a, b, out); }
constexpr TrapKind rem_s(int32_t a, int32_t b, int32_t& out) { return rem_s_impl(a, b, out); }
constexpr TrapKind rem_s(int64_t a, int64_t b, int64_t& out) { return rem_s_impl(a, b, out); }
constexpr TrapKind div_u(uint32_t a, uint32_t b, uint32_t& out) { return div_u_impl(a, b, out); }
constexpr TrapKind div_u(uint64_t a, uint64_t b, uint64_t& out) { return div_u_impl(a, b, out); }
constexpr TrapKind rem_u(uint32_t a, uint32_t b, uint32_t& out) { return rem_u_impl(a, b, out); }
constexpr TrapKind rem_u(uint64_t a, uint64_t b, uint64_t& out) { return rem_u_impl(a, b, out); }

// Sign extension from the low 8/16/32 bits (the conversions to the narrower type are modular).
constexpr int32_t extend8_s(int32_t x) { return static_cast<int8_t>(x); }
constexpr int32_t extend16_s(int32_t x) { return static_cast<int16_t>(x); }
constexpr int64_t extend8_s(int64_t x) { return static_cast<int8_t>(x); }
constexpr int64_t extend16_s(int64_t x) { return static_cast<int16_t>(x); }
constexpr int64_t extend32_s(int64_t x) { return static_cast<int32_t>(x); }

// ---------------------------------------------------------------------------------------------
// Floating-point operations (4.3.3)

template <class F>
struct FloatTraits;
template <>
struct FloatTraits<float> {
  using Bits = uint32_t;
  static constexpr Bits sign = 0x8000'0000u;
  static constexpr Bits canonical_nan = 0x7FC0'0000u;
  static constexpr float integral_bound = 0x1p23f;  // every float of this magnitude is integral
};
template <>
struct FloatTraits<double> {
  using Bits = uint64_t;
  static constexpr Bits sign = 0x8000'0000'0000'0000u;
  static constexpr Bits canonical_nan = 0x7FF8'0000'0000'0000u;
  static constexpr double integral_bound = 0x1p52;
};

template <class F>
constexpr typename FloatTraits<F>::Bits bits_of(F x) {
  return std::bit_cast<typename FloatTraits<F>::Bits>(x);
}
template <class F>
constexpr F canonical_nan() {
  return std::bit_cast<F>(FloatTraits<F>::canonical_nan);
}

// abs, neg and copysign only touch the sign bit, so NaN payloads (even signalling) survive.
constexpr float abs(float x) { return std::bit_cast<float>(bits_of(x) & ~FloatTraits<float>::sign); }
constexpr double abs(double x) { return std::bit_cast<double>(bits_of(x) & ~FloatTraits<double>::sign); }
constexpr float neg(float x) { return std::bit_cast<float>(bits_of(x) ^ FloatTraits<float>::sign); }
constexpr double neg(double x) { return std::bit_cast<double>(bits_of(x) ^ FloatTraits<double>::sign); }
constexpr float copysign(float x, float y) {
  constexpr uint32_t sign = FloatTraits<float>::sign;
  return std::bit_cast<float>((bits_of(x) & ~sign) | (bits_of(y) & sign));
}
constexpr double copysign(double x, double y) {
  constexpr uint64_t sign = FloatTraits<double>::sign;
  return std::bit_cast<double>((bits_of(x) & ~sign) | (bits_of(y) & sign));
}

// min/max: NaN if either operand is NaN (unlike IEEE minNum or x86 minss), and -0 < +0. Equal
// operands can only differ in the sign of zero, so OR-ing (min) or AND-ing (max) the bits picks
// the right zero.
template <class F>
constexpr F min_impl(F a, F b) {
  if (a != a || b != b) return canonical_nan<F>();
  if (a == b) return std::bit_cast<F>(bits_of(a) | bits_of(b));
  return a < b ? a : b;
}
template <class F>
constexpr F max_impl(F a, F b) {
  if (a != a || b != b) return canonical_nan<F>();
  if (a == b) return std::bit_cast<F>(bits_of(a) & bits_of(b));
  return a > b ? a : b;
}
constexpr float min(float a, float b) { return min_impl(a, b); }
constexpr double min(double a, double b) { return min_impl(a, b); }
constexpr float max(float a, float b) { return max_impl(a, b); }
constexpr double max(double a, double b) { return max_impl(a, b); }

// Rounding: a NaN operand must come back quiet. C++ leaves open whether std::ceil and friends
// quiet a signalling NaN (glibc's do, not every libm does), so NaNs are handled here: x + x
// quiets in hardware. Zero results keep the operand's sign (ceil(-0.5) == -0.0), as IEEE and
// the <cmath> functions do.
template <class F>
inline F nearest_impl(F x) {
  constexpr F bound = FloatTraits<F>::integral_bound;
  F magnitude = abs(x);
  // Below 2^23 (2^52), adding and removing the bound rounds to an integer, ties to even, in the
  // default rounding mode; copysign restores the sign (also of a zero result: nearest(-0.4) = -0).
  if (magnitude < bound) {
    F rounded = (magnitude + bound) - bound;
    return copysign(rounded, x);
  }
  return x == x ? x : x + x;  // already integral, infinite, or NaN
}
inline float nearest(float x) { return nearest_impl(x); }
inline double nearest(double x) { return nearest_impl(x); }
inline float ceil(float x) { return x == x ? std::ceil(x) : x + x; }
inline double ceil(double x) { return x == x ? std::ceil(x) : x + x; }
inline float floor(float x) { return x == x ? std::floor(x) : x + x; }
inline double floor(double x) { return x == x ? std::floor(x) : x + x; }
inline float trunc(float x) { return x == x ? std::trunc(x) : x + x; }
inline double trunc(double x) { return x == x ? std::trunc(x) : x + x; }
inline float sqrt(float x) { return std::sqrt(x); }  // sqrtss: correctly rounded, quiets NaNs
inline double sqrt(double x) { return std::sqrt(x); }

// ---------------------------------------------------------------------------------------------
// Conversions (4.3.4)

constexpr uint32_t i32_wrap_i64(uint64_t x) { return static_cast<uint32_t>(x); }
constexpr int64_t i64_extend_i32_s(int32_t x) { return x; }
constexpr uint64_t i64_extend_i32_u(uint32_t x) { return x; }

// Truncation traps on NaN and when the truncated value does not fit. The bounds below are the
// exact exclusive limits (MIN - 1, MAX + 1) of values that truncate into range; where MIN - 1 is
// not representable in the source type (f32 for i32, f32 and f64 for i64) the next
// representable value below MIN already truncates out of range, so the test is x >= MIN.
template <class I, class F>
constexpr TrapKind checked_trunc(F x, bool in_range, I& out) {
  if (x != x) return TrapKind::InvalidConversionToInteger;
  if (!in_range) return TrapKind::IntegerOverflow;
  out = static_cast<I>(x);
  return TrapKind::None;
}
constexpr TrapKind i32_trunc_f32_s(float x, int32_t& out) {
  return checked_trunc(x, x >= -0x1p31f && x < 0x1p31f, out);
}
constexpr TrapKind i32_trunc_f32_u(float x, uint32_t& out) {
  return checked_trunc(x, x > -1.0f && x < 0x1p32f, out);
}
constexpr TrapKind i32_trunc_f64_s(double x, int32_t& out) {
  return checked_trunc(x, x > -2147483649.0 && x < 0x1p31, out);
}
constexpr TrapKind i32_trunc_f64_u(double x, uint32_t& out) {
  return checked_trunc(x, x > -1.0 && x < 0x1p32, out);
}
constexpr TrapKind i64_trunc_f32_s(float x, int64_t& out) {
  return checked_trunc(x, x >= -0x1p63f && x < 0x1p63f, out);
}
constexpr TrapKind i64_trunc_f32_u(float x, uint64_t& out) {
  return checked_trunc(x, x > -1.0f && x < 0x1p64f, out);
}
constexpr TrapKind i64_trunc_f64_s(double x, int64_t& out) {
  return checked_trunc(x, x >= -0x1p63 && x < 0x1p63, out);
}
constexpr TrapKind i64_trunc_f64_u(double x, uint64_t& out) {
  return checked_trunc(x, x > -1.0 && x < 0x1p64, out);
}

// Saturating truncation: NaN gives 0, out-of-range values the nearest bound. The lower test
// may be "x < MIN" even where MIN - 1 is representable: everything in (MIN - 1, MIN) truncates
// to MIN anyway. For unsigned targets, !(x > -1) catches NaN and everything that truncates
// below 0 in one comparison.
template <class S, class F>
constexpr S trunc_sat_s(F x) {
  constexpr F lowest = static_cast<F>(std::numeric_limits<S>::min());  // -2^(N-1), exact
  constexpr F limit = -lowest;                                         // 2^(N-1), exact
  if (x != x) return 0;
  if (x < lowest) return std::numeric_limits<S>::min();
  if (x >= limit) return std::numeric_limits<S>::max();
  return static_cast<S>(x);
}
template <class U, class F>
constexpr U trunc_sat_u(F x) {
  constexpr F limit = static_cast<F>(std::numeric_limits<U>::max() / 2 + 1) * 2;  // 2^N, exact
  if (!(x > -1)) return 0;
  if (x >= limit) return std::numeric_limits<U>::max();
  return static_cast<U>(x);
}
constexpr int32_t i32_trunc_sat_f32_s(float x) { return trunc_sat_s<int32_t>(x); }
constexpr uint32_t i32_trunc_sat_f32_u(float x) { return trunc_sat_u<uint32_t>(x); }
constexpr int32_t i32_trunc_sat_f64_s(double x) { return trunc_sat_s<int32_t>(x); }
constexpr uint32_t i32_trunc_sat_f64_u(double x) { return trunc_sat_u<uint32_t>(x); }
constexpr int64_t i64_trunc_sat_f32_s(float x) { return trunc_sat_s<int64_t>(x); }
constexpr uint64_t i64_trunc_sat_f32_u(float x) { return trunc_sat_u<uint64_t>(x); }
constexpr int64_t i64_trunc_sat_f64_s(double x) { return trunc_sat_s<int64_t>(x); }
constexpr uint64_t i64_trunc_sat_f64_u(double x) { return trunc_sat_u<uint64_t>(x); }

// Integer to float is correctly rounded (ties to even). Clang's x86-64 lowering of the u64
// conversions keeps that property (it halves with a sticky bit, or splits into exact halves),
// so there is no double rounding; numeric_test checks the known hard cases.
inline float f32_convert_i32_s(int32_t x) { return static_cast<float>(x); }
inline float f32_convert_i32_u(uint32_t x) { return static_cast<float>(x); }
inline float f32_convert_i64_s(int64_t x) { return static_cast<float>(x); }
inline float f32_convert_i64_u(uint64_t x) { return static_cast<float>(x); }
inline double f64_convert_i32_s(int32_t x) { return static_cast<double>(x); }
inline double f64_convert_i32_u(uint32_t x) { return static_cast<double>(x); }
inline double f64_convert_i64_s(int64_t x) { return static_cast<double>(x); }
inline double f64_convert_i64_u(uint64_t x) { return static_cast<double>(x); }

// cvtsd2ss / cvtss2sd: correctly rounded, and a NaN comes out quiet with its payload's high
// bits kept, so a canonical NaN stays canonical as the spec requires.
inline float f32_demote_f64(double x) { return static_cast<float>(x); }
inline double f64_promote_f32(float x) { return static_cast<double>(x); }

constexpr uint32_t i32_reinterpret_f32(float x) { return std::bit_cast<uint32_t>(x); }
constexpr uint64_t i64_reinterpret_f64(double x) { return std::bit_cast<uint64_t>(x); }
constexpr float f32_reinterpret_i32(uint32_t x) { return std::bit_cast<float>(x); }
constexpr double f64_reinterpret_i64(uint64_t x) { return std::bit_cast<double>(x); }

}  // namespace wasmprof::exec::numeric
