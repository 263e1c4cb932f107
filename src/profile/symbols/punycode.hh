// Punycode (RFC 3492) decoding, for Rust v0 identifiers of non-ASCII names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wasmprof::profile {

// Decodes Rust's variant of Punycode: as in RFC 3492, but the delimiter between the basic
// (ASCII) code points and the encoded deltas is '_' instead of '-' (the last '_', if any).
// Returns the name as UTF-8, or nullopt when `encoded` is malformed.
std::optional<std::string> decode_rust_punycode(std::string_view encoded);

}  // namespace wasmprof::profile
