#include "runtime/compiled_module.hh"

#include "binary/decoder.hh"
#include "exec/translator.hh"
#include "valid/validator.hh"

namespace wasmprof::runtime {

Result<std::shared_ptr<const CompiledModule>> compile_module(std::span<const uint8_t> bytes,
                                                             exec::TranslationOptions options) {
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) return module.error();
  return compile_module(std::move(module).value(), options);
}

Result<std::shared_ptr<const CompiledModule>> compile_module(DecodedModule decoded, exec::TranslationOptions options) {
  Result<Ok> valid = validate_module(decoded);
  if (!valid) return valid.error();
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::make_shared<const DecodedModule>(std::move(decoded));
  compiled->options = options;
  const DecodedModule& module = *compiled->module;
  exec::ModuleTranslator translator(module, options);
  compiled->functions.reserve(module.bodies.size());
  for (uint32_t i = 0; i < module.bodies.size(); ++i) {
    Result<exec::CompiledFunction> function = translator.translate(module.imported_function_count + i);
    if (!function) return function.error();
    compiled->functions.push_back(std::move(function).value());
  }
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace wasmprof::runtime
