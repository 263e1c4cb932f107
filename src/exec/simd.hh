// Value semantics of every WebAssembly 2.0 SIMD instruction (spec 4.3, "vector" operations), one
// inline function per instruction, named after it (i8x16.add_sat_s -> i8x16_add_sat_s). The
// memory instructions are the interpreter's business; for them this file only provides the pure
// value part, taking a pointer to bytes the interpreter has already bounds-checked.
//
// Conventions: i32 operands and results are uint32_t (int32_t for extract_lane_s), i64 ones
// uint64_t; lane indices are immediates the validator has checked (they are masked anyway so a
// bad one cannot touch memory outside the vector). Float lanes follow numeric.hh.
//
// Implementation: clang vector extensions where the generic operation is exactly the spec's,
// SSE2 intrinsics (x86-64 baseline) where one instruction is exactly the spec's, SSSE3/SSE4.1
// only behind their feature macros. Every intrinsic path has a portable fallback (vector
// extensions or a lane loop); define WASMPROF_SIMD_PORTABLE to use the fallbacks everywhere
// (tests/exec builds the tests that way too, and once with -msse4.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#include "exec/numeric.hh"
#include "exec/value.hh"

#if defined(__SSE2__) && !defined(WASMPROF_SIMD_PORTABLE)
#define WASMPROF_SIMD_SSE2 1
#include <emmintrin.h>
#if defined(__SSSE3__)
#define WASMPROF_SIMD_SSSE3 1
#include <tmmintrin.h>
#endif
#if defined(__SSE4_1__)
#define WASMPROF_SIMD_SSE41 1
#include <smmintrin.h>
#endif
#endif

namespace wasmprof::exec::simd {

namespace detail {

typedef int8_t I8 __attribute__((vector_size(16)));
typedef uint8_t U8 __attribute__((vector_size(16)));
typedef int16_t I16 __attribute__((vector_size(16)));
typedef uint16_t U16 __attribute__((vector_size(16)));
typedef int32_t I32 __attribute__((vector_size(16)));
typedef uint32_t U32 __attribute__((vector_size(16)));
typedef int64_t I64 __attribute__((vector_size(16)));
typedef uint64_t U64 __attribute__((vector_size(16)));
typedef float F32 __attribute__((vector_size(16)));
typedef double F64 __attribute__((vector_size(16)));

template <class Vec>
inline Vec to(V128 v) {
  Vec r;
  std::memcpy(&r, v.bytes, 16);
  return r;
}
template <class Vec>
inline V128 from(Vec v) {
  static_assert(sizeof(Vec) == 16);
  V128 r;
  std::memcpy(r.bytes, &v, 16);
  return r;
}

// Lane-wise select: mask lanes are all ones or all zeros.
template <class Vec, class Mask>
inline Vec select(Mask mask, Vec a, Vec b) {
  return (Vec)((mask & (Mask)a) | (~mask & (Mask)b));
}

// Lanes Start, Start + Step, ... of v, as a vector of Count lanes.
template <int Start, int Step, class Vec, std::size_t... I>
inline auto pick(Vec v, std::index_sequence<I...>) {
  return __builtin_shufflevector(v, v, (Start + Step * static_cast<int>(I))...);
}
template <int Count, class Vec>
inline auto low_half(Vec v) {
  return pick<0, 1>(v, std::make_index_sequence<Count>());
}
template <int Count, class Vec>
inline auto high_half(Vec v) {
  return pick<Count, 1>(v, std::make_index_sequence<Count>());
}
template <int Count, class Vec>
inline auto even_lanes(Vec v) {
  return pick<0, 2>(v, std::make_index_sequence<Count>());
}
template <int Count, class Vec>
inline auto odd_lanes(Vec v) {
  return pick<1, 2>(v, std::make_index_sequence<Count>());
}

// Lane loops: the portable fallbacks, and the form of the operations that have no better one.
template <class L, class Fn>
inline V128 map1(V128 a, Fn f) {
  V128 r;
  for (unsigned i = 0; i < 16 / sizeof(L); ++i) r.set_lane<L>(i, static_cast<L>(f(a.lane<L>(i))));
  return r;
}
template <class L, class Fn>
inline V128 map2(V128 a, V128 b, Fn f) {
  V128 r;
  for (unsigned i = 0; i < 16 / sizeof(L); ++i) {
    r.set_lane<L>(i, static_cast<L>(f(a.lane<L>(i), b.lane<L>(i))));
  }
  return r;
}

template <class Narrow, class Wide>
constexpr Narrow saturate(Wide x) {
  constexpr Wide lo = std::numeric_limits<Narrow>::min();
  constexpr Wide hi = std::numeric_limits<Narrow>::max();
  return static_cast<Narrow>(x < lo ? lo : x > hi ? hi : x);
}

// Both inputs' lanes, saturated into lanes of half the width: a's lanes first, then b's.
template <class Narrow, class Wide>
inline V128 narrow(V128 a, V128 b) {
  constexpr unsigned n = 16 / sizeof(Wide);
  V128 r;
  for (unsigned i = 0; i < n; ++i) {
    r.set_lane<Narrow>(i, saturate<Narrow>(a.lane<Wide>(i)));
    r.set_lane<Narrow>(n + i, saturate<Narrow>(b.lane<Wide>(i)));
  }
  return r;
}

template <class L>
inline uint32_t bitmask(V128 a) {
  uint32_t mask = 0;
  for (unsigned i = 0; i < 16 / sizeof(L); ++i) mask |= static_cast<uint32_t>(a.lane<L>(i) < 0) << i;
  return mask;
}

#if WASMPROF_SIMD_SSE2
inline __m128i m(V128 v) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.bytes)); }
inline V128 from_m(__m128i x) {
  V128 r;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(r.bytes), x);
  return r;
}
#endif

// fmin/fmax lane-wise (see numeric::min): NaN lanes become the canonical NaN, equal lanes (which
// can differ only in the sign of zero) combine their bits, -0 winning for min and +0 for max.
template <class FV, class IV>
inline V128 float_min(V128 a, V128 b, IV canonical_nan) {
  FV x = to<FV>(a), y = to<FV>(b);
  IV xi = (IV)x, yi = (IV)y;
  IV r = select((IV)(x < y), xi, yi);
  r = select((IV)(x == y), xi | yi, r);
  return from(select((IV)(x != x) | (IV)(y != y), canonical_nan, r));
}
template <class FV, class IV>
inline V128 float_max(V128 a, V128 b, IV canonical_nan) {
  FV x = to<FV>(a), y = to<FV>(b);
  IV xi = (IV)x, yi = (IV)y;
  IV r = select((IV)(x > y), xi, yi);
  r = select((IV)(x == y), xi & yi, r);
  return from(select((IV)(x != x) | (IV)(y != y), canonical_nan, r));
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Shuffles, splats and lanes

// lanes[i] < 32 (validated): 0-15 pick from a, 16-31 from b.
inline V128 i8x16_shuffle(V128 a, V128 b, const uint8_t lanes[16]) {
#if WASMPROF_SIMD_SSSE3
  // pshufb zeroes a lane whose index has the top bit set and otherwise uses its low four bits.
  // Adding 0x70 with unsigned saturation sets that bit exactly for the indices >= 16.
  __m128i index = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lanes));
  __m128i bias = _mm_set1_epi8(0x70);
  __m128i from_a = _mm_shuffle_epi8(detail::m(a), _mm_adds_epu8(index, bias));
  __m128i from_b =
      _mm_shuffle_epi8(detail::m(b), _mm_adds_epu8(_mm_sub_epi8(index, _mm_set1_epi8(16)), bias));
  return detail::from_m(_mm_or_si128(from_a, from_b));
#else
  uint8_t both[32];
  std::memcpy(both, a.bytes, 16);
  std::memcpy(both + 16, b.bytes, 16);
  V128 r;
  for (unsigned i = 0; i < 16; ++i) r.bytes[i] = both[lanes[i] & 31];
  return r;
#endif
}

// Unlike shuffle the indices are run-time values; any index >= 16 selects 0.
inline V128 i8x16_swizzle(V128 a, V128 s) {
#if WASMPROF_SIMD_SSSE3
  __m128i index = _mm_adds_epu8(detail::m(s), _mm_set1_epi8(0x70));  // see i8x16_shuffle
  return detail::from_m(_mm_shuffle_epi8(detail::m(a), index));
#else
  V128 r;
  for (unsigned i = 0; i < 16; ++i) r.bytes[i] = s.bytes[i] < 16 ? a.bytes[s.bytes[i]] : 0;
  return r;
#endif
}

template <class L>
inline V128 splat(L x) {
  V128 r;
  for (unsigned i = 0; i < 16 / sizeof(L); ++i) r.set_lane<L>(i, x);
  return r;
}
inline V128 i8x16_splat(uint32_t x) { return splat(static_cast<uint8_t>(x)); }
inline V128 i16x8_splat(uint32_t x) { return splat(static_cast<uint16_t>(x)); }
inline V128 i32x4_splat(uint32_t x) { return splat(x); }
inline V128 i64x2_splat(uint64_t x) { return splat(x); }
inline V128 f32x4_splat(float x) { return splat(x); }
inline V128 f64x2_splat(double x) { return splat(x); }

inline int32_t i8x16_extract_lane_s(V128 v, unsigned lane) { return v.lane<int8_t>(lane & 15); }
inline uint32_t i8x16_extract_lane_u(V128 v, unsigned lane) { return v.lane<uint8_t>(lane & 15); }
inline int32_t i16x8_extract_lane_s(V128 v, unsigned lane) { return v.lane<int16_t>(lane & 7); }
inline uint32_t i16x8_extract_lane_u(V128 v, unsigned lane) { return v.lane<uint16_t>(lane & 7); }
inline uint32_t i32x4_extract_lane(V128 v, unsigned lane) { return v.lane<uint32_t>(lane & 3); }
inline uint64_t i64x2_extract_lane(V128 v, unsigned lane) { return v.lane<uint64_t>(lane & 1); }
inline float f32x4_extract_lane(V128 v, unsigned lane) { return v.lane<float>(lane & 3); }
inline double f64x2_extract_lane(V128 v, unsigned lane) { return v.lane<double>(lane & 1); }

inline V128 i8x16_replace_lane(V128 v, unsigned lane, uint32_t x) {
  v.set_lane(lane & 15, static_cast<uint8_t>(x));
  return v;
}
inline V128 i16x8_replace_lane(V128 v, unsigned lane, uint32_t x) {
  v.set_lane(lane & 7, static_cast<uint16_t>(x));
  return v;
}
inline V128 i32x4_replace_lane(V128 v, unsigned lane, uint32_t x) {
  v.set_lane(lane & 3, x);
  return v;
}
inline V128 i64x2_replace_lane(V128 v, unsigned lane, uint64_t x) {
  v.set_lane(lane & 1, x);
  return v;
}
inline V128 f32x4_replace_lane(V128 v, unsigned lane, float x) {
  v.set_lane(lane & 3, x);
  return v;
}
inline V128 f64x2_replace_lane(V128 v, unsigned lane, double x) {
  v.set_lane(lane & 1, x);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Comparisons: each lane becomes all ones (true) or all zeros. Float != is true for NaN lanes,
// every other float comparison false.

#define WASMPROF_SIMD_COMPARE(name, Vec, op)                                       \
  inline V128 name(V128 a, V128 b) {                                               \
    return detail::from(detail::to<detail::Vec>(a) op detail::to<detail::Vec>(b)); \
  }

WASMPROF_SIMD_COMPARE(i8x16_eq, I8, ==)
WASMPROF_SIMD_COMPARE(i8x16_ne, I8, !=)
WASMPROF_SIMD_COMPARE(i8x16_lt_s, I8, <)
WASMPROF_SIMD_COMPARE(i8x16_lt_u, U8, <)
WASMPROF_SIMD_COMPARE(i8x16_gt_s, I8, >)
WASMPROF_SIMD_COMPARE(i8x16_gt_u, U8, >)
WASMPROF_SIMD_COMPARE(i8x16_le_s, I8, <=)
WASMPROF_SIMD_COMPARE(i8x16_le_u, U8, <=)
WASMPROF_SIMD_COMPARE(i8x16_ge_s, I8, >=)
WASMPROF_SIMD_COMPARE(i8x16_ge_u, U8, >=)
WASMPROF_SIMD_COMPARE(i16x8_eq, I16, ==)
WASMPROF_SIMD_COMPARE(i16x8_ne, I16, !=)
WASMPROF_SIMD_COMPARE(i16x8_lt_s, I16, <)
WASMPROF_SIMD_COMPARE(i16x8_lt_u, U16, <)
WASMPROF_SIMD_COMPARE(i16x8_gt_s, I16, >)
WASMPROF_SIMD_COMPARE(i16x8_gt_u, U16, >)
WASMPROF_SIMD_COMPARE(i16x8_le_s, I16, <=)
WASMPROF_SIMD_COMPARE(i16x8_le_u, U16, <=)
WASMPROF_SIMD_COMPARE(i16x8_ge_s, I16, >=)
WASMPROF_SIMD_COMPARE(i16x8_ge_u, U16, >=)
WASMPROF_SIMD_COMPARE(i32x4_eq, I32, ==)
WASMPROF_SIMD_COMPARE(i32x4_ne, I32, !=)
WASMPROF_SIMD_COMPARE(i32x4_lt_s, I32, <)
WASMPROF_SIMD_COMPARE(i32x4_lt_u, U32, <)
WASMPROF_SIMD_COMPARE(i32x4_gt_s, I32, >)
WASMPROF_SIMD_COMPARE(i32x4_gt_u, U32, >)
WASMPROF_SIMD_COMPARE(i32x4_le_s, I32, <=)
WASMPROF_SIMD_COMPARE(i32x4_le_u, U32, <=)
WASMPROF_SIMD_COMPARE(i32x4_ge_s, I32, >=)
WASMPROF_SIMD_COMPARE(i32x4_ge_u, U32, >=)
WASMPROF_SIMD_COMPARE(i64x2_eq, I64, ==)
WASMPROF_SIMD_COMPARE(i64x2_ne, I64, !=)
WASMPROF_SIMD_COMPARE(i64x2_lt_s, I64, <)
WASMPROF_SIMD_COMPARE(i64x2_gt_s, I64, >)
WASMPROF_SIMD_COMPARE(i64x2_le_s, I64, <=)
WASMPROF_SIMD_COMPARE(i64x2_ge_s, I64, >=)
WASMPROF_SIMD_COMPARE(f32x4_eq, F32, ==)
WASMPROF_SIMD_COMPARE(f32x4_ne, F32, !=)
WASMPROF_SIMD_COMPARE(f32x4_lt, F32, <)
WASMPROF_SIMD_COMPARE(f32x4_gt, F32, >)
WASMPROF_SIMD_COMPARE(f32x4_le, F32, <=)
WASMPROF_SIMD_COMPARE(f32x4_ge, F32, >=)
WASMPROF_SIMD_COMPARE(f64x2_eq, F64, ==)
WASMPROF_SIMD_COMPARE(f64x2_ne, F64, !=)
WASMPROF_SIMD_COMPARE(f64x2_lt, F64, <)
WASMPROF_SIMD_COMPARE(f64x2_gt, F64, >)
WASMPROF_SIMD_COMPARE(f64x2_le, F64, <=)
WASMPROF_SIMD_COMPARE(f64x2_ge, F64, >=)

#undef WASMPROF_SIMD_COMPARE

// ---------------------------------------------------------------------------------------------
// Bitwise

inline V128 v128_not(V128 a) { return detail::from(~detail::to<detail::U64>(a)); }
inline V128 v128_and(V128 a, V128 b) {
  return detail::from(detail::to<detail::U64>(a) & detail::to<detail::U64>(b));
}
inline V128 v128_andnot(V128 a, V128 b) {
  return detail::from(detail::to<detail::U64>(a) & ~detail::to<detail::U64>(b));
}
inline V128 v128_or(V128 a, V128 b) {
  return detail::from(detail::to<detail::U64>(a) | detail::to<detail::U64>(b));
}
inline V128 v128_xor(V128 a, V128 b) {
  return detail::from(detail::to<detail::U64>(a) ^ detail::to<detail::U64>(b));
}
// Bits of a where c is 1, of b where c is 0.
inline V128 v128_bitselect(V128 a, V128 b, V128 c) {
  return detail::from(
      detail::select(detail::to<detail::U64>(c), detail::to<detail::U64>(a), detail::to<detail::U64>(b)));
}
inline uint32_t v128_any_true(V128 a) { return (a.lane<uint64_t>(0) | a.lane<uint64_t>(1)) != 0; }

// ---------------------------------------------------------------------------------------------
// all_true and bitmask

inline uint32_t i8x16_all_true(V128 a) {
  return !v128_any_true(detail::from(detail::to<detail::I8>(a) == 0));
}
inline uint32_t i16x8_all_true(V128 a) {
  return !v128_any_true(detail::from(detail::to<detail::I16>(a) == 0));
}
inline uint32_t i32x4_all_true(V128 a) {
  return !v128_any_true(detail::from(detail::to<detail::I32>(a) == 0));
}
inline uint32_t i64x2_all_true(V128 a) {
  return !v128_any_true(detail::from(detail::to<detail::I64>(a) == 0));
}

// Bit i of the result is the sign bit of lane i.
inline uint32_t i8x16_bitmask(V128 a) {
#if WASMPROF_SIMD_SSE2
  return static_cast<uint32_t>(_mm_movemask_epi8(detail::m(a)));
#else
  return detail::bitmask<int8_t>(a);
#endif
}
inline uint32_t i16x8_bitmask(V128 a) {
#if WASMPROF_SIMD_SSE2
  // Saturating to bytes keeps each lane's sign; the zero upper half contributes no bits.
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_packs_epi16(detail::m(a), _mm_setzero_si128())));
#else
  return detail::bitmask<int16_t>(a);
#endif
}
inline uint32_t i32x4_bitmask(V128 a) {
#if WASMPROF_SIMD_SSE2
  return static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(detail::m(a))));
#else
  return detail::bitmask<int32_t>(a);
#endif
}
inline uint32_t i64x2_bitmask(V128 a) {
#if WASMPROF_SIMD_SSE2
  return static_cast<uint32_t>(_mm_movemask_pd(_mm_castsi128_pd(detail::m(a))));
#else
  return detail::bitmask<int64_t>(a);
#endif
}

// ---------------------------------------------------------------------------------------------
// Narrowing (signed input lanes, saturated) and widening

inline V128 i8x16_narrow_i16x8_s(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE2
  return detail::from_m(_mm_packs_epi16(detail::m(a), detail::m(b)));
#else
  return detail::narrow<int8_t, int16_t>(a, b);
#endif
}
inline V128 i8x16_narrow_i16x8_u(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE2
  return detail::from_m(_mm_packus_epi16(detail::m(a), detail::m(b)));
#else
  return detail::narrow<uint8_t, int16_t>(a, b);
#endif
}
inline V128 i16x8_narrow_i32x4_s(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE2
  return detail::from_m(_mm_packs_epi32(detail::m(a), detail::m(b)));
#else
  return detail::narrow<int16_t, int32_t>(a, b);
#endif
}
inline V128 i16x8_narrow_i32x4_u(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE41
  return detail::from_m(_mm_packus_epi32(detail::m(a), detail::m(b)));
#else
  return detail::narrow<uint16_t, int32_t>(a, b);
#endif
}

#define WASMPROF_SIMD_EXTEND(name, Narrow, Wide, half, count)                                       \
  inline V128 name(V128 a) {                                                                        \
    return detail::from(                                                                            \
        __builtin_convertvector(detail::half<count>(detail::to<detail::Narrow>(a)), detail::Wide)); \
  }
WASMPROF_SIMD_EXTEND(i16x8_extend_low_i8x16_s, I8, I16, low_half, 8)
WASMPROF_SIMD_EXTEND(i16x8_extend_high_i8x16_s, I8, I16, high_half, 8)
WASMPROF_SIMD_EXTEND(i16x8_extend_low_i8x16_u, U8, U16, low_half, 8)
WASMPROF_SIMD_EXTEND(i16x8_extend_high_i8x16_u, U8, U16, high_half, 8)
WASMPROF_SIMD_EXTEND(i32x4_extend_low_i16x8_s, I16, I32, low_half, 4)
WASMPROF_SIMD_EXTEND(i32x4_extend_high_i16x8_s, I16, I32, high_half, 4)
WASMPROF_SIMD_EXTEND(i32x4_extend_low_i16x8_u, U16, U32, low_half, 4)
WASMPROF_SIMD_EXTEND(i32x4_extend_high_i16x8_u, U16, U32, high_half, 4)
WASMPROF_SIMD_EXTEND(i64x2_extend_low_i32x4_s, I32, I64, low_half, 2)
WASMPROF_SIMD_EXTEND(i64x2_extend_high_i32x4_s, I32, I64, high_half, 2)
WASMPROF_SIMD_EXTEND(i64x2_extend_low_i32x4_u, U32, U64, low_half, 2)
WASMPROF_SIMD_EXTEND(i64x2_extend_high_i32x4_u, U32, U64, high_half, 2)
#undef WASMPROF_SIMD_EXTEND

// Sum of each pair of adjacent lanes, widened (cannot overflow the wide lane).
#define WASMPROF_SIMD_EXTADD(name, Narrow, Wide, count)                                       \
  inline V128 name(V128 a) {                                                                  \
    detail::Narrow v = detail::to<detail::Narrow>(a);                                         \
    return detail::from(__builtin_convertvector(detail::even_lanes<count>(v), detail::Wide) + \
                        __builtin_convertvector(detail::odd_lanes<count>(v), detail::Wide));  \
  }
WASMPROF_SIMD_EXTADD(i16x8_extadd_pairwise_i8x16_s, I8, I16, 8)
WASMPROF_SIMD_EXTADD(i16x8_extadd_pairwise_i8x16_u, U8, U16, 8)
WASMPROF_SIMD_EXTADD(i32x4_extadd_pairwise_i16x8_s, I16, I32, 4)
WASMPROF_SIMD_EXTADD(i32x4_extadd_pairwise_i16x8_u, U16, U32, 4)
#undef WASMPROF_SIMD_EXTADD

// Widening multiplication of the low or high halves (the exact product always fits the wide lane).
#define WASMPROF_SIMD_EXTMUL(name, Narrow, Wide, half, count)                                       \
  inline V128 name(V128 a, V128 b) {                                                                \
    return detail::from(                                                                            \
        __builtin_convertvector(detail::half<count>(detail::to<detail::Narrow>(a)), detail::Wide) * \
        __builtin_convertvector(detail::half<count>(detail::to<detail::Narrow>(b)), detail::Wide)); \
  }
WASMPROF_SIMD_EXTMUL(i16x8_extmul_low_i8x16_s, I8, I16, low_half, 8)
WASMPROF_SIMD_EXTMUL(i16x8_extmul_high_i8x16_s, I8, I16, high_half, 8)
WASMPROF_SIMD_EXTMUL(i16x8_extmul_low_i8x16_u, U8, U16, low_half, 8)
WASMPROF_SIMD_EXTMUL(i16x8_extmul_high_i8x16_u, U8, U16, high_half, 8)
WASMPROF_SIMD_EXTMUL(i32x4_extmul_low_i16x8_s, I16, I32, low_half, 4)
WASMPROF_SIMD_EXTMUL(i32x4_extmul_high_i16x8_s, I16, I32, high_half, 4)
WASMPROF_SIMD_EXTMUL(i32x4_extmul_low_i16x8_u, U16, U32, low_half, 4)
WASMPROF_SIMD_EXTMUL(i32x4_extmul_high_i16x8_u, U16, U32, high_half, 4)
WASMPROF_SIMD_EXTMUL(i64x2_extmul_low_i32x4_s, I32, I64, low_half, 2)
WASMPROF_SIMD_EXTMUL(i64x2_extmul_high_i32x4_s, I32, I64, high_half, 2)
WASMPROF_SIMD_EXTMUL(i64x2_extmul_low_i32x4_u, U32, U64, low_half, 2)
WASMPROF_SIMD_EXTMUL(i64x2_extmul_high_i32x4_u, U32, U64, high_half, 2)
#undef WASMPROF_SIMD_EXTMUL

// ---------------------------------------------------------------------------------------------
// Integer lane arithmetic. Wrapping operations run on unsigned lanes (modular in C++).

#define WASMPROF_SIMD_BINARY(name, Vec, op)                                        \
  inline V128 name(V128 a, V128 b) {                                               \
    return detail::from(detail::to<detail::Vec>(a) op detail::to<detail::Vec>(b)); \
  }
WASMPROF_SIMD_BINARY(i8x16_add, U8, +)
WASMPROF_SIMD_BINARY(i8x16_sub, U8, -)
WASMPROF_SIMD_BINARY(i16x8_add, U16, +)
WASMPROF_SIMD_BINARY(i16x8_sub, U16, -)
WASMPROF_SIMD_BINARY(i16x8_mul, U16, *)
WASMPROF_SIMD_BINARY(i32x4_add, U32, +)
WASMPROF_SIMD_BINARY(i32x4_sub, U32, -)
WASMPROF_SIMD_BINARY(i32x4_mul, U32, *)
WASMPROF_SIMD_BINARY(i64x2_add, U64, +)
WASMPROF_SIMD_BINARY(i64x2_sub, U64, -)
WASMPROF_SIMD_BINARY(i64x2_mul, U64, *)
#undef WASMPROF_SIMD_BINARY

inline V128 i8x16_neg(V128 a) { return detail::from(-detail::to<detail::U8>(a)); }
inline V128 i16x8_neg(V128 a) { return detail::from(-detail::to<detail::U16>(a)); }
inline V128 i32x4_neg(V128 a) { return detail::from(-detail::to<detail::U32>(a)); }
inline V128 i64x2_neg(V128 a) { return detail::from(-detail::to<detail::U64>(a)); }

// abs wraps: the minimum lane value stays itself.
#define WASMPROF_SIMD_ABS(name, Signed, Unsigned)                                  \
  inline V128 name(V128 a) {                                                       \
    detail::Unsigned u = detail::to<detail::Unsigned>(a);                          \
    return detail::from(detail::select(detail::to<detail::Signed>(a) < 0, -u, u)); \
  }
WASMPROF_SIMD_ABS(i8x16_abs, I8, U8)
WASMPROF_SIMD_ABS(i16x8_abs, I16, U16)
WASMPROF_SIMD_ABS(i32x4_abs, I32, U32)
WASMPROF_SIMD_ABS(i64x2_abs, I64, U64)
#undef WASMPROF_SIMD_ABS

#define WASMPROF_SIMD_MINMAX(name, Vec, op)                                     \
  inline V128 name(V128 a, V128 b) {                                            \
    detail::Vec x = detail::to<detail::Vec>(a), y = detail::to<detail::Vec>(b); \
    return detail::from(detail::select(x op y, x, y));                          \
  }
WASMPROF_SIMD_MINMAX(i8x16_min_s, I8, <)
WASMPROF_SIMD_MINMAX(i8x16_min_u, U8, <)
WASMPROF_SIMD_MINMAX(i8x16_max_s, I8, >)
WASMPROF_SIMD_MINMAX(i8x16_max_u, U8, >)
WASMPROF_SIMD_MINMAX(i16x8_min_s, I16, <)
WASMPROF_SIMD_MINMAX(i16x8_min_u, U16, <)
WASMPROF_SIMD_MINMAX(i16x8_max_s, I16, >)
WASMPROF_SIMD_MINMAX(i16x8_max_u, U16, >)
WASMPROF_SIMD_MINMAX(i32x4_min_s, I32, <)
WASMPROF_SIMD_MINMAX(i32x4_min_u, U32, <)
WASMPROF_SIMD_MINMAX(i32x4_max_s, I32, >)
WASMPROF_SIMD_MINMAX(i32x4_max_u, U32, >)
#undef WASMPROF_SIMD_MINMAX

// Saturating add/sub (8- and 16-bit lanes only): one SSE2 instruction each.
#if WASMPROF_SIMD_SSE2
#define WASMPROF_SIMD_SATURATING(name, L, Wide, op, intrinsic) \
  inline V128 name(V128 a, V128 b) { return detail::from_m(intrinsic(detail::m(a), detail::m(b))); }
#else
#define WASMPROF_SIMD_SATURATING(name, L, Wide, op, intrinsic)                                      \
  inline V128 name(V128 a, V128 b) {                                                                \
    return detail::map2<L>(a, b, [](L x, L y) { return detail::saturate<L>(Wide(x) op Wide(y)); }); \
  }
#endif
WASMPROF_SIMD_SATURATING(i8x16_add_sat_s, int8_t, int32_t, +, _mm_adds_epi8)
WASMPROF_SIMD_SATURATING(i8x16_add_sat_u, uint8_t, int32_t, +, _mm_adds_epu8)
WASMPROF_SIMD_SATURATING(i8x16_sub_sat_s, int8_t, int32_t, -, _mm_subs_epi8)
WASMPROF_SIMD_SATURATING(i8x16_sub_sat_u, uint8_t, int32_t, -, _mm_subs_epu8)
WASMPROF_SIMD_SATURATING(i16x8_add_sat_s, int16_t, int32_t, +, _mm_adds_epi16)
WASMPROF_SIMD_SATURATING(i16x8_add_sat_u, uint16_t, int32_t, +, _mm_adds_epu16)
WASMPROF_SIMD_SATURATING(i16x8_sub_sat_s, int16_t, int32_t, -, _mm_subs_epi16)
WASMPROF_SIMD_SATURATING(i16x8_sub_sat_u, uint16_t, int32_t, -, _mm_subs_epu16)
#undef WASMPROF_SIMD_SATURATING

// Rounding average: (a + b + 1) / 2 without overflow.
inline V128 i8x16_avgr_u(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE2
  return detail::from_m(_mm_avg_epu8(detail::m(a), detail::m(b)));
#else
  return detail::map2<uint8_t>(a, b, [](uint32_t x, uint32_t y) { return (x + y + 1) >> 1; });
#endif
}
inline V128 i16x8_avgr_u(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE2
  return detail::from_m(_mm_avg_epu16(detail::m(a), detail::m(b)));
#else
  return detail::map2<uint16_t>(a, b, [](uint32_t x, uint32_t y) { return (x + y + 1) >> 1; });
#endif
}

// Q15 rounding multiply: saturate((a * b + 2^14) >> 15). Only -32768 * -32768 saturates.
inline V128 i16x8_q15mulr_sat_s(V128 a, V128 b) {
#if WASMPROF_SIMD_SSSE3
  // pmulhrsw computes the same rounding but wraps that one case to 0x8000 (a value no other
  // operands produce), so flip it to 0x7FFF.
  __m128i r = _mm_mulhrs_epi16(detail::m(a), detail::m(b));
  return detail::from_m(_mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16(INT16_MIN))));
#else
  return detail::map2<int16_t>(
      a, b, [](int32_t x, int32_t y) { return detail::saturate<int16_t>((x * y + 0x4000) >> 15); });
#endif
}

// Products of adjacent lane pairs summed into 32 bits; the sum wraps (only for all -32768).
inline V128 i32x4_dot_i16x8_s(V128 a, V128 b) {
#if WASMPROF_SIMD_SSE2
  return detail::from_m(_mm_madd_epi16(detail::m(a), detail::m(b)));
#else
  detail::I16 x = detail::to<detail::I16>(a), y = detail::to<detail::I16>(b);
  detail::I32 even = __builtin_convertvector(detail::even_lanes<4>(x), detail::I32) *
                     __builtin_convertvector(detail::even_lanes<4>(y), detail::I32);
  detail::I32 odd = __builtin_convertvector(detail::odd_lanes<4>(x), detail::I32) *
                    __builtin_convertvector(detail::odd_lanes<4>(y), detail::I32);
  return detail::from((detail::U32)even + (detail::U32)odd);
#endif
}

inline V128 i8x16_popcnt(V128 a) {
#if WASMPROF_SIMD_SSSE3
  // Look each nibble's count up in a 16-entry table.
  const __m128i table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m128i low_nibble = _mm_set1_epi8(0x0F);
  __m128i x = detail::m(a);
  __m128i lo = _mm_shuffle_epi8(table, _mm_and_si128(x, low_nibble));
  __m128i hi = _mm_shuffle_epi8(table, _mm_and_si128(_mm_srli_epi16(x, 4), low_nibble));
  return detail::from_m(_mm_add_epi8(lo, hi));
#else
  detail::U8 x = detail::to<detail::U8>(a);
  x = x - ((x >> 1) & static_cast<uint8_t>(0x55));
  x = (x & static_cast<uint8_t>(0x33)) + ((x >> 2) & static_cast<uint8_t>(0x33));
  return detail::from((x + (x >> 4)) & static_cast<uint8_t>(0x0F));
#endif
}

// Shifts take the count modulo the lane width.
#define WASMPROF_SIMD_SHIFT(name, Vec, op, bits)                                             \
  inline V128 name(V128 a, uint32_t count) {                                                 \
    return detail::from(detail::to<detail::Vec>(a) op static_cast<int>(count & (bits - 1))); \
  }
WASMPROF_SIMD_SHIFT(i8x16_shl, U8, <<, 8)
WASMPROF_SIMD_SHIFT(i8x16_shr_s, I8, >>, 8)
WASMPROF_SIMD_SHIFT(i8x16_shr_u, U8, >>, 8)
WASMPROF_SIMD_SHIFT(i16x8_shl, U16, <<, 16)
WASMPROF_SIMD_SHIFT(i16x8_shr_s, I16, >>, 16)
WASMPROF_SIMD_SHIFT(i16x8_shr_u, U16, >>, 16)
WASMPROF_SIMD_SHIFT(i32x4_shl, U32, <<, 32)
WASMPROF_SIMD_SHIFT(i32x4_shr_s, I32, >>, 32)
WASMPROF_SIMD_SHIFT(i32x4_shr_u, U32, >>, 32)
WASMPROF_SIMD_SHIFT(i64x2_shl, U64, <<, 64)
WASMPROF_SIMD_SHIFT(i64x2_shr_s, I64, >>, 64)
WASMPROF_SIMD_SHIFT(i64x2_shr_u, U64, >>, 64)
#undef WASMPROF_SIMD_SHIFT

// ---------------------------------------------------------------------------------------------
// Float lanes. +, -, *, / and sqrt are the IEEE operations (SSE gives a quiet NaN as the spec
// wants); abs and neg are sign-bit operations; min/max/rounding follow numeric.hh.

#define WASMPROF_SIMD_BINARY(name, Vec, op)                                        \
  inline V128 name(V128 a, V128 b) {                                               \
    return detail::from(detail::to<detail::Vec>(a) op detail::to<detail::Vec>(b)); \
  }
WASMPROF_SIMD_BINARY(f32x4_add, F32, +)
WASMPROF_SIMD_BINARY(f32x4_sub, F32, -)
WASMPROF_SIMD_BINARY(f32x4_mul, F32, *)
WASMPROF_SIMD_BINARY(f32x4_div, F32, /)
WASMPROF_SIMD_BINARY(f64x2_add, F64, +)
WASMPROF_SIMD_BINARY(f64x2_sub, F64, -)
WASMPROF_SIMD_BINARY(f64x2_mul, F64, *)
WASMPROF_SIMD_BINARY(f64x2_div, F64, /)
#undef WASMPROF_SIMD_BINARY

inline V128 f32x4_abs(V128 a) { return detail::from(detail::to<detail::U32>(a) & 0x7FFF'FFFFu); }
inline V128 f64x2_abs(V128 a) {
  return detail::from(detail::to<detail::U64>(a) & uint64_t{0x7FFF'FFFF'FFFF'FFFF});
}
inline V128 f32x4_neg(V128 a) { return detail::from(detail::to<detail::U32>(a) ^ 0x8000'0000u); }
inline V128 f64x2_neg(V128 a) {
  return detail::from(detail::to<detail::U64>(a) ^ uint64_t{0x8000'0000'0000'0000});
}

inline V128 f32x4_sqrt(V128 a) {
#if WASMPROF_SIMD_SSE2
  return detail::from(_mm_sqrt_ps(detail::to<detail::F32>(a)));
#else
  return detail::map1<float>(a, [](float x) { return numeric::sqrt(x); });
#endif
}
inline V128 f64x2_sqrt(V128 a) {
#if WASMPROF_SIMD_SSE2
  return detail::from(_mm_sqrt_pd(detail::to<detail::F64>(a)));
#else
  return detail::map1<double>(a, [](double x) { return numeric::sqrt(x); });
#endif
}

inline V128 f32x4_min(V128 a, V128 b) {
  return detail::float_min<detail::F32>(a, b, detail::I32{} + static_cast<int32_t>(0x7FC0'0000));
}
inline V128 f32x4_max(V128 a, V128 b) {
  return detail::float_max<detail::F32>(a, b, detail::I32{} + static_cast<int32_t>(0x7FC0'0000));
}
inline V128 f64x2_min(V128 a, V128 b) {
  return detail::float_min<detail::F64>(a, b, detail::I64{} + int64_t{0x7FF8'0000'0000'0000});
}
inline V128 f64x2_max(V128 a, V128 b) {
  return detail::float_max<detail::F64>(a, b, detail::I64{} + int64_t{0x7FF8'0000'0000'0000});
}

// The "pseudo" min/max are exactly the C expressions b < a ? b : a and a < b ? b : a: no NaN or
// signed-zero rules, a NaN in either operand yields a.
inline V128 f32x4_pmin(V128 a, V128 b) {
  detail::F32 x = detail::to<detail::F32>(a), y = detail::to<detail::F32>(b);
  return detail::from(detail::select(y < x, y, x));
}
inline V128 f32x4_pmax(V128 a, V128 b) {
  detail::F32 x = detail::to<detail::F32>(a), y = detail::to<detail::F32>(b);
  return detail::from(detail::select(x < y, y, x));
}
inline V128 f64x2_pmin(V128 a, V128 b) {
  detail::F64 x = detail::to<detail::F64>(a), y = detail::to<detail::F64>(b);
  return detail::from(detail::select((detail::I64)(y < x), y, x));
}
inline V128 f64x2_pmax(V128 a, V128 b) {
  detail::F64 x = detail::to<detail::F64>(a), y = detail::to<detail::F64>(b);
  return detail::from(detail::select((detail::I64)(x < y), y, x));
}

// roundps/roundpd quiet NaNs and keep the sign of zero, as numeric.hh's versions do.
#if WASMPROF_SIMD_SSE41
#define WASMPROF_SIMD_ROUND(name, L, Vec, intrinsic, mode, scalar)                        \
  inline V128 name(V128 a) {                                                              \
    return detail::from(intrinsic(detail::to<detail::Vec>(a), mode | _MM_FROUND_NO_EXC)); \
  }
#else
#define WASMPROF_SIMD_ROUND(name, L, Vec, intrinsic, mode, scalar)     \
  inline V128 name(V128 a) {                                           \
    return detail::map1<L>(a, [](L x) { return numeric::scalar(x); }); \
  }
#endif
WASMPROF_SIMD_ROUND(f32x4_ceil, float, F32, _mm_round_ps, _MM_FROUND_TO_POS_INF, ceil)
WASMPROF_SIMD_ROUND(f32x4_floor, float, F32, _mm_round_ps, _MM_FROUND_TO_NEG_INF, floor)
WASMPROF_SIMD_ROUND(f32x4_trunc, float, F32, _mm_round_ps, _MM_FROUND_TO_ZERO, trunc)
WASMPROF_SIMD_ROUND(f32x4_nearest, float, F32, _mm_round_ps, _MM_FROUND_TO_NEAREST_INT, nearest)
WASMPROF_SIMD_ROUND(f64x2_ceil, double, F64, _mm_round_pd, _MM_FROUND_TO_POS_INF, ceil)
WASMPROF_SIMD_ROUND(f64x2_floor, double, F64, _mm_round_pd, _MM_FROUND_TO_NEG_INF, floor)
WASMPROF_SIMD_ROUND(f64x2_trunc, double, F64, _mm_round_pd, _MM_FROUND_TO_ZERO, trunc)
WASMPROF_SIMD_ROUND(f64x2_nearest, double, F64, _mm_round_pd, _MM_FROUND_TO_NEAREST_INT, nearest)
#undef WASMPROF_SIMD_ROUND

// ---------------------------------------------------------------------------------------------
// Conversions

inline V128 f32x4_convert_i32x4_s(V128 a) {
  return detail::from(__builtin_convertvector(detail::to<detail::I32>(a), detail::F32));
}
// Correctly rounded: clang lowers this to an exact split into 16-bit halves and one rounding.
inline V128 f32x4_convert_i32x4_u(V128 a) {
  return detail::from(__builtin_convertvector(detail::to<detail::U32>(a), detail::F32));
}
inline V128 f64x2_convert_low_i32x4_s(V128 a) {
  return detail::from(__builtin_convertvector(detail::low_half<2>(detail::to<detail::I32>(a)), detail::F64));
}
inline V128 f64x2_convert_low_i32x4_u(V128 a) {
  return detail::from(__builtin_convertvector(detail::low_half<2>(detail::to<detail::U32>(a)), detail::F64));
}

inline V128 i32x4_trunc_sat_f32x4_s(V128 a) {
#if WASMPROF_SIMD_SSE2
  // cvttps2dq gives 0x80000000 for NaN and for every out-of-range lane: zero the NaN lanes and
  // flip the too-large ones to 0x7FFFFFFF.
  __m128 x = _mm_castsi128_ps(detail::m(a));
  __m128i r = _mm_and_si128(_mm_cvttps_epi32(x), _mm_castps_si128(_mm_cmpord_ps(x, x)));
  return detail::from_m(_mm_xor_si128(r, _mm_castps_si128(_mm_cmpge_ps(x, _mm_set1_ps(0x1p31f)))));
#else
  V128 r;
  for (unsigned i = 0; i < 4; ++i) r.set_lane(i, numeric::i32_trunc_sat_f32_s(a.lane<float>(i)));
  return r;
#endif
}
inline V128 i32x4_trunc_sat_f32x4_u(V128 a) {
  V128 r;
  for (unsigned i = 0; i < 4; ++i) r.set_lane(i, numeric::i32_trunc_sat_f32_u(a.lane<float>(i)));
  return r;
}
// The two results go to lanes 0 and 1; lanes 2 and 3 are zero.
inline V128 i32x4_trunc_sat_f64x2_s_zero(V128 a) {
  V128 r{};
  r.set_lane(0, numeric::i32_trunc_sat_f64_s(a.lane<double>(0)));
  r.set_lane(1, numeric::i32_trunc_sat_f64_s(a.lane<double>(1)));
  return r;
}
inline V128 i32x4_trunc_sat_f64x2_u_zero(V128 a) {
  V128 r{};
  r.set_lane(0, numeric::i32_trunc_sat_f64_u(a.lane<double>(0)));
  r.set_lane(1, numeric::i32_trunc_sat_f64_u(a.lane<double>(1)));
  return r;
}
inline V128 f32x4_demote_f64x2_zero(V128 a) {
  V128 r{};
  r.set_lane(0, numeric::f32_demote_f64(a.lane<double>(0)));
  r.set_lane(1, numeric::f32_demote_f64(a.lane<double>(1)));
  return r;
}
inline V128 f64x2_promote_low_f32x4(V128 a) {
  V128 r;
  r.set_lane(0, numeric::f64_promote_f32(a.lane<float>(0)));
  r.set_lane(1, numeric::f64_promote_f32(a.lane<float>(1)));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Value parts of the memory instructions. The pointer is to the (bounds-checked) effective
// address in linear memory, which is little-endian like V128's lanes.

inline V128 v128_load(const uint8_t* p) {
  V128 r;
  std::memcpy(r.bytes, p, 16);
  return r;
}
inline void v128_store(uint8_t* p, V128 v) { std::memcpy(p, v.bytes, 16); }

namespace detail {
inline V128 low_eight_bytes(const uint8_t* p) {
  V128 r{};
  std::memcpy(r.bytes, p, 8);
  return r;
}
template <class L>
inline L load_scalar(const uint8_t* p) {
  L x;
  std::memcpy(&x, p, sizeof(L));
  return x;
}
}  // namespace detail

// loadNxM_s/u: M lanes of N bits from 8 bytes, sign- or zero-extended to twice the width.
inline V128 v128_load8x8_s(const uint8_t* p) { return i16x8_extend_low_i8x16_s(detail::low_eight_bytes(p)); }
inline V128 v128_load8x8_u(const uint8_t* p) { return i16x8_extend_low_i8x16_u(detail::low_eight_bytes(p)); }
inline V128 v128_load16x4_s(const uint8_t* p) { return i32x4_extend_low_i16x8_s(detail::low_eight_bytes(p)); }
inline V128 v128_load16x4_u(const uint8_t* p) { return i32x4_extend_low_i16x8_u(detail::low_eight_bytes(p)); }
inline V128 v128_load32x2_s(const uint8_t* p) { return i64x2_extend_low_i32x4_s(detail::low_eight_bytes(p)); }
inline V128 v128_load32x2_u(const uint8_t* p) { return i64x2_extend_low_i32x4_u(detail::low_eight_bytes(p)); }

inline V128 v128_load8_splat(const uint8_t* p) { return splat(detail::load_scalar<uint8_t>(p)); }
inline V128 v128_load16_splat(const uint8_t* p) { return splat(detail::load_scalar<uint16_t>(p)); }
inline V128 v128_load32_splat(const uint8_t* p) { return splat(detail::load_scalar<uint32_t>(p)); }
inline V128 v128_load64_splat(const uint8_t* p) { return splat(detail::load_scalar<uint64_t>(p)); }

inline V128 v128_load32_zero(const uint8_t* p) {
  V128 r{};
  std::memcpy(r.bytes, p, 4);
  return r;
}
inline V128 v128_load64_zero(const uint8_t* p) { return detail::low_eight_bytes(p); }

// load_lane replaces one lane of v with memory; store_lane writes one lane of v to memory.
inline V128 v128_load8_lane(const uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(v.bytes + (lane & 15), p, 1);
  return v;
}
inline V128 v128_load16_lane(const uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(v.bytes + (lane & 7) * 2, p, 2);
  return v;
}
inline V128 v128_load32_lane(const uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(v.bytes + (lane & 3) * 4, p, 4);
  return v;
}
inline V128 v128_load64_lane(const uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(v.bytes + (lane & 1) * 8, p, 8);
  return v;
}
inline void v128_store8_lane(uint8_t* p, V128 v, unsigned lane) { std::memcpy(p, v.bytes + (lane & 15), 1); }
inline void v128_store16_lane(uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(p, v.bytes + (lane & 7) * 2, 2);
}
inline void v128_store32_lane(uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(p, v.bytes + (lane & 3) * 4, 4);
}
inline void v128_store64_lane(uint8_t* p, V128 v, unsigned lane) {
  std::memcpy(p, v.bytes + (lane & 1) * 8, 8);
}

}  // namespace wasmprof::exec::simd
