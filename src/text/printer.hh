// A decoded module as WebAssembly text (spec chapter 6, 3.0's syntax where the module uses 3.0:
// it is decoded with DecodeOptions::wasm3), as `wasm-tools print` and `wasm2wat` print one: every
// field in the binary's order with `(;N;)` index comments, names from the name section as
// `$identifiers` (functions, locals, types, fields, tags, labels, ...), flat or folded
// instructions, and literals written so the text parser reads back the same bits. The text parses to the same binary module, but where the binary
// format allows two encodings of one thing (the parser then writes wabt's): see
// tests/text/print_suite.cc, which checks it on every module of the spec suite.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binary/module.hh"
#include "wasmprof/result.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::text {

// The module's text. An instruction the binary does not encode correctly (the decoder leaves
// bodies to the validator) is an ErrorKind::Malformed error at its offset; a function declaring
// more than 50,000 locals (what the validator allows) is ErrorKind::Limit, so the text stays
// proportional to the module.
Result<std::string> print_module(const DecodedModule& module, const PrintOptions& options = {});

// One defined function's instructions, flat, one per entry with the module offset of its opcode
// (the offset a backtrace or a profile gives a frame at that instruction), its final `end` included.
// An imported or unknown function index is ErrorKind::Malformed.
Result<std::vector<PrintedInstruction>> print_function_instructions(const DecodedModule& module,
                                                                    uint32_t function_index);

// Literals as the printer writes them, for tests: floats in the shortest decimal that reads back
// to the same bits (`inf`, `nan`, `nan:0x...` with their sign), identifiers from names.
std::string f32_text(uint32_t bits);
std::string f64_text(uint64_t bits);
// `$name` with every character that cannot be in an identifier replaced by '_'; empty for "".
std::string identifier_of(std::string_view name);

}  // namespace wasmprof::text
