// A validated module together with its translated code: what an Engine compiles once and any
// number of instances (in any store) share.
#pragma once

#include <memory>
#include <span>

#include "binary/module.hh"
#include "exec/code.hh"
#include "exec/translator.hh"
#include "wasmprof/result.hh"

namespace wasmprof::runtime {

struct CompiledModule {
  std::shared_ptr<const DecodedModule> module;
  std::vector<exec::CompiledFunction> functions;  // by defined-function index
  exec::TranslationOptions options;                // the instrumentation compiled in
};

// Decodes, validates and translates.
Result<std::shared_ptr<const CompiledModule>> compile_module(std::span<const uint8_t> bytes,
                                                             exec::TranslationOptions options = {});

// Validates and translates an already decoded module.
Result<std::shared_ptr<const CompiledModule>> compile_module(DecodedModule module, exec::TranslationOptions options = {});

}  // namespace wasmprof::runtime
