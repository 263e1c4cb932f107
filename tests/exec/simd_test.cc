#include "exec/simd.hh"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace wasmprof::exec::simd {
namespace {

template <class L>
using Lanes = std::array<L, 16 / sizeof(L)>;

template <class L>
V128 make(const Lanes<L>& lanes) {
  V128 v;
  for (unsigned i = 0; i < lanes.size(); ++i) v.set_lane<L>(i, lanes[i]);
  return v;
}
template <class L>
Lanes<L> get(V128 v) {
  Lanes<L> lanes;
  for (unsigned i = 0; i < lanes.size(); ++i) lanes[i] = v.lane<L>(i);
  return lanes;
}

// Hides the operand from the optimizer so the vector code runs at run time.
V128 rt(V128 v) {
  asm volatile("" : "+m"(v));
  return v;
}

using I8 = Lanes<int8_t>;
using U8 = Lanes<uint8_t>;
using I16 = Lanes<int16_t>;
using U16 = Lanes<uint16_t>;
using I32 = Lanes<int32_t>;
using U32 = Lanes<uint32_t>;
using I64 = Lanes<int64_t>;
using U64 = Lanes<uint64_t>;
using F32 = Lanes<float>;
using F64 = Lanes<double>;

V128 i8(const I8& l) { return rt(make<int8_t>(l)); }
V128 u8(const U8& l) { return rt(make<uint8_t>(l)); }
V128 i16(const I16& l) { return rt(make<int16_t>(l)); }
V128 u16(const U16& l) { return rt(make<uint16_t>(l)); }
V128 i32(const I32& l) { return rt(make<int32_t>(l)); }
V128 u32(const U32& l) { return rt(make<uint32_t>(l)); }
V128 i64(const I64& l) { return rt(make<int64_t>(l)); }
V128 u64(const U64& l) { return rt(make<uint64_t>(l)); }
V128 f32(const F32& l) { return rt(make<float>(l)); }
V128 f64(const F64& l) { return rt(make<double>(l)); }

float f32_bits(uint32_t bits) { return std::bit_cast<float>(bits); }
double f64_bits(uint64_t bits) { return std::bit_cast<double>(bits); }

bool canonical_nan32(uint32_t bits) { return (bits & 0x7FFF'FFFFu) == 0x7FC0'0000u; }
bool arithmetic_nan32(uint32_t bits) { return (bits & 0x7FC0'0000u) == 0x7FC0'0000u; }
bool canonical_nan64(uint64_t bits) { return (bits & 0x7FFF'FFFF'FFFF'FFFFu) == 0x7FF8'0000'0000'0000u; }
bool arithmetic_nan64(uint64_t bits) { return (bits & 0x7FF8'0000'0000'0000u) == 0x7FF8'0000'0000'0000u; }

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kInf64 = std::numeric_limits<double>::infinity();
const float kQnan = f32_bits(0x7FC0'0000u);
const float kSnan = f32_bits(0x7FA0'0001u);
const double kQnan64 = f64_bits(0x7FF8'0000'0000'0000u);
const double kSnan64 = f64_bits(0x7FF4'0000'0000'0001u);

// ---------------------------------------------------------------------------------------------
// Shuffles, splats, lanes

TEST(SimdLanes, ShuffleTakesLanesFromBothOperands) {
  V128 a = u8({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  V128 b = u8({100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115});
  const uint8_t lanes[16] = {31, 0, 16, 15, 1, 17, 1, 1, 30, 14, 20, 4, 0, 31, 8, 24};
  EXPECT_EQ(get<uint8_t>(i8x16_shuffle(a, b, lanes)),
            (U8{115, 0, 100, 15, 1, 101, 1, 1, 114, 14, 104, 4, 0, 115, 8, 108}));
}

TEST(SimdLanes, SwizzleZeroesOutOfRangeIndices) {
  V128 a = u8({10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25});
  // 16, 0x70 (whose low nibble is 0) and 0x80/0xFF must all give 0, not a wrapped lane.
  V128 s = u8({15, 0, 16, 0x70, 0x80, 0xFF, 0x1F, 3, 7, 7, 0x10, 1, 0x8F, 14, 0x7F, 2});
  EXPECT_EQ(get<uint8_t>(i8x16_swizzle(a, s)), (U8{25, 10, 0, 0, 0, 0, 0, 13, 17, 17, 0, 11, 0, 24, 0, 12}));
}

TEST(SimdLanes, SplatsTruncateTheScalar) {
  U8 bytes;
  bytes.fill(0xFF);
  EXPECT_EQ(get<uint8_t>(i8x16_splat(0x1FFu)), bytes);
  U16 halves;
  halves.fill(0x2345);
  EXPECT_EQ(get<uint16_t>(i16x8_splat(0x1'2345u)), halves);
  EXPECT_EQ(get<uint32_t>(i32x4_splat(0xDEAD'BEEFu)),
            (U32{0xDEAD'BEEF, 0xDEAD'BEEF, 0xDEAD'BEEF, 0xDEAD'BEEF}));
  EXPECT_EQ(get<uint64_t>(i64x2_splat(0x0123'4567'89AB'CDEFu)),
            (U64{0x0123'4567'89AB'CDEF, 0x0123'4567'89AB'CDEF}));
  EXPECT_EQ(get<uint32_t>(f32x4_splat(kSnan)), (U32{0x7FA0'0001, 0x7FA0'0001, 0x7FA0'0001, 0x7FA0'0001}));
  EXPECT_EQ(get<double>(f64x2_splat(-2.5)), (F64{-2.5, -2.5}));
}

TEST(SimdLanes, ExtractLaneSignOrZeroExtends) {
  V128 v = u8({1, 0x80, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0xFF});
  EXPECT_EQ(i8x16_extract_lane_s(v, 1), -128);
  EXPECT_EQ(i8x16_extract_lane_u(v, 1), 128u);
  EXPECT_EQ(i8x16_extract_lane_s(v, 15), -1);
  EXPECT_EQ(i8x16_extract_lane_u(v, 15), 255u);
  V128 h = u16({0, 0, 0, 0, 0, 0, 0, 0x8000});
  EXPECT_EQ(i16x8_extract_lane_s(h, 7), -32768);
  EXPECT_EQ(i16x8_extract_lane_u(h, 7), 32768u);
  EXPECT_EQ(i32x4_extract_lane(u32({1, 2, 3, 0xFFFF'FFFF}), 3), 0xFFFF'FFFFu);
  EXPECT_EQ(i64x2_extract_lane(u64({1, 0x8000'0000'0000'0000}), 1), 0x8000'0000'0000'0000u);
  EXPECT_EQ(std::bit_cast<uint32_t>(f32x4_extract_lane(f32({0, 0, kSnan, 0}), 2)), 0x7FA0'0001u);
  EXPECT_EQ(std::bit_cast<uint64_t>(f64x2_extract_lane(f64({kSnan64, 0}), 0)), 0x7FF4'0000'0000'0001u);
}

TEST(SimdLanes, ReplaceLaneTouchesOnlyThatLane) {
  V128 zero{};
  EXPECT_EQ(get<uint8_t>(i8x16_replace_lane(zero, 15, 0x1234u)),
            (U8{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x34}));
  EXPECT_EQ(get<uint16_t>(i16x8_replace_lane(zero, 3, 0xABCD'EF01u)), (U16{0, 0, 0, 0xEF01, 0, 0, 0, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_replace_lane(u32({1, 2, 3, 4}), 0, 9u)), (U32{9, 2, 3, 4}));
  EXPECT_EQ(get<uint64_t>(i64x2_replace_lane(u64({1, 2}), 1, ~uint64_t{0})), (U64{1, ~uint64_t{0}}));
  EXPECT_EQ(get<uint32_t>(f32x4_replace_lane(zero, 1, kSnan)), (U32{0, 0x7FA0'0001, 0, 0}));
  EXPECT_EQ(get<double>(f64x2_replace_lane(f64({1.0, 2.0}), 0, -0.5)), (F64{-0.5, 2.0}));
}

// ---------------------------------------------------------------------------------------------
// Comparisons

TEST(SimdCompare, SignedAndUnsignedDiffer) {
  V128 a = u8({0x80, 0x7F, 0xFF, 0, 1, 1, 0x80, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0});
  V128 b = u8({0x7F, 0x80, 0x00, 0, 2, 1, 0x80, 0xFE, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(get<uint8_t>(i8x16_lt_s(a, b)), (U8{0xFF, 0, 0xFF, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF}));
  EXPECT_EQ(get<uint8_t>(i8x16_lt_u(a, b)), (U8{0, 0xFF, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF}));
  EXPECT_EQ(get<uint8_t>(i8x16_ge_s(a, b)),
            (U8{0, 0xFF, 0, 0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0}));
  EXPECT_EQ(get<uint8_t>(i8x16_gt_u(a, b)), (U8{0xFF, 0, 0xFF, 0, 0, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(get<uint8_t>(i8x16_le_u(a, b)),
            (U8{0, 0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_EQ(get<uint8_t>(i8x16_eq(a, b)),
            (U8{0, 0, 0, 0xFF, 0, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0}));

  V128 h1 = u16({0x8000, 0x7FFF, 0xFFFF, 5, 0, 0, 0, 0});
  V128 h2 = u16({0x7FFF, 0x8000, 0x0001, 5, 0, 0, 0, 1});
  EXPECT_EQ(get<uint16_t>(i16x8_gt_s(h1, h2)), (U16{0, 0xFFFF, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(get<uint16_t>(i16x8_gt_u(h1, h2)), (U16{0xFFFF, 0, 0xFFFF, 0, 0, 0, 0, 0}));
  EXPECT_EQ(get<uint16_t>(i16x8_le_s(h1, h2)),
            (U16{0xFFFF, 0, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF}));
  EXPECT_EQ(get<uint16_t>(i16x8_ne(h1, h2)), (U16{0xFFFF, 0xFFFF, 0xFFFF, 0, 0, 0, 0, 0xFFFF}));

  V128 w1 = u32({0x8000'0000, 1, 0xFFFF'FFFF, 7});
  V128 w2 = u32({0x7FFF'FFFF, 1, 0, 8});
  EXPECT_EQ(get<uint32_t>(i32x4_lt_s(w1, w2)), (U32{0xFFFF'FFFF, 0, 0xFFFF'FFFF, 0xFFFF'FFFF}));
  EXPECT_EQ(get<uint32_t>(i32x4_lt_u(w1, w2)), (U32{0, 0, 0, 0xFFFF'FFFF}));
  EXPECT_EQ(get<uint32_t>(i32x4_ge_u(w1, w2)), (U32{0xFFFF'FFFF, 0xFFFF'FFFF, 0xFFFF'FFFF, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_le_s(w1, w2)), (U32{0xFFFF'FFFF, 0xFFFF'FFFF, 0xFFFF'FFFF, 0xFFFF'FFFF}));
}

TEST(SimdCompare, I64x2IsSigned) {
  V128 a = i64({INT64_MIN, 5});
  V128 b = i64({INT64_MAX, 5});
  EXPECT_EQ(get<int64_t>(i64x2_lt_s(a, b)), (I64{-1, 0}));
  EXPECT_EQ(get<int64_t>(i64x2_gt_s(a, b)), (I64{0, 0}));
  EXPECT_EQ(get<int64_t>(i64x2_le_s(a, b)), (I64{-1, -1}));
  EXPECT_EQ(get<int64_t>(i64x2_ge_s(a, b)), (I64{0, -1}));
  EXPECT_EQ(get<int64_t>(i64x2_eq(a, b)), (I64{0, -1}));
  EXPECT_EQ(get<int64_t>(i64x2_ne(a, b)), (I64{-1, 0}));
  // Lanes that differ only in the upper half.
  EXPECT_EQ(get<int64_t>(i64x2_lt_s(i64({0x1'0000'0000, -1}), i64({0x2'0000'0000, 0}))), (I64{-1, -1}));
}

TEST(SimdCompare, FloatNanAndSignedZero) {
  V128 a = f32({kQnan, -0.0f, 1.0f, kInf});
  V128 b = f32({kQnan, 0.0f, kQnan, kInf});
  EXPECT_EQ(get<int32_t>(f32x4_eq(a, b)), (I32{0, -1, 0, -1}));
  EXPECT_EQ(get<int32_t>(f32x4_ne(a, b)), (I32{-1, 0, -1, 0}));
  EXPECT_EQ(get<int32_t>(f32x4_lt(a, b)), (I32{0, 0, 0, 0}));
  EXPECT_EQ(get<int32_t>(f32x4_le(a, b)), (I32{0, -1, 0, -1}));
  EXPECT_EQ(get<int32_t>(f32x4_gt(f32({2, 1, kQnan, -kInf}), f32({1, 2, 1, -1e38f}))), (I32{-1, 0, 0, 0}));
  EXPECT_EQ(get<int32_t>(f32x4_ge(f32({2, 1, kQnan, 0}), f32({2, 2, 1, -0.0f}))), (I32{-1, 0, 0, -1}));
  V128 c = f64({kQnan64, -0.0});
  V128 d = f64({1.0, 0.0});
  EXPECT_EQ(get<int64_t>(f64x2_eq(c, d)), (I64{0, -1}));
  EXPECT_EQ(get<int64_t>(f64x2_ne(c, d)), (I64{-1, 0}));
  EXPECT_EQ(get<int64_t>(f64x2_lt(f64({1, kQnan64}), f64({2, 2}))), (I64{-1, 0}));
  EXPECT_EQ(get<int64_t>(f64x2_gt(f64({3, 2}), f64({2, kQnan64}))), (I64{-1, 0}));
  EXPECT_EQ(get<int64_t>(f64x2_le(f64({2, -kInf64}), f64({2, -1e308}))), (I64{-1, -1}));
  EXPECT_EQ(get<int64_t>(f64x2_ge(f64({-0.0, 1}), f64({0.0, 1.5}))), (I64{-1, 0}));
}

// ---------------------------------------------------------------------------------------------
// Bitwise and boolean reductions

TEST(SimdBitwise, Operations) {
  V128 a = u64({0xFF00'FF00'F0F0'AAAA, 0x0123'4567'89AB'CDEF});
  V128 b = u64({0x0F0F'0F0F'FF00'5555, 0xFFFF'0000'FFFF'0000});
  EXPECT_EQ(get<uint64_t>(v128_not(a)), (U64{0x00FF'00FF'0F0F'5555, 0xFEDC'BA98'7654'3210}));
  EXPECT_EQ(get<uint64_t>(v128_and(a, b)), (U64{0x0F00'0F00'F000'0000, 0x0123'0000'89AB'0000}));
  EXPECT_EQ(get<uint64_t>(v128_andnot(a, b)), (U64{0xF000'F000'00F0'AAAA, 0x0000'4567'0000'CDEF}));
  EXPECT_EQ(get<uint64_t>(v128_or(a, b)), (U64{0xFF0F'FF0F'FFF0'FFFF, 0xFFFF'4567'FFFF'CDEF}));
  EXPECT_EQ(get<uint64_t>(v128_xor(a, b)), (U64{0xF00F'F00F'0FF0'FFFF, 0xFEDC'4567'7654'CDEF}));
  V128 mask = u64({0xFFFF'FFFF'0000'0000, 0x00FF'00FF'00FF'00FF});
  EXPECT_EQ(get<uint64_t>(v128_bitselect(a, b, mask)), (U64{0xFF00'FF00'FF00'5555, 0xFF23'0067'FFAB'00EF}));
}

TEST(SimdBitwise, AnyTrueAndAllTrue) {
  EXPECT_EQ(v128_any_true(V128{}), 0u);
  EXPECT_EQ(v128_any_true(u64({0, 0x8000'0000'0000'0000})), 1u);
  EXPECT_EQ(v128_any_true(u8({0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0})), 1u);

  EXPECT_EQ(i8x16_all_true(u8({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80})), 1u);
  EXPECT_EQ(i8x16_all_true(u8({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0})), 0u);
  // Lanes whose only set bits are in one byte are still true: the test is per lane, not per byte.
  EXPECT_EQ(i16x8_all_true(u16({0x0100, 0x0001, 0x8000, 1, 1, 1, 1, 1})), 1u);
  EXPECT_EQ(i16x8_all_true(u16({0x0100, 0x0001, 0x8000, 1, 1, 1, 0, 1})), 0u);
  EXPECT_EQ(i32x4_all_true(u32({0x0001'0000, 0x8000'0000, 1, 0x100})), 1u);
  EXPECT_EQ(i32x4_all_true(u32({0x0001'0000, 0, 1, 0x100})), 0u);
  EXPECT_EQ(i64x2_all_true(u64({0x1'0000'0000, 1})), 1u);
  EXPECT_EQ(i64x2_all_true(u64({0x1'0000'0000, 0})), 0u);
}

TEST(SimdBitwise, BitmaskTakesEachLaneSign) {
  EXPECT_EQ(i8x16_bitmask(u8({0x80, 0x7F, 0xFF, 0, 0x81, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0})), 0x8015u);
  // 0x0080 is positive as a 16-bit lane even though its low byte is negative.
  EXPECT_EQ(i16x8_bitmask(u16({0x8000, 0x0080, 0xFFFF, 0x7FFF, 0, 0, 0, 0x8001})), 0x85u);
  EXPECT_EQ(i32x4_bitmask(u32({0x0000'8000, 0x8000'0000, 0x7FFF'FFFF, 0xFFFF'FFFF})), 0xAu);
  EXPECT_EQ(i64x2_bitmask(u64({0x0000'0000'8000'0000, 0x8000'0000'0000'0000})), 0x2u);
  EXPECT_EQ(i64x2_bitmask(u64({0xFFFF'FFFF'FFFF'FFFF, 0})), 0x1u);
}

// ---------------------------------------------------------------------------------------------
// Narrowing and widening

TEST(SimdWidth, NarrowSaturates) {
  V128 a = i16({0x7FFF, -32768, 128, -129, 127, -128, 5, -1});
  V128 b = i16({255, 256, 0, -300, 1, 2, 3, 4});
  EXPECT_EQ(get<int8_t>(i8x16_narrow_i16x8_s(a, b)),
            (I8{127, -128, 127, -128, 127, -128, 5, -1, 127, 127, 0, -128, 1, 2, 3, 4}));
  // The unsigned variant reads signed input lanes: negatives saturate to 0.
  EXPECT_EQ(get<uint8_t>(i8x16_narrow_i16x8_u(a, b)),
            (U8{255, 0, 128, 0, 127, 0, 5, 0, 255, 255, 0, 0, 1, 2, 3, 4}));
  V128 c = i32({40000, -40000, 65536, -1});
  V128 d = i32({32767, -32768, 65535, INT32_MIN});
  EXPECT_EQ(get<int16_t>(i16x8_narrow_i32x4_s(c, d)),
            (I16{32767, -32768, 32767, -1, 32767, -32768, 32767, -32768}));
  EXPECT_EQ(get<uint16_t>(i16x8_narrow_i32x4_u(c, d)), (U16{40000, 0, 65535, 0, 32767, 0, 65535, 0}));
}

TEST(SimdWidth, ExtendHalves) {
  V128 b = u8({0x80, 1, 0xFF, 2, 3, 4, 5, 0x7F, 0x81, 9, 10, 11, 12, 13, 14, 0xFE});
  EXPECT_EQ(get<int16_t>(i16x8_extend_low_i8x16_s(b)), (I16{-128, 1, -1, 2, 3, 4, 5, 127}));
  EXPECT_EQ(get<int16_t>(i16x8_extend_high_i8x16_s(b)), (I16{-127, 9, 10, 11, 12, 13, 14, -2}));
  EXPECT_EQ(get<uint16_t>(i16x8_extend_low_i8x16_u(b)), (U16{128, 1, 255, 2, 3, 4, 5, 127}));
  EXPECT_EQ(get<uint16_t>(i16x8_extend_high_i8x16_u(b)), (U16{129, 9, 10, 11, 12, 13, 14, 254}));
  V128 h = u16({0x8000, 1, 0xFFFF, 2, 0x7FFF, 0xFFFE, 3, 0x8001});
  EXPECT_EQ(get<int32_t>(i32x4_extend_low_i16x8_s(h)), (I32{-32768, 1, -1, 2}));
  EXPECT_EQ(get<int32_t>(i32x4_extend_high_i16x8_s(h)), (I32{32767, -2, 3, -32767}));
  EXPECT_EQ(get<uint32_t>(i32x4_extend_low_i16x8_u(h)), (U32{32768, 1, 65535, 2}));
  EXPECT_EQ(get<uint32_t>(i32x4_extend_high_i16x8_u(h)), (U32{32767, 65534, 3, 32769}));
  V128 w = u32({0x8000'0000, 7, 0xFFFF'FFFF, 0x7FFF'FFFF});
  EXPECT_EQ(get<int64_t>(i64x2_extend_low_i32x4_s(w)), (I64{INT32_MIN, 7}));
  EXPECT_EQ(get<int64_t>(i64x2_extend_high_i32x4_s(w)), (I64{-1, INT32_MAX}));
  EXPECT_EQ(get<uint64_t>(i64x2_extend_low_i32x4_u(w)), (U64{0x8000'0000, 7}));
  EXPECT_EQ(get<uint64_t>(i64x2_extend_high_i32x4_u(w)), (U64{0xFFFF'FFFF, 0x7FFF'FFFF}));
}

TEST(SimdWidth, ExtaddPairwise) {
  V128 b = u8({0x80, 0x80, 0xFF, 0xFF, 1, 2, 0x7F, 0x7F, 0xFF, 1, 0, 0, 10, 0xF6, 3, 4});
  EXPECT_EQ(get<int16_t>(i16x8_extadd_pairwise_i8x16_s(b)), (I16{-256, -2, 3, 254, 0, 0, 0, 7}));
  EXPECT_EQ(get<uint16_t>(i16x8_extadd_pairwise_i8x16_u(b)), (U16{256, 510, 3, 254, 256, 0, 256, 7}));
  V128 h = u16({0x8000, 0x8000, 0xFFFF, 0xFFFF, 0x7FFF, 0x7FFF, 1, 0xFFFF});
  EXPECT_EQ(get<int32_t>(i32x4_extadd_pairwise_i16x8_s(h)), (I32{-65536, -2, 65534, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_extadd_pairwise_i16x8_u(h)), (U32{65536, 131070, 65534, 65536}));
}

TEST(SimdWidth, ExtmulUsesTheRightHalfAndWidth) {
  V128 a = u8({0x80, 0xFF, 2, 0x7F, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0x80});
  V128 b = u8({0x80, 0xFF, 0xFE, 0x7F, 0, 0, 0, 0, 0xFF, 0xFD, 0, 0, 0, 0, 0, 0x7F});
  EXPECT_EQ(get<int16_t>(i16x8_extmul_low_i8x16_s(a, b)), (I16{16384, 1, -4, 16129, 0, 0, 0, 0}));
  EXPECT_EQ(get<uint16_t>(i16x8_extmul_low_i8x16_u(a, b)), (U16{16384, 65025, 508, 16129, 0, 0, 0, 0}));
  EXPECT_EQ(get<int16_t>(i16x8_extmul_high_i8x16_s(a, b)), (I16{1, -9, 0, 0, 0, 0, 0, -16256}));
  EXPECT_EQ(get<uint16_t>(i16x8_extmul_high_i8x16_u(a, b)), (U16{65025, 759, 0, 0, 0, 0, 0, 16256}));
  V128 h = u16({0x8000, 0xFFFF, 3, 0, 0xFFFF, 0x8000, 0, 2});
  EXPECT_EQ(get<int32_t>(i32x4_extmul_low_i16x8_s(h, h)), (I32{1073741824, 1, 9, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_extmul_low_i16x8_u(h, h)), (U32{1073741824, 4294836225u, 9, 0}));
  EXPECT_EQ(get<int32_t>(i32x4_extmul_high_i16x8_s(h, h)), (I32{1, 1073741824, 0, 4}));
  EXPECT_EQ(get<uint32_t>(i32x4_extmul_high_i16x8_u(h, h)), (U32{4294836225u, 1073741824, 0, 4}));
  V128 w = u32({0x8000'0000, 0xFFFF'FFFF, 0xFFFF'FFFF, 3});
  V128 v = u32({0x8000'0000, 2, 0xFFFF'FFFF, 0x8000'0000});
  EXPECT_EQ(get<int64_t>(i64x2_extmul_low_i32x4_s(w, v)), (I64{int64_t{1} << 62, -2}));
  EXPECT_EQ(get<uint64_t>(i64x2_extmul_low_i32x4_u(w, v)), (U64{uint64_t{1} << 62, 0x1'FFFF'FFFE}));
  EXPECT_EQ(get<int64_t>(i64x2_extmul_high_i32x4_s(w, v)), (I64{1, -6442450944}));
  EXPECT_EQ(get<uint64_t>(i64x2_extmul_high_i32x4_u(w, v)), (U64{0xFFFF'FFFE'0000'0001, 0x1'8000'0000}));
}

// ---------------------------------------------------------------------------------------------
// Integer arithmetic

TEST(SimdInteger, AddSubMulWrap) {
  V128 a = i8({127, -128, 1, -1, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50});
  V128 b = i8({1, -1, 1, 1, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, -100});
  EXPECT_EQ(get<int8_t>(i8x16_add(a, b)), (I8{-128, 127, 2, 0, 0, -56, 0, 0, 0, 0, 0, 0, 0, 0, 0, -50}));
  EXPECT_EQ(get<int8_t>(i8x16_sub(a, b)), (I8{126, -127, 0, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -106}));
  V128 h = u16({0x100, 0xFFFF, 0x8000, 300, 1, 2, 3, 0x7FFF});
  EXPECT_EQ(get<uint16_t>(i16x8_add(h, h)), (U16{0x200, 0xFFFE, 0, 600, 2, 4, 6, 0xFFFE}));
  EXPECT_EQ(get<uint16_t>(i16x8_sub(V128{}, h)),
            (U16{0xFF00, 1, 0x8000, 65236, 0xFFFF, 0xFFFE, 0xFFFD, 0x8001}));
  EXPECT_EQ(get<uint16_t>(i16x8_mul(h, h)), (U16{0, 1, 0, 24464, 1, 4, 9, 1}));
  V128 w = u32({0x1'0000, 0xFFFF'FFFF, 0x8000'0000, 123456});
  EXPECT_EQ(get<uint32_t>(i32x4_mul(w, w)), (U32{0, 1, 0, 2356482048u}));
  EXPECT_EQ(get<uint32_t>(i32x4_add(w, w)), (U32{0x2'0000, 0xFFFF'FFFE, 0, 246912}));
  EXPECT_EQ(get<uint32_t>(i32x4_sub(w, u32({1, 1, 1, 1}))), (U32{0xFFFF, 0xFFFF'FFFE, 0x7FFF'FFFF, 123455}));
  V128 d = u64({0x1'0000'0001, 0xFFFF'FFFF'FFFF'FFFF});
  EXPECT_EQ(get<uint64_t>(i64x2_mul(d, d)), (U64{0x2'0000'0001, 1}));
  EXPECT_EQ(get<uint64_t>(i64x2_mul(d, u64({0x1'0000'0000, 2}))),
            (U64{0x1'0000'0000, 0xFFFF'FFFF'FFFF'FFFE}));
  EXPECT_EQ(get<uint64_t>(i64x2_add(d, d)), (U64{0x2'0000'0002, 0xFFFF'FFFF'FFFF'FFFE}));
  EXPECT_EQ(get<uint64_t>(i64x2_sub(V128{}, d)), (U64{0xFFFF'FFFE'FFFF'FFFF, 1}));
}

TEST(SimdInteger, NegAndAbsWrapAtMinimum) {
  V128 b = i8({-128, -1, 1, 0, 127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5});
  EXPECT_EQ(get<int8_t>(i8x16_neg(b)), (I8{-128, 1, -1, 0, -127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, -5}));
  EXPECT_EQ(get<int8_t>(i8x16_abs(b)), (I8{-128, 1, 1, 0, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}));
  V128 h = i16({-32768, -1, 32767, -32767, 0, 2, -2, 0});
  EXPECT_EQ(get<int16_t>(i16x8_neg(h)), (I16{-32768, 1, -32767, 32767, 0, -2, 2, 0}));
  EXPECT_EQ(get<int16_t>(i16x8_abs(h)), (I16{-32768, 1, 32767, 32767, 0, 2, 2, 0}));
  V128 w = i32({INT32_MIN, -5, 5, INT32_MAX});
  EXPECT_EQ(get<int32_t>(i32x4_neg(w)), (I32{INT32_MIN, 5, -5, -INT32_MAX}));
  EXPECT_EQ(get<int32_t>(i32x4_abs(w)), (I32{INT32_MIN, 5, 5, INT32_MAX}));
  V128 d = i64({INT64_MIN, -0x1'0000'0000});
  EXPECT_EQ(get<int64_t>(i64x2_neg(d)), (I64{INT64_MIN, 0x1'0000'0000}));
  EXPECT_EQ(get<int64_t>(i64x2_abs(d)), (I64{INT64_MIN, 0x1'0000'0000}));
  EXPECT_EQ(get<int64_t>(i64x2_abs(i64({-1, 7}))), (I64{1, 7}));
}

TEST(SimdInteger, MinMaxSignedAndUnsigned) {
  V128 a = u8({0x80, 0x7F, 0xFF, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
  V128 b = u8({0x7F, 0x80, 0x01, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF});
  EXPECT_EQ(get<uint8_t>(i8x16_min_s(a, b)),
            (U8{0x80, 0x80, 0xFF, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF}));
  EXPECT_EQ(get<uint8_t>(i8x16_min_u(a, b)),
            (U8{0x7F, 0x7F, 0x01, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}));
  EXPECT_EQ(get<uint8_t>(i8x16_max_s(a, b)),
            (U8{0x7F, 0x7F, 0x01, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}));
  EXPECT_EQ(get<uint8_t>(i8x16_max_u(a, b)),
            (U8{0x80, 0x80, 0xFF, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF}));
  V128 h1 = u16({0x8000, 0xFFFF, 1, 0, 0, 0, 0, 0x7FFF});
  V128 h2 = u16({0x7FFF, 0x0001, 2, 0, 0, 0, 0, 0x8000});
  EXPECT_EQ(get<uint16_t>(i16x8_min_s(h1, h2)), (U16{0x8000, 0xFFFF, 1, 0, 0, 0, 0, 0x8000}));
  EXPECT_EQ(get<uint16_t>(i16x8_min_u(h1, h2)), (U16{0x7FFF, 0x0001, 1, 0, 0, 0, 0, 0x7FFF}));
  EXPECT_EQ(get<uint16_t>(i16x8_max_s(h1, h2)), (U16{0x7FFF, 0x0001, 2, 0, 0, 0, 0, 0x7FFF}));
  EXPECT_EQ(get<uint16_t>(i16x8_max_u(h1, h2)), (U16{0x8000, 0xFFFF, 2, 0, 0, 0, 0, 0x8000}));
  V128 w1 = u32({0x8000'0000, 0xFFFF'FFFF, 3, 0x7FFF'FFFF});
  V128 w2 = u32({0x7FFF'FFFF, 0x0000'0001, 3, 0x8000'0001});
  EXPECT_EQ(get<uint32_t>(i32x4_min_s(w1, w2)), (U32{0x8000'0000, 0xFFFF'FFFF, 3, 0x8000'0001}));
  EXPECT_EQ(get<uint32_t>(i32x4_min_u(w1, w2)), (U32{0x7FFF'FFFF, 1, 3, 0x7FFF'FFFF}));
  EXPECT_EQ(get<uint32_t>(i32x4_max_s(w1, w2)), (U32{0x7FFF'FFFF, 1, 3, 0x7FFF'FFFF}));
  EXPECT_EQ(get<uint32_t>(i32x4_max_u(w1, w2)), (U32{0x8000'0000, 0xFFFF'FFFF, 3, 0x8000'0001}));
}

TEST(SimdInteger, SaturatingAddSub) {
  V128 a = i8({100, -100, 127, -128, 5, -5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  V128 b = i8({100, -100, 1, -1, -10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128});
  EXPECT_EQ(get<int8_t>(i8x16_add_sat_s(a, b)),
            (I8{127, -128, 127, -128, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, -127}));
  EXPECT_EQ(get<int8_t>(i8x16_sub_sat_s(a, b)),
            (I8{0, 0, 126, -127, 15, -15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127}));
  V128 c = u8({200, 10, 255, 0, 128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  V128 d = u8({100, 20, 1, 0, 128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(get<uint8_t>(i8x16_add_sat_u(c, d)), (U8{255, 30, 255, 0, 255, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(get<uint8_t>(i8x16_sub_sat_u(c, d)), (U8{100, 0, 254, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  V128 e = i16({30000, -30000, 32767, -32768, 1, 0, 0, -1});
  V128 f = i16({30000, -30000, -1, 1, -2, 0, 0, -32768});
  EXPECT_EQ(get<int16_t>(i16x8_add_sat_s(e, f)), (I16{32767, -32768, 32766, -32767, -1, 0, 0, -32768}));
  EXPECT_EQ(get<int16_t>(i16x8_sub_sat_s(e, f)), (I16{0, 0, 32767, -32768, 3, 0, 0, 32767}));
  V128 g = u16({60000, 1, 65535, 0, 0, 0, 0, 32768});
  V128 k = u16({10000, 2, 1, 0, 0, 0, 0, 32768});
  EXPECT_EQ(get<uint16_t>(i16x8_add_sat_u(g, k)), (U16{65535, 3, 65535, 0, 0, 0, 0, 65535}));
  EXPECT_EQ(get<uint16_t>(i16x8_sub_sat_u(g, k)), (U16{50000, 0, 65534, 0, 0, 0, 0, 0}));
}

TEST(SimdInteger, RoundingAverage) {
  V128 a = u8({255, 0, 1, 0, 254, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200});
  V128 b = u8({255, 1, 2, 0, 255, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100});
  EXPECT_EQ(get<uint8_t>(i8x16_avgr_u(a, b)), (U8{255, 1, 2, 0, 255, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 150}));
  V128 c = u16({65535, 0, 1, 65534, 0, 0, 0, 40000});
  V128 d = u16({65535, 1, 2, 65535, 0, 0, 0, 40001});
  EXPECT_EQ(get<uint16_t>(i16x8_avgr_u(c, d)), (U16{65535, 1, 2, 65535, 0, 0, 0, 40001}));
}

TEST(SimdInteger, Q15MulrSaturatesOnlyMinTimesMin) {
  V128 a = i16({-32768, 16384, 1, -32768, 32767, -1, 16384, -16384});
  V128 b = i16({-32768, 16384, 16384, 32767, 32767, 16384, -1, 1});
  // (a * b + 2^14) >> 15, arithmetic: ties round up (toward +inf).
  EXPECT_EQ(get<int16_t>(i16x8_q15mulr_sat_s(a, b)), (I16{32767, 8192, 1, -32767, 32766, 0, 0, 0}));
  V128 c = i16({3, -3, 0x4000, -0x4000, 0x2000, 0x7FFF, -32768, 0});
  V128 d = i16({0x2AAB, 0x2AAB, -32768, -32768, 3, -32768, -32767, 0});
  EXPECT_EQ(get<int16_t>(i16x8_q15mulr_sat_s(c, d)), (I16{1, -1, -16384, 16384, 1, -32767, 32767, 0}));
}

TEST(SimdInteger, DotProductWraps) {
  V128 a = i16({1, 2, -32768, -32768, -3, 4, 32767, 32767});
  V128 b = i16({3, 4, -32768, -32768, 5, 6, 32767, -32768});
  // -32768 * -32768 * 2 = 2^31 wraps to INT32_MIN.
  EXPECT_EQ(get<int32_t>(i32x4_dot_i16x8_s(a, b)), (I32{11, INT32_MIN, 9, -32767}));
}

TEST(SimdInteger, Popcnt) {
  V128 a = u8({0, 1, 0x80, 0xFF, 0x55, 0xAA, 0x0F, 0xF0, 0x11, 0x7F, 0xFE, 3, 0x81, 0x18, 0x3C, 0xC3});
  EXPECT_EQ(get<uint8_t>(i8x16_popcnt(a)), (U8{0, 1, 1, 8, 4, 4, 4, 4, 2, 7, 7, 2, 2, 2, 4, 4}));
}

TEST(SimdInteger, ShiftCountsWrapAtLaneWidth) {
  V128 b = u8({0x80, 0x01, 0xFF, 0x7F, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81});
  EXPECT_EQ(get<uint8_t>(i8x16_shl(b, 1)), (U8{0, 2, 0xFE, 0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(get<uint8_t>(i8x16_shl(b, 9)), get<uint8_t>(i8x16_shl(b, 1)));
  EXPECT_EQ(get<uint8_t>(i8x16_shl(b, 8)), get<uint8_t>(b));
  EXPECT_EQ(get<uint8_t>(i8x16_shr_s(b, 1)),
            (U8{0xC0, 0, 0xFF, 0x3F, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0}));
  EXPECT_EQ(get<uint8_t>(i8x16_shr_u(b, 1)),
            (U8{0x40, 0, 0x7F, 0x3F, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40}));
  EXPECT_EQ(get<uint8_t>(i8x16_shr_s(b, 0xFFFF'FFFFu)),
            (U8{0xFF, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF}));
  V128 h = u16({0x8000, 0x0001, 0xFFFF, 0x00FF, 0, 0, 0, 0x8001});
  EXPECT_EQ(get<uint16_t>(i16x8_shl(h, 17)), (U16{0, 2, 0xFFFE, 0x01FE, 0, 0, 0, 2}));
  EXPECT_EQ(get<uint16_t>(i16x8_shr_s(h, 15)), (U16{0xFFFF, 0, 0xFFFF, 0, 0, 0, 0, 0xFFFF}));
  EXPECT_EQ(get<uint16_t>(i16x8_shr_u(h, 16 + 8)), (U16{0x80, 0, 0xFF, 0, 0, 0, 0, 0x80}));
  V128 w = u32({0x8000'0000, 1, 0xFFFF'FFFF, 0x1234'5678});
  EXPECT_EQ(get<uint32_t>(i32x4_shl(w, 32)), get<uint32_t>(w));
  EXPECT_EQ(get<uint32_t>(i32x4_shl(w, 36)), (U32{0, 0x10, 0xFFFF'FFF0, 0x2345'6780}));
  EXPECT_EQ(get<uint32_t>(i32x4_shr_s(w, 33)), (U32{0xC000'0000, 0, 0xFFFF'FFFF, 0x091A'2B3C}));
  EXPECT_EQ(get<uint32_t>(i32x4_shr_u(w, 31)), (U32{1, 0, 1, 0}));
  V128 d = u64({0x8000'0000'0000'0000, 0x0000'0001'8000'0000});
  EXPECT_EQ(get<uint64_t>(i64x2_shl(d, 64)), get<uint64_t>(d));
  EXPECT_EQ(get<uint64_t>(i64x2_shl(d, 65)), (U64{0, 0x0000'0003'0000'0000}));
  EXPECT_EQ(get<uint64_t>(i64x2_shr_s(d, 127)), (U64{0xFFFF'FFFF'FFFF'FFFF, 0}));
  EXPECT_EQ(get<uint64_t>(i64x2_shr_s(d, 32)), (U64{0xFFFF'FFFF'8000'0000, 1}));
  EXPECT_EQ(get<uint64_t>(i64x2_shr_u(d, 32)), (U64{0x8000'0000, 1}));
}

// ---------------------------------------------------------------------------------------------
// Float lanes

TEST(SimdFloat, AbsNegKeepPayloads) {
  V128 a = u32({0xFFA0'0001, 0x7FC0'1234, 0x8000'0000, 0x3F80'0000});
  EXPECT_EQ(get<uint32_t>(f32x4_abs(a)), (U32{0x7FA0'0001, 0x7FC0'1234, 0, 0x3F80'0000}));
  EXPECT_EQ(get<uint32_t>(f32x4_neg(a)), (U32{0x7FA0'0001, 0xFFC0'1234, 0, 0xBF80'0000}));
  V128 d = u64({0xFFF4'0000'0000'0001, 0});
  EXPECT_EQ(get<uint64_t>(f64x2_abs(d)), (U64{0x7FF4'0000'0000'0001, 0}));
  EXPECT_EQ(get<uint64_t>(f64x2_neg(d)), (U64{0x7FF4'0000'0000'0001, 0x8000'0000'0000'0000}));
}

TEST(SimdFloat, Arithmetic) {
  V128 a = f32({1.5f, -kInf, 1.0f, 0x1p-149f});
  V128 b = f32({2.25f, kInf, 0.0f, 0.5f});
  EXPECT_EQ(get<float>(f32x4_add(a, f32({2.25f, -1.0f, 3.0f, 0x1p-149f}))),
            (F32{3.75f, -kInf, 4.0f, 0x1p-148f}));
  EXPECT_EQ(get<float>(f32x4_sub(a, f32({0.5f, -kInf, 1.0f, 0})))[0], 1.0f);
  EXPECT_EQ(get<float>(f32x4_mul(a, b))[0], 3.375f);
  EXPECT_EQ(get<float>(f32x4_mul(a, b))[3], 0.0f);  // underflow rounds to zero (ties to even)
  EXPECT_EQ(get<float>(f32x4_div(a, b))[2], kInf);
  EXPECT_TRUE(canonical_nan32(get<uint32_t>(f32x4_add(a, b))[1]));  // -inf + inf
  EXPECT_TRUE(canonical_nan32(get<uint32_t>(f32x4_sub(f32({kInf, 0, 0, 0}), f32({kInf, 0, 0, 0})))[0]));
  EXPECT_TRUE(arithmetic_nan32(get<uint32_t>(f32x4_mul(f32({kSnan, 1, 1, 1}), f32({1, 1, 1, 1})))[0]));
  EXPECT_EQ(get<double>(f64x2_add(f64({0.1, 1e308}), f64({0.2, 1e308}))), (F64{0.1 + 0.2, kInf64}));
  EXPECT_EQ(get<double>(f64x2_sub(f64({1.0, -0.0}), f64({0x1p-53, 0.0}))), (F64{0x1.fffffffffffffp-1, -0.0}));
  EXPECT_EQ(get<double>(f64x2_mul(f64({3.0, -2.0}), f64({1.0 / 3.0, 0.5}))), (F64{1.0, -1.0}));
  EXPECT_EQ(get<double>(f64x2_div(f64({1.0, -1.0}), f64({3.0, 0.0}))), (F64{1.0 / 3.0, -kInf64}));
  EXPECT_TRUE(canonical_nan64(get<uint64_t>(f64x2_div(f64({0.0, 1}), f64({0.0, 1})))[0]));
}

TEST(SimdFloat, Sqrt) {
  V128 r = f32x4_sqrt(f32({4.0f, -0.0f, -1.0f, kSnan}));
  EXPECT_EQ(get<uint32_t>(r)[0], std::bit_cast<uint32_t>(2.0f));
  EXPECT_EQ(get<uint32_t>(r)[1], 0x8000'0000u);
  EXPECT_TRUE(canonical_nan32(get<uint32_t>(r)[2]));
  EXPECT_TRUE(arithmetic_nan32(get<uint32_t>(r)[3]));
  V128 d = f64x2_sqrt(f64({2.0, kSnan64}));
  EXPECT_EQ(get<double>(d)[0], 0x1.6a09e667f3bcdp+0);
  EXPECT_TRUE(arithmetic_nan64(get<uint64_t>(d)[1]));
}

TEST(SimdFloat, MinMaxNanAndSignedZero) {
  V128 a = f32({0.0f, -0.0f, kQnan, 1.0f});
  V128 b = f32({-0.0f, 0.0f, 1.0f, kSnan});
  U32 mn = get<uint32_t>(f32x4_min(a, b));
  U32 mx = get<uint32_t>(f32x4_max(a, b));
  EXPECT_EQ(mn[0], 0x8000'0000u);
  EXPECT_EQ(mn[1], 0x8000'0000u);
  EXPECT_TRUE(canonical_nan32(mn[2]));
  EXPECT_TRUE(arithmetic_nan32(mn[3]));
  EXPECT_EQ(mx[0], 0u);
  EXPECT_EQ(mx[1], 0u);
  EXPECT_TRUE(canonical_nan32(mx[2]));
  EXPECT_TRUE(arithmetic_nan32(mx[3]));
  EXPECT_EQ(get<float>(f32x4_min(f32({1, -kInf, 3, -2}), f32({2, 0, -kInf, -1}))),
            (F32{1, -kInf, -kInf, -2}));
  EXPECT_EQ(get<float>(f32x4_max(f32({1, -kInf, 3, -2}), f32({2, 0, kInf, -1}))), (F32{2, 0, kInf, -1}));
  U64 dmn = get<uint64_t>(f64x2_min(f64({0.0, kQnan64}), f64({-0.0, -kInf64})));
  U64 dmx = get<uint64_t>(f64x2_max(f64({-0.0, 5.0}), f64({0.0, kSnan64})));
  EXPECT_EQ(dmn[0], 0x8000'0000'0000'0000u);
  EXPECT_TRUE(canonical_nan64(dmn[1]));
  EXPECT_EQ(dmx[0], 0u);
  EXPECT_TRUE(arithmetic_nan64(dmx[1]));
  EXPECT_EQ(get<double>(f64x2_min(f64({-1, 7}), f64({1, 6}))), (F64{-1, 6}));
  EXPECT_EQ(get<double>(f64x2_max(f64({-1, 7}), f64({1, 6}))), (F64{1, 7}));
}

TEST(SimdFloat, PseudoMinMaxAreOrderedSelects) {
  // pmin = b < a ? b : a, pmax = a < b ? b : a: NaN or equal operands give a, bit for bit.
  V128 a = u32({0x7FC0'1234, 0x3F80'0000, 0x8000'0000, 0x0000'0000});
  V128 b = u32({0x3F80'0000, 0x7FA0'0001, 0x0000'0000, 0x8000'0000});
  EXPECT_EQ(get<uint32_t>(f32x4_pmin(a, b)), (U32{0x7FC0'1234, 0x3F80'0000, 0x8000'0000, 0}));
  EXPECT_EQ(get<uint32_t>(f32x4_pmax(a, b)), (U32{0x7FC0'1234, 0x3F80'0000, 0x8000'0000, 0}));
  EXPECT_EQ(get<float>(f32x4_pmin(f32({1, 2, -kInf, 5}), f32({2, 1, 0, 5}))), (F32{1, 1, -kInf, 5}));
  EXPECT_EQ(get<float>(f32x4_pmax(f32({1, 2, -kInf, 5}), f32({2, 1, 0, 5}))), (F32{2, 2, 0, 5}));
  V128 c = u64({0x7FF8'0000'0000'0001, 0x8000'0000'0000'0000});
  V128 d = u64({0x3FF0'0000'0000'0000, 0});
  EXPECT_EQ(get<uint64_t>(f64x2_pmin(c, d)), (U64{0x7FF8'0000'0000'0001, 0x8000'0000'0000'0000}));
  EXPECT_EQ(get<uint64_t>(f64x2_pmax(d, c)), (U64{0x3FF0'0000'0000'0000, 0}));
  EXPECT_EQ(get<double>(f64x2_pmin(f64({3, -1}), f64({2, 1}))), (F64{2, -1}));
  EXPECT_EQ(get<double>(f64x2_pmax(f64({3, -1}), f64({2, 1}))), (F64{3, 1}));
}

TEST(SimdFloat, Rounding) {
  EXPECT_EQ(get<float>(f32x4_nearest(f32({0.5f, 1.5f, 2.5f, -3.5f}))), (F32{0, 2, 2, -4}));
  EXPECT_EQ(get<float>(f32x4_ceil(f32({1.0000001f, -1.5f, 8388607.5f, -kInf}))),
            (F32{2, -1, 8388608, -kInf}));
  EXPECT_EQ(get<float>(f32x4_floor(f32({-0x1p-149f, -1.5f, 1.9999999f, 16777216.0f}))),
            (F32{-1, -2, 1, 16777216}));
  EXPECT_EQ(get<float>(f32x4_trunc(f32({-1.9f, 1.9f, 0x1.fffffep+22f, -1e30f}))),
            (F32{-1, 1, 8388607, -1e30f}));
  EXPECT_EQ(get<double>(f64x2_nearest(f64({2.5, 0.49999999999999994}))), (F64{2, 0}));
  EXPECT_EQ(get<double>(f64x2_ceil(f64({-1.5, 0x1p-1074}))), (F64{-1, 1}));
  EXPECT_EQ(get<double>(f64x2_floor(f64({-1.5, 4503599627370495.5}))), (F64{-2, 4503599627370495.0}));
  EXPECT_EQ(get<double>(f64x2_trunc(f64({-4503599627370495.5, 1e300}))), (F64{-4503599627370495.0, 1e300}));
}

TEST(SimdFloat, RoundingKeepsZeroSignAndQuietsNans) {
  V128 f = f32({-0.5f, -0.0f, kSnan, 0.4f});
  for (V128 r : {f32x4_nearest(f), f32x4_ceil(f), f32x4_trunc(f)}) {
    U32 lanes = get<uint32_t>(r);
    EXPECT_EQ(lanes[0], 0x8000'0000u);
    EXPECT_EQ(lanes[1], 0x8000'0000u);
    EXPECT_TRUE(arithmetic_nan32(lanes[2]));
  }
  EXPECT_EQ(get<uint32_t>(f32x4_floor(f))[1], 0x8000'0000u);
  EXPECT_EQ(get<uint32_t>(f32x4_floor(f))[3], 0u);
  EXPECT_TRUE(arithmetic_nan32(get<uint32_t>(f32x4_floor(f))[2]));
  V128 d = f64({-0.3, kSnan64});
  for (V128 r : {f64x2_nearest(d), f64x2_ceil(d), f64x2_trunc(d)}) {
    U64 lanes = get<uint64_t>(r);
    EXPECT_EQ(lanes[0], 0x8000'0000'0000'0000u);
    EXPECT_TRUE(arithmetic_nan64(lanes[1]));
  }
  EXPECT_TRUE(arithmetic_nan64(get<uint64_t>(f64x2_floor(d))[1]));
}

// ---------------------------------------------------------------------------------------------
// Conversions

TEST(SimdConvert, IntToFloat) {
  EXPECT_EQ(get<float>(f32x4_convert_i32x4_s(i32({16777217, -16777219, INT32_MIN, -1}))),
            (F32{16777216.0f, -16777220.0f, -2147483648.0f, -1.0f}));
  // Each lane rounds once: 2^31 + 128 is a tie (to even), 2^31 + 129 is not.
  EXPECT_EQ(get<float>(f32x4_convert_i32x4_u(u32({0xFFFF'FFFF, 0x8000'0080, 0x8000'0081, 16777219}))),
            (F32{4294967296.0f, 2147483648.0f, 2147483904.0f, 16777220.0f}));
  EXPECT_EQ(get<float>(f32x4_convert_i32x4_u(u32({0xFFFF'FF7F, 0xFFFF'FF80, 0x0100'0001, 0x7FFF'FFC0}))),
            (F32{4294967040.0f, 4294967296.0f, 16777216.0f, 2147483648.0f}));
  EXPECT_EQ(get<double>(f64x2_convert_low_i32x4_s(i32({INT32_MIN, -1, 5, 6}))), (F64{-2147483648.0, -1.0}));
  EXPECT_EQ(get<double>(f64x2_convert_low_i32x4_u(u32({0xFFFF'FFFF, 0x8000'0000, 5, 6}))),
            (F64{4294967295.0, 2147483648.0}));
}

TEST(SimdConvert, TruncSatF32x4) {
  V128 s = f32({kQnan, 2147483648.0f, -2147483904.0f, -1.9f});
  EXPECT_EQ(get<int32_t>(i32x4_trunc_sat_f32x4_s(s)), (I32{0, INT32_MAX, INT32_MIN, -1}));
  EXPECT_EQ(get<int32_t>(i32x4_trunc_sat_f32x4_s(f32({kInf, -kInf, 2147483520.0f, -2147483648.0f}))),
            (I32{INT32_MAX, INT32_MIN, 2147483520, INT32_MIN}));
  EXPECT_EQ(get<int32_t>(i32x4_trunc_sat_f32x4_s(f32({f32_bits(0xFFC0'0000u), kSnan, 0.9f, -0.0f}))),
            (I32{0, 0, 0, 0}));
  V128 u = f32({-1.5f, 4294967296.0f, 4294967040.0f, kQnan});
  EXPECT_EQ(get<uint32_t>(i32x4_trunc_sat_f32x4_u(u)), (U32{0, 0xFFFF'FFFF, 4294967040u, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_trunc_sat_f32x4_u(f32({-kInf, kInf, 2147483648.0f, 1.9f}))),
            (U32{0, 0xFFFF'FFFF, 0x8000'0000, 1}));
}

TEST(SimdConvert, TruncSatF64x2ZeroesUpperLanes) {
  EXPECT_EQ(get<int32_t>(i32x4_trunc_sat_f64x2_s_zero(f64({2147483647.9, -2147483648.9}))),
            (I32{INT32_MAX, INT32_MIN, 0, 0}));
  EXPECT_EQ(get<int32_t>(i32x4_trunc_sat_f64x2_s_zero(f64({1e10, kQnan64}))), (I32{INT32_MAX, 0, 0, 0}));
  EXPECT_EQ(get<int32_t>(i32x4_trunc_sat_f64x2_s_zero(f64({-2147483649.0, -1.5}))),
            (I32{INT32_MIN, -1, 0, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_trunc_sat_f64x2_u_zero(f64({4294967295.9, -0.9}))),
            (U32{0xFFFF'FFFF, 0, 0, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_trunc_sat_f64x2_u_zero(f64({4294967296.0, kSnan64}))),
            (U32{0xFFFF'FFFF, 0, 0, 0}));
  EXPECT_EQ(get<uint32_t>(i32x4_trunc_sat_f64x2_u_zero(f64({-1.0, 3e9}))), (U32{0, 3000000000u, 0, 0}));
}

TEST(SimdConvert, DemoteAndPromote) {
  V128 d = f32x4_demote_f64x2_zero(f64({0x1.0000010000000p+0, 0x1.ffffffp+127}));
  EXPECT_EQ(get<float>(d), (F32{1.0f, kInf, 0, 0}));
  U32 n = get<uint32_t>(f32x4_demote_f64x2_zero(f64({kQnan64, kSnan64})));
  EXPECT_TRUE(canonical_nan32(n[0]));
  EXPECT_TRUE(arithmetic_nan32(n[1]));
  EXPECT_EQ(n[2], 0u);
  EXPECT_EQ(n[3], 0u);
  V128 p = f64x2_promote_low_f32x4(f32({0x1p-149f, -0.0f, 7.0f, 8.0f}));
  EXPECT_EQ(get<uint64_t>(p), (U64{std::bit_cast<uint64_t>(0x1p-149), 0x8000'0000'0000'0000}));
  U64 q = get<uint64_t>(f64x2_promote_low_f32x4(f32({kQnan, kSnan, 0, 0})));
  EXPECT_TRUE(canonical_nan64(q[0]));
  EXPECT_TRUE(arithmetic_nan64(q[1]));
}

// The vector forms must agree lane by lane with the scalar rules of numeric.hh on every
// combination of awkward values (the scalar functions are tested against the spec directly).
TEST(SimdConvert, FloatLanesAgreeWithScalarRules) {
  const std::vector<float> values = {
      0.0f,          -0.0f,         1.0f,          -1.0f,          0.5f,        -0.5f,         2.5f,
      -2.5f,         0x1p-149f,     -0x1p-126f,    8388607.5f,     -8388609.0f, 2147483520.0f, -2147483648.0f,
      2147483648.0f, 4294967040.0f, 4294967296.0f, -2147483904.0f, kInf,        -kInf,         kQnan};
  auto same = [](float x, float y) {
    uint32_t a = std::bit_cast<uint32_t>(x), b = std::bit_cast<uint32_t>(y);
    return a == b || (canonical_nan32(a) && canonical_nan32(b));
  };
  for (float x : values) {
    for (float y : values) {
      V128 a = f32({x, y, x, y}), b = f32({y, x, x, y});
      F32 mn = get<float>(f32x4_min(a, b)), mx = get<float>(f32x4_max(a, b));
      F32 rn = get<float>(f32x4_nearest(a)), rc = get<float>(f32x4_ceil(a)), rf = get<float>(f32x4_floor(a));
      for (unsigned i = 0; i < 4; ++i) {
        float p = a.lane<float>(i), q = b.lane<float>(i);
        EXPECT_TRUE(same(mn[i], numeric::min(p, q))) << p << " " << q;
        EXPECT_TRUE(same(mx[i], numeric::max(p, q))) << p << " " << q;
        EXPECT_TRUE(same(rn[i], numeric::nearest(p))) << p;
        EXPECT_TRUE(same(rc[i], numeric::ceil(p))) << p;
        EXPECT_TRUE(same(rf[i], numeric::floor(p))) << p;
      }
    }
    I32 s = get<int32_t>(i32x4_trunc_sat_f32x4_s(f32({x, -x, x, -x})));
    U32 u = get<uint32_t>(i32x4_trunc_sat_f32x4_u(f32({x, -x, x, -x})));
    EXPECT_EQ(s[0], numeric::i32_trunc_sat_f32_s(x)) << x;
    EXPECT_EQ(s[1], numeric::i32_trunc_sat_f32_s(-x)) << x;
    EXPECT_EQ(u[0], numeric::i32_trunc_sat_f32_u(x)) << x;
    EXPECT_EQ(u[1], numeric::i32_trunc_sat_f32_u(-x)) << x;
  }
}

TEST(SimdConvert, UnsignedConvertAgreesWithScalar) {
  // A pseudo-random walk plus the values around every power of two.
  std::vector<uint32_t> values;
  uint32_t x = 12345;
  for (int i = 0; i < 4000; ++i) values.push_back(x = x * 1664525u + 1013904223u);
  for (int k = 0; k < 32; ++k) {
    for (int d = -130; d <= 130; ++d) values.push_back((uint32_t{1} << k) + static_cast<uint32_t>(d));
  }
  for (size_t i = 0; i + 4 <= values.size(); i += 4) {
    U32 in = {values[i], values[i + 1], values[i + 2], values[i + 3]};
    F32 out = get<float>(f32x4_convert_i32x4_u(u32(in)));
    for (unsigned j = 0; j < 4; ++j) {
      ASSERT_EQ(out[j], numeric::f32_convert_i32_u(in[j])) << in[j];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Value parts of the memory instructions

TEST(SimdMemory, LoadExtend) {
  const uint8_t bytes[8] = {0x80, 0x7F, 0xFF, 0x01, 0x00, 0x80, 0xFE, 0xFF};
  EXPECT_EQ(get<int16_t>(v128_load8x8_s(bytes)), (I16{-128, 127, -1, 1, 0, -128, -2, -1}));
  EXPECT_EQ(get<uint16_t>(v128_load8x8_u(bytes)), (U16{128, 127, 255, 1, 0, 128, 254, 255}));
  EXPECT_EQ(get<int32_t>(v128_load16x4_s(bytes)), (I32{0x7F80, 0x01FF, -32768, -2}));
  EXPECT_EQ(get<uint32_t>(v128_load16x4_u(bytes)), (U32{0x7F80, 0x01FF, 0x8000, 0xFFFE}));
  EXPECT_EQ(get<int64_t>(v128_load32x2_s(bytes)), (I64{0x01FF'7F80, static_cast<int32_t>(0xFFFE'8000u)}));
  EXPECT_EQ(get<uint64_t>(v128_load32x2_u(bytes)), (U64{0x01FF'7F80, 0xFFFE'8000}));
}

TEST(SimdMemory, SplatZeroAndLanes) {
  const uint8_t bytes[16] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                             0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10};
  U8 ones;
  ones.fill(0x01);
  EXPECT_EQ(get<uint8_t>(v128_load8_splat(bytes)), ones);
  EXPECT_EQ(get<uint16_t>(v128_load16_splat(bytes)),
            (U16{0x0201, 0x0201, 0x0201, 0x0201, 0x0201, 0x0201, 0x0201, 0x0201}));
  EXPECT_EQ(get<uint32_t>(v128_load32_splat(bytes)),
            (U32{0x0403'0201, 0x0403'0201, 0x0403'0201, 0x0403'0201}));
  EXPECT_EQ(get<uint64_t>(v128_load64_splat(bytes)), (U64{0x0807'0605'0403'0201, 0x0807'0605'0403'0201}));
  EXPECT_EQ(get<uint32_t>(v128_load32_zero(bytes)), (U32{0x0403'0201, 0, 0, 0}));
  EXPECT_EQ(get<uint64_t>(v128_load64_zero(bytes)), (U64{0x0807'0605'0403'0201, 0}));
  EXPECT_EQ(get<uint64_t>(v128_load(bytes)), (U64{0x0807'0605'0403'0201, 0x100F'0E0D'0C0B'0A09}));

  V128 v = u64({0xAAAA'AAAA'AAAA'AAAA, 0xBBBB'BBBB'BBBB'BBBB});
  EXPECT_EQ(get<uint64_t>(v128_load8_lane(bytes, v, 15)),
            (U64{0xAAAA'AAAA'AAAA'AAAA, 0x01BB'BBBB'BBBB'BBBB}));
  EXPECT_EQ(get<uint64_t>(v128_load16_lane(bytes, v, 1)),
            (U64{0xAAAA'AAAA'0201'AAAA, 0xBBBB'BBBB'BBBB'BBBB}));
  EXPECT_EQ(get<uint64_t>(v128_load32_lane(bytes, v, 2)),
            (U64{0xAAAA'AAAA'AAAA'AAAA, 0xBBBB'BBBB'0403'0201}));
  EXPECT_EQ(get<uint64_t>(v128_load64_lane(bytes, v, 0)),
            (U64{0x0807'0605'0403'0201, 0xBBBB'BBBB'BBBB'BBBB}));

  uint8_t out[18] = {};
  v128_store(out + 1, rt(make<uint8_t>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})));
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 1);
  EXPECT_EQ(out[16], 16);
  EXPECT_EQ(out[17], 0);
  uint8_t lane[9] = {};
  V128 w = u64({0x0807'0605'0403'0201, 0x100F'0E0D'0C0B'0A09});
  v128_store8_lane(lane, w, 9);
  EXPECT_EQ(lane[0], 0x0A);
  EXPECT_EQ(lane[1], 0);
  v128_store16_lane(lane, w, 7);
  EXPECT_EQ(lane[0], 0x0F);
  EXPECT_EQ(lane[1], 0x10);
  EXPECT_EQ(lane[2], 0);
  v128_store32_lane(lane, w, 1);
  EXPECT_EQ(lane[3], 0x08);
  EXPECT_EQ(lane[4], 0);
  v128_store64_lane(lane, w, 1);
  EXPECT_EQ(lane[0], 0x09);
  EXPECT_EQ(lane[7], 0x10);
  EXPECT_EQ(lane[8], 0);
}

}  // namespace
}  // namespace wasmprof::exec::simd
