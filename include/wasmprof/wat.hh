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

// A binary module as text, as `wasm-tools print` prints it: the types, imports, functions (with
// their locals), tables, memories, globals, exports, start, element and data segments, named
// from the name section (`$fib`, where a name is a valid identifier; otherwise with '_' for what
// cannot be in one, and a suffix where two would be the same), each custom section as a comment.
// wat_to_binary reads the text back to the same module (tests/text/print_suite.cc says where
// its bytes may differ). The module is decoded, not validated: an invalid module is printed as
// it is. An error (ErrorKind::Malformed) for bytes the decoder rejects, with its offset.
struct PrintOptions {
  // Instructions folded into S-expressions, `(i32.add (local.get 0) (i32.const 1))`, rather
  // than one per line (the default, as wasm2wat prints them).
  bool folded = false;
  // Names from the name section as identifiers; off, everything is referred to by its index.
  bool names = true;
};
Result<std::string> binary_to_wat(std::span<const uint8_t> binary, const PrintOptions& options = {});

// One instruction of a function as text, for an assembly view: the module offset of its opcode
// (what a backtrace's or a profile's frame at that instruction gives as its offset), how many
// blocks it is nested in (`end` and `else` count as in their block's parent), and its text without
// indentation: `i32.add`, `call $fib`, `br_if 1 (;@1;)`, `block (result i32)  ;; label = @2`.
struct PrintedInstruction {
  uint32_t module_offset = 0;
  uint32_t depth = 0;
  std::string text;
};
// Every instruction of a defined function (its index counts imported functions), up to and
// including the `end` that ends its body. An error for an imported or unknown function, or for
// bytes the decoder rejects.
Result<std::vector<PrintedInstruction>> print_function_instructions(std::span<const uint8_t> binary,
                                                                    uint32_t function_index);

// A position in a text, counted from 1: lines end at '\n', columns count characters.
struct TextPosition {
  uint32_t line = 1;
  uint32_t column = 1;
};
TextPosition text_position(std::string_view text, size_t offset);

// An error of wat_to_binary as a compiler prints it: "app.wat:12:5: error: expected ')', found 'i32'".
std::string format_text_error(std::string_view file, std::string_view text, const Error& error);

}  // namespace wasmprof
