// What a binary module's sections show of WebAssembly 3.0 (for `module binary` commands, whose
// bytes no text parser saw), and the module names it imports from: read from the section
// headers and the type, import, table and memory sections only, without decoding the module.
// Code that uses 3.0 instructions alone is not seen here (the decoder then rejects it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "text/module_state.hh"

namespace wasmprof::spectest {

struct BinaryOutline {
  Features features;
  std::vector<std::string> imported_modules;
};

// Reads as far as the bytes make sense; what it cannot read is left out.
BinaryOutline outline_binary(std::span<const uint8_t> bytes);

}  // namespace wasmprof::spectest
