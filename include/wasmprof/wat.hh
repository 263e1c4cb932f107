// The WebAssembly text format (spec chapter 6) to the binary format, as Wasmtime's `wat` crate
// does it for `wasmtime run app.wat`: the bytes it returns are then compiled like any binary
// module (Module::compile). Implemented by the `text` layer (src/text/, library wasmprof_text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmprof/result.hh"

namespace wasmprof {

// Whether `bytes` start as a binary module does ("\0asm"); anything else is read as text.
bool is_binary_module(std::span<const uint8_t> bytes);

// A module's text, `(module ...)` or its fields alone (also `(module binary ...)` and
// `(module quote ...)`), as a binary module. An error is ErrorKind::Malformed (Limit for
// parentheses nested beyond 1000) whose message says what was expected and whose `offset` is
// the byte offset in `text` where it was not found (see text_position, format_text_error).
struct WatOptions {
  // A "name" custom section naming the module and its functions by their identifiers (without
  // the '$'), as Wasmtime's wat crate writes one, so backtraces and profiles of a text module
  // show `$fib`'s name. Off where bytes are compared with wast2json's (which writes none).
  bool name_section = true;
};
Result<std::vector<uint8_t>> wat_to_binary(std::string_view text, const WatOptions& options = {});

// A position in a text, counted from 1: lines end at '\n', columns count characters.
struct TextPosition {
  uint32_t line = 1;
  uint32_t column = 1;
};
TextPosition text_position(std::string_view text, size_t offset);

// An error of wat_to_binary as a compiler prints it: "app.wat:12:5: error: expected ')', found 'i32'".
std::string format_text_error(std::string_view file, std::string_view text, const Error& error);

}  // namespace wasmprof
