// A validated module together with its code: what an Engine compiles once and any number of
// instances (in any store, on any thread) share.
#pragma once

#include <memory>
#include <span>

#include "binary/module.hh"
#include "exec/module_code.hh"
#include "exec/translator.hh"
#include "wasmprof/engine.hh"
#include "wasmprof/result.hh"

namespace wasmprof::runtime {

struct CompiledModule {
  std::shared_ptr<const DecodedModule> module;
  // By defined-function index; each function translated at its first call (module_code.hh),
  // or all at once by translate_all().
  std::unique_ptr<const exec::ModuleCode> code;
  exec::TranslationOptions options;  // the instrumentation compiled in
};

// Decodes and validates; functions are translated (or compiled, by `strategy`) when first called.
Result<std::shared_ptr<const CompiledModule>> compile_module(std::span<const uint8_t> bytes,
                                                             exec::TranslationOptions options = {},
                                                             Strategy strategy = Strategy::Interpreter,
                                                             uint32_t hot_calls = Config{}.hot_calls);

// Validates an already decoded module.
Result<std::shared_ptr<const CompiledModule>> compile_module(DecodedModule module, exec::TranslationOptions options = {},
                                                             Strategy strategy = Strategy::Interpreter,
                                                             uint32_t hot_calls = Config{}.hot_calls);

}  // namespace wasmprof::runtime
