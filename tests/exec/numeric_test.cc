#include "exec/numeric.hh"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>

namespace wasmprof::exec::numeric {
namespace {

// Operands pass through a volatile so the code under test runs at run time instead of being
// folded by the compiler (whose constant folding may differ, e.g. for NaN payloads).
template <class T>
T rt(T value) {
  volatile T copy = value;
  return copy;
}

float f32(uint32_t bits) { return rt(std::bit_cast<float>(bits)); }
double f64(uint64_t bits) { return rt(std::bit_cast<double>(bits)); }
uint32_t bits(float x) { return std::bit_cast<uint32_t>(x); }
uint64_t bits(double x) { return std::bit_cast<uint64_t>(x); }

bool is_canonical_nan(float x) { return (bits(x) & 0x7FFF'FFFFu) == 0x7FC0'0000u; }
bool is_canonical_nan(double x) { return (bits(x) & 0x7FFF'FFFF'FFFF'FFFFu) == 0x7FF8'0000'0000'0000u; }
bool is_arithmetic_nan(float x) { return (bits(x) & 0x7FC0'0000u) == 0x7FC0'0000u; }
bool is_arithmetic_nan(double x) { return (bits(x) & 0x7FF8'0000'0000'0000u) == 0x7FF8'0000'0000'0000u; }

constexpr uint32_t kF32Snan = 0x7FA0'0001u;  // signalling, with payload
constexpr uint32_t kF32NegQnanPayload = 0xFFC0'1234u;
constexpr uint64_t kF64Snan = 0x7FF4'0000'0000'0001u;
constexpr uint64_t kF64NegQnanPayload = 0xFFF8'0000'0000'5678u;

// ---------------------------------------------------------------------------------------------
// Integer

TEST(NumericInteger, CountBits) {
  EXPECT_EQ(clz(rt(0u)), 32u);
  EXPECT_EQ(clz(rt(1u)), 31u);
  EXPECT_EQ(clz(rt(0x8000'0000u)), 0u);
  EXPECT_EQ(clz(rt(uint64_t{0})), 64u);
  EXPECT_EQ(clz(rt(uint64_t{0x0000'0001'0000'0000})), 31u);
  EXPECT_EQ(ctz(rt(0u)), 32u);
  EXPECT_EQ(ctz(rt(0x0001'0000u)), 16u);
  EXPECT_EQ(ctz(rt(uint64_t{0})), 64u);
  EXPECT_EQ(ctz(rt(uint64_t{0x8000'0000'0000'0000})), 63u);
  EXPECT_EQ(popcnt(rt(0xFFFF'FFFFu)), 32u);
  EXPECT_EQ(popcnt(rt(0xAAAA'5555u)), 16u);
  EXPECT_EQ(popcnt(rt(~uint64_t{0})), 64u);
  EXPECT_EQ(popcnt(rt(uint64_t{0x8000'0000'0000'0001})), 2u);
}

TEST(NumericInteger, ShiftCountsAreTakenModuloWidth) {
  EXPECT_EQ(shl(rt(1u), 31u), 0x8000'0000u);
  EXPECT_EQ(shl(rt(1u), 32u), 1u);
  EXPECT_EQ(shl(rt(1u), 33u), 2u);
  EXPECT_EQ(shl(rt(uint64_t{1}), uint64_t{64}), 1u);
  EXPECT_EQ(shl(rt(uint64_t{1}), uint64_t{63}), 0x8000'0000'0000'0000u);
  EXPECT_EQ(shr_u(rt(0x8000'0000u), 31u), 1u);
  EXPECT_EQ(shr_u(rt(0x8000'0000u), 32u), 0x8000'0000u);
  EXPECT_EQ(shr_u(rt(~uint64_t{0}), uint64_t{65}), 0x7FFF'FFFF'FFFF'FFFFu);
  // Arithmetic shift copies the sign bit.
  EXPECT_EQ(shr_s(rt(INT32_MIN), 31u), -1);
  EXPECT_EQ(shr_s(rt(INT32_MIN), 32u), INT32_MIN);
  EXPECT_EQ(shr_s(rt(-8), 0xFFFF'FFFFu), -1);  // count 31
  EXPECT_EQ(shr_s(rt(INT64_MIN), uint64_t{63}), -1);
  EXPECT_EQ(shr_s(rt(INT64_MIN), uint64_t{64}), INT64_MIN);
  EXPECT_EQ(shr_s(rt(int64_t{0x4000'0000'0000'0000}), uint64_t{62}), 1);
}

TEST(NumericInteger, Rotates) {
  EXPECT_EQ(rotl(rt(0xABCD'9876u), 1u), 0x579B'30EDu);
  EXPECT_EQ(rotl(rt(0xABCD'9876u), 33u), 0x579B'30EDu);
  EXPECT_EQ(rotl(rt(0x8000'0000u), 0u), 0x8000'0000u);
  EXPECT_EQ(rotr(rt(0xB0C1'D2E3u), 5u), 0x1D86'0E97u);
  EXPECT_EQ(rotr(rt(0xB0C1'D2E3u), 0xFF05u), 0x1D86'0E97u);
  EXPECT_EQ(rotl(rt(uint64_t{0x8000'0000'0000'0001}), uint64_t{1}), 3u);
  EXPECT_EQ(rotl(rt(uint64_t{0x8000'0000'0000'0001}), uint64_t{65}), 3u);
  EXPECT_EQ(rotr(rt(uint64_t{1}), uint64_t{1}), 0x8000'0000'0000'0000u);
  EXPECT_EQ(rotr(rt(uint64_t{1}), uint64_t{129}), 0x8000'0000'0000'0000u);
}

TEST(NumericInteger, SignedDivisionTrapsAndTruncates) {
  int32_t q = 12345;
  EXPECT_EQ(div_s(rt(7), rt(-2), q), TrapKind::None);
  EXPECT_EQ(q, -3);  // toward zero
  EXPECT_EQ(div_s(rt(-7), rt(2), q), TrapKind::None);
  EXPECT_EQ(q, -3);
  EXPECT_EQ(div_s(rt(INT32_MIN), rt(2), q), TrapKind::None);
  EXPECT_EQ(q, -0x4000'0000);
  q = 99;
  EXPECT_EQ(div_s(rt(INT32_MIN), rt(-1), q), TrapKind::IntegerOverflow);
  EXPECT_EQ(q, 99);  // untouched on a trap
  EXPECT_EQ(div_s(rt(1), rt(0), q), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(div_s(rt(INT32_MIN), rt(0), q), TrapKind::IntegerDivideByZero);
  int64_t q64 = 0;
  EXPECT_EQ(div_s(rt(INT64_MIN), rt(int64_t{-1}), q64), TrapKind::IntegerOverflow);
  EXPECT_EQ(div_s(rt(int64_t{0}), rt(int64_t{0}), q64), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(div_s(rt(INT64_MIN), rt(int64_t{-2}), q64), TrapKind::None);
  EXPECT_EQ(q64, int64_t{0x4000'0000'0000'0000});
}

TEST(NumericInteger, SignedRemainderNeverOverflows) {
  int32_t r = 5;
  EXPECT_EQ(rem_s(rt(INT32_MIN), rt(-1), r), TrapKind::None);
  EXPECT_EQ(r, 0);
  EXPECT_EQ(rem_s(rt(-7), rt(2), r), TrapKind::None);
  EXPECT_EQ(r, -1);  // sign of the dividend
  EXPECT_EQ(rem_s(rt(7), rt(-2), r), TrapKind::None);
  EXPECT_EQ(r, 1);
  EXPECT_EQ(rem_s(rt(7), rt(0), r), TrapKind::IntegerDivideByZero);
  int64_t r64 = 5;
  EXPECT_EQ(rem_s(rt(INT64_MIN), rt(int64_t{-1}), r64), TrapKind::None);
  EXPECT_EQ(r64, 0);
  EXPECT_EQ(rem_s(rt(INT64_MIN), rt(int64_t{0}), r64), TrapKind::IntegerDivideByZero);
}

TEST(NumericInteger, UnsignedDivision) {
  uint32_t q = 0;
  EXPECT_EQ(div_u(rt(0xFFFF'FFFFu), rt(2u), q), TrapKind::None);
  EXPECT_EQ(q, 0x7FFF'FFFFu);
  EXPECT_EQ(div_u(rt(0x8000'0000u), rt(0xFFFF'FFFFu), q), TrapKind::None);  // not a signed -1
  EXPECT_EQ(q, 0u);
  EXPECT_EQ(div_u(rt(1u), rt(0u), q), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(rem_u(rt(0x8000'0001u), rt(0x1'0000u), q), TrapKind::None);
  EXPECT_EQ(q, 1u);
  EXPECT_EQ(rem_u(rt(0u), rt(0u), q), TrapKind::IntegerDivideByZero);
  uint64_t q64 = 0;
  EXPECT_EQ(div_u(rt(~uint64_t{0}), rt(uint64_t{3}), q64), TrapKind::None);
  EXPECT_EQ(q64, 0x5555'5555'5555'5555u);
  EXPECT_EQ(rem_u(rt(~uint64_t{0}), rt(uint64_t{0x1'0000'0000}), q64), TrapKind::None);
  EXPECT_EQ(q64, 0xFFFF'FFFFu);
  EXPECT_EQ(rem_u(rt(~uint64_t{0}), rt(uint64_t{0}), q64), TrapKind::IntegerDivideByZero);
}

TEST(NumericInteger, SignExtension) {
  EXPECT_EQ(extend8_s(rt(0x7F)), 127);
  EXPECT_EQ(extend8_s(rt(0x80)), -128);
  EXPECT_EQ(extend8_s(rt(0x1234'56FF)), -1);  // upper bits ignored
  EXPECT_EQ(extend16_s(rt(0x8000)), -32768);
  EXPECT_EQ(extend16_s(rt(0x7FFF'7FFF)), 32767);
  EXPECT_EQ(extend8_s(rt(int64_t{0x0123'4567'89AB'CD80})), -128);
  EXPECT_EQ(extend16_s(rt(static_cast<int64_t>(0xFFFF'0000'0000'8001u))), -32767);
  EXPECT_EQ(extend32_s(rt(int64_t{0x0000'0000'8000'0000})), int64_t{INT32_MIN});
  EXPECT_EQ(extend32_s(rt(int64_t{0x7FFF'FFFF'7FFF'FFFF})), int64_t{0x7FFF'FFFF});
  EXPECT_EQ(i64_extend_i32_s(rt(-1)), -1);
  EXPECT_EQ(i64_extend_i32_u(rt(0xFFFF'FFFFu)), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_wrap_i64(rt(uint64_t{0x1'2345'6789})), 0x2345'6789u);
}

// ---------------------------------------------------------------------------------------------
// Float sign operations

TEST(NumericFloat, SignOperationsKeepNanPayloads) {
  EXPECT_EQ(bits(abs(f32(0xFFA0'0001u))), kF32Snan);  // still signalling
  EXPECT_EQ(bits(abs(f32(kF32NegQnanPayload))), 0x7FC0'1234u);
  EXPECT_EQ(bits(neg(f32(kF32Snan))), 0xFFA0'0001u);
  EXPECT_EQ(bits(neg(f32(0x7FC0'0000u))), 0xFFC0'0000u);
  EXPECT_EQ(bits(copysign(f32(kF32Snan), f32(0x8000'0000u))), 0xFFA0'0001u);
  EXPECT_EQ(bits(copysign(f32(kF32NegQnanPayload), f32(0x7FC0'0000u))), 0x7FC0'1234u);
  EXPECT_EQ(bits(abs(f64(kF64NegQnanPayload))), 0x7FF8'0000'0000'5678u);
  EXPECT_EQ(bits(neg(f64(kF64Snan))), 0xFFF4'0000'0000'0001u);
  EXPECT_EQ(bits(copysign(f64(kF64Snan), f64(0xFFF8'0000'0000'0000u))), 0xFFF4'0000'0000'0001u);
}

TEST(NumericFloat, SignOperationsOnNumbers) {
  EXPECT_EQ(bits(abs(rt(-0.0f))), 0u);
  EXPECT_EQ(bits(neg(rt(0.0f))), 0x8000'0000u);
  EXPECT_EQ(abs(rt(-1.5)), 1.5);
  EXPECT_EQ(neg(rt(-std::numeric_limits<double>::infinity())), std::numeric_limits<double>::infinity());
  EXPECT_EQ(bits(copysign(rt(1.0f), rt(-0.0f))), bits(-1.0f));
  EXPECT_EQ(copysign(rt(-2.0), rt(0.0)), 2.0);
}

// ---------------------------------------------------------------------------------------------
// min / max

TEST(NumericFloat, MinMaxOrderSignedZeros) {
  EXPECT_EQ(bits(min(rt(0.0f), rt(-0.0f))), 0x8000'0000u);
  EXPECT_EQ(bits(min(rt(-0.0f), rt(0.0f))), 0x8000'0000u);
  EXPECT_EQ(bits(max(rt(0.0f), rt(-0.0f))), 0u);
  EXPECT_EQ(bits(max(rt(-0.0f), rt(0.0f))), 0u);
  EXPECT_EQ(bits(min(rt(-0.0), rt(0.0))), 0x8000'0000'0000'0000u);
  EXPECT_EQ(bits(max(rt(-0.0), rt(0.0))), 0u);
  EXPECT_EQ(bits(max(rt(-0.0f), rt(-0.0f))), 0x8000'0000u);
}

TEST(NumericFloat, MinMaxPropagateNan) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(is_canonical_nan(min(f32(0x7FC0'0000u), rt(1.0f))));
  EXPECT_TRUE(is_canonical_nan(min(rt(1.0f), f32(0x7FC0'0000u))));
  EXPECT_TRUE(is_canonical_nan(max(rt(inf), f32(0xFFC0'0000u))));
  EXPECT_TRUE(is_canonical_nan(min(rt(-inf), f32(0x7FC0'0000u))));
  // A signalling operand may not come out signalling.
  EXPECT_TRUE(is_arithmetic_nan(min(rt(1.0f), f32(kF32Snan))));
  EXPECT_TRUE(is_arithmetic_nan(max(f32(kF32Snan), rt(1.0f))));
  EXPECT_TRUE(is_canonical_nan(min(f64(0x7FF8'0000'0000'0000u), rt(-1.0))));
  EXPECT_TRUE(is_arithmetic_nan(max(rt(2.0), f64(kF64Snan))));
  EXPECT_TRUE(is_arithmetic_nan(max(f64(kF64NegQnanPayload), rt(-std::numeric_limits<double>::infinity()))));
}

TEST(NumericFloat, MinMaxOfNumbers) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(min(rt(1.0f), rt(2.0f)), 1.0f);
  EXPECT_EQ(min(rt(2.0f), rt(-1.0f)), -1.0f);
  EXPECT_EQ(max(rt(2.0f), rt(-1.0f)), 2.0f);
  EXPECT_EQ(min(rt(-inf), rt(0.0)), -inf);
  EXPECT_EQ(max(rt(-inf), rt(-1e300)), -1e300);
  EXPECT_EQ(max(rt(inf), rt(1.0)), inf);
  EXPECT_EQ(min(rt(0x1p-1074), rt(0.0)), 0.0);  // smallest subnormal against zero
}

// ---------------------------------------------------------------------------------------------
// Rounding and sqrt

TEST(NumericFloat, NearestRoundsHalfToEven) {
  EXPECT_EQ(nearest(rt(0.5f)), 0.0f);
  EXPECT_EQ(nearest(rt(1.5f)), 2.0f);
  EXPECT_EQ(nearest(rt(2.5f)), 2.0f);
  EXPECT_EQ(nearest(rt(-1.5f)), -2.0f);
  EXPECT_EQ(nearest(rt(-2.5f)), -2.0f);
  EXPECT_EQ(nearest(rt(0.49999997f)), 0.0f);  // floor(x + 0.5) would give 1
  EXPECT_EQ(nearest(rt(4194304.5f)), 4194304.0f);
  EXPECT_EQ(nearest(rt(4194305.5f)), 4194306.0f);
  EXPECT_EQ(nearest(rt(8388607.5f)), 8388608.0f);  // 2^23 - 0.5
  EXPECT_EQ(nearest(rt(8388609.0f)), 8388609.0f);  // above 2^23 every float is integral
  EXPECT_EQ(nearest(rt(-8388609.0f)), -8388609.0f);
  EXPECT_EQ(nearest(rt(2.5)), 2.0);
  EXPECT_EQ(nearest(rt(3.5)), 4.0);
  EXPECT_EQ(nearest(rt(0.49999999999999994)), 0.0);
  EXPECT_EQ(nearest(rt(4503599627370495.5)), 4503599627370496.0);  // 2^52 - 0.5
  EXPECT_EQ(nearest(rt(-4503599627370497.0)), -4503599627370497.0);
  EXPECT_EQ(nearest(rt(1e300)), 1e300);
}

TEST(NumericFloat, RoundingKeepsSignOfZero) {
  EXPECT_EQ(bits(nearest(rt(-0.5f))), 0x8000'0000u);
  EXPECT_EQ(bits(nearest(rt(-0.0f))), 0x8000'0000u);
  EXPECT_EQ(bits(nearest(rt(0.4f))), 0u);
  EXPECT_EQ(bits(nearest(rt(-0.4))), 0x8000'0000'0000'0000u);
  EXPECT_EQ(bits(ceil(rt(-0.5f))), 0x8000'0000u);
  EXPECT_EQ(bits(ceil(rt(-0.5))), 0x8000'0000'0000'0000u);
  EXPECT_EQ(bits(trunc(rt(-0.9f))), 0x8000'0000u);
  EXPECT_EQ(bits(floor(rt(-0.0))), 0x8000'0000'0000'0000u);
  EXPECT_EQ(bits(floor(rt(0.5f))), 0u);
}

TEST(NumericFloat, CeilFloorTrunc) {
  EXPECT_EQ(ceil(rt(1.0000001f)), 2.0f);
  EXPECT_EQ(ceil(rt(-1.5f)), -1.0f);
  EXPECT_EQ(floor(rt(-1.5f)), -2.0f);
  EXPECT_EQ(floor(rt(-0x1p-149f)), -1.0f);
  EXPECT_EQ(trunc(rt(-1.5f)), -1.0f);
  EXPECT_EQ(trunc(rt(1.9999999f)), 1.0f);
  EXPECT_EQ(ceil(rt(0x1p-1074)), 1.0);
  EXPECT_EQ(floor(rt(-4503599627370495.5)), -4503599627370496.0);
  EXPECT_EQ(trunc(rt(-4503599627370495.5)), -4503599627370495.0);
  EXPECT_EQ(ceil(rt(std::numeric_limits<double>::infinity())), std::numeric_limits<double>::infinity());
}

TEST(NumericFloat, RoundingAndSqrtQuietNans) {
  EXPECT_TRUE(is_arithmetic_nan(nearest(f32(kF32Snan))));
  EXPECT_TRUE(is_arithmetic_nan(ceil(f32(kF32Snan))));
  EXPECT_TRUE(is_arithmetic_nan(floor(f32(kF32Snan))));
  EXPECT_TRUE(is_arithmetic_nan(trunc(f32(kF32Snan))));
  EXPECT_TRUE(is_arithmetic_nan(sqrt(f32(kF32Snan))));
  EXPECT_TRUE(is_arithmetic_nan(nearest(f64(kF64Snan))));
  EXPECT_TRUE(is_arithmetic_nan(ceil(f64(kF64Snan))));
  EXPECT_TRUE(is_arithmetic_nan(floor(f64(kF64Snan))));
  EXPECT_TRUE(is_arithmetic_nan(trunc(f64(kF64Snan))));
  EXPECT_TRUE(is_arithmetic_nan(sqrt(f64(kF64Snan))));
  // A canonical NaN stays canonical.
  EXPECT_TRUE(is_canonical_nan(nearest(f32(0xFFC0'0000u))));
  EXPECT_TRUE(is_canonical_nan(floor(f64(0x7FF8'0000'0000'0000u))));
}

TEST(NumericFloat, Sqrt) {
  EXPECT_EQ(bits(sqrt(rt(-0.0f))), 0x8000'0000u);
  EXPECT_TRUE(is_canonical_nan(sqrt(rt(-1.0f))));
  EXPECT_TRUE(is_canonical_nan(sqrt(rt(-std::numeric_limits<double>::infinity()))));
  EXPECT_EQ(sqrt(rt(2.0f)), 0x1.6a09e6p+0f);
  EXPECT_EQ(sqrt(rt(0x1.ffffffffffffep-1)), 0x1.fffffffffffffp-1);  // correctly rounded
}

// ---------------------------------------------------------------------------------------------
// Trapping truncation: each boundary just inside and just outside

template <class I, class F>
void expect_trunc(TrapKind (*fn)(F, I&), F x, I want) {
  I out{};
  EXPECT_EQ(fn(rt(x), out), TrapKind::None) << x;
  EXPECT_EQ(out, want) << x;
}
template <class I, class F>
void expect_trunc_trap(TrapKind (*fn)(F, I&), F x, TrapKind want) {
  I out{};
  EXPECT_EQ(fn(rt(x), out), want) << x;
}

TEST(NumericConversion, TruncF32ToI32Signed) {
  auto fn = i32_trunc_f32_s;
  expect_trunc(fn, -2147483648.0f, INT32_MIN);
  expect_trunc(fn, 2147483520.0f, 2147483520);  // largest float below 2^31
  expect_trunc(fn, -1.9f, -1);
  expect_trunc(fn, -0.9f, 0);
  expect_trunc(fn, 0x1p-149f, 0);
  expect_trunc_trap(fn, -2147483904.0f, TrapKind::IntegerOverflow);  // next float below -2^31
  expect_trunc_trap(fn, 2147483648.0f, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, std::numeric_limits<float>::infinity(), TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, -std::numeric_limits<float>::infinity(), TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, std::bit_cast<float>(0x7FC0'0000u), TrapKind::InvalidConversionToInteger);
  expect_trunc_trap(fn, std::bit_cast<float>(0xFFA0'0000u), TrapKind::InvalidConversionToInteger);
}

TEST(NumericConversion, TruncF32ToI32Unsigned) {
  auto fn = i32_trunc_f32_u;
  expect_trunc(fn, 4294967040.0f, 4294967040u);  // largest float below 2^32
  expect_trunc(fn, 2147483648.0f, 0x8000'0000u);
  expect_trunc(fn, -0.99999994f, 0u);  // (-1, 0) truncates to 0
  expect_trunc(fn, -0.0f, 0u);
  expect_trunc_trap(fn, -1.0f, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, 4294967296.0f, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, std::bit_cast<float>(0xFFC0'0000u), TrapKind::InvalidConversionToInteger);
}

TEST(NumericConversion, TruncF64ToI32Signed) {
  auto fn = i32_trunc_f64_s;
  expect_trunc(fn, -2147483648.9, INT32_MIN);  // f64 can represent the fractions below -2^31
  expect_trunc(fn, 2147483647.9, INT32_MAX);
  expect_trunc(fn, -0.9, 0);
  expect_trunc_trap(fn, -2147483649.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, 2147483648.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, 1e300, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, std::bit_cast<double>(kF64Snan), TrapKind::InvalidConversionToInteger);
}

TEST(NumericConversion, TruncF64ToI32Unsigned) {
  auto fn = i32_trunc_f64_u;
  expect_trunc(fn, 4294967295.9, 0xFFFF'FFFFu);
  expect_trunc(fn, -0.9999999999999999, 0u);
  expect_trunc(fn, 1e9, 1000000000u);
  expect_trunc_trap(fn, -1.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, 4294967296.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(fn, std::bit_cast<double>(0x7FF8'0000'0000'0000u), TrapKind::InvalidConversionToInteger);
}

TEST(NumericConversion, TruncF32ToI64) {
  auto s = i64_trunc_f32_s;
  expect_trunc(s, -9223372036854775808.0f, INT64_MIN);
  expect_trunc(s, 9223371487098961920.0f, int64_t{9223371487098961920});  // largest below 2^63
  expect_trunc(s, -1.5f, int64_t{-1});
  expect_trunc_trap(s, -9223373136366403584.0f, TrapKind::IntegerOverflow);  // next below -2^63
  expect_trunc_trap(s, 9223372036854775808.0f, TrapKind::IntegerOverflow);
  expect_trunc_trap(s, std::bit_cast<float>(0x7FC0'0000u), TrapKind::InvalidConversionToInteger);
  auto u = i64_trunc_f32_u;
  expect_trunc(u, 18446742974197923840.0f, uint64_t{18446742974197923840u});  // largest below 2^64
  expect_trunc(u, -0.99999994f, uint64_t{0});
  expect_trunc_trap(u, 18446744073709551616.0f, TrapKind::IntegerOverflow);
  expect_trunc_trap(u, -1.0f, TrapKind::IntegerOverflow);
  expect_trunc_trap(u, std::bit_cast<float>(kF32Snan), TrapKind::InvalidConversionToInteger);
}

TEST(NumericConversion, TruncF64ToI64) {
  auto s = i64_trunc_f64_s;
  expect_trunc(s, -9223372036854775808.0, INT64_MIN);
  expect_trunc(s, 9223372036854774784.0, int64_t{9223372036854774784});     // largest below 2^63
  expect_trunc_trap(s, -9223372036854777856.0, TrapKind::IntegerOverflow);  // next below -2^63
  expect_trunc_trap(s, 9223372036854775808.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(s, std::bit_cast<double>(kF64NegQnanPayload), TrapKind::InvalidConversionToInteger);
  auto u = i64_trunc_f64_u;
  expect_trunc(u, 18446744073709549568.0, uint64_t{18446744073709549568u});  // largest below 2^64
  expect_trunc(u, 9223372036854775808.0, uint64_t{0x8000'0000'0000'0000});
  expect_trunc(u, -0.9999999999999999, uint64_t{0});
  expect_trunc_trap(u, 18446744073709551616.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(u, -1.0, TrapKind::IntegerOverflow);
  expect_trunc_trap(u, -std::numeric_limits<double>::infinity(), TrapKind::IntegerOverflow);
}

// ---------------------------------------------------------------------------------------------
// Saturating truncation

TEST(NumericConversion, TruncSatToI32) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(0x7FC0'0000u)), 0);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(0xFFA0'0000u)), 0);
  EXPECT_EQ(i32_trunc_sat_f32_s(rt(2147483648.0f)), INT32_MAX);
  EXPECT_EQ(i32_trunc_sat_f32_s(rt(2147483520.0f)), 2147483520);
  EXPECT_EQ(i32_trunc_sat_f32_s(rt(-2147483904.0f)), INT32_MIN);
  EXPECT_EQ(i32_trunc_sat_f32_s(rt(-2147483648.0f)), INT32_MIN);
  EXPECT_EQ(i32_trunc_sat_f32_s(rt(-inf)), INT32_MIN);
  EXPECT_EQ(i32_trunc_sat_f32_s(rt(-1.9f)), -1);
  EXPECT_EQ(i32_trunc_sat_f32_u(f32(0x7FC0'0000u)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(rt(-1.0f)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(rt(-inf)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(rt(-0.9f)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(rt(4294967040.0f)), 4294967040u);
  EXPECT_EQ(i32_trunc_sat_f32_u(rt(4294967296.0f)), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_u(rt(inf)), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_s(rt(2147483647.9)), INT32_MAX);
  EXPECT_EQ(i32_trunc_sat_f64_s(rt(2147483648.0)), INT32_MAX);
  EXPECT_EQ(i32_trunc_sat_f64_s(rt(-2147483648.9)), INT32_MIN);
  EXPECT_EQ(i32_trunc_sat_f64_s(rt(-2147483649.0)), INT32_MIN);
  EXPECT_EQ(i32_trunc_sat_f64_s(rt(-1e300)), INT32_MIN);
  EXPECT_EQ(i32_trunc_sat_f64_s(f64(kF64Snan)), 0);
  EXPECT_EQ(i32_trunc_sat_f64_u(rt(4294967295.9)), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(rt(4294967296.0)), 0xFFFF'FFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(rt(-0.9999999999999999)), 0u);
  EXPECT_EQ(i32_trunc_sat_f64_u(rt(-1e300)), 0u);
  EXPECT_EQ(i32_trunc_sat_f64_u(f64(kF64NegQnanPayload)), 0u);
}

TEST(NumericConversion, TruncSatToI64) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(i64_trunc_sat_f32_s(rt(9223371487098961920.0f)), int64_t{9223371487098961920});
  EXPECT_EQ(i64_trunc_sat_f32_s(rt(9223372036854775808.0f)), INT64_MAX);
  EXPECT_EQ(i64_trunc_sat_f32_s(rt(-9223373136366403584.0f)), INT64_MIN);
  EXPECT_EQ(i64_trunc_sat_f32_s(f32(kF32Snan)), 0);
  EXPECT_EQ(i64_trunc_sat_f32_u(rt(18446742974197923840.0f)), uint64_t{18446742974197923840u});
  EXPECT_EQ(i64_trunc_sat_f32_u(rt(18446744073709551616.0f)), UINT64_MAX);
  EXPECT_EQ(i64_trunc_sat_f32_u(rt(-5.0f)), 0u);
  EXPECT_EQ(i64_trunc_sat_f64_s(rt(9223372036854774784.0)), int64_t{9223372036854774784});
  EXPECT_EQ(i64_trunc_sat_f64_s(rt(9223372036854775808.0)), INT64_MAX);
  EXPECT_EQ(i64_trunc_sat_f64_s(rt(-9223372036854777856.0)), INT64_MIN);
  EXPECT_EQ(i64_trunc_sat_f64_s(rt(-inf)), INT64_MIN);
  EXPECT_EQ(i64_trunc_sat_f64_s(f64(0x7FF8'0000'0000'0000u)), 0);
  EXPECT_EQ(i64_trunc_sat_f64_u(rt(18446744073709549568.0)), uint64_t{18446744073709549568u});
  EXPECT_EQ(i64_trunc_sat_f64_u(rt(18446744073709551616.0)), UINT64_MAX);
  EXPECT_EQ(i64_trunc_sat_f64_u(rt(inf)), UINT64_MAX);
  EXPECT_EQ(i64_trunc_sat_f64_u(rt(-0.5)), 0u);
  EXPECT_EQ(i64_trunc_sat_f64_u(f64(kF64Snan)), 0u);
}

// ---------------------------------------------------------------------------------------------
// Integer to float

TEST(NumericConversion, ConvertToF32RoundsOnce) {
  EXPECT_EQ(f32_convert_i32_s(rt(16777217)), 16777216.0f);  // tie to even
  EXPECT_EQ(f32_convert_i32_s(rt(16777219)), 16777220.0f);
  EXPECT_EQ(f32_convert_i32_s(rt(-16777219)), -16777220.0f);
  EXPECT_EQ(f32_convert_i32_s(rt(INT32_MIN)), -2147483648.0f);
  EXPECT_EQ(f32_convert_i32_u(rt(0xFFFF'FFFFu)), 4294967296.0f);
  EXPECT_EQ(f32_convert_i32_u(rt(0x8000'0080u)), 2147483648.0f);  // tie to even
  EXPECT_EQ(f32_convert_i32_u(rt(0x8000'0081u)), 2147483904.0f);
  EXPECT_EQ(f32_convert_i64_s(rt(int64_t{0x7FFF'FF40'0000'0001})), 0x1.fffffep+62f);
  EXPECT_EQ(f32_convert_i64_s(rt(int64_t{0x0020'0000'2000'0001})), 0x1.000002p+53f);
  EXPECT_EQ(f32_convert_i64_s(rt(INT64_MIN)), -0x1p63f);
  // Rounding through an intermediate double (or halving without a sticky bit) gets these wrong.
  EXPECT_EQ(f32_convert_i64_u(rt(uint64_t{0x8000'0080'0000'0001})), 0x1.000002p+63f);
  EXPECT_EQ(f32_convert_i64_u(rt(uint64_t{0xFFFF'FE80'0000'0001})), 0x1.fffffep+63f);
  EXPECT_EQ(f32_convert_i64_u(rt(uint64_t{0x0020'0000'2000'0001})), 0x1.000002p+53f);
  EXPECT_EQ(f32_convert_i64_u(rt(uint64_t{0x7FFF'FFBF'FFFF'FFFF})), 0x1.fffffep+62f);
  EXPECT_EQ(f32_convert_i64_u(rt(UINT64_MAX)), 0x1p64f);
}

TEST(NumericConversion, ConvertToF64RoundsOnce) {
  EXPECT_EQ(f64_convert_i32_s(rt(INT32_MIN)), -2147483648.0);
  EXPECT_EQ(f64_convert_i32_u(rt(0xFFFF'FFFFu)), 4294967295.0);
  EXPECT_EQ(f64_convert_i64_s(rt(int64_t{9007199254740993})), 9007199254740992.0);
  EXPECT_EQ(f64_convert_i64_s(rt(int64_t{-9007199254740995})), -9007199254740996.0);
  EXPECT_EQ(f64_convert_i64_u(rt(uint64_t{9007199254740993})), 9007199254740992.0);
  EXPECT_EQ(f64_convert_i64_u(rt(uint64_t{0x8000'0000'0000'0401})), 0x1.0000000000001p+63);
  EXPECT_EQ(f64_convert_i64_u(rt(uint64_t{0xFFFF'FFFF'FFFF'FC00})), 0x1p64);  // tie to even
  EXPECT_EQ(f64_convert_i64_u(rt(uint64_t{0xFFFF'FFFF'FFFF'FBFF})), 0x1.fffffffffffffp+63);
  EXPECT_EQ(f64_convert_i64_u(rt(UINT64_MAX)), 0x1p64);
}

// ---------------------------------------------------------------------------------------------
// demote / promote / reinterpret

TEST(NumericConversion, DemoteAndPromote) {
  EXPECT_EQ(f32_demote_f64(rt(0x1.0000010000000p+0)), 1.0f);            // tie to even
  EXPECT_EQ(f32_demote_f64(rt(0x1.0000030000000p+0)), 0x1.000004p+0f);  // tie to even, upward
  EXPECT_EQ(f32_demote_f64(rt(0x1.fffffefffffffp+127)), 0x1.fffffep+127f);
  EXPECT_EQ(f32_demote_f64(rt(0x1.ffffffp+127)), std::numeric_limits<float>::infinity());
  EXPECT_EQ(f32_demote_f64(rt(0x1.fffffdfffffffp-127)), 0x1.fffffcp-127f);  // subnormal result
  EXPECT_EQ(bits(f32_demote_f64(rt(-0x0.0000000000001p-1022))), 0x8000'0000u);
  EXPECT_TRUE(is_canonical_nan(f32_demote_f64(f64(0x7FF8'0000'0000'0000u))));
  EXPECT_TRUE(is_canonical_nan(f32_demote_f64(f64(0xFFF8'0000'0000'0000u))));
  EXPECT_TRUE(is_arithmetic_nan(f32_demote_f64(f64(kF64Snan))));
  EXPECT_EQ(f64_promote_f32(rt(0x1p-149f)), 0x1p-149);
  EXPECT_EQ(bits(f64_promote_f32(rt(-0.0f))), 0x8000'0000'0000'0000u);
  EXPECT_TRUE(is_canonical_nan(f64_promote_f32(f32(0x7FC0'0000u))));
  EXPECT_TRUE(is_arithmetic_nan(f64_promote_f32(f32(kF32Snan))));
}

TEST(NumericConversion, ReinterpretKeepsBits) {
  EXPECT_EQ(i32_reinterpret_f32(f32(kF32Snan)), kF32Snan);
  EXPECT_EQ(bits(f32_reinterpret_i32(rt(0xFFA0'0001u))), 0xFFA0'0001u);
  EXPECT_EQ(i64_reinterpret_f64(f64(kF64Snan)), kF64Snan);
  EXPECT_EQ(bits(f64_reinterpret_i64(rt(kF64NegQnanPayload))), kF64NegQnanPayload);
  EXPECT_EQ(i32_reinterpret_f32(rt(-0.0f)), 0x8000'0000u);
  EXPECT_EQ(f64_reinterpret_i64(rt(uint64_t{0x3FF0'0000'0000'0000})), 1.0);
}

// The scalar operations are usable in constant expressions where the spec allows it.
static_assert(clz(uint32_t{1}) == 31);
static_assert(rotr(uint64_t{1}, uint64_t{1}) == 0x8000'0000'0000'0000u);
static_assert(i32_trunc_sat_f64_s(-1e10) == INT32_MIN);
static_assert(std::bit_cast<uint32_t>(min(0.0f, -0.0f)) == 0x8000'0000u);

}  // namespace
}  // namespace wasmprof::exec::numeric
