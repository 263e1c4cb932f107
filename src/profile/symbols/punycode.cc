#include "profile/symbols/punycode.hh"

#include <cstdint>
#include <vector>

#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

// The Punycode parameters of RFC 3492, section 5.
constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
constexpr uint32_t kInitialBias = 72, kInitialN = 128;

std::optional<uint32_t> digit_value(char c) {
  // RFC 3492 also reads upper case; rustc only writes lower case, and a symbol with upper-case
  // "digits" is more likely plain text mistaken for Punycode.
  if (c >= 'a' && c <= 'z') return uint32_t(c - 'a');
  if (c >= '0' && c <= '9') return uint32_t(c - '0' + 26);
  return std::nullopt;
}

// Bias adaptation, RFC 3492 section 6.1.
uint32_t adapt(uint32_t delta, uint32_t point_count, bool first_time) {
  delta = first_time ? delta / kDamp : delta / 2;
  delta += delta / point_count;
  uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

}  // namespace

std::optional<std::string> decode_rust_punycode(std::string_view encoded) {
  std::vector<uint32_t> output;
  const size_t delimiter = encoded.rfind('_');
  if (delimiter != std::string_view::npos) {
    for (char c : encoded.substr(0, delimiter)) {
      if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
      output.push_back(uint32_t(c));
    }
    encoded.remove_prefix(delimiter + 1);
  }

  uint32_t n = kInitialN, bias = kInitialBias;
  uint64_t i = 0;
  size_t pos = 0;
  while (pos < encoded.size()) {
    const uint64_t old_i = i;
    uint64_t weight = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (pos >= encoded.size()) return std::nullopt;
      const auto digit = digit_value(encoded[pos++]);
      if (!digit) return std::nullopt;
      i += *digit * weight;
      if (i > UINT32_MAX) return std::nullopt;
      const uint32_t t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
      if (*digit < t) break;
      weight *= kBase - t;
      if (weight > UINT32_MAX) return std::nullopt;
    }
    const auto point_count = uint32_t(output.size() + 1);
    bias = adapt(uint32_t(i - old_i), point_count, old_i == 0);
    const uint64_t next_n = n + i / point_count;
    if (next_n > 0x10FFFF) return std::nullopt;
    n = uint32_t(next_n);
    i %= point_count;
    output.insert(output.begin() + std::ptrdiff_t(i), n);
    ++i;
  }

  std::string text;
  for (uint32_t code_point : output)
    if (!append_utf8(code_point, text)) return std::nullopt;
  return text;
}

}  // namespace wasmprof::profile
