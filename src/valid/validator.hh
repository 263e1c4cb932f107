// Validates a decoded module against every rule of the WebAssembly 2.0 specification (chapter 3).
#pragma once

#include "binary/module.hh"
#include "wasmprof/result.hh"

namespace wasmprof {

Result<Ok> validate_module(const DecodedModule& module);

}  // namespace wasmprof
