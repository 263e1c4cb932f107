// Numeric literals of the text format (spec 6.3.1, 6.3.2): decimal and hexadecimal integers and
// floats with `_` between digits, `inf`, `nan` and `nan:0x...`, each checked against the range of
// the type it is read as. Each function returns nothing when the spelling is not such a literal
// or its value is out of range; the parser says which.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace wasmprof::text {

// An unsigned literal (no sign) of at most `max`: indices, alignments, offsets, limits, lanes.
std::optional<uint64_t> parse_unsigned(std::string_view spelling, uint64_t max);

// An integer of `bits` (8, 16, 32, 64) as iN.const reads it: unsigned up to 2^bits - 1, or
// signed from -2^(bits-1); the result is the two's complement bit pattern in the low bits.
std::optional<uint64_t> parse_integer(std::string_view spelling, unsigned bits);

// The bit patterns of an f32 or f64 literal, rounded to nearest (ties to even); a value that
// rounds to infinity is out of range.
std::optional<uint32_t> parse_f32(std::string_view spelling);
std::optional<uint64_t> parse_f64(std::string_view spelling);
// Either, by width (32 or 64), in the low bits.
std::optional<uint64_t> parse_float(std::string_view spelling, unsigned bits);

// A v128.const shape (i8x16 ... f64x2): how wide its lanes are and whether they are floats.
struct VectorShape {
  unsigned lane_bits = 8;
  bool is_float = false;
  unsigned lane_count() const { return 128 / lane_bits; }
};
std::optional<VectorShape> vector_shape(std::string_view name);

}  // namespace wasmprof::text
