// The binary format's primitive encodings (spec 5.2), as the text parser writes them: LEB128 in
// its shortest form, names and byte vectors with their lengths, whole sections.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace wasmprof::text {

using Bytes = std::vector<uint8_t>;

inline void write_byte(Bytes& out, uint8_t byte) { out.push_back(byte); }

inline void write_unsigned(Bytes& out, uint64_t value) {
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

inline void write_signed(Bytes& out, int64_t value) {
  while (true) {
    const uint8_t byte = value & 0x7F;
    value >>= 7;  // arithmetic: the sign is kept
    const bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
    out.push_back(done ? byte : uint8_t(byte | 0x80));
    if (done) return;
  }
}

inline void write_bytes(Bytes& out, std::string_view bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }
inline void write_bytes(Bytes& out, const Bytes& bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

// A vector of bytes or a name: its length, then the bytes.
inline void write_name(Bytes& out, std::string_view bytes) {
  write_unsigned(out, bytes.size());
  write_bytes(out, bytes);
}

inline void write_fixed(Bytes& out, uint64_t bits, unsigned byte_count) {
  for (unsigned i = 0; i < byte_count; ++i) out.push_back(uint8_t(bits >> (8 * i)));
}

// A section of `count` entries whose encodings are `entries`; nothing when there are none.
inline void write_section(Bytes& out, uint8_t id, uint32_t count, const Bytes& entries) {
  if (count == 0) return;
  Bytes payload;
  write_unsigned(payload, count);
  write_bytes(payload, entries);
  write_byte(out, id);
  write_unsigned(out, payload.size());
  write_bytes(out, payload);
}

}  // namespace wasmprof::text
