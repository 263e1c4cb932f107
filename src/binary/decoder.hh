// Decodes a module from the binary format (spec chapter 5). Decoding checks everything the
// binary grammar says (section order and sizes, LEB128 limits, UTF-8 names, opcodes and their
// immediates, counts that match); typing rules are the validator's.
#pragma once

#include <cstdint>
#include <span>

#include "binary/module.hh"
#include "wasmprof/result.hh"

namespace wasmprof {

struct DecodeOptions {
  // Read WebAssembly 3.0's encodings too (recursive and GC types, reference types with heap
  // types, tags, 64-bit and shared limits, multiple memories, table initializers, and the
  // instructions of opcodes3.def in constant expressions), recording the proposals used in
  // DecodedModule::proposals, which the validator refuses. Without it, 2.0's grammar: 3.0's
  // encodings are malformed, as they always were for everything that validates or runs a module.
  bool wasm3 = false;
};

// Copies `bytes` into the returned module, so the caller's buffer may go away.
Result<DecodedModule> decode_module(std::span<const uint8_t> bytes, const DecodeOptions& options = {});

}  // namespace wasmprof
