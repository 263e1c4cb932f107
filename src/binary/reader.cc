#include "binary/reader.hh"

#include <cstring>

#include "support/utf8.hh"

namespace wasmprof {

void Reader::fail(std::string message) const { fail_at(offset(), std::move(message)); }

void Reader::fail_at(size_t absolute_offset, std::string message) const {
  throw_error(ErrorKind::Malformed, std::move(message), absolute_offset);
}

void Reader::fail_unexpected_end() const { fail(std::string(end_message_)); }

uint64_t Reader::leb_unsigned(unsigned bits) {
  // An N-bit LEB128 takes at most ceil(N/7) bytes; in the last one, the bits past N must be zero.
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  for (unsigned i = 0; i < max_bytes; ++i) {
    const uint8_t byte = u8();
    const unsigned shift = 7 * i;
    if (i == max_bytes - 1) {
      if (byte & 0x80) fail_at(offset() - 1, "integer representation too long");
      const unsigned used = bits - shift;  // value bits that fit in this byte
      if (used < 7 && (byte >> used) != 0) fail_at(offset() - 1, "integer too large");
    }
    result |= uint64_t(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return result;
  }
  return result;  // not reached: the last byte returns or fails
}

int64_t Reader::leb_signed(unsigned bits) {
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  for (unsigned i = 0; i < max_bytes; ++i) {
    const uint8_t byte = u8();
    const unsigned shift = 7 * i;
    if (i == max_bytes - 1) {
      if (byte & 0x80) fail_at(offset() - 1, "integer representation too long");
      const unsigned used = bits - shift;  // value bits in this byte, the top one being the sign
      if (used < 7) {
        // The unused high bits must all equal the sign bit.
        const uint8_t sign = (byte >> (used - 1)) & 1;
        const uint8_t unused_mask = uint8_t(0x7F & ~((1u << used) - 1));
        if ((byte & unused_mask) != (sign ? unused_mask : 0)) fail_at(offset() - 1, "integer too large");
      }
    }
    result |= uint64_t(byte & 0x7F) << shift;
    if (!(byte & 0x80)) {
      const unsigned total = shift + 7;
      if (total < 64 && (byte & 0x40)) result |= ~uint64_t(0) << total;
      return int64_t(result);
    }
  }
  return int64_t(result);
}

uint32_t Reader::fixed_u32() {
  auto raw = bytes(4);
  uint32_t value;
  std::memcpy(&value, raw.data(), 4);  // the format is little-endian, as is every host we support
  return value;
}

uint64_t Reader::fixed_u64() {
  auto raw = bytes(8);
  uint64_t value;
  std::memcpy(&value, raw.data(), 8);
  return value;
}

std::span<const uint8_t> Reader::bytes(size_t count) {
  if (count > remaining()) {
    fail_unexpected_end();
  }
  auto result = std::span<const uint8_t>(pos_, count);
  pos_ += count;
  return result;
}

std::string_view Reader::raw_name() {
  const uint32_t length = u32();
  if (length > remaining()) fail("length out of bounds");
  auto raw = bytes(length);
  return {reinterpret_cast<const char*>(raw.data()), raw.size()};
}

std::string Reader::name() {
  const size_t start = offset();
  std::string_view text = raw_name();
  if (!is_valid_utf8(text)) fail_at(start, "malformed UTF-8 encoding");
  return std::string(text);
}

}  // namespace wasmprof
