// Rust's two symbol manglings. Each returns nullopt when the symbol is not of its form (or is
// malformed), so that the caller can try another scheme or keep the symbol as it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wasmprof::profile {

// Legacy mangling: an Itanium-style nested name whose last segment is "h" + 16 hex digits
// (the hash, which is dropped), with $-escapes ($LT$ for '<', $u7e$ for '~', ...) and ".."
// for "::" inside segments. Segments are joined with "::".
std::optional<std::string> demangle_rust_legacy(std::string_view symbol);

// v0 mangling (RFC 2603; rustc book, "v0 Symbol Format"): "_R" path [instantiating-crate]
// [vendor suffix], shown as the path in Rust syntax without disambiguators or the crate.
std::optional<std::string> demangle_rust_v0(std::string_view symbol);

}  // namespace wasmprof::profile
