// A module in the text format (spec 6.6) to the binary format's bytes: `(module id? field*)`,
// its fields alone (a .wat file may leave out the `(module ...)` around them), `(module binary
// string*)` (the bytes as given) and `(module quote string*)` (the strings' text, parsed).
// Every field and abbreviation of WebAssembly 2.0, and the syntax of 3.0 (tail calls,
// exceptions, multiple memories, memory64 and table64, extended const, relaxed SIMD, typed
// function references, GC types and instructions), encoded as 3.0's binary format; the result
// is decoded and validated by the binary format's code, like any other module (which reads
// only 2.0: ParseOptions::features tells what else a module uses). `(module definition ...)` is
// a module as any other.
#pragma once

#include <string_view>

#include "text/encoder.hh"
#include "text/module_state.hh"
#include "wasmprof/result.hh"

namespace wasmprof::text {

struct ParseOptions {
  bool name_section = false;  // the module's and functions' identifiers as a "name" section
  Features* features = nullptr;  // if given, set to the 3.0 proposals the module uses
};

// Errors are Malformed (Limit for nesting) with the byte offset in `text` of the token at fault.
Result<Bytes> parse_module(std::string_view text, const ParseOptions& options = {});

}  // namespace wasmprof::text
