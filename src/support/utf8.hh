// UTF-8, the one place that knows it: the binary format's names (which must be valid), the
// names a profile writes (repaired, since DWARF and host names may be any bytes) and the
// demanglers' escapes (encoded). Well-formed means RFC 3629 and the WebAssembly spec's rule:
// no overlong forms, no UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wasmprof {

// A character decoded from the start of a text; length 0 when no well-formed sequence starts there.
struct Utf8Char {
  uint32_t code_point = 0;
  size_t length = 0;
};

Utf8Char decode_utf8(std::string_view text);

bool is_valid_utf8(std::string_view text);

// `text` with every byte that does not start a well-formed sequence replaced by U+FFFD (so a
// truncated 3-byte sequence becomes two), and everything else kept.
std::string repair_utf8(std::string_view text);

// Appends `code_point` as UTF-8; false (and nothing appended) for surrogates and values
// beyond U+10FFFF, which are not characters.
bool append_utf8(uint32_t code_point, std::string& out);

}  // namespace wasmprof
