#include "runtime/compiled_module.hh"

#include <string>
#include <vector>

#include "binary/decoder.hh"
#include "exec/native_faults.hh"
#include "runtime/compiler_plugin.hh"
#include "valid/validator.hh"

namespace wasmprof::runtime {

Result<std::shared_ptr<const CompiledModule>> compile_module(std::span<const uint8_t> bytes,
                                                             exec::TranslationOptions options, Strategy strategy,
                                                             uint32_t hot_calls) {
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) return module.error();
  return compile_module(std::move(module).value(), options, strategy, hot_calls);
}

Result<std::shared_ptr<const CompiledModule>> compile_module(DecodedModule decoded, exec::TranslationOptions options,
                                                             Strategy strategy, uint32_t hot_calls) {
  // Validation stays complete here, as the spec requires of compilation; only translation waits.
  Result<Ok> valid = validate_module(decoded);
  if (!valid) return valid.error();
  // Compiled code leaves bounds checks to the guard region where the fault handler can turn a
  // fault into the trap (exec/native_faults.hh); instantiation then insists on guarded memories.
  options.guarded_memory = strategy != Strategy::Interpreter && exec::install_native_fault_handler();
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::make_shared<const DecodedModule>(std::move(decoded));
  compiled->options = options;
  compiled->options.probed_functions = {};  // the engine's; ModuleCode resolved them to ids
  exec::ModuleCode::CompilerMaker compiler;
  if (strategy != Strategy::Interpreter) {
    // The module outlives its code (both held by `compiled`); the options are copied, with the
    // probed names they point at: the compiler is made later (at a first call, or on the compile
    // thread), when the caller's names may be gone.
    const auto effort = strategy == Strategy::Tiered ? exec::CompileEffort::Quick : exec::CompileEffort::Full;
    const bool loop_entries = strategy == Strategy::Tiered;
    compiler = [module = compiled->module.get(), options, effort, loop_entries,
                names = std::vector<std::string>(options.probed_functions.begin(), options.probed_functions.end())] {
      exec::TranslationOptions with_names = options;
      with_names.probed_functions = names;
      with_names.loop_entries = loop_entries;
      return make_native_compiler(*module, with_names, effort);
    };
  }
  const auto tiering = strategy == Strategy::Tiered ? exec::ModuleCode::Tiering::WhenHot : exec::ModuleCode::Tiering::AtFirstCall;
  compiled->code =
      std::make_unique<const exec::ModuleCode>(*compiled->module, options, std::move(compiler), tiering, hot_calls);
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace wasmprof::runtime
