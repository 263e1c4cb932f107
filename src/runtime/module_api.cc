// The public Module: a CompiledModule and the engine that compiled it.
#include "runtime/compiled_module.hh"
#include "runtime/serve_probe.hh"
#include "runtime/store_state.hh"
#include "support/read_file.hh"

namespace wasmprof {
namespace {

exec::TranslationOptions translation_options(const Config& config) {
  exec::TranslationOptions options;
  options.epoch_checks = config.epoch_interruption;
  options.fuel = config.consume_fuel;
  options.probed_functions = config.probed_functions;
  options.probe_callback = &runtime::serve_probe;
  return options;
}

ExternType import_type(const DecodedModule& module, const Import& import) {
  ExternType type;
  type.kind = import.kind;
  switch (import.kind) {
    case ExternKind::Function: type.func = module.types[import.type_index]; break;
    case ExternKind::Table: type.table = import.table; break;
    case ExternKind::Memory: type.memory = import.memory; break;
    case ExternKind::Global: type.global = import.global; break;
  }
  return type;
}

ExternType export_type(const DecodedModule& module, const Export& entry) {
  ExternType type;
  type.kind = entry.kind;
  switch (entry.kind) {
    case ExternKind::Function: type.func = module.function_type(entry.index); break;
    case ExternKind::Table: type.table = module.table_type(entry.index); break;
    case ExternKind::Memory: type.memory = module.memory_type(entry.index); break;
    case ExternKind::Global: type.global = module.global_type(entry.index); break;
  }
  return type;
}

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  auto compiled = runtime::compile_module(bytes, translation_options(engine.config()), engine.config().strategy,
                                          engine.config().hot_calls);
  if (!compiled) return compiled.error();
  return Module(engine, std::move(compiled).value());
}

Result<Module> Module::from_file(const Engine& engine, const std::filesystem::path& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) return bytes.error();
  const std::string& text = bytes.value();
  return compile(engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::optional<std::string> Module::name() const {
  const NameMap& names = compiled_->module->names;
  if (!names.has_module_name) return std::nullopt;
  return names.module_name;
}

std::vector<ImportType> Module::imports() const {
  const DecodedModule& module = *compiled_->module;
  std::vector<ImportType> result;
  for (const Import& import : module.imports) result.push_back({import.module, import.name, import_type(module, import)});
  return result;
}

std::vector<ExportType> Module::exports() const {
  const DecodedModule& module = *compiled_->module;
  std::vector<ExportType> result;
  for (const Export& entry : module.exports) result.push_back({entry.name, export_type(module, entry)});
  return result;
}

uint32_t Module::function_count() const { return compiled_->module->function_count(); }

uint32_t Module::imported_function_count() const { return compiled_->module->imported_function_count; }

std::optional<std::string> Module::function_name(uint32_t function_index) const {
  const auto& functions = compiled_->module->names.functions;
  auto found = functions.find(function_index);
  if (found == functions.end()) return std::nullopt;
  return found->second;
}

std::optional<FunctionLocation> Module::function_location(uint32_t function_index) const {
  const DecodedModule& module = *compiled_->module;
  if (function_index < module.imported_function_count || function_index >= module.function_count()) return std::nullopt;
  const FunctionBody& body = module.bodies[function_index - module.imported_function_count];
  return FunctionLocation{body.entry.offset, body.entry.size};
}

uint32_t Module::named_function_count() const { return uint32_t(compiled_->module->names.functions.size()); }

uint32_t Module::code_section_offset() const { return compiled_->module->code_section_offset; }

uint32_t Module::type_count() const { return uint32_t(compiled_->module->types.size()); }
uint32_t Module::table_count() const { return compiled_->module->table_count(); }
uint32_t Module::memory_count() const { return compiled_->module->memory_count(); }
uint32_t Module::global_count() const { return compiled_->module->global_count(); }
uint32_t Module::element_segment_count() const { return uint32_t(compiled_->module->elements.size()); }
uint32_t Module::data_segment_count() const { return uint32_t(compiled_->module->data.size()); }

std::vector<std::span<const uint8_t>> Module::custom_sections(std::string_view name) const {
  const DecodedModule& module = *compiled_->module;
  std::vector<std::span<const uint8_t>> result;
  for (const CustomSection& section : module.customs)
    if (section.name == name) result.push_back(module.span(section.payload));
  return result;
}

std::vector<CustomSectionView> Module::all_custom_sections() const {
  const DecodedModule& module = *compiled_->module;
  std::vector<CustomSectionView> result;
  for (const CustomSection& section : module.customs) result.push_back({section.name, module.span(section.payload)});
  return result;
}

std::span<const uint8_t> Module::bytes() const { return compiled_->module->bytes; }

const std::vector<std::string>& Module::warnings() const { return compiled_->module->warnings; }

const void* Module::id() const { return compiled_.get(); }

}  // namespace wasmprof
