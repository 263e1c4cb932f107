// Decodes a module from the binary format (spec chapter 5). Decoding checks everything the
// binary grammar says (section order and sizes, LEB128 limits, UTF-8 names, opcodes and their
// immediates, counts that match); typing rules are the validator's.
#pragma once

#include <cstdint>
#include <span>

#include "binary/module.hh"
#include "wasmprof/result.hh"

namespace wasmprof {

// Copies `bytes` into the returned module, so the caller's buffer may go away.
Result<DecodedModule> decode_module(std::span<const uint8_t> bytes);

}  // namespace wasmprof
