// Encoding a Unicode scalar value as UTF-8, for the demanglers' escapes and Punycode.
#pragma once

#include <cstdint>
#include <string>

namespace wasmprof::profile {

// Appends `code_point` as UTF-8; false (and nothing appended) for surrogates and values
// beyond U+10FFFF, which are not characters.
inline bool append_utf8(uint32_t code_point, std::string& out) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return false;
  if (code_point < 0x80) {
    out += char(code_point);
  } else if (code_point < 0x800) {
    out += char(0xC0 | (code_point >> 6));
    out += char(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += char(0xE0 | (code_point >> 12));
    out += char(0x80 | ((code_point >> 6) & 0x3F));
    out += char(0x80 | (code_point & 0x3F));
  } else {
    out += char(0xF0 | (code_point >> 18));
    out += char(0x80 | ((code_point >> 12) & 0x3F));
    out += char(0x80 | ((code_point >> 6) & 0x3F));
    out += char(0x80 | (code_point & 0x3F));
  }
  return true;
}

}  // namespace wasmprof::profile
