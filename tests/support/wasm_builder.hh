// Builds small binary modules byte by byte, so tests can state exactly which bytes a rule is
// about (and where they sit) without a text-format assembler.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace wasmprof::test {

using Bytes = std::vector<uint8_t>;

inline Bytes leb_u32(uint64_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value) byte |= 0x80;
    out.push_back(byte);
  } while (value);
  return out;
}

// Signed LEB128, as i32.const and i64.const immediates are encoded.
inline Bytes sleb(int64_t value) {
  Bytes out;
  while (true) {
    const uint8_t byte = value & 0x7F;
    value >>= 7;
    if ((value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40))) {
      out.push_back(byte);
      return out;
    }
    out.push_back(byte | 0x80);
  }
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

inline Bytes name_bytes(std::string_view text) {
  Bytes out = leb_u32(text.size());
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

// A vector: its element count, then the elements' bytes as given.
inline Bytes vec(uint32_t count, const Bytes& elements) { return concat({leb_u32(count), elements}); }

inline Bytes section(uint8_t id, const Bytes& payload) { return concat({Bytes{id}, leb_u32(payload.size()), payload}); }

inline Bytes custom_section(std::string_view name, const Bytes& payload) {
  return section(0, concat({name_bytes(name), payload}));
}

inline const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

inline Bytes module_bytes(std::initializer_list<Bytes> sections) {
  Bytes out = kHeader;
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Type section with one function type; params and results as value-type bytes.
inline Bytes one_type(const Bytes& params, const Bytes& results) {
  return section(1, vec(1, concat({Bytes{0x60}, vec(uint32_t(params.size()), params),
                                   vec(uint32_t(results.size()), results)})));
}

// Function section declaring `count` functions of type 0.
inline Bytes functions_of_type0(uint32_t count) { return section(3, vec(count, Bytes(count, 0x00))); }

// A code-section entry: local groups (count, type) then the instruction bytes (end included).
inline Bytes body(const Bytes& locals_vec, const Bytes& code) {
  Bytes entry = concat({locals_vec, code});
  return concat({leb_u32(entry.size()), entry});
}

inline Bytes code_section(std::initializer_list<Bytes> bodies) {
  Bytes all;
  for (const Bytes& b : bodies) all.insert(all.end(), b.begin(), b.end());
  return section(10, vec(uint32_t(bodies.size()), all));
}

// A module with one function of type [params] -> [results] whose body is `code`.
inline Bytes single_function_module(const Bytes& params, const Bytes& results, const Bytes& code,
                                    const Bytes& locals_vec = {0x00}) {
  return module_bytes({one_type(params, results), functions_of_type0(1), code_section({body(locals_vec, code)})});
}

}  // namespace wasmprof::test
