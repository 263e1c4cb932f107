// A module file as `run` and `inspect` read it: a binary module as it is, or the WebAssembly
// text format (a file not starting with "\0asm", as Wasmtime decides, if it is UTF-8 without
// NUL bytes and not empty: other bytes are a broken binary), parsed to binary.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace wasmprof::cli {

// The module's binary bytes, or nothing after printing why to `err`: an I/O error with its
// reason, a text error as a compiler prints one ("wasmprof: app.wat:12:5: error: ...").
std::optional<std::vector<uint8_t>> read_module_file(const std::string& path, std::ostream& err);

}  // namespace wasmprof::cli
