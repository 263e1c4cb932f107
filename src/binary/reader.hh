// A bounds-checked cursor over module bytes with the binary format's primitive encodings
// (spec section 5.2). Every read checks the remaining length first, so no input can make it read
// out of bounds; failures throw a malformed-module WasmError carrying the absolute byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "support/error.hh"

namespace wasmprof {

class Reader {
 public:
  // `base_offset` is the absolute offset of bytes[0] within the module.
  Reader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : begin_(bytes.data()), pos_(bytes.data()), end_(bytes.data() + bytes.size()), base_(base_offset) {}

  size_t offset() const { return base_ + size_t(pos_ - begin_); }
  size_t remaining() const { return size_t(end_ - pos_); }
  bool at_end() const { return pos_ == end_; }
  const uint8_t* position() const { return pos_; }

  uint8_t u8() {
    if (pos_ == end_) fail_unexpected_end();
    return *pos_++;
  }
  uint8_t peek_u8() const {
    if (pos_ == end_) fail_unexpected_end();
    return *pos_;
  }

  uint32_t u32() {
    // One-byte values are by far the most common: indices, counts, small immediates.
    if (pos_ != end_ && *pos_ < 0x80) return *pos_++;
    return uint32_t(leb_unsigned(32));
  }
  uint64_t u64() { return leb_unsigned(64); }
  int32_t s32() { return int32_t(leb_signed(32)); }
  int64_t s64() { return leb_signed(64); }
  int64_t s33() { return leb_signed(33); }

  uint32_t fixed_u32();
  uint64_t fixed_u64();

  std::span<const uint8_t> bytes(size_t count);
  void skip(size_t count) { bytes(count); }

  // A name: a u32 length and that many bytes of valid UTF-8.
  std::string name();
  // The same, without the UTF-8 check (the name section's lenient parsing repairs instead).
  std::string_view raw_name();

  // A reader over the next `count` bytes; this reader moves past them.
  Reader sub_reader(size_t count) {
    auto part = bytes(count);
    return Reader(part, offset() - count);
  }

  [[noreturn]] void fail(std::string message) const;
  [[noreturn]] void fail_at(size_t absolute_offset, std::string message) const;
  [[noreturn]] void fail_unexpected_end() const;

  // What an unexpected end is called, so a section can say "unexpected end of section or function".
  void set_end_message(std::string_view message) { end_message_ = message; }

 private:
  uint64_t leb_unsigned(unsigned bits);
  int64_t leb_signed(unsigned bits);

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  size_t base_;
  std::string_view end_message_ = "unexpected end";
};

}  // namespace wasmprof
