// The stable id of a module's bytes that a profile's lib carries (its breakpadId, the debugId the
// Firefox Profiler sends a symbol server): whoever holds a module file can tell whether it is the
// one a profile was taken of.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wasmprof::profile {

// 32 lowercase hex digits: two 64-bit FNV-1a style hashes of the bytes. Not cryptographic: it
// tells a rebuilt module from the profiled one, it does not resist a forger.
std::string module_id(std::span<const uint8_t> bytes);

}  // namespace wasmprof::profile
