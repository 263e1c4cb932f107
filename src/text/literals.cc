#include "text/literals.hh"

#include <bit>
#include <charconv>
#include <string>
#include <system_error>

namespace wasmprof::text {
namespace {

bool is_digit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

unsigned digit_value(char c) {
  if (c >= '0' && c <= '9') return unsigned(c - '0');
  if (c >= 'a' && c <= 'f') return unsigned(c - 'a' + 10);
  return unsigned(c - 'A' + 10);
}

// num / hexnum: digits with single underscores between them. The digits alone, or nothing.
std::optional<std::string> digits_of(std::string_view spelling, bool hex) {
  if (spelling.empty() || !is_digit(spelling.front(), hex) || !is_digit(spelling.back(), hex)) return std::nullopt;
  std::string digits;
  digits.reserve(spelling.size());
  for (size_t i = 0; i < spelling.size(); ++i) {
    const char c = spelling[i];
    if (c == '_') {
      if (!is_digit(spelling[i + 1], hex)) return std::nullopt;  // the last char is a digit
      continue;
    }
    if (!is_digit(c, hex)) return std::nullopt;
    digits += c;
  }
  return digits;
}

// The value of digits, or nothing when it needs more than 64 bits.
std::optional<uint64_t> value_of(std::string_view digits, bool hex) {
  const uint64_t base = hex ? 16 : 10;
  uint64_t value = 0;
  for (char c : digits) {
    const uint64_t digit = digit_value(c);
    if (value > (UINT64_MAX - digit) / base) return std::nullopt;
    value = value * base + digit;
  }
  return value;
}

// An unsigned magnitude: `0x` hexnum or num.
std::optional<uint64_t> magnitude_of(std::string_view spelling) {
  const bool hex = spelling.starts_with("0x");
  std::optional<std::string> digits = digits_of(hex ? spelling.substr(2) : spelling, hex);
  if (!digits) return std::nullopt;
  return value_of(*digits, hex);
}

struct Signed {
  bool negative = false;
  bool has_sign = false;
  std::string_view rest;
};

Signed split_sign(std::string_view spelling) {
  if (!spelling.empty() && (spelling.front() == '+' || spelling.front() == '-'))
    return {spelling.front() == '-', true, spelling.substr(1)};
  return {false, false, spelling};
}

// What an IEEE format is: its bit width's unsigned type and field layout.
template <class Float>
struct FloatFormat;
template <>
struct FloatFormat<float> {
  using Bits = uint32_t;
  static constexpr unsigned kMantissaBits = 23;
  static constexpr Bits kExponentMask = 0x7F800000u;
};
template <>
struct FloatFormat<double> {
  using Bits = uint64_t;
  static constexpr unsigned kMantissaBits = 52;
  static constexpr Bits kExponentMask = 0x7FF0000000000000ull;
};

// A saturated exponent (sign? num), for telling an overflow from an underflow.
std::optional<int64_t> exponent_of(std::string_view spelling) {
  Signed exponent = split_sign(spelling);
  std::optional<std::string> digits = digits_of(exponent.rest, false);
  if (!digits) return std::nullopt;
  int64_t value = 0;
  for (char c : *digits) value = std::min<int64_t>(value * 10 + (c - '0'), int64_t(1) << 40);
  return exponent.negative ? -value : value;
}

// A finite literal's mantissa and exponent, split and stripped of underscores, in the form
// std::from_chars reads ("1.5e3", or "1.8p3" in hexadecimal), and roughly where its magnitude
// lies (the power of the base of its leading digit), which says whether a value out of the
// format's range overflowed (an error) or underflowed (zero).
struct FiniteLiteral {
  std::string normalized;
  bool hex = false;
  int64_t magnitude = 0;
};

std::optional<FiniteLiteral> split_finite(std::string_view spelling) {
  FiniteLiteral literal;
  literal.hex = spelling.starts_with("0x");
  if (literal.hex) spelling.remove_prefix(2);
  const std::string_view exponent_marks = literal.hex ? "pP" : "eE";
  const size_t exponent_at = spelling.find_first_of(exponent_marks);
  std::string_view mantissa = spelling.substr(0, exponent_at);
  int64_t exponent = 0;
  if (exponent_at != std::string_view::npos) {
    std::optional<int64_t> value = exponent_of(spelling.substr(exponent_at + 1));
    if (!value) return std::nullopt;
    exponent = *value;
  }
  const size_t dot = mantissa.find('.');
  std::optional<std::string> whole = digits_of(mantissa.substr(0, dot), literal.hex);
  if (!whole) return std::nullopt;
  std::string fraction;
  if (dot != std::string_view::npos && dot + 1 < mantissa.size()) {
    std::optional<std::string> digits = digits_of(mantissa.substr(dot + 1), literal.hex);
    if (!digits) return std::nullopt;
    fraction = *digits;
  }
  literal.normalized = *whole;
  if (!fraction.empty()) literal.normalized += "." + fraction;
  if (exponent_at != std::string_view::npos) {
    literal.normalized += literal.hex ? 'p' : 'e';
    literal.normalized += std::to_string(exponent);
  }
  // Where the leading nonzero digit is, in powers of the base (binary for hex: 4 bits a digit).
  const size_t leading = whole->find_first_not_of('0');
  int64_t position = 0;
  if (leading != std::string::npos) {
    position = int64_t(whole->size() - leading);
  } else {
    const size_t first = fraction.find_first_not_of('0');
    position = first == std::string::npos ? 0 : -int64_t(first);
  }
  literal.magnitude = literal.hex ? position * 4 + exponent : position + exponent;
  return literal;
}

template <class Float>
std::optional<typename FloatFormat<Float>::Bits> parse_float(std::string_view spelling) {
  using Format = FloatFormat<Float>;
  using Bits = typename Format::Bits;
  const Signed sign = split_sign(spelling);
  const Bits sign_bit = sign.negative ? Bits(1) << (sizeof(Bits) * 8 - 1) : 0;
  const Bits mantissa_mask = (Bits(1) << Format::kMantissaBits) - 1;
  if (sign.rest == "inf") return sign_bit | Format::kExponentMask;
  if (sign.rest == "nan") return sign_bit | Format::kExponentMask | (Bits(1) << (Format::kMantissaBits - 1));
  if (sign.rest.starts_with("nan:0x")) {
    std::optional<std::string> digits = digits_of(sign.rest.substr(6), true);
    if (!digits) return std::nullopt;
    std::optional<uint64_t> payload = value_of(*digits, true);
    if (!payload || *payload == 0 || *payload > mantissa_mask) return std::nullopt;
    return sign_bit | Format::kExponentMask | Bits(*payload);
  }
  std::optional<FiniteLiteral> literal = split_finite(sign.rest);
  if (!literal) return std::nullopt;
  Float value{};
  const char* first = literal->normalized.data();
  const char* last = first + literal->normalized.size();
  const auto [end, status] =
      std::from_chars(first, last, value, literal->hex ? std::chars_format::hex : std::chars_format::general);
  if (end != last) return std::nullopt;
  if (status == std::errc::result_out_of_range) {
    if (literal->magnitude > 0) return std::nullopt;  // rounds to infinity
    return sign_bit;                                   // rounds to zero
  }
  if (status != std::errc()) return std::nullopt;
  const Bits bits = std::bit_cast<Bits>(value);
  if ((bits & Format::kExponentMask) == Format::kExponentMask) return std::nullopt;  // infinity
  return sign_bit | bits;
}

}  // namespace

std::optional<uint64_t> parse_unsigned(std::string_view spelling, uint64_t max) {
  std::optional<uint64_t> value = magnitude_of(spelling);
  if (!value || *value > max) return std::nullopt;
  return value;
}

std::optional<uint64_t> parse_integer(std::string_view spelling, unsigned bits) {
  const Signed sign = split_sign(spelling);
  std::optional<uint64_t> magnitude = magnitude_of(sign.rest);
  if (!magnitude) return std::nullopt;
  const uint64_t unsigned_max = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  const uint64_t negative_max = uint64_t(1) << (bits - 1);
  if (sign.negative) {
    if (*magnitude > negative_max) return std::nullopt;
    return (0 - *magnitude) & unsigned_max;
  }
  if (*magnitude > unsigned_max) return std::nullopt;
  return *magnitude;
}

std::optional<VectorShape> vector_shape(std::string_view name) {
  if (name == "i8x16") return VectorShape{8, false};
  if (name == "i16x8") return VectorShape{16, false};
  if (name == "i32x4") return VectorShape{32, false};
  if (name == "i64x2") return VectorShape{64, false};
  if (name == "f32x4") return VectorShape{32, true};
  if (name == "f64x2") return VectorShape{64, true};
  return std::nullopt;
}

std::optional<uint32_t> parse_f32(std::string_view spelling) { return parse_float<float>(spelling); }
std::optional<uint64_t> parse_f64(std::string_view spelling) { return parse_float<double>(spelling); }

std::optional<uint64_t> parse_float(std::string_view spelling, unsigned bits) {
  if (bits == 64) return parse_f64(spelling);
  const std::optional<uint32_t> f32 = parse_f32(spelling);
  return f32 ? std::optional<uint64_t>(*f32) : std::nullopt;
}

}  // namespace wasmprof::text
